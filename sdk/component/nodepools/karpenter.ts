/** The `karpenter` backend's resources: the planned NodePool as a CustomResource. */
import * as k8s from "@pulumi/kubernetes";
import type { PoolCreator } from "./backend";
import { buildKarpenterNodePool, nodeClassNameIssue } from "./karpenterPlan";
import { checkedInput, failOn } from "../checked";

export const karpenterCreator: PoolCreator = {
  create(request, parent) {
    const pool = buildKarpenterNodePool(request);
    const ref = pool.spec.template.spec.nodeClassRef;
    ref.name = checkedInput(ref.name, nodeClassNameIssue, failOn(parent, `GpuNodePool ${request.name}`));
    return [new k8s.apiextensions.CustomResource(request.name, pool, { parent })];
  },
};
