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
  const timing = {
    initialDelaySeconds: check.initialDelaySeconds ?? PROBE_DEFAULTS.initialDelaySeconds,
    periodSeconds: check.periodSeconds ?? PROBE_DEFAULTS.periodSeconds,
    timeoutSeconds: check.timeoutSeconds ?? PROBE_DEFAULTS.timeoutSeconds,
    successThreshold: PROBE_DEFAULTS.successThreshold,
    failureThreshold: check.failureThreshold ?? PROBE_DEFAULTS.failureThreshold,
  };
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

/**
 * How long a slow start may take before the kubelet restarts the container: the startup probe's
 * initial delay plus period × failureThreshold (Gradient's worked example: 10 × 6 = 60 s).
 */
export function startupBudgetSeconds(startup: Probe): number {
  return startup.initialDelaySeconds + startup.periodSeconds * startup.failureThreshold;
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
