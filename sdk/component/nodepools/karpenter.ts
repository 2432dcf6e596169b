/** The `karpenter` backend's resources: the planned NodePool as a CustomResource. */
import * as k8s from "@pulumi/kubernetes";
import type { PoolCreator } from "./backend";
import { buildKarpenterNodePool } from "./karpenterPlan";

export const karpenterCreator: PoolCreator = {
  create(request, parent) {
    return [new k8s.apiextensions.CustomResource(request.name, buildKarpenterNodePool(request), { parent })];
  },
};
