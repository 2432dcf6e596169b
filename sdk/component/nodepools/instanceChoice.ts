/**
 * Which instance type of a cloud runs one replica of a machine type: the smallest that carries the
 * machine's GPU (by `nvidia.com/gpu.product`) at least `count` times and has room for the pod's
 * CPU and memory requests. When only a larger one exists the choice says how many GPUs sit idle;
 * when none fits, the nearest ones are named. Pure.
 */
import type { MachineType } from "../../core/machines";
import { quantityValue } from "../../core/quantity";
import { ComputeOverrides, containerResources } from "../../core/scheduling";
import type { SpecIssue, SpecWarning } from "../../core/spec/issues";
import { CLOUD_INSTANCE_TYPES, CLOUD_NAMES, Cloud, CloudInstanceType, INSTANCE_FIELD } from "./cloudInstances";

/** What a pool's nodes are. */
export interface InstanceChoice {
  instance: CloudInstanceType;
  /** GPUs of one node that one replica does not use. */
  idleGpus: number;
  /** How many replicas fit on one node (by GPUs, CPU and memory). */
  replicasPerNode: number;
  /** `catalog`: chosen here; `given`: the user's override. */
  source: "catalog" | "given";
  /** One line for the preview, e.g. `A100-80G on EKS: p4de.24xlarge, 8 GPUs, 7 idle per replica`. */
  summary: string;
  /** Set when the given type is not in the catalog: its GPUs, vCPU and RAM are unknown. */
  unknownSize?: true;
}

/** What one replica's pod requests: CPU in cores, memory in GiB. */
export interface PodNeed {
  vcpu: number;
  memoryGiB: number;
}

/**
 * The pod's CPU (cores) and memory (GiB) requests for a machine, as the workload builder sets them:
 * the deployment's `compute` overrides when given, else the machine's share. Undefined when an
 * override is not a quantity (the deployment reports that at `compute.cpu` / `compute.memory`).
 */
