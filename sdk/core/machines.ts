/**
 * The machine catalog: every Gradient (Paperspace) machine label with its GPUs,
 * vCPU and RAM, and the NVIDIA GPU feature discovery product names that select its GPU. Users can
 * register their own labels for private hardware.
 */
import { closeMatches } from "./spec/closeMatches";
import { describeValue } from "./spec/issues";

/** One GPU model. */
export interface GpuModel {
  /** Display name, e.g. `NVIDIA A100 80GB`. */
  model: string;
  /** Memory of one GPU, GiB. */
  memoryGiB: number;
  /**
   * Values of the `nvidia.com/gpu.product` node label (NVIDIA GPU feature discovery) that carry
   * this GPU; any of them matches.
   */
  products: string[];
  /** The `karpenter.k8s.aws/instance-gpu-name` of AWS instances with this GPU, if AWS has one. */
  awsGpuName?: string;
}

/** A machine's GPUs: the model and how many. */
export interface MachineGpu extends GpuModel {
  /** GPUs per machine. */
  count: number;
}

/** A machine type: what one replica gets. */
export interface MachineType {
  /** The Gradient machine label, e.g. `A100-80G`. */
  label: string;
  /** GPUs per machine; absent for CPU-only types. */
  gpu?: MachineGpu;
  /** vCPUs of the machine. */
  vcpu: number;
  /** RAM of the machine, GiB. */
  memoryGiB: number;
}

/** A machine type registered by the user, for labels the catalog does not know. */
export interface CustomMachineType {
  /** vCPUs of the machine. */
  vcpu: number;
  /** RAM of the machine, GiB. */
  memoryGiB: number;
  /** The GPUs, for GPU machines. */
  gpu?: CustomGpu;
}

/** The GPUs of a custom machine type. */
export interface CustomGpu {
  /** GPUs per machine. */
  count: number;
  /** Display name. */
  model: string;
  /** Memory of one GPU, GiB. */
  memoryGiB: number;
  /** `nvidia.com/gpu.product` values that select the GPU. */
  products: string[];
  /** `karpenter.k8s.aws/instance-gpu-name`, for the Karpenter backend. */
  awsGpuName?: string;
}

const GPUS = {
  M4000: { model: "NVIDIA Quadro M4000", memoryGiB: 8, products: ["Quadro-M4000"] },
  P4000: { model: "NVIDIA Quadro P4000", memoryGiB: 8, products: ["Quadro-P4000"] },
  P5000: { model: "NVIDIA Quadro P5000", memoryGiB: 16, products: ["Quadro-P5000"] },
  P6000: { model: "NVIDIA Quadro P6000", memoryGiB: 24, products: ["Quadro-P6000"] },
  RTX4000: { model: "NVIDIA Quadro RTX 4000", memoryGiB: 8, products: ["Quadro-RTX-4000"] },
  RTX5000: { model: "NVIDIA Quadro RTX 5000", memoryGiB: 16, products: ["Quadro-RTX-5000"] },
  V100: { model: "NVIDIA V100 16GB", memoryGiB: 16, products: ["Tesla-V100-SXM2-16GB", "Tesla-V100-PCIE-16GB"], awsGpuName: "v100" },
  V100_32: { model: "NVIDIA V100 32GB", memoryGiB: 32, products: ["Tesla-V100-SXM2-32GB", "Tesla-V100-PCIE-32GB"], awsGpuName: "v100" },
  A4000: { model: "NVIDIA RTX A4000", memoryGiB: 16, products: ["NVIDIA-RTX-A4000"] },
  A5000: { model: "NVIDIA RTX A5000", memoryGiB: 24, products: ["NVIDIA-RTX-A5000"] },
  A6000: { model: "NVIDIA RTX A6000", memoryGiB: 48, products: ["NVIDIA-RTX-A6000"] },
  A100: { model: "NVIDIA A100 40GB", memoryGiB: 40, products: ["NVIDIA-A100-SXM4-40GB", "NVIDIA-A100-PCIE-40GB"], awsGpuName: "a100" },
  A100_80: { model: "NVIDIA A100 80GB", memoryGiB: 80, products: ["NVIDIA-A100-SXM4-80GB", "NVIDIA-A100-80GB-PCIe"], awsGpuName: "a100" },
  H100: { model: "NVIDIA H100 80GB", memoryGiB: 80, products: ["NVIDIA-H100-80GB-HBM3", "NVIDIA-H100-PCIe", "NVIDIA-H100-NVL"], awsGpuName: "h100" },
} satisfies Record<string, GpuModel>;

