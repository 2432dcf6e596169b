/**
 * The `eks` backend's resources: an `aws.eks.NodeGroup`. `@pulumi/aws` is an optional peer
 * dependency, loaded only here (its node group module alone, not the whole provider).
 */
import type { PoolCreator } from "./backend";
import { eksNodeGroupArgs, planEksPool } from "./eksPlan";
import { loadPeer } from "./loadPeer";

export const eksCreator: PoolCreator = {
  create(request, parent) {
    const { NodeGroup } = loadPeer<typeof import("@pulumi/aws/eks/nodeGroup")>("@pulumi/aws/eks/nodeGroup", "@pulumi/aws", "eks");
    const { choice } = planEksPool(request);
    // The cluster autoscaler moves desiredSize; a later `pulumi up` must not reset it.
    return [new NodeGroup(request.name, eksNodeGroupArgs(request, choice!), { parent, ignoreChanges: ["scalingConfig.desiredSize"] })];
  },
};
