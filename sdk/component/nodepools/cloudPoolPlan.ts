/**
 * What the GKE, EKS and AKS plans share: the instance choice, the checks of the user's own catalog
 * entries and zones, and the preview's facts about instance, zones and scaling. Pure.
 */
import { SpecIssue, SpecWarning, describeValue } from "../../core/spec/issues";
import type { PlannedPool, PoolRequest } from "./backend";
import { CLOUD_NAMES, Cloud, CloudInstanceType } from "./cloudInstances";
import { InstanceChoice, allocatable, chooseInstance } from "./instanceChoice";
import { ownPoolPlacement } from "./placement";

/** A field that must be given: not undefined, null or an empty string (an Output is checked by the provider). */
export function requiredIssue(value: unknown, path: string, what: string): SpecIssue | undefined {
  return value === undefined || value === null || value === "" ? { path, message: `required: ${what}` } : undefined;
}

/** Checks the user's own catalog entries. */
export function instanceTypeIssues(list: unknown, cloud: Cloud): SpecIssue[] {
  if (list === undefined) return [];
  const at = `${cloud}.instanceTypes`;
  if (!Array.isArray(list)) return [{ path: at, message: `must be a list of { name, gpu: { model, product, count, memoryGiB }, vcpu, memoryGiB } (got ${describeValue(list)})` }];
  const issues: SpecIssue[] = [];
  list.forEach((raw: Partial<CloudInstanceType>, i) => {
    const p = `${at}[${i}]`;
    if (typeof raw?.name !== "string" || raw.name === "") issues.push({ path: `${p}.name`, message: `required: the instance type's name (got ${describeValue(raw?.name)})` });
    for (const key of ["vcpu", "memoryGiB"] as const) {
      if (typeof raw?.[key] !== "number" || !(raw[key]! > 0)) issues.push({ path: `${p}.${key}`, message: `must be a number > 0 (got ${describeValue(raw?.[key])})` });
    }
    const gpu = raw?.gpu;
    if (typeof gpu !== "object" || gpu === null) {
      issues.push({ path: `${p}.gpu`, message: "required: { model, product, count, memoryGiB }" });
    } else {
      if (!Number.isInteger(gpu.count) || gpu.count < 1) issues.push({ path: `${p}.gpu.count`, message: `must be a whole number >= 1 (got ${describeValue(gpu.count)})` });
      if (typeof gpu.memoryGiB !== "number" || !(gpu.memoryGiB > 0)) issues.push({ path: `${p}.gpu.memoryGiB`, message: `must be a number > 0 (got ${describeValue(gpu.memoryGiB)})` });
      for (const key of ["model", "product"] as const) {
        if (typeof gpu[key] !== "string" || gpu[key] === "") issues.push({ path: `${p}.gpu.${key}`, message: `required: the GPU's ${key === "product" ? "nvidia.com/gpu.product label value" : "display name"}` });
      }
    }
    if (raw?.spotOnly !== undefined && typeof raw.spotOnly !== "boolean") issues.push({ path: `${p}.spotOnly`, message: `must be true or false (got ${describeValue(raw.spotOnly)})` });
    if (cloud === "gke" && (typeof raw?.accelerator !== "string" || raw.accelerator === "")) {
      issues.push({ path: `${p}.accelerator`, message: "required on GKE: the accelerator type to attach, e.g. nvidia-tesla-t4" });
    }
  });
  return issues;
}

/** Checks a list of zones: distinct, each matching `rule`. */
export function zoneIssues(zones: unknown, path: string, rule: RegExp, example: string): SpecIssue[] {
  if (zones === undefined) return [];
  if (!Array.isArray(zones) || zones.length === 0) return [{ path, message: `must be a non-empty list of zones such as ${example} (got ${describeValue(zones)})` }];
  const issues: SpecIssue[] = [];
  zones.forEach((z, i) => {
    if (typeof z !== "string" || !rule.test(z)) issues.push({ path: `${path}[${i}]`, message: `must be a zone such as ${example} (got ${describeValue(z)})` });
    else if (zones.indexOf(z) !== i) issues.push({ path: `${path}[${i}]`, message: `${describeValue(z)} is given twice` });
  });
  return issues;
}

/** A value that must be one of `allowed`, when given. */
export function oneOfIssue(value: unknown, path: string, allowed: readonly string[]): SpecIssue | undefined {
  if (value === undefined || allowed.includes(value as string)) return undefined;
  return { path, message: `must be one of ${allowed.join(", ")} (got ${describeValue(value)})` };
}

/** The preview's sentence about scaling. */
export function scalingFact(cloud: Cloud, request: PoolRequest, how: string): string {
  const range = `${request.minNodes}-${request.maxNodes} nodes, ${how}`;
  return request.minNodes === 0
    ? `${range}; scales from zero: the first replica waits for a new ${CLOUD_NAMES[cloud]} node (the rollout deadlines of a deployment on this pool include node provisioning headroom)`
    : range;
}

/**
 * Runs the checks every cloud shares and the instance choice; `own` are the cloud's own issues.
 * Returns the choice (when there is one) with the planner's answer.
 */
export function planCloudPool(
  cloud: Cloud,
  request: PoolRequest,
  given: string | undefined,
  extra: unknown,
  own: Array<SpecIssue | undefined>,
  facts: (choice: InstanceChoice) => { zones: string; scaling: string; agentPool?: string },
  spot: { asked: boolean; hint: string },
): { choice?: InstanceChoice; planned: PlannedPool } {
  const issues: SpecIssue[] = own.filter((i): i is SpecIssue => i !== undefined);
  if (request.maxNodes < 1) issues.push({ path: "maxNodes", message: `must be >= 1 for ${cloud === "gke" ? "a" : "an"} ${CLOUD_NAMES[cloud]} node pool (got ${request.maxNodes})` });
  const extraIssues = instanceTypeIssues(extra, cloud);
  issues.push(...extraIssues);
  const warnings: SpecWarning[] = [];
  let choice: InstanceChoice | undefined;
  if (extraIssues.length === 0) {
    const chosen = chooseInstance(cloud, request.machine, given, (extra as CloudInstanceType[] | undefined) ?? [], {
      ...(request.compute ? { compute: request.compute } : {}),
      spot: spot.asked,
      spotHint: spot.hint,
    });
    issues.push(...chosen.issues);
    warnings.push(...chosen.warnings);
    choice = chosen.choice;
  }
  const f = choice ? facts(choice) : undefined;
  return {
    choice,
    planned: {
      placement: ownPoolPlacement(request.name),
      issues,
      warnings,
      ...(choice ? { replicasPerNode: choice.replicasPerNode } : {}),
      // A type outside the catalog has no known size: nothing to check a deployment's requests against.
      ...(choice && !choice.unknownSize ? { nodeRoom: { instance: choice.instance.name, ...allocatable(choice.instance) } } : {}),
      ...(choice && f ? { facts: { instance: choice.summary, zones: f.zones, scaling: f.scaling, ...(f.agentPool ? { agentPool: f.agentPool } : {}) } } : {}),
    },
  };
}
