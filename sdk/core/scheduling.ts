/**
 * From a machine type to what the pod asks for and where it may run: GPU and CPU/memory
 * requests and limits, the GPU taint's toleration, and the node affinity that picks the GPU.
 */
import type { MachineType } from "./machines";
import type { Affinity, ResourceRequirements, Toleration } from "../manifests/k8s";

/** The extended resource of NVIDIA GPUs (device plugin). */
export const GPU_RESOURCE = "nvidia.com/gpu";
/** The node label NVIDIA GPU feature discovery sets to the GPU's product name. */
export const GPU_PRODUCT_LABEL = "nvidia.com/gpu.product";
/** The taint GPU nodes carry so that only GPU pods land on them. */
export const GPU_TAINT_KEY = "nvidia.com/gpu";
/** The node label and taint key of node pools this package creates. */
export const POOL_LABEL = "model-deployment/pool";

/** The share of a machine's vCPU and RAM a replica requests (defined with the other defaults). */
export { MACHINE_SHARE } from "./defaults";
import { MACHINE_SHARE } from "./defaults";

/** CPU and memory to request instead of the machine-derived values (Kubernetes quantities). */
export interface ComputeOverrides {
  /** e.g. `"6"` or `"5500m"`. */
  cpu?: string;
  /** e.g. `"24Gi"`. */
  memory?: string;
}

/** Where the pods of a deployment must run, as a node pool describes it. */
export interface Placement {
  /** Node labels every node of the pool has; pods require all of them. */
  nodeLabels?: Record<string, string>;
  /** Tolerations for the pool's own taints (the GPU taint is tolerated anyway). */
  tolerations?: Toleration[];
}

/** The Kubernetes quantity syntax (a decimal with an optional suffix). */
export const QUANTITY = /^(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/**
 * Requests and limits for one replica: `MACHINE_SHARE` of the machine's vCPU (in millicores,
 * rounded down to 100m) and RAM (in MiB), limits equal to requests (Guaranteed QoS, so the kubelet
 * evicts the model last), and the machine's GPU count as `nvidia.com/gpu`.
 */
export function containerResources(machine: MachineType, overrides: ComputeOverrides = {}): ResourceRequirements {
  const cpu = overrides.cpu ?? `${Math.max(100, Math.floor((machine.vcpu * MACHINE_SHARE * 1000) / 100) * 100)}m`;
  const memory = overrides.memory ?? `${Math.max(64, Math.floor(machine.memoryGiB * MACHINE_SHARE * 1024))}Mi`;
  const gpu: Record<string, string> = machine.gpu ? { [GPU_RESOURCE]: String(machine.gpu.count) } : {};
  return {
    requests: { cpu, memory, ...gpu },
    limits: { cpu, memory, ...gpu },
  };
}

/** Tolerations and node affinity for a machine, on a pool's placement or by GPU product. */
export function podScheduling(machine: MachineType, placement?: Placement): { tolerations?: Toleration[]; affinity?: Affinity } {
  const tolerations: Toleration[] = [
    ...(machine.gpu ? [{ key: GPU_TAINT_KEY, operator: "Exists" as const, effect: "NoSchedule" as const }] : []),
    ...(placement?.tolerations ?? []),
  ];
  const labels = placement?.nodeLabels ?? {};
  const expressions = Object.keys(labels).length > 0
    ? Object.keys(labels)
        .sort()
        .map((key) => ({ key, operator: "In" as const, values: [labels[key]] }))
    : machine.gpu
      ? [{ key: GPU_PRODUCT_LABEL, operator: "In" as const, values: [...machine.gpu.products] }]
      : [];
  return {
    ...(tolerations.length > 0 ? { tolerations } : {}),
    ...(expressions.length > 0
      ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: expressions }] } } } }
      : {}),
  };
}
