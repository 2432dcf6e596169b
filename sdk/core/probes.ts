/**
 * Gradient health checks to Kubernetes probes, with every default written out, so the manifest
 * shows exactly what the kubelet will run (no server-side defaulting left to guess).
 */
import { PROBE_DEFAULTS, PROBE_SCHEME } from "./defaults";
import type { HealthCheck, HealthChecks } from "./spec/types";
import type { Probe } from "../manifests/k8s";

export const PROBE_KINDS = ["startup", "readiness", "liveness"] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];

/** The Kubernetes probes of a deployment, by kind; a kind the spec leaves out is absent. */
export interface ResolvedProbes {
  /** Gates the others until it succeeds. */
  startup?: Probe;
  /** Takes the pod out of the Service's endpoints while it fails. */
  readiness?: Probe;
  /** Restarts the container when it fails. */
  liveness?: Probe;
}

/** One Gradient health check as a Kubernetes probe; `defaultPort` is the deployment's port. */
export function buildProbe(check: HealthCheck, defaultPort: number | string): Probe {
  // Gradient has no successThreshold: it takes the default.
  const timing = probeTiming(check);
  if (check.exec) return { exec: { command: [...check.exec.command] }, ...timing };
  return {
    httpGet: {
      path: check.path ?? "/",
      port: check.port ?? defaultPort,
      ...(check.host !== undefined ? { host: check.host } : {}),
      scheme: PROBE_SCHEME,
      ...(check.headers && check.headers.length > 0
        ? { httpHeaders: check.headers.map((h) => ({ name: h.name, value: h.value })) }
        : {}),
    },
    ...timing,
  };
}

/** All probes of a spec. */
export function buildProbes(checks: HealthChecks | undefined, defaultPort: number | string): ResolvedProbes {
  const out: ResolvedProbes = {};
  for (const kind of PROBE_KINDS) {
    const check = checks?.[kind];
    if (check) out[kind] = buildProbe(check, defaultPort);
  }
  return out;
}

/** The timing fields of a probe. */
export type ProbeTiming = Pick<Probe, "initialDelaySeconds" | "periodSeconds" | "timeoutSeconds" | "successThreshold" | "failureThreshold">;

/**
 * A probe's timing as the API server defaults it (`SetDefaults_Probe`): a field left out takes its
 * Kubernetes default, so rules about objects we did not build see what the kubelet runs
 * (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Probe).
 */
export function probeTiming(p: Partial<ProbeTiming>): ProbeTiming {
  return {
    initialDelaySeconds: p.initialDelaySeconds ?? PROBE_DEFAULTS.initialDelaySeconds,
    periodSeconds: p.periodSeconds ?? PROBE_DEFAULTS.periodSeconds,
    timeoutSeconds: p.timeoutSeconds ?? PROBE_DEFAULTS.timeoutSeconds,
    successThreshold: p.successThreshold ?? PROBE_DEFAULTS.successThreshold,
    failureThreshold: p.failureThreshold ?? PROBE_DEFAULTS.failureThreshold,
  };
}

/**
 * How long a probe fails before the kubelet acts on it: `failureThreshold` consecutive failures,
 * one a period (period × failureThreshold).
 */
export function failureWindowSeconds(p: ProbeTiming): number {
  return p.failureThreshold * p.periodSeconds;
}

/**
 * How long a slow start may take before the kubelet restarts the container: the startup probe's
 * initial delay plus period × failureThreshold (Gradient's worked example: 10 × 6 = 60 s).
 */
export function startupBudgetSeconds(startup: ProbeTiming): number {
  return startup.initialDelaySeconds + failureWindowSeconds(startup);
}

/** A time window in seconds after some moment: [from, to). */
export interface Window {
  from: number;
  to: number;
}

/**
 * From the first check that fails to the kubelet acting, for fast failures (an error status,
 * connection refused): the F-th consecutive failure, one period apart, and the first failing
 * check lands within a period of the fault: [(F-1)p, Fp).
 */
export function failingWindow(p: ProbeTiming): Window {
  return { from: (p.failureThreshold - 1) * p.periodSeconds, to: failureWindowSeconds(p) };
}

/**
 * From the moment the app hangs to the kubelet acting, when each check runs its full timeout:
 * checks never overlap (a late tick runs at once when the previous one ends), so the F-th
 * timeout ends at (F-1)·max(p, T) + T after the first hung check, which lands within a period:
 * [(F-1)·max(p,T) + T, that + p).
 */
export function hungWindow(p: ProbeTiming): Window {
  const from = (p.failureThreshold - 1) * Math.max(p.periodSeconds, p.timeoutSeconds) + p.timeoutSeconds;
  return { from, to: from + p.periodSeconds };
}

/**
 * When a check that fails from the container's start kills it (startup, or liveness without
 * one), counted from the container's start: the first check lands in [D, D+p) (the kubelet's
 * tick phase is random), so each window is shifted by D.
 */
export function killWindowsFromStart(p: ProbeTiming): { failing: Window; hung: Window } {
  const shift = (w: Window): Window => ({ from: p.initialDelaySeconds + w.from, to: p.initialDelaySeconds + w.to });
  return { failing: shift(failingWindow(p)), hung: shift(hungWindow(p)) };
}

/**
 * The last moment, after the container's start, at which a check that kills on failure can still
 * succeed: its F-th attempt starts before D + p + (F-1)·max(p, T) and may take its full timeout.
 */
export function latestSuccessSeconds(p: ProbeTiming): number {
  return p.initialDelaySeconds + p.periodSeconds + (p.failureThreshold - 1) * Math.max(p.periodSeconds, p.timeoutSeconds) + p.timeoutSeconds;
}

/**
 * The longest the probes let a healthy but slow pod take, from its container's start, to become
 * ready. A start is bounded by the check that would kill it (startup, else liveness): its last
 * possible success, `latestSuccessSeconds`. Readiness then runs at once when startup succeeds
 * (the kubelet's trigger) or at its first tick after its own delay, and needs successThreshold
 * successes, each up to its timeout: max(start, D + p) + (S-1)·max(p, T) + T. Without a startup
 * check, readiness notices the app within a period of it answering. Without readiness, a pod is
 * ready once started.
 */
export function readyBudgetSeconds(probes: Pick<ResolvedProbes, "startup" | "readiness" | "liveness">): number {
  const killer = probes.startup ?? probes.liveness;
  const start = killer ? latestSuccessSeconds(killer) : 0;
  const r = probes.readiness;
  if (!r) return probes.startup ? start : 0;
  const noticed = probes.startup ? start : start > 0 ? start + r.periodSeconds : 0;
  return Math.max(noticed, r.initialDelaySeconds + r.periodSeconds) + (r.successThreshold - 1) * Math.max(r.periodSeconds, r.timeoutSeconds) + r.timeoutSeconds;
}
