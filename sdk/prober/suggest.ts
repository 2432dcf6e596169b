/** Tuned probe values from an observed run, each with the reason. Pure. */
import type { ResolvedDeployment } from "../core/resolve";
import type { Verdict } from "./session";

export interface Suggestion {
  field: string;
  from: number;
  to: number;
  why: string;
}

/** What the suggestions are made from: the times since the container's start, and whether the run saw that start. */
export type TuningInput = Pick<Verdict, "mode" | "startObserved" | "startedAfterSeconds" | "readyAfterSeconds">;

/**
 * Why a run gives no suggestions although they were asked for, or undefined when it can give
 * them: every value is derived from the time since the container's start, which only `--exec`
 * sees (the container's start is the app's process start). With `--url` the app started before
 * the run or apart from it, and an app that is already up when the run begins answers at once:
 * its start-up time is unknown, and no value may be derived from it. The same holds for `--exec`
 * when something else already answered on the app's port.
 */
export function withheldSuggestions(v: TuningInput): string | undefined {
  if (v.startObserved) return undefined;
  return v.mode === "url"
    ? "none: the app's start was not seen (--url probes an app started apart from the run, so the times count from the run's start, not the app's); run it with --exec to measure its start-up"
    : "none: the app's start was not seen (something else already answered on its port, see the warnings)";
}

export function suggestTuning(r: ResolvedDeployment, v: TuningInput): Suggestion[] {
  if (withheldSuggestions(v) !== undefined) return [];
  const out: Suggestion[] = [];
  const s = r.probes.startup;
  if (s && v.startedAfterSeconds !== undefined) {
    const budget = s.initialDelaySeconds + s.periodSeconds * s.failureThreshold;
    const observed = v.startedAfterSeconds;
    // Keep (or grow) the budget, check more often: the start is noticed at most one period late.
    const wanted = Math.max(budget, Math.ceil(observed * 2));
    const period = Math.max(1, Math.min(s.periodSeconds, observed < 10 ? 1 : 2));
    if (period < s.periodSeconds) {
      out.push({
        field: "healthChecks.startup.periodSeconds",
        from: s.periodSeconds,
        to: period,
        why: `the app started after ${observed.toFixed(1)} s; checking every ${period} s instead of ${s.periodSeconds} s notices it up to ${s.periodSeconds - period} s sooner`,
      });
    }
    const failures = Math.ceil((wanted - s.initialDelaySeconds) / period);
    if (failures !== s.failureThreshold) {
      out.push({
        field: "healthChecks.startup.failureThreshold",
        from: s.failureThreshold,
        to: failures,
        why:
          wanted > budget
            ? `the start used ${((observed / budget) * 100).toFixed(0)} % of the ${budget} s budget; ${failures} x ${period} s gives ${wanted} s, twice the observed start`
            : `${failures} x ${period} s keeps the ${budget} s startup budget`,
      });
    }
  }
  const ready = r.probes.readiness;
  if (ready && !s && v.readyAfterSeconds !== undefined && ready.periodSeconds > 2 && v.readyAfterSeconds > ready.periodSeconds) {
    out.push({
      field: "healthChecks.readiness.periodSeconds",
      from: ready.periodSeconds,
      to: 2,
      why: `the replica became ready after ${v.readyAfterSeconds.toFixed(1)} s; a shorter period puts it in the load balancer sooner (or add a startup probe)`,
    });
  }
  return out;
}
