/**
 * What the probes mean in time, in plain language: when the first check runs, how long a slow
 * start may take, how fast a failing replica leaves the load balancer and a hung one is restarted.
 * Follows the kubelet's worker semantics
 * (https://github.com/kubernetes/kubernetes/tree/master/pkg/kubelet/prober): checks run on a fixed
 * period, a result counts after `failureThreshold` consecutive failures, and a hung check costs a
 * full timeout.
 */
import type { Probe } from "../manifests/k8s";
import { PROBE_KINDS, ProbeKind, ResolvedProbes, failureWindowSeconds, startupBudgetSeconds } from "./probes";

/** A time window in seconds, [from, to]. */
export interface Window {
  from: number;
  to: number;
}

export interface ProbeTimeline {
  kind: ProbeKind;
  /** `HTTP GET :8000/ready` or `exec cat /tmp/ready`. */
  action: string;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  /** When the first check runs: after container start, or after startup succeeds (gated). */
  firstCheck: { after: "container start" | "startup success"; window: Window };
  /** Startup only: the longest a slow start may take before the container is restarted. */
  startupBudgetSeconds?: number;
  /** Readiness only: from the first failing response to leaving the Service's endpoints. */
  leavesLoadBalancer?: Window;
  /** Readiness only: the same when the app hangs (each check times out). */
  leavesLoadBalancerWhenHung?: Window;
  /** Liveness only: from the moment the app hangs to the container's restart. */
  restartWhenHung?: Window;
  /** Liveness only: from the first failing response to the restart. */
  restartWhenFailing?: Window;
}

function actionOf(p: Probe): string {
  if (p.exec) return `exec ${p.exec.command.join(" ")}`;
  const h = p.httpGet!;
  return `HTTP GET ${h.host ?? ""}:${h.port}${h.path}`;
}

/** F consecutive fast failures, the first within one period of the fault. */
function failingWindow(p: Probe): Window {
  return { from: (p.failureThreshold - 1) * p.periodSeconds, to: failureWindowSeconds(p) };
}

/** F consecutive timeouts: a check never starts before the previous one has timed out. */
function hungWindow(p: Probe): Window {
  const interval = Math.max(p.periodSeconds, p.timeoutSeconds);
  const from = (p.failureThreshold - 1) * interval + p.timeoutSeconds;
  return { from, to: from + p.periodSeconds };
}

/** The timeline of each probe a deployment has. */
export function probeTimelines(probes: ResolvedProbes): ProbeTimeline[] {
  const gated = probes.startup !== undefined;
  return PROBE_KINDS.flatMap((kind): ProbeTimeline[] => {
    const p = probes[kind];
    if (!p) return [];
    const base: ProbeTimeline = {
      kind,
      action: actionOf(p),
      periodSeconds: p.periodSeconds,
      timeoutSeconds: p.timeoutSeconds,
      failureThreshold: p.failureThreshold,
      firstCheck:
        kind !== "startup" && gated
          ? { after: "startup success", window: { from: 0, to: p.periodSeconds } }
          : { after: "container start", window: { from: p.initialDelaySeconds, to: p.initialDelaySeconds + p.periodSeconds } },
    };
    if (kind === "startup") return [{ ...base, startupBudgetSeconds: startupBudgetSeconds(p) }];
    if (kind === "readiness") return [{ ...base, leavesLoadBalancer: failingWindow(p), leavesLoadBalancerWhenHung: hungWindow(p) }];
    return [{ ...base, restartWhenFailing: failingWindow(p), restartWhenHung: hungWindow(p) }];
  });
}

const s = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(1)} s`;
const win = (w: Window) => (w.from === w.to ? s(w.from) : `${w.from}-${s(w.to)}`);

/** The plain-language lines of one timeline (without the heading). */
export function describeTimeline(t: ProbeTimeline): string[] {
  const lines = [
    `${t.action}, every ${s(t.periodSeconds)}, timeout ${s(t.timeoutSeconds)}, ${t.failureThreshold} consecutive ${t.failureThreshold === 1 ? "failure" : "failures"} to act`,
    t.firstCheck.after === "container start"
      ? `first check ${win(t.firstCheck.window)} after the container starts`
      : `first check within ${s(t.firstCheck.window.to)} after the startup probe succeeds (liveness and readiness wait for it)`,
  ];
  if (t.startupBudgetSeconds !== undefined) {
    const delay = t.firstCheck.window.from;
    lines.push(
      `a slow start may take up to ${s(t.startupBudgetSeconds)} (${delay > 0 ? `${s(delay)} delay + ` : ""}${s(t.periodSeconds)} x ${t.failureThreshold}) before the container is restarted: the startup budget`,
    );
  }
  if (t.leavesLoadBalancer) {
    lines.push(
      `a failing replica leaves the load balancer ${win(t.leavesLoadBalancer)} after it starts failing (${win(t.leavesLoadBalancerWhenHung!)} if it hangs)`,
    );
  }
  if (t.restartWhenHung) {
    lines.push(`a hung container is restarted ${win(t.restartWhenHung)} after it hangs (${win(t.restartWhenFailing!)} if it answers with errors)`);
  }
  return lines;
}

/** Headline figures of the timelines, by name, for before/after comparisons. */
export function timelineFigures(timelines: readonly ProbeTimeline[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of timelines) {
    out[`${t.kind} probe`] = t.action;
    out[`${t.kind} first check`] =
      t.firstCheck.after === "container start" ? `${win(t.firstCheck.window)} after start` : `within ${s(t.firstCheck.window.to)} after startup`;
    if (t.startupBudgetSeconds !== undefined) out["startup budget"] = s(t.startupBudgetSeconds);
    if (t.leavesLoadBalancer) out["failing replica leaves the load balancer after"] = win(t.leavesLoadBalancer);
    if (t.restartWhenHung) out["hung container restarted after"] = win(t.restartWhenHung);
  }
  return out;
}
