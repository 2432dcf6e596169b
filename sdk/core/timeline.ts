/**
 * What the probes mean in time, in plain language: when the first check runs, when a start that
 * never answers (or hangs) is killed, how fast a failing replica leaves the load balancer and a
 * hung one is killed. Follows the kubelet's worker semantics
 * (https://github.com/kubernetes/kubernetes/tree/master/pkg/kubelet/prober): each check ticks on
 * its period from a phase the kubelet does not choose (so each figure is a window [from, to)),
 * a result counts after `failureThreshold` consecutive failures, a hung check costs a full
 * timeout and checks never overlap, checks gated by startup still honour their own delay from
 * the container's start, and readiness runs at once when startup succeeds.
 */
import type { Probe } from "../manifests/k8s";
import { PROBE_KINDS, ProbeKind, ResolvedProbes, Window, failingWindow, hungWindow, killWindowsFromStart, startupBudgetSeconds } from "./probes";
import { CONTAINER_BACK_OFF, MINIMUM_GRACE_SECONDS, TERMINATION_GRACE_SECONDS } from "./defaults";

export type { Window } from "./probes";

export type FirstCheck =
  /** [D, D+p) after the container starts. */
  | { after: "container start"; window: Window }
  /**
   * Gated by startup, which succeeds at S after the container starts. Liveness: in
   * [max(S, D), max(S, D) + p). Readiness (`triggered`): at once at S when S >= D, else in
   * [D, D+p) after the container starts.
   */
  | { after: "startup success"; delaySeconds: number; periodSeconds: number; triggered: boolean };

export interface ProbeTimeline {
  kind: ProbeKind;
  /** `HTTP GET :8000/ready` or `exec cat /tmp/ready`. */
  action: string;
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  firstCheck: FirstCheck;
  /** Startup only: after the container starts, when a start that never answers is killed. */
  killedWhenFailing?: Window;
  /** Startup only: after the container starts, when a start whose every check times out is killed. */
  killedWhenHung?: Window;
  /** Startup only: a start that answers within this long after the container starts is never killed. */
  guaranteedStartSeconds?: number;
  /** Startup only: Gradient's figure, D + p × F: the upper end for a start that never answers. */
  startupBudgetSeconds?: number;
  /**
   * Readiness only: from the moment the app starts failing fast (an error status, refused) to
   * leaving the Service's endpoints. The first failing check comes within a period of that moment.
   */
  leavesLoadBalancer?: Window;
  /** Readiness only: from the moment the app hangs (each check times out). */
  leavesLoadBalancerWhenHung?: Window;
  /** Liveness only: from the moment the app hangs to the kubelet's decision to kill it. */
  restartWhenHung?: Window;
  /** Liveness only: from the moment the app starts failing fast to that decision. */
  restartWhenFailing?: Window;
  /**
   * Readiness and liveness: once the first failing check has failed, the kubelet acts exactly
   * this long later (no tick phase left to chance): (F-1)·p after a fast failure, and
   * (F-1)·max(p, T) after the first check that timed out (checks never overlap).
   */
  actsAfterFirstFailure?: { failing: number; hung: number };
  /**
   * Liveness and startup: what a kill then costs before the new container starts: the stop (up to
   * the grace period) and the back-off (none the first time, then 10 s doubling to 300 s).
   */
  restart?: {
    /** The grace period the kubelet gives the kill: at least 2 s (`minimumGracePeriodInSeconds`). */
    terminationGracePeriodSeconds: number;
    /** The grace period the spec asked for, when the kubelet raises it to its 2 s minimum. */
    requestedGracePeriodSeconds?: number;
    backOffSeconds: { first: number; then: number; max: number };
  };
}

function actionOf(p: Probe): string {
  if (p.exec) return `exec ${p.exec.command.join(" ")}`;
  const h = p.httpGet!;
  return `HTTP GET ${h.host ?? ""}:${h.port}${h.path}`;
}

