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
export type ResolvedProbes = Partial<Record<ProbeKind, Probe>>;

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

/**
 * The longest the probes let a healthy but slow pod take, from container start, to become ready:
 * the startup budget (or the readiness delay, whichever ends later), plus one readiness period
 * for the first readiness check to land.
 */
export function readyBudgetSeconds(probes: ResolvedProbes): number {
  const startup = probes.startup ? startupBudgetSeconds(probes.startup) : 0;
  const r = probes.readiness;
  if (!r) return startup;
  return Math.max(startup, r.initialDelaySeconds) + r.periodSeconds * r.successThreshold;
}
