/**
 * Kubernetes probe fields that Gradient health checks do not have (`successThreshold`, and the
 * probe-level `terminationGracePeriodSeconds`): users who know Kubernetes write them expecting them
 * to work. They are not part of the Gradient format, so they are dropped, with a warning that says
 * what the kubelet would have done with them and what happens instead (under `--strict`, an error
 * like every warning). Kubernetes' own rules, from `validateProbe` and friends in
 * https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go:
 * `successThreshold` must be 1 on liveness and startup probes and may be more on readiness; a
 * probe-level `terminationGracePeriodSeconds` must not be set on readiness, and on liveness and
 * startup it replaces the pod's grace period for the kills those probes cause
 * (`setTerminationGracePeriod` in pkg/kubelet/kuberuntime/kuberuntime_container.go).
 */
import type { ProbeKind } from "../probes";
import { describeValue } from "./issues";

/** The Kubernetes-only fields of a probe, by name. */
export const KUBERNETES_ONLY_PROBE_FIELDS = ["successThreshold", "terminationGracePeriodSeconds"] as const;

/** Whether Kubernetes could read `value` into an int32 field (the API refuses "abc", 2.5, 2^31). */
function isInt32(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647;
}

/** The warning for `field` (one of `KUBERNETES_ONLY_PROBE_FIELDS`) on a `kind` check, given the value written. */
export function kubernetesOnlyProbeFieldMessage(kind: string, field: (typeof KUBERNETES_ONLY_PROBE_FIELDS)[number], value: unknown): string {
  const known = (["startup", "readiness", "liveness"] as readonly string[]).includes(kind) ? (kind as ProbeKind) : undefined;
  const got = describeValue(value);
  const notInt = `; Kubernetes would refuse it too: the field is a whole number (int32)`;
  if (field === "successThreshold") {
    const head = `Gradient health checks have no successThreshold, so ${got} is ignored and the probe keeps Kubernetes' default, 1`;
    if (!isInt32(value)) return `${head}${notInt}`;
    // validateProbe: "must be greater than or equal to 0"; SetDefaults_Probe reads 0 as 1.
    if (value < 0) return `${head}; Kubernetes would refuse it too ("must be greater than or equal to 0")`;
    if (value === 0) return `${head}, which is also what Kubernetes makes of 0 (its default): nothing changes`;
    if (known === "readiness") {
      return value === 1
        ? `${head} (the same value: nothing changes)`
        : `${head}: one successful check makes the replica ready again, where the kubelet would have waited for ${value} successes in a row`;
    }
    if (known) return `${head}, which is also the only value Kubernetes accepts on a ${known} probe ("must be 1"): one successful check counts`;
    return head;
  }
  const head = `Gradient health checks have no terminationGracePeriodSeconds, so ${got} is ignored`;
  if (known === "readiness") return `${head}; Kubernetes refuses it on a readiness probe ("must not be set for readinessProbes"): readiness never kills the container`;
  if (!isInt32(value)) return `${head}${notInt}`;
  // validateProbe: a probe-level terminationGracePeriodSeconds "must be greater than 0".
  if (value <= 0) return `${head}; Kubernetes would refuse it too ("must be greater than 0")`;
  if (known) {
    return `${head}: when failed ${known} checks kill the container, it gets the pod's grace period (terminationGracePeriodSeconds, 30 s by default; the component's terminationGracePeriodSeconds argument or CLI --termination-grace-period set it, for every stop), not ${value} s; the kubelet allows at least 2 s either way`;
  }
  return head;
}