export interface TimelineOptions {
  /** The pod's grace period, which a kill then takes at most. @default TERMINATION_GRACE_SECONDS (30) */
  terminationGracePeriodSeconds?: number;
}

/** The timeline of each probe a deployment has. */
export function probeTimelines(probes: ResolvedProbes, options: TimelineOptions = {}): ProbeTimeline[] {
  const gated = probes.startup !== undefined;
  const requested = options.terminationGracePeriodSeconds ?? TERMINATION_GRACE_SECONDS;
  const restart = {
    // kuberuntime_container.go killContainer: a shorter grace period is raised to 2 s.
    terminationGracePeriodSeconds: Math.max(requested, MINIMUM_GRACE_SECONDS),
    ...(requested < MINIMUM_GRACE_SECONDS ? { requestedGracePeriodSeconds: requested } : {}),
    backOffSeconds: { first: 0, then: CONTAINER_BACK_OFF.initialSeconds, max: CONTAINER_BACK_OFF.maxSeconds },
  };
  return PROBE_KINDS.flatMap((kind): ProbeTimeline[] => {
    const p = probes[kind];
    if (!p) return [];
    const D = p.initialDelaySeconds;
    const base: ProbeTimeline = {
      kind,
      action: actionOf(p),
      initialDelaySeconds: D,
      periodSeconds: p.periodSeconds,
      timeoutSeconds: p.timeoutSeconds,
      failureThreshold: p.failureThreshold,
      firstCheck:
        kind !== "startup" && gated
          ? { after: "startup success", delaySeconds: D, periodSeconds: p.periodSeconds, triggered: kind === "readiness" }
          : { after: "container start", window: { from: D, to: D + p.periodSeconds } },
    };
    if (kind === "startup") {
      const kill = killWindowsFromStart(p);
      return [
        {
          ...base,
          killedWhenFailing: kill.failing,
          killedWhenHung: kill.hung,
          guaranteedStartSeconds: kill.failing.from,
          startupBudgetSeconds: startupBudgetSeconds(p),
          restart,
        },
      ];
    }
    const actsAfterFirstFailure = {
      failing: (p.failureThreshold - 1) * p.periodSeconds,
      hung: (p.failureThreshold - 1) * Math.max(p.periodSeconds, p.timeoutSeconds),
    };
    if (kind === "readiness") return [{ ...base, leavesLoadBalancer: failingWindow(p), leavesLoadBalancerWhenHung: hungWindow(p), actsAfterFirstFailure }];
    return [{ ...base, restartWhenFailing: failingWindow(p), restartWhenHung: hungWindow(p), actsAfterFirstFailure, restart }];
  });
}

const s = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(1)} s`;
const win = (w: Window) => (w.from === w.to ? s(w.from) : `${w.from}-${s(w.to)}`);

function firstCheckLine(t: ProbeTimeline): string {
  const f = t.firstCheck;
  if (f.after === "container start") return `first check ${win(f.window)} after the container starts (the kubelet's tick phase is random)`;
  const delayed = f.delaySeconds > 0;
  if (f.triggered) {
    return `first check at once when the startup probe succeeds (the kubelet triggers readiness then)${
      delayed ? `, or ${win({ from: f.delaySeconds, to: f.delaySeconds + f.periodSeconds })} after the container starts if startup succeeds before its ${s(f.delaySeconds)} delay` : ""
    }`;
  }
  return `first check within ${s(f.periodSeconds)} after the startup probe succeeds (${t.kind} waits for it)${
    delayed ? `, and not before its ${s(f.delaySeconds)} delay from the container's start` : ""
  }`;
}

function restartLine(t: ProbeTimeline): string {
  const r = t.restart!;
  const grace =
    r.requestedGracePeriodSeconds !== undefined
      ? `up to its grace period: ${s(r.terminationGracePeriodSeconds)}, the kubelet's minimum, not the ${s(r.requestedGracePeriodSeconds)} asked for`
      : `up to its ${s(r.terminationGracePeriodSeconds)} grace period`;
  const ready = t.kind === "liveness" ? "; until it has exited, readiness keeps probing it and a Ready pod keeps receiving traffic" : "";
  return `"killed" is the kubelet's decision: the container then stops (${grace}${ready}) and restarts at once the first time, then after a back-off of ${s(r.backOffSeconds.then)} doubling to ${s(r.backOffSeconds.max)}`;
}

