/**
 * The `karpenter` backend's plan: a `karpenter.sh/v1` NodePool that launches nodes with the
 * machine's GPU, tainted so only the pool's pods land there, consolidated only when empty. Pure.
 */
import { KARPENTER_DEFAULTS } from "../../core/defaults";
import { GPU_TAINT_KEY, GPU_RESOURCE } from "../../core/scheduling";
import type { NodeSelectorRequirement } from "../../manifests/k8s";
import { SpecIssue, describeValue } from "../../core/spec/issues";
import { LABEL_VALUE_RULE, isLabelValue } from "../../core/spec/rules";
import type { PoolPlanner, PoolRequest } from "./backend";
import { ownPoolNodeMarks, ownPoolPlacement } from "./placement";


const DURATION = /^([0-9]+(s|m|h))+$|^Never$/;

/** The node class name's rule: given and not empty. */
export function nodeClassNameIssue(name: unknown): SpecIssue | undefined {
  if (typeof name === "string" && name !== "") return undefined;
  return { path: "karpenter.nodeClassRef.name", message: "required: the node class (e.g. EC2NodeClass) the pool launches nodes from" };
}

/** The NodePool object for a pool; `nodeClassRef` fields may be Outputs. Pure. */
export function buildKarpenterNodePool(request: PoolRequest) {
  const o = request.options.karpenter!;
  const { machine } = request;
  const marks = ownPoolNodeMarks(request.name);
  const requirements: NodeSelectorRequirement[] = machine.gpu
    ? [
        { key: "karpenter.k8s.aws/instance-gpu-name", operator: "In", values: [o.gpuName ?? machine.gpu.awsGpuName!] },
        { key: "karpenter.k8s.aws/instance-gpu-count", operator: "In", values: [String(machine.gpu.count)] },
        { key: "karpenter.k8s.aws/instance-gpu-memory", operator: "Gt", values: [String(machine.gpu.memoryGiB * 1024 - 1024)] },
      ]
    : [
        { key: "karpenter.k8s.aws/instance-cpu", operator: "Gt", values: [String(Math.ceil(machine.vcpu) - 1)] },
        { key: "karpenter.k8s.aws/instance-memory", operator: "Gt", values: [String(Math.floor(machine.memoryGiB * 1024) - 1)] },
      ];
  requirements.push(
    { key: "karpenter.sh/capacity-type", operator: "In", values: [...(o.capacityTypes ?? KARPENTER_DEFAULTS.capacityTypes)] },
    { key: "kubernetes.io/arch", operator: "In", values: ["amd64"] },
    ...(o.requirements ?? []),
  );
  const taints = [
    ...(machine.gpu ? [{ key: GPU_TAINT_KEY, value: "true", effect: "NoSchedule" as const }] : []),
    marks.taint,
  ];
  return {
    apiVersion: "karpenter.sh/v1" as const,
    kind: "NodePool" as const,
    metadata: { labels: { ...marks.labels } },
    spec: {
      template: {
        metadata: { labels: { ...marks.labels } },
        spec: {
          nodeClassRef: {
            group: o.nodeClassRef.group ?? KARPENTER_DEFAULTS.nodeClassGroup,
            kind: o.nodeClassRef.kind ?? KARPENTER_DEFAULTS.nodeClassKind,
            name: o.nodeClassRef.name,
          },
          requirements,
          taints,
        },
      },
      // Never more than maxNodes machines' worth of GPUs (or CPUs).
      limits: machine.gpu
        ? { [GPU_RESOURCE]: String(machine.gpu.count * request.maxNodes) }
        : { cpu: String(Math.ceil(machine.vcpu) * request.maxNodes) },
      // Only empty nodes are consolidated: a pod that is still loading its model is never evicted.
      disruption: {
        consolidationPolicy: "WhenEmpty" as const,
        consolidateAfter: o.consolidateAfter ?? KARPENTER_DEFAULTS.consolidateAfter,
      },
    },
  };
}

export const karpenterPlanner: PoolPlanner = {
  plan(request) {
    const issues: SpecIssue[] = [];
    const o = request.options.karpenter;
    if (!o) return { issues: [{ path: "karpenter", message: 'required when backend is "karpenter": at least { nodeClassRef: { name } }' }] };
    // A name only known at deploy time is checked then (karpenter.ts).
    const name = o.nodeClassRef?.name;
    if (name === undefined || name === null || typeof name === "string") {
      const issue = nodeClassNameIssue(name);
      if (issue) issues.push(issue);
    }
    const gpu = request.machine.gpu;
    if (gpu && !(o.gpuName ?? gpu.awsGpuName)) {
      issues.push({
        path: "karpenter.gpuName",
        message: `required for ${request.machine.label}: no AWS instance type is known to carry an ${gpu.model}; name the karpenter.k8s.aws/instance-gpu-name to use, or choose an A100, H100 or V100 machine type`,
      });
    }
    // A NodePool requirement's values are label values (Karpenter's CRD schema checks them).
    if (o.gpuName !== undefined && !isLabelValue(o.gpuName)) {
      issues.push({ path: "karpenter.gpuName", message: `must be ${LABEL_VALUE_RULE}, the value of karpenter.k8s.aws/instance-gpu-name such as a100 (got ${describeValue(o.gpuName)})` });
    }
    if (o.consolidateAfter !== undefined && !DURATION.test(o.consolidateAfter)) {
      issues.push({ path: "karpenter.consolidateAfter", message: `must be a duration such as "10m" or "1h", or "Never" (got ${describeValue(o.consolidateAfter)})` });
    }
    return { placement: ownPoolPlacement(request.name), issues };
  },
};
