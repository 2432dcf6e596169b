/**
 * How a Deployment replaces its pods: the rolling-update strategy, always written out. On GPU
 * machines the default adds no pod (`maxSurge: 0`) and takes one down at a time
 * (`maxUnavailable: 1`): a surge pod would need a spare GPU node of the same kind, which scarce GPU
 * pools rarely have. `Recreate` is never used: switching an existing Deployment to it through Pulumi
 * fails (https://github.com/pulumi/pulumi-kubernetes/issues/2843). Pure.
 */
import { CPU_ROLLOUT, GPU_ROLLOUT } from "./defaults";
import type { MachineType } from "./machines";
import { SpecIssue, describeValue } from "./spec/issues";
import type { IntOrString } from "./spec/types";

/** `maxSurge` / `maxUnavailable`: a number of pods or a percentage of the replicas (`"25%"`). */
export type PodCount = IntOrString;

export interface RolloutOptions {
  /** Pods a rollout may add above the replica count. */
  maxSurge?: PodCount;
  /** Pods a rollout may take down below the replica count. */
  maxUnavailable?: PodCount;
}

export interface ResolvedRollout {
  maxSurge: PodCount;
  maxUnavailable: PodCount;
}

const PERCENT = /^(100|[1-9]?[0-9])%$/;

/** The strategy for a machine: the options, else the default for GPU or CPU machines. */
export function resolveRollout(machine: MachineType, options: RolloutOptions | undefined, issues: SpecIssue[]): ResolvedRollout {
  const fallback = machine.gpu ? GPU_ROLLOUT : CPU_ROLLOUT;
  const out: ResolvedRollout = { maxSurge: options?.maxSurge ?? fallback.maxSurge, maxUnavailable: options?.maxUnavailable ?? fallback.maxUnavailable };
  // The values' form is checked with the other options (`rolloutIssues`); this needs the machine.
  if (rolloutIssues(options).length === 0 && isZero(out.maxSurge) && isZero(out.maxUnavailable)) {
    issues.push({ path: "rollout", message: "maxSurge and maxUnavailable cannot both be 0: the rollout could never replace a pod" });
  }
  return out;
}

const isZero = (v: PodCount) => v === 0 || v === "0%";

/** Problems with the form of the given rollout values (checked before the spec is known valid). */
export function rolloutIssues(options: RolloutOptions | undefined): SpecIssue[] {
  const issues: SpecIssue[] = [];
  for (const field of ["maxSurge", "maxUnavailable"] as const) {
    const v = options?.[field];
    if (v === undefined) continue;
    if (!((typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 2147483647) || (typeof v === "string" && PERCENT.test(v)))) {
      issues.push({ path: `rollout.${field}`, message: `must be a whole number of pods >= 0 or a percentage such as "25%" (got ${describeValue(v)})` });
    }
  }
  return issues;
}

/**
 * The pods a rollout adds and takes down at a time for `replicas`, as the Deployment controller
 * rounds them (surge up, unavailability down; both 0 would make unavailability 1).
 */
export function rolloutStep(rollout: ResolvedRollout, replicas: number): { surge: number; unavailable: number } {
  const count = (v: PodCount, round: (x: number) => number) => (typeof v === "number" ? v : round((Number.parseInt(v, 10) / 100) * replicas));
  const surge = count(rollout.maxSurge, Math.ceil);
  let unavailable = count(rollout.maxUnavailable, Math.floor);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** How many waves a rollout of `replicas` pods takes: each may take a full progress deadline. */
export function rolloutWaves(rollout: ResolvedRollout, replicas: number): number {
  if (replicas <= 1) return 1;
  const { surge, unavailable } = rolloutStep(rollout, replicas);
  return Math.ceil(replicas / Math.max(1, surge + unavailable));
}
