/**
 * The `digitalocean` backend's plan: a DOKS node pool of the machine's GPU Droplet size,
 * autoscaled between the pool's bounds. Pure.
 */
import type * as pulumi from "@pulumi/pulumi";
import { SpecIssue } from "../../core/spec/issues";
import type { MachineType } from "../../core/machines";
import type { PoolPlanner, PoolRequest } from "./backend";
import { ownPoolNodeMarks, ownPoolPlacement } from "./placement";

/** NVIDIA GPU Droplet sizes DigitalOcean offers: slug, GPU, GPUs per Droplet, GiB per GPU. */
export const DIGITALOCEAN_GPU_SIZES = [
  { slug: "gpu-4000adax1-20gb", gpu: "RTX 4000 Ada", count: 1, memoryGiB: 20 },
  { slug: "gpu-6000adax1-48gb", gpu: "RTX 6000 Ada", count: 1, memoryGiB: 48 },
  { slug: "gpu-l40sx1-48gb", gpu: "L40S", count: 1, memoryGiB: 48 },
  { slug: "gpu-h100x1-80gb", gpu: "H100", count: 1, memoryGiB: 80 },
  { slug: "gpu-h100x8-640gb", gpu: "H100", count: 8, memoryGiB: 80 },
  { slug: "gpu-h200x1-141gb", gpu: "H200", count: 1, memoryGiB: 141 },
  { slug: "gpu-h200x8-1128gb", gpu: "H200", count: 8, memoryGiB: 141 },
] as const;

/** Gradient machine types with an exact DigitalOcean counterpart. */
export const DIGITALOCEAN_SIZE_OF: Record<string, string> = {
  H100: "gpu-h100x1-80gb",
  H100x8: "gpu-h100x8-640gb",
};

/** The offered sizes closest to a machine: same GPU count first, then by total GPU memory. */
export function nearestDigitalOceanSizes(machine: MachineType, n = 3): string[] {
  const count = machine.gpu?.count ?? 1;
  const memory = (machine.gpu?.memoryGiB ?? 0) * count;
  return [...DIGITALOCEAN_GPU_SIZES]
    .sort(
      (a, b) =>
        Number(a.count !== count) - Number(b.count !== count) ||
        Math.abs(a.memoryGiB * a.count - memory) - Math.abs(b.memoryGiB * b.count - memory) ||
        a.slug.localeCompare(b.slug),
    )
    .slice(0, n)
    .map((s) => s.slug);
}

/** Whether a chosen size carries the machine's GPUs. */
export function sizeIssue(size: string, machine: MachineType): SpecIssue | undefined {
  const gpus = /^gpu-[a-z0-9]+x(\d+)-/.exec(size);
  if (!machine.gpu || (gpus && Number(gpus[1]) >= machine.gpu.count)) return undefined;
  return { path: "digitalocean.size", message: `${JSON.stringify(size)} has ${gpus ? `${gpus[1]} GPU(s)` : "no GPU"}, but ${machine.label} needs ${machine.gpu.count}` };
}

/**
 * The size slug for a pool, or the issue that explains why there is none. A size given as an
 * Output is returned as it is and checked once known (digitalocean.ts).
 */
export function digitalOceanSize(request: PoolRequest): { size?: pulumi.Input<string>; issues: SpecIssue[] } {
  const o = request.options.digitalocean!;
  const { machine } = request;
  if (o.size !== undefined) {
    const issue = typeof o.size === "string" ? sizeIssue(o.size, machine) : undefined;
    return issue ? { issues: [issue] } : { size: o.size, issues: [] };
  }
  const size = DIGITALOCEAN_SIZE_OF[machine.label];
  if (size) return { size, issues: [] };
  return {
    issues: [
      {
        path: "digitalocean.size",
        message: machine.gpu
          ? `DigitalOcean offers no ${machine.label} (${machine.gpu.count} x ${machine.gpu.model}); the nearest sizes are ${nearestDigitalOceanSizes(machine).join(", ")}: set digitalocean.size to one of them`
          : `required for the CPU machine type ${machine.label}: name a Droplet size such as s-4vcpu-8gb`,
      },
    ],
  };
}

/** The `KubernetesNodePool` arguments for a pool. Pure. */
export function digitalOceanPoolArgs(request: PoolRequest, size: pulumi.Input<string>) {
  const o = request.options.digitalocean!;
  const marks = ownPoolNodeMarks(request.name);
  return {
    clusterId: o.clusterId,
    name: request.name,
    size,
    autoScale: true,
    minNodes: request.minNodes,
    maxNodes: request.maxNodes,
    labels: { ...marks.labels },
    // DOKS taints GPU nodes with nvidia.com/gpu itself; the pool's own taint keeps other pods off.
    taints: [marks.taint],
    ...(o.tags ? { tags: Array.isArray(o.tags) ? [...o.tags] : o.tags } : {}),
  };
}


export const digitalOceanPlanner: PoolPlanner = {
  plan(request) {
    const o = request.options.digitalocean;
    if (!o) return { issues: [{ path: "digitalocean", message: 'required when backend is "digitalocean": at least { clusterId }' }] };
    const issues: SpecIssue[] = [];
    if (o.clusterId === undefined || o.clusterId === "") issues.push({ path: "digitalocean.clusterId", message: "required: the DOKS cluster's id" });
    if (request.maxNodes < 1) issues.push({ path: "maxNodes", message: `must be >= 1 for a DOKS node pool (got ${request.maxNodes})` });
    issues.push(...digitalOceanSize(request).issues);
    return { placement: ownPoolPlacement(request.name), issues };
  },
};
