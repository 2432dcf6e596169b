/** Tuned probe values from an observed run, each with the reason. Pure. */
import type { ResolvedDeployment } from "../core/resolve";
import type { Verdict } from "./session";

export interface Suggestion {
  field: string;
  from: number;
  to: number;
  why: string;
}

export function suggestTuning(r: ResolvedDeployment, v: Pick<Verdict, "startedAfterSeconds" | "readyAfterSeconds">): Suggestion[] {
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