export function podRequests(machine: MachineType, compute: ComputeOverrides = {}): PodNeed {
  const { requests } = containerResources(machine, compute);
  const cpu = quantityValue(requests.cpu);
  const memory = quantityValue(requests.memory);
  return { vcpu: round3(cpu ?? NaN), memoryGiB: round3((memory ?? NaN) / 2 ** 30) };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** What the choice knows beyond the machine type: the pod's real requests and the capacity model asked for. */
export interface ChoiceContext {
  /** The CPU and memory one pod requests (a deployment's `compute`); default: the machine's share. */
  compute?: ComputeOverrides;
  /** Whether the pool asks for Spot capacity; Spot-only instance types are chosen only then. */
  spot?: boolean;
  /** How to ask for Spot capacity, said when a Spot-only type is skipped or refused (e.g. `set gke.spot: true`). */
  spotHint?: string;
}

/**
 * What a node of the instance leaves to pods, estimated with GKE's published reservations (the
 * largest of the three clouds': EKS and AKS reserve less on these sizes), so a fit here fits there:
 * https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes#memory_cpu
 */
export function allocatable(instance: Pick<CloudInstanceType, "vcpu" | "memoryGiB">): { vcpu: number; memoryGiB: number } {
  const tiers = (total: number, steps: Array<[number, number]>, rest: number) => {
    let left = total;
    let reserved = 0;
    for (const [size, share] of steps) {
      const part = Math.min(left, size);
      reserved += part * share;
      left -= part;
    }
    return reserved + left * rest;
  };
  const cpuReserved = tiers(instance.vcpu, [[1, 0.06], [1, 0.01], [2, 0.005]], 0.0025);
  const memoryReserved = instance.memoryGiB < 1 ? 0.25 : tiers(instance.memoryGiB, [[4, 0.25], [4, 0.2], [8, 0.1], [112, 0.06]], 0.02) + 100 / 1024;
  return { vcpu: instance.vcpu - cpuReserved, memoryGiB: instance.memoryGiB - memoryReserved };
}

/** Whether an instance carries the machine's GPU. */
const carries = (instance: CloudInstanceType, machine: MachineType) => machine.gpu !== undefined && machine.gpu.products.includes(instance.gpu.product);

/** How many replicas of the machine one node of the instance holds. */
function replicasPerNode(instance: CloudInstanceType, machine: MachineType, need: PodNeed): number {
  const room = allocatable(instance);
  const byGpu = machine.gpu ? Math.floor(instance.gpu.count / machine.gpu.count) : Infinity;
  return Math.min(byGpu, Math.floor(room.vcpu / need.vcpu + 1e-9), Math.floor(room.memoryGiB / need.memoryGiB + 1e-9));
}

const describe = (i: CloudInstanceType) => `${i.name} (${i.gpu.count} x ${i.gpu.model}, ${i.vcpu} vCPU, ${i.memoryGiB} GiB)`;

/** The instance types closest to a machine: its GPU first, then by GPU count, then by memory per GPU. */
export function nearestInstances(machine: MachineType, instances: readonly CloudInstanceType[], n = 3): CloudInstanceType[] {
  const gpu = machine.gpu;
  if (!gpu) return [];
  return [...instances]
    .sort(
      (a, b) =>
        Number(!carries(a, machine)) - Number(!carries(b, machine)) ||
        Math.abs(a.gpu.count - gpu.count) - Math.abs(b.gpu.count - gpu.count) ||
        Math.abs(a.gpu.memoryGiB - gpu.memoryGiB) - Math.abs(b.gpu.memoryGiB - gpu.memoryGiB) ||
        a.vcpu - b.vcpu ||
        a.name.localeCompare(b.name),
    )
    .filter((i, k, all) => all.findIndex((j) => j.name === i.name) === k)
    .slice(0, n);
}

function summarize(cloud: Cloud, machine: MachineType, instance: CloudInstanceType, idle: number, perNode: number): string {
  const gpus = `${instance.gpu.count} ${instance.gpu.count === 1 ? "GPU" : "GPUs"}`;
  const head = `${machine.label} on ${CLOUD_NAMES[cloud]}: ${instance.name}, ${gpus}, ${idle} idle per replica`;
  return perNode > 1 ? `${head} (up to ${perNode} replicas share one node)` : head;
}

/**
 * Chooses the instance type for a pool, or says why there is none. `given` is the user's override
 * (checked against the catalog when it is in it); `extra` are the user's own catalog entries,
 * considered with (and before) the built-in ones. `context.compute` are the pod's real requests
 * (a deployment's `compute`), so the node fits what the pod asks for; a Spot-only instance type is
 * chosen only when `context.spot` is set. Warnings about the catalog's own choice are at
 * `machineType` (the field that decided it); those about an override at the override's field.
 */
export function chooseInstance(
  cloud: Cloud,
  machine: MachineType,
  given: string | undefined,
  extra: readonly CloudInstanceType[] = [],
  context: ChoiceContext = {},
): { choice?: InstanceChoice; issues: SpecIssue[]; warnings: SpecWarning[] } {
  const field = INSTANCE_FIELD[cloud];
  const catalog = [...extra, ...CLOUD_INSTANCE_TYPES[cloud]];
  const gpu = machine.gpu;
  const warnings: SpecWarning[] = [];
  const need = podRequests(machine, context.compute);
  if (!(need.vcpu > 0) || !(need.memoryGiB > 0)) {
    return { issues: [{ path: "compute", message: `the pod's requests are not positive Kubernetes quantities (cpu ${JSON.stringify(context.compute?.cpu)}, memory ${JSON.stringify(context.compute?.memory)}), so no instance can be sized for them` }], warnings };
  }
  const spotHint = context.spotHint ?? "ask for Spot capacity";
  const allowed = (i: CloudInstanceType) => context.spot === true || !i.spotOnly;
  if (given !== undefined) {
    const known = catalog.find((i) => i.name === given && carries(i, machine)) ?? catalog.find((i) => i.name === given);
    if (!known) {
      // Not in the catalog: nothing to check its GPUs against; GKE cannot even attach them.
      if (cloud === "gke" && gpu) {
        return { issues: [{ path: field, message: `${JSON.stringify(given)} is not in the GKE catalog, so its accelerator is unknown: add it to gke.instanceTypes with its accelerator, GPU and size` }], warnings };
      }
      warnings.push({ path: field, message: `${JSON.stringify(given)} is not in the ${CLOUD_NAMES[cloud]} catalog: its GPUs, CPU and memory are not checked against ${machine.label}` });
      const instance: CloudInstanceType = { name: given, gpu: { model: gpu?.model ?? "none", product: gpu?.products[0] ?? "", count: gpu?.count ?? 0, memoryGiB: gpu?.memoryGiB ?? 0 }, vcpu: machine.vcpu, memoryGiB: machine.memoryGiB };
      return { choice: { instance, idleGpus: 0, replicasPerNode: 1, source: "given", summary: `${machine.label} on ${CLOUD_NAMES[cloud]}: ${given} (given, not in the catalog)`, unknownSize: true }, issues: [], warnings };
    }
    if (gpu && known.gpu.count < gpu.count) {
      return { issues: [{ path: field, message: `${describe(known)} has ${known.gpu.count} GPU(s), but ${machine.label} needs ${gpu.count}` }], warnings };
    }
    if (!allowed(known)) {
      return { issues: [{ path: field, message: `${known.name} is offered only as Spot or flex-start capacity (${known.note ?? "see the cloud's docs"}): ${spotHint}, or leave ${field} unset to get an on-demand type` }], warnings };
    }
    if (gpu && !carries(known, machine)) {
      warnings.push({ path: field, message: `${known.name} carries ${known.gpu.model}, not the ${gpu.model} of ${machine.label}` });
    }
    const perNode = replicasPerNode(known, machine, need);
    if (perNode < 1) {
      warnings.push({
        path: field,
        message: `${describe(known)} leaves too little CPU or memory for one replica of ${machine.label} (it requests ${need.vcpu} vCPU, ${round(need.memoryGiB)} GiB): its pods would stay Pending`,
      });
    }
    const idle = gpu ? known.gpu.count - gpu.count : 0;
    if (idle > 0) warnings.push({ path: field, message: summarize(cloud, machine, known, idle, perNode) });
    return { choice: { instance: known, idleGpus: idle, replicasPerNode: Math.max(perNode, 0), source: "given", summary: `${summarize(cloud, machine, known, idle, perNode)} (given)` }, issues: [], warnings };
  }
  if (!gpu) {
    return { issues: [{ path: field, message: `required for the CPU machine type ${machine.label}: name the ${CLOUD_NAMES[cloud]} instance type to use` }], warnings };
  }
  const fitting = catalog
    .filter((i) => carries(i, machine) && i.gpu.count >= gpu.count && allowed(i) && replicasPerNode(i, machine, need) >= 1)
    .sort((a, b) => a.gpu.count - b.gpu.count || a.vcpu - b.vcpu || a.memoryGiB - b.memoryGiB || a.name.localeCompare(b.name));
  const instance = fitting[0];
  if (!instance) {
    const near = nearestInstances(machine, catalog);
    const sameGpu = near.some((i) => carries(i, machine));
    const spotOnly = catalog.filter((i) => carries(i, machine) && i.gpu.count >= gpu.count && !allowed(i) && replicasPerNode(i, machine, need) >= 1);
    return {
      issues: [
        {
          path: field,
          message: `${CLOUD_NAMES[cloud]} offers no ${spotOnly.length > 0 ? "on-demand " : ""}instance type with ${gpu.count} x ${gpu.model}${sameGpu ? ` and room for the pod's requests (${need.vcpu} vCPU, ${round(need.memoryGiB)} GiB)` : ""}${spotOnly.length > 0 ? ` (${spotOnly.map((i) => i.name).join(", ")} ${spotOnly.length === 1 ? "is" : "are"} Spot or flex-start only: ${spotHint})` : ""}; the nearest are ${near.map(describe).join(", ")}: set ${field} to one of them, or add your own to ${cloud}.instanceTypes`,
        },
      ],
      warnings,
    };
  }
  const idle = instance.gpu.count - gpu.count;
  const perNode = replicasPerNode(instance, machine, need);
  const summary = summarize(cloud, machine, instance, idle, perNode);
  if (idle > 0) {
    // Why nothing smaller was chosen: each smaller type is too small for the pod, or Spot-only.
    const smaller = catalog.filter((i) => carries(i, machine) && i.gpu.count >= gpu.count && i.gpu.count < instance.gpu.count);
    const tooSmall = smaller.filter((i) => allowed(i));
    const spotOnly = smaller.filter((i) => !allowed(i));
    const names = (xs: CloudInstanceType[]) => xs.map((i) => i.name).join(", ");
    const reasons = [
      ...(tooSmall.length > 0 ? [`${names(tooSmall)} ${tooSmall.length === 1 ? "has" : "have"} too little CPU or memory for the pod's requests (${need.vcpu} vCPU, ${round(need.memoryGiB)} GiB)`] : []),
      ...(spotOnly.length > 0 ? [`${names(spotOnly)} ${spotOnly.length === 1 ? "is" : "are"} offered only as Spot or flex-start capacity (${spotHint} to use ${spotOnly.length === 1 ? "it" : "them"})`] : []),
    ];
    warnings.push({ path: "machineType", message: `${summary}${reasons.map((r) => `; ${r}`).join("")}` });
  }
  // A note on capacity (Spot-only) is already acted on: such a type is chosen only with Spot asked for.
  if (instance.note && !instance.spotOnly) warnings.push({ path: "machineType", message: `${instance.name}: ${instance.note}` });
  return { choice: { instance, idleGpus: idle, replicasPerNode: perNode, source: "catalog", summary }, issues: [], warnings };
}

const round = (x: number) => Math.round(x * 10) / 10;