/** Base labels: [label, GPU, vCPU, RAM GiB], as Paperspace lists its machine types. */
const GPU_BASES: Array<[string, GpuModel, number, number]> = [
  ["GPU+", GPUS.M4000, 8, 30],
  ["P4000", GPUS.P4000, 8, 30],
  ["P5000", GPUS.P5000, 8, 30],
  ["P6000", GPUS.P6000, 8, 30],
  ["RTX4000", GPUS.RTX4000, 8, 30],
  ["RTX5000", GPUS.RTX5000, 8, 30],
  ["V100", GPUS.V100, 8, 30],
  ["V100-32G", GPUS.V100_32, 8, 30],
  ["A4000", GPUS.A4000, 8, 45],
  ["A5000", GPUS.A5000, 8, 45],
  ["A6000", GPUS.A6000, 8, 45],
  ["A100", GPUS.A100, 12, 90],
  ["A100-80G", GPUS.A100_80, 12, 90],
  ["H100", GPUS.H100, 20, 250],
];

/** Which bases have `x2`/`x4` and which `x8` variants (Paperspace's multi-GPU machines). */
const X2_X4 = ["GPU+", "P4000", "P5000", "P6000", "RTX4000", "RTX5000", "V100-32G", "A4000", "A5000", "A6000"];
const X8 = ["A100", "A100-80G", "H100"];

/** Multi-GPU machines whose size the catalogue states rather than scaling the base. */
const EXPLICIT: Record<string, { vcpu: number; memoryGiB: number }> = {
  H100x8: { vcpu: 128, memoryGiB: 2048 },
};

/** CPU-only labels: [label, vCPU, RAM GiB]. */
const CPU_TYPES: Array<[string, number, number]> = [
  ["C1", 1, 0.5],
  ["C3", 2, 2],
  ["C4", 2, 4],
  ["C5", 4, 8],
  ["C6", 8, 16],
  ["C7", 12, 30],
  ["C8", 16, 60],
  ["C9", 24, 120],
  ["C10", 32, 244],
];

function buildCatalog(): Map<string, MachineType> {
  const catalog = new Map<string, MachineType>();
  for (const [label, vcpu, memoryGiB] of CPU_TYPES) catalog.set(label, { label, vcpu, memoryGiB });
  for (const [label, gpu, vcpu, memoryGiB] of GPU_BASES) {
    catalog.set(label, { label, gpu: { ...gpu, count: 1 }, vcpu, memoryGiB });
    const counts = [...(X2_X4.includes(label) ? [2, 4] : []), ...(X8.includes(label) ? [8] : [])];
    for (const n of counts) {
      const multi = `${label}x${n}`;
      // The catalogue states H100x8; other multi-GPU sizes scale the base linearly.
      const size = EXPLICIT[multi] ?? { vcpu: vcpu * n, memoryGiB: memoryGiB * n };
      catalog.set(multi, { label: multi, gpu: { ...gpu, count: n }, ...size });
    }
  }
  return catalog;
}

/** Every Gradient machine label we know, in catalogue order. */
export const MACHINE_CATALOG: ReadonlyMap<string, MachineType> = buildCatalog();

/** Gradient's free-tier labels: valid for Notebooks, never for Deployments. */
export const FREE_TIER_LABELS = [
  "Free-CPU",
  "Free-GPU",
  "Free-P5000",
  "Free-RTX4000",
  "Free-RTX5000",
  "Free-A4000",
  "Free-A5000",
  "Free-A6000",
  "Free-A100-80G",
];

/** Labels Gradient knows that have no Kubernetes counterpart here. */
const NO_KUBERNETES: Record<string, string> = {
  "IPU-POD4": "Graphcore IPUs have no device plugin this component can request",
  "IPU-POD16": "Graphcore IPUs have no device plugin this component can request",
};

/** A resolved machine, or the reason a label cannot be used. */
export type MachineLookup = { machine: MachineType } | { error: string };

/** Looks up a label in the user's custom types first, then the catalog. */
export function lookupMachine(label: string, custom: Readonly<Record<string, CustomMachineType>> = {}): MachineLookup {
  const own = Object.prototype.hasOwnProperty.call(custom, label) ? custom[label] : undefined;
  if (own) {
    return { machine: { label, vcpu: own.vcpu, memoryGiB: own.memoryGiB, ...(own.gpu ? { gpu: { ...own.gpu } } : {}) } };
  }
  const known = MACHINE_CATALOG.get(label);
  if (known) return { machine: known };
  if (FREE_TIER_LABELS.includes(label)) {
    const paid = label.replace(/^Free-/, "");
    return {
      error: `${describeValue(label)} is a Gradient free-tier machine, which Gradient does not allow for Deployments${MACHINE_CATALOG.has(paid) ? `; use ${paid}` : ""}`,
    };
  }
  if (NO_KUBERNETES[label]) {
    return { error: `${describeValue(label)}: ${NO_KUBERNETES[label]}; register a custom machine type (machineTypes) to run it on your own hardware` };
  }
  const near = closeMatches(label, [...Object.keys(custom), ...MACHINE_CATALOG.keys()]);
  return {
    error: `unknown machine type ${describeValue(label)}${near.length > 0 ? `; close matches: ${near.join(", ")}` : ""}; register it with machineTypes for private hardware`,
  };
}
