/**
 * The preview's node pool: with `--node-pool gke|eks|aks`, the dedicated pool the component would
 * create for the spec on that cloud (its `dedicatedNodePool`), planned by the same pure code as
 * `GpuNodePool`: the instance type chosen for the machine type, idle GPUs, zones asked for and
 * scaling. Names that only the program knows (cluster, node role, subnets) are placeholders.
 */
import type { CustomMachineType, MachineType } from "../../core/machines";
import type { SpecIssue, SpecWarning } from "../../core/spec/issues";
import type { Placement } from "../../core/scheduling";
import type { Cloud } from "../../component/nodepools/cloudInstances";
import { INSTANCE_FIELD } from "../../component/nodepools/cloudInstances";
import type { NodePoolOptions } from "../../component/nodepools/options";
import { planNodePool } from "../../component/nodepools/plan";
import { ownPoolPlacement } from "../../component/nodepools/placement";
import { dedicatedPoolBounds } from "../../component/nodepools/provisioning";
import type { PreviewResource } from "./preview";

/** The clouds `--node-pool` takes. */
export const NODE_POOL_CLOUDS: readonly Cloud[] = ["gke", "eks", "aks"];

/** The provider resource each cloud's pool registers (its Pulumi type token). */
export const POOL_RESOURCE_TYPES: Readonly<Record<Cloud, string>> = {
  gke: "gcp:container/nodePool:NodePool",
  eks: "aws:eks/nodeGroup:NodeGroup",
  aks: "azure-native:containerservice:AgentPool",
};

/** What `--node-pool` and its companions ask for. */
export interface NodePoolFlags {
  cloud: Cloud;
  zones?: string[];
  instanceType?: string;
  minNodes?: number;
  maxNodes?: number;
  /** AKS: the agent pool's name (`aks.agentPoolName`); default: derived from the pool's name. */
  agentPoolName?: string;
}

/** The placeholder of a value the program provides. */
const FROM_PROGRAM = "(from the program)";

/** The pool's options as the program would give them, with placeholders for what only it knows. */
function poolOptions(flags: NodePoolFlags): NodePoolOptions {
  switch (flags.cloud) {
    case "gke":
      return { backend: "gke", gke: { cluster: FROM_PROGRAM, ...(flags.zones ? { zones: flags.zones } : {}), ...(flags.instanceType ? { machineType: flags.instanceType } : {}) } };
    case "eks":
      // Subnets (and so zones) are the program's: a value known only at deployment.
      return { backend: "eks", eks: { clusterName: FROM_PROGRAM, nodeRoleArn: FROM_PROGRAM, subnetIds: Promise.resolve([]), ...(flags.instanceType ? { instanceType: flags.instanceType } : {}) } };
    case "aks":
      // As the component: the agent pool's name is the one given, else derived from the pool's.
      return { backend: "aks", aks: { resourceGroupName: FROM_PROGRAM, clusterName: FROM_PROGRAM, ...(flags.agentPoolName !== undefined ? { agentPoolName: flags.agentPoolName } : {}), ...(flags.zones ? { zones: flags.zones } : {}), ...(flags.instanceType ? { vmSize: flags.instanceType } : {}) } };
  }
}

/** A pool issue's path as the flag that sets it. */
function flagPath(path: string, cloud: Cloud): string {
  if (path === INSTANCE_FIELD[cloud]) return "--instance-type";
  // What the catalog chose from the spec's machine type, not from a flag.
  if (path === "machineType") return "resources.machineType";
  if (path === "aks.agentPoolName") return "--agent-pool-name";
  if (/^(gke|aks)\.zones(\[\d+\])?$/.test(path)) return path.replace(/^(gke|aks)\.zones/, "--zones");
  if (path === "maxNodes") return "--max-nodes";
  if (path === "minNodes") return "--min-nodes";
  return `--node-pool ${cloud}: ${path}`;
}

/**
 * Plans the dedicated pool of a deployment named `instance` running `replicas` replicas of
 * `machine`: the preview resource, the pods' placement on it, warnings and issues (paths as flags).
 */
export function previewNodePool(
  instance: string,
  machine: MachineType,
  machineTypes: Record<string, CustomMachineType> | undefined,
  replicas: number,
  flags: NodePoolFlags,
): { resource?: PreviewResource; placement?: Placement; warnings: SpecWarning[]; issues: SpecIssue[] } {
  const name = `${instance}-pool`;
  const planned = planNodePool(name, {
    ...poolOptions(flags),
    machineType: machine.label,
    machineTypes,
    // As ModelDeployment sizes a dedicated pool: room for every replica, unless told.
    ...dedicatedPoolBounds({ minNodes: flags.minNodes, maxNodes: flags.maxNodes }, replicas),
  });
  const asFlag = (i: SpecIssue) => ({ ...i, path: flagPath(i.path, flags.cloud) });
  if (!planned.plan) return { warnings: [], issues: planned.issues.map(asFlag) };
  const { facts } = planned.plan;
  const zones = flags.cloud === "eks" ? (flags.zones ? `${flags.zones.join(", ")} (asked for: the zones of the subnets the program gives)` : "those of the subnets the program gives") : facts.zones;
  return {
    resource: {
      type: "model-deployment:index:GpuNodePool",
      name,
      settings: { backend: flags.cloud, instance: facts.instance, zones, scaling: facts.scaling, ...(facts.agentPool ? { "agent pool": facts.agentPool } : {}) },
      children: [{ type: POOL_RESOURCE_TYPES[flags.cloud], name, settings: {}, children: [] }],
    },
    placement: ownPoolPlacement(name),
    warnings: planned.plan.warnings.map(asFlag),
    issues: [],
  };
}
