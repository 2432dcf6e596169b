/**
 * The `eks` backend's plan: an EKS managed node group of the chosen EC2 instance type on an
 * NVIDIA-enabled AMI, autoscaled from zero. Pure.
 * https://docs.aws.amazon.com/eks/latest/userguide/ml-eks-optimized-ami.html
 */
import type { NodeGroupArgs } from "@pulumi/aws/eks/nodeGroup";
import { CLOUD_POOL_DEFAULTS } from "../../core/defaults";
import { GPU_TAINT_KEY } from "../../core/scheduling";
import type { PoolPlanner, PoolRequest } from "./backend";
import { EksCapacityType } from "./options";
import { oneOfIssue, planCloudPool, requiredIssue, scalingFact } from "./cloudPoolPlan";
import type { InstanceChoice } from "./instanceChoice";
import { ownPoolNodeMarks } from "./placement";

/**
 * The AMI types with the NVIDIA driver (the EKS API's `amiType` values). Bottlerocket's NVIDIA
 * variants also run the Kubernetes device plugin; on AL2023 you install it.
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html#AmazonEKS-Type-Nodegroup-amiType
 */
export const EKS_NVIDIA_AMI_TYPES = ["BOTTLEROCKET_x86_64_NVIDIA", "AL2023_x86_64_NVIDIA"] as const;

/** Whether the subnets are known now (a plain list of strings). */
const plainSubnets = (s: unknown): s is string[] => Array.isArray(s) && s.every((x) => typeof x === "string");

/** The plan with its choice, for the creator. */
export function planEksPool(request: PoolRequest) {
  const o = request.options.eks!;
  const gpu = request.machine.gpu;
  return planCloudPool(
    "eks",
    request,
    o.instanceType,
    o.instanceTypes,
    [
      requiredIssue(o.clusterName, "eks.clusterName", "the EKS cluster's name"),
      requiredIssue(o.nodeRoleArn, "eks.nodeRoleArn", "the ARN of the nodes' IAM role"),
      requiredIssue(o.subnetIds, "eks.subnetIds", "the nodes' subnets, in the zones that have the GPU"),
      plainSubnets(o.subnetIds) && o.subnetIds.length === 0 ? { path: "eks.subnetIds", message: "must name at least one subnet" } : undefined,
      gpu ? oneOfIssue(o.amiType, "eks.amiType", EKS_NVIDIA_AMI_TYPES) : undefined,
      oneOfIssue(o.capacityType, "eks.capacityType", Object.values(EksCapacityType)),
    ],
    () => ({
      zones: plainSubnets(o.subnetIds) ? `those of subnets ${o.subnetIds.join(", ")} (asked for)` : "those of the given subnets (known at deployment)",
      scaling: scalingFact("eks", request, "the cluster autoscaler (1.24 or later reads the group's labels and taints from EKS to scale from zero)"),
    }),
    { asked: o.capacityType === EksCapacityType.Spot, hint: 'set eks.capacityType: "SPOT"' },
  );
}

/** The `aws.eks.NodeGroup` arguments for a pool. */
export function eksNodeGroupArgs(request: PoolRequest, choice: InstanceChoice) {
  const o = request.options.eks!;
  const marks = ownPoolNodeMarks(request.name);
  const gpu = request.machine.gpu;
  const args = {
    clusterName: o.clusterName,
    nodeRoleArn: o.nodeRoleArn,
    subnetIds: o.subnetIds,
    instanceTypes: [choice.instance.name],
    amiType: o.amiType ?? (gpu ? CLOUD_POOL_DEFAULTS.eksGpuAmiType : CLOUD_POOL_DEFAULTS.eksCpuAmiType),
    capacityType: o.capacityType ?? CLOUD_POOL_DEFAULTS.eksCapacityType,
    // The autoscaler owns desiredSize once created (eks.ts ignores its changes).
    scalingConfig: { minSize: request.minNodes, maxSize: request.maxNodes, desiredSize: request.minNodes },
    labels: { ...marks.labels },
    // EKS does not taint GPU nodes itself: the pool states the usual nvidia.com/gpu taint.
    taints: [
      ...(gpu ? [{ key: GPU_TAINT_KEY, value: "true", effect: "NO_SCHEDULE" }] : []),
      { key: marks.taint.key, value: marks.taint.value, effect: "NO_SCHEDULE" },
    ],
  } satisfies NodeGroupArgs;
  return args;
}

export const eksPlanner: PoolPlanner = {
  plan(request) {
    if (!request.options.eks) return { issues: [{ path: "eks", message: 'required when backend is "eks": at least { clusterName, nodeRoleArn, subnetIds }' }] };
    return planEksPool(request).planned;
  },
};
