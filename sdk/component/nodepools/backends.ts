/** Every node pool backend by name: its pure plan and the Pulumi resources it creates. */
import type { NodePoolBackend } from "./backend";
import { digitalOceanCreator } from "./digitalocean";
import { karpenterCreator } from "./karpenter";
import { gkeCreator } from "./gke";
import { eksCreator } from "./eks";
import { aksCreator } from "./aks";
import type { NodePoolBackendName } from "./options";
import { NODE_POOL_PLANNERS } from "./plan";

export const NODE_POOL_BACKENDS: Record<NodePoolBackendName, NodePoolBackend> = {
  existing: { ...NODE_POOL_PLANNERS.existing, create: () => [] },
  karpenter: { ...NODE_POOL_PLANNERS.karpenter, ...karpenterCreator },
  digitalocean: { ...NODE_POOL_PLANNERS.digitalocean, ...digitalOceanCreator },
  gke: { ...NODE_POOL_PLANNERS.gke, ...gkeCreator },
  eks: { ...NODE_POOL_PLANNERS.eks, ...eksCreator },
  aks: { ...NODE_POOL_PLANNERS.aks, ...aksCreator },
};
