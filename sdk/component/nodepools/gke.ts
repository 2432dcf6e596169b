/**
 * The `gke` backend's resources: a `gcp.container.NodePool`. `@pulumi/gcp` is an optional peer
 * dependency, loaded only here (its node pool module alone, not the whole provider).
 */
import type { PoolCreator } from "./backend";
import { gkePoolArgs, planGkePool } from "./gkePlan";
import { loadPeer } from "./loadPeer";

export const gkeCreator: PoolCreator = {
  create(request, parent) {
    const { NodePool } = loadPeer<typeof import("@pulumi/gcp/container/nodePool")>("@pulumi/gcp/container/nodePool", "@pulumi/gcp", "gke");
    const { choice } = planGkePool(request);
    // The autoscaler changes the node count; the program never states one.
    return [new NodePool(request.name, gkePoolArgs(request, choice!), { parent })];
  },
};
