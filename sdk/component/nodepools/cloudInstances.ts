/**
 * The GPU instance types of GKE, EKS and AKS that a Gradient machine type can run on: GPU model,
 * count and memory, vCPU and RAM per instance, as each cloud publishes them. Whole-GPU shapes only
 * (fractional vGPU sizes such as Azure's NVadsA10 v5 below 36 vCPU cannot serve `nvidia.com/gpu`).
 *
 * Sources (read 2026-12):
 * - GKE / Compute Engine: https://cloud.google.com/compute/docs/gpus (GPU models, N1 attach limits),
 *   https://cloud.google.com/compute/docs/accelerator-optimized-machines (A2, A3, G2 shapes),
 *   https://cloud.google.com/kubernetes-engine/docs/how-to/gpus (accelerator names for node pools).
 *   Compute Engine states memory in "GB" meaning 2^30 bytes, so the figures are GiB.
 * - EKS / EC2: https://docs.aws.amazon.com/ec2/latest/instancetypes/ac.html (P3, P4d, P4de, P5, G4dn,
 *   G5, G6, G6e shapes), https://aws.amazon.com/ec2/instance-types/p5/ (p5.4xlarge: one H100).
 * - AKS / Azure VMs: https://learn.microsoft.com/azure/virtual-machines/sizes/gpu-accelerated/nca100v4-series,
 *   .../ndasra100v4-series, .../ndma100v4-series, .../ncadsh100v5-series, .../ndh100v5-series,
 *   .../ncast4v3-series, .../nvadsa10v5-series. The V100 NCv3 sizes were retired on 2025-09-30
 *   (https://learn.microsoft.com/azure/virtual-machines/ncv3-nc6s-nc12s-nc24s-retirement), so AKS has
 *   no V100 here.
 *
 * A GPU is matched by its `nvidia.com/gpu.product` value (NVIDIA GPU feature discovery), the same
 * names the machine catalog (`core/machines.ts`) lists for each Gradient GPU.
 */

/** The clouds with a managed node pool backend. */
export type Cloud = "gke" | "eks" | "aks";

/** How the preview and messages name each cloud. */
export const CLOUD_NAMES: Record<Cloud, string> = { gke: "GKE", eks: "EKS", aks: "AKS" };

/** What each cloud calls an instance type (the option that overrides it). */
export const INSTANCE_FIELD: Record<Cloud, string> = { gke: "gke.machineType", eks: "eks.instanceType", aks: "aks.vmSize" };

/** The GPUs of one instance type. */
export interface InstanceGpu {
  /** Display name, e.g. `NVIDIA A100 80GB`. */
  model: string;
  /** The `nvidia.com/gpu.product` value of the GPU; matched against the machine type's products. */
  product: string;
  /** GPUs per instance. */
  count: number;
  /** Memory of one GPU, GiB. */
  memoryGiB: number;
}

/** One instance type of a cloud; users add their own with the same shape. */
export interface CloudInstanceType {
  /** The instance type (EC2), machine type (Compute Engine) or VM size (Azure), e.g. `p4de.24xlarge`. */
  name: string;
  /** Its GPUs: model, `nvidia.com/gpu.product`, count and memory. */
  gpu: InstanceGpu;
  /** vCPUs per instance. */
  vcpu: number;
  /** RAM per instance, GiB. */
  memoryGiB: number;
  /** GKE only: the accelerator type attached (`nodeConfig.guestAccelerators[].type`), e.g. `nvidia-tesla-t4`. */
  accelerator?: string;
  /** What to know before relying on it (capacity model, availability), shown with the choice. */
  note?: string;
  /**
   * Offered only as Spot (or flex-start) capacity, not on demand: chosen only for a pool that asks
   * for Spot, and refused as an override without it.
   */
  spotOnly?: boolean;
}

const A100_40_SXM = { model: "NVIDIA A100 40GB", product: "NVIDIA-A100-SXM4-40GB", memoryGiB: 40 };
const A100_80_SXM = { model: "NVIDIA A100 80GB", product: "NVIDIA-A100-SXM4-80GB", memoryGiB: 80 };
const A100_80_PCIE = { model: "NVIDIA A100 80GB PCIe", product: "NVIDIA-A100-80GB-PCIe", memoryGiB: 80 };
const H100_SXM = { model: "NVIDIA H100 80GB", product: "NVIDIA-H100-80GB-HBM3", memoryGiB: 80 };
const H100_NVL = { model: "NVIDIA H100 NVL", product: "NVIDIA-H100-NVL", memoryGiB: 94 };
const V100_16 = { model: "NVIDIA V100 16GB", product: "Tesla-V100-SXM2-16GB", memoryGiB: 16 };
const V100_32 = { model: "NVIDIA V100 32GB", product: "Tesla-V100-SXM2-32GB", memoryGiB: 32 };
const T4 = { model: "NVIDIA T4", product: "Tesla-T4", memoryGiB: 16 };
const L4 = { model: "NVIDIA L4", product: "NVIDIA-L4", memoryGiB: 24 };
const A10G = { model: "NVIDIA A10G", product: "NVIDIA-A10G", memoryGiB: 24 };
const A10 = { model: "NVIDIA A10", product: "NVIDIA-A10", memoryGiB: 24 };
const L40S = { model: "NVIDIA L40S", product: "NVIDIA-L40S", memoryGiB: 48 };