/** The plain-language lines of one timeline (without the heading). */
export function describeTimeline(t: ProbeTimeline): string[] {
  const lines = [
    `${t.action}, every ${s(t.periodSeconds)}, timeout ${s(t.timeoutSeconds)}, ${t.failureThreshold} consecutive ${t.failureThreshold === 1 ? "failure" : "failures"} to act`,
    firstCheckLine(t),
  ];
  if (t.killedWhenFailing && t.killedWhenHung) {
    const same = t.killedWhenFailing.from === t.killedWhenHung.from && t.killedWhenFailing.to === t.killedWhenHung.to;
    lines.push(
      `a start that never answers is killed ${win(t.killedWhenFailing)} after the container starts${same ? "" : `; one whose checks hang (each timing out) ${win(t.killedWhenHung)}`}`,
      `a start that answers within ${s(t.guaranteedStartSeconds!)} is never killed: the guaranteed minimum (Gradient's startup budget, ${s(t.startupBudgetSeconds!)} = ${
        t.initialDelaySeconds > 0 ? `${s(t.initialDelaySeconds)} + ` : ""
      }${s(t.periodSeconds)} x ${t.failureThreshold}, is the upper end for a start that never answers)`,
      restartLine(t),
    );
  }
  const exact = (failing: number, p: number) => `exactly ${s(failing)} after the first failing check, which comes within ${s(p)} of the failure`;
  if (t.leavesLoadBalancer) {
    const a = t.actsAfterFirstFailure!;
    lines.push(
      `a replica that starts failing (an error status, refused) leaves the load balancer ${win(t.leavesLoadBalancer)} after it starts failing (${exact(a.failing, t.periodSeconds)}); one that hangs (each check timing out), ${win(t.leavesLoadBalancerWhenHung!)} after it hangs (exactly ${s(a.hung)} after the first check times out)`,
    );
  }
  if (t.restartWhenHung) {
    const a = t.actsAfterFirstFailure!;
    lines.push(
      `a container that starts failing (an error status, refused) is killed ${win(t.restartWhenFailing!)} after it starts failing (${exact(a.failing, t.periodSeconds)}); a hung one (each check timing out) ${win(t.restartWhenHung)} after it hangs (exactly ${s(a.hung)} after the first check times out)`,
      restartLine(t),
    );
  }
  return lines;
}

/** Headline figures of the timelines, by name, for before/after comparisons. */
export function timelineFigures(timelines: readonly ProbeTimeline[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of timelines) {
    out[`${t.kind} probe`] = t.action;
    const f = t.firstCheck;
    out[`${t.kind} first check`] =
      f.after === "container start"
        ? `${win(f.window)} after start`
        : f.triggered
          ? `at startup success${f.delaySeconds > 0 ? `, not before ${s(f.delaySeconds)}` : ""}`
          : `within ${s(f.periodSeconds)} after startup${f.delaySeconds > 0 ? `, not before ${s(f.delaySeconds)}` : ""}`;
    if (t.startupBudgetSeconds !== undefined) out["startup budget"] = s(t.startupBudgetSeconds);
    if (t.killedWhenFailing) out["start that never answers killed after"] = win(t.killedWhenFailing);
    if (t.killedWhenHung) out["hung start killed after"] = win(t.killedWhenHung);
    if (t.leavesLoadBalancer) out["failing replica leaves the load balancer after it starts failing"] = win(t.leavesLoadBalancer);
    if (t.restartWhenFailing) out["failing container killed after it starts failing"] = win(t.restartWhenFailing);
    if (t.restartWhenHung) out["hung container killed after it hangs"] = win(t.restartWhenHung);
  }
  return out;
}