/** [name, GPU, GPU count, vCPU, RAM GiB, GKE accelerator?, note?, Spot-only?] */
type Row = [string, Omit<InstanceGpu, "count">, number, number, number, string?, string?, boolean?];
const rows = (list: Row[]): CloudInstanceType[] =>
  list.map(([name, gpu, count, vcpu, memoryGiB, accelerator, note, spotOnly]) => ({
    name,
    gpu: { ...gpu, count },
    vcpu,
    memoryGiB,
    ...(accelerator ? { accelerator } : {}),
    ...(note ? { note } : {}),
    ...(spotOnly ? { spotOnly } : {}),
  }));

/**
 * The A3 High shapes below 8 GPUs are documented as Spot or flex-start only (no on-demand or
 * reserved capacity): https://cloud.google.com/compute/docs/accelerator-optimized-machines#a3-high-vms
 * (consumption options table). This could not be re-read through the search tools available when
 * it was last reviewed (only the page's general parts came up), so the catalog keeps the
 * conservative reading: these shapes are chosen only for a pool with `gke.spot: true`.
 */
const A3_SMALL = "A3 High with fewer than 8 GPUs is offered only as Spot or flex-start capacity (https://cloud.google.com/compute/docs/accelerator-optimized-machines#a3-high-vms)";

/** Compute Engine shapes for GKE node pools. N1 shapes carry attached T4 or V100 GPUs within N1's per-GPU vCPU/RAM limits. */
const GKE: CloudInstanceType[] = rows([
  ["a2-highgpu-1g", A100_40_SXM, 1, 12, 85, "nvidia-tesla-a100"],
  ["a2-highgpu-2g", A100_40_SXM, 2, 24, 170, "nvidia-tesla-a100"],
  ["a2-highgpu-4g", A100_40_SXM, 4, 48, 340, "nvidia-tesla-a100"],
  ["a2-highgpu-8g", A100_40_SXM, 8, 96, 680, "nvidia-tesla-a100"],
  ["a2-megagpu-16g", A100_40_SXM, 16, 96, 1360, "nvidia-tesla-a100"],
  ["a2-ultragpu-1g", A100_80_SXM, 1, 12, 170, "nvidia-a100-80gb"],
  ["a2-ultragpu-2g", A100_80_SXM, 2, 24, 340, "nvidia-a100-80gb"],
  ["a2-ultragpu-4g", A100_80_SXM, 4, 48, 680, "nvidia-a100-80gb"],
  ["a2-ultragpu-8g", A100_80_SXM, 8, 96, 1360, "nvidia-a100-80gb"],
  ["a3-highgpu-1g", H100_SXM, 1, 26, 234, "nvidia-h100-80gb", A3_SMALL, true],
  ["a3-highgpu-2g", H100_SXM, 2, 52, 468, "nvidia-h100-80gb", A3_SMALL, true],
  ["a3-highgpu-4g", H100_SXM, 4, 104, 936, "nvidia-h100-80gb", A3_SMALL, true],
  ["a3-highgpu-8g", H100_SXM, 8, 208, 1872, "nvidia-h100-80gb"],
  ["g2-standard-4", L4, 1, 4, 16, "nvidia-l4"],
  ["g2-standard-8", L4, 1, 8, 32, "nvidia-l4"],
  ["g2-standard-12", L4, 1, 12, 48, "nvidia-l4"],
  ["g2-standard-16", L4, 1, 16, 64, "nvidia-l4"],
  ["g2-standard-32", L4, 1, 32, 128, "nvidia-l4"],
  ["g2-standard-24", L4, 2, 24, 96, "nvidia-l4"],
  ["g2-standard-48", L4, 4, 48, 192, "nvidia-l4"],
  ["g2-standard-96", L4, 8, 96, 384, "nvidia-l4"],
  ["n1-standard-4", T4, 1, 4, 15, "nvidia-tesla-t4"],
  ["n1-standard-8", T4, 1, 8, 30, "nvidia-tesla-t4"],
  ["n1-standard-16", T4, 2, 16, 60, "nvidia-tesla-t4"],
  ["n1-standard-32", T4, 4, 32, 120, "nvidia-tesla-t4"],
  ["n1-standard-8", V100_16, 1, 8, 30, "nvidia-tesla-v100"],
  ["n1-highmem-8", V100_16, 1, 8, 52, "nvidia-tesla-v100"],
  ["n1-standard-16", V100_16, 2, 16, 60, "nvidia-tesla-v100"],
  ["n1-standard-32", V100_16, 4, 32, 120, "nvidia-tesla-v100"],
  ["n1-standard-64", V100_16, 8, 64, 240, "nvidia-tesla-v100"],
]);

/** EC2 instance types for EKS managed node groups. */
const EKS: CloudInstanceType[] = rows([
  ["p3.2xlarge", V100_16, 1, 8, 61],
  ["p3.8xlarge", V100_16, 4, 32, 244],
  ["p3.16xlarge", V100_16, 8, 64, 488],
  ["p3dn.24xlarge", V100_32, 8, 96, 768],
  ["p4d.24xlarge", A100_40_SXM, 8, 96, 1152],
  ["p4de.24xlarge", A100_80_SXM, 8, 96, 1152],
  ["p5.4xlarge", H100_SXM, 1, 16, 256],
  ["p5.48xlarge", H100_SXM, 8, 192, 2048],
  ["g4dn.xlarge", T4, 1, 4, 16],
  ["g4dn.2xlarge", T4, 1, 8, 32],
  ["g4dn.4xlarge", T4, 1, 16, 64],
  ["g4dn.8xlarge", T4, 1, 32, 128],
  ["g4dn.16xlarge", T4, 1, 64, 256],
  ["g4dn.12xlarge", T4, 4, 48, 192],
  ["g5.xlarge", A10G, 1, 4, 16],
  ["g5.2xlarge", A10G, 1, 8, 32],
  ["g5.4xlarge", A10G, 1, 16, 64],
  ["g5.8xlarge", A10G, 1, 32, 128],
  ["g5.16xlarge", A10G, 1, 64, 256],
  ["g5.12xlarge", A10G, 4, 48, 192],
  ["g5.24xlarge", A10G, 4, 96, 384],
  ["g5.48xlarge", A10G, 8, 192, 768],
  ["g6.xlarge", L4, 1, 4, 16],
  ["g6.2xlarge", L4, 1, 8, 32],
  ["g6.4xlarge", L4, 1, 16, 64],
  ["g6.8xlarge", L4, 1, 32, 128],
  ["g6.16xlarge", L4, 1, 64, 256],
  ["g6.12xlarge", L4, 4, 48, 192],
  ["g6.24xlarge", L4, 4, 96, 384],
  ["g6.48xlarge", L4, 8, 192, 768],
  ["g6e.xlarge", L40S, 1, 4, 32],
  ["g6e.2xlarge", L40S, 1, 8, 64],
  ["g6e.4xlarge", L40S, 1, 16, 128],
  ["g6e.8xlarge", L40S, 1, 32, 256],
  ["g6e.16xlarge", L40S, 1, 64, 512],
  ["g6e.12xlarge", L40S, 4, 48, 384],
  ["g6e.24xlarge", L40S, 4, 96, 768],
  ["g6e.48xlarge", L40S, 8, 192, 1536],
]);

/** Azure VM sizes for AKS agent pools. */
const AKS: CloudInstanceType[] = rows([
  ["Standard_NC24ads_A100_v4", A100_80_PCIE, 1, 24, 220],
  ["Standard_NC48ads_A100_v4", A100_80_PCIE, 2, 48, 440],
  ["Standard_NC96ads_A100_v4", A100_80_PCIE, 4, 96, 880],
  ["Standard_ND96asr_v4", A100_40_SXM, 8, 96, 900],
  ["Standard_ND96amsr_A100_v4", A100_80_SXM, 8, 96, 1900],
  ["Standard_NC40ads_H100_v5", H100_NVL, 1, 40, 320],
  ["Standard_NC80adis_H100_v5", H100_NVL, 2, 80, 640],
  ["Standard_ND96isr_H100_v5", H100_SXM, 8, 96, 1900],
  ["Standard_NC4as_T4_v3", T4, 1, 4, 28],
  ["Standard_NC8as_T4_v3", T4, 1, 8, 56],
  ["Standard_NC16as_T4_v3", T4, 1, 16, 110],
  ["Standard_NC64as_T4_v3", T4, 4, 64, 440],
  ["Standard_NV36ads_A10_v5", A10, 1, 36, 440],
  ["Standard_NV72ads_A10_v5", A10, 2, 72, 880],
]);

/** Every built-in instance type, per cloud. */
export const CLOUD_INSTANCE_TYPES: Readonly<Record<Cloud, readonly CloudInstanceType[]>> = { gke: GKE, eks: EKS, aks: AKS };
