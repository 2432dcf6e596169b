/** The probe timeline's windows, from the kubelet's worker semantics, and the rollout budget. */
import * as assert from "node:assert/strict";
import { buildProbe, latestSuccessSeconds, readyBudgetSeconds } from "../../sdk/core/probes";
import { describeTimeline, probeTimelines } from "../../sdk/core/timeline";
import { resolveDeployment } from "../../sdk/core/resolve";
import { VirtualClock } from "../../sdk/prober/clock";
import { KubeletSim } from "../../sdk/prober/kubelet";
import { readFixture } from "../helpers";

const check = (o: Record<string, unknown>) => buildProbe({ path: "/", ...o }, 80);

describe("probe timeline", () => {
  it("the seed example: a start that never answers is killed 50-60 s after the container starts; 50 s is guaranteed", () => {
    const [startup, readiness, liveness] = probeTimelines(resolveDeployment(readFixture("seed-example.yaml")).probes);
    assert.equal(startup.kind, "startup");
    assert.deepEqual(startup.firstCheck, { after: "container start", window: { from: 0, to: 10 } });
    assert.deepEqual(startup.killedWhenFailing, { from: 50, to: 60 });
    assert.deepEqual(startup.killedWhenHung, { from: 51, to: 61 }, "D + (F-1)·max(p,T) + T with T 1 <= p 10");
    assert.equal(startup.guaranteedStartSeconds, 50);
    assert.equal(startup.startupBudgetSeconds, 60, "Gradient's figure, kept and explained");
    assert.deepEqual(readiness.firstCheck, { after: "startup success", delaySeconds: 0, periodSeconds: 10, triggered: true });
    assert.deepEqual(liveness.firstCheck, { after: "startup success", delaySeconds: 0, periodSeconds: 10, triggered: false });
    // 3 failures 10 s apart: 20-30 s after the first failing check; a hang: (3-1)·10 + 5 = 25-35 s.
    assert.deepEqual(readiness.leavesLoadBalancer, { from: 20, to: 30 });
    assert.deepEqual(readiness.leavesLoadBalancerWhenHung, { from: 25, to: 35 });
    assert.deepEqual(liveness.restartWhenHung, { from: 21, to: 31 });
    const text = describeTimeline(startup).join("\n");
    assert.match(text, /a start that never answers is killed 50-60 s after the container starts; one whose checks hang \(each timing out\) 51-61 s/);
    assert.match(text, /a start that answers within 50 s is never killed: the guaranteed minimum/);
    assert.match(describeTimeline(liveness).join("\n"), /"killed" is the kubelet's decision: the container then stops \(up to its 30 s grace period; until it has exited, readiness keeps probing it and a Ready pod keeps receiving traffic\)/);
    assert.deepEqual(readiness.actsAfterFirstFailure, { failing: 20, hung: 20 });
    assert.match(
      describeTimeline(readiness).join("\n"),
      /leaves the load balancer 20-30 s after it starts failing \(exactly 20 s after the first failing check, which comes within 10 s of the failure\); one that hangs \(each check timing out\), 25-35 s after it hangs \(exactly 20 s after the first check times out\)/,
    );
  });

  it("a start that hangs with T > p: p 2, T 5, F 3 is killed 15-17 s after the container starts", () => {
    const [t] = probeTimelines({ startup: check({ periodSeconds: 2, timeoutSeconds: 5, failureThreshold: 3 }) });
    assert.deepEqual(t.killedWhenHung, { from: 15, to: 17 });
    assert.deepEqual(t.killedWhenFailing, { from: 4, to: 6 });
    assert.equal(t.guaranteedStartSeconds, 4);
  });

  it("hangs with T <= p: killed between D+(F-1)·p+T and D+F·p+T", () => {
    const [t] = probeTimelines({ startup: check({ initialDelaySeconds: 7, periodSeconds: 10, timeoutSeconds: 4, failureThreshold: 3 }) });
    assert.deepEqual(t.killedWhenHung, { from: 7 + 20 + 4, to: 7 + 30 + 4 });
    assert.deepEqual(t.killedWhenFailing, { from: 27, to: 37 });
  });

  it("checks gated by startup honour their own delay: liveness in [max(S, D), max(S, D)+p), readiness at S when S >= D", () => {
    const [, readiness, liveness] = probeTimelines({
      startup: check({ periodSeconds: 5 }),
      readiness: check({ initialDelaySeconds: 15, periodSeconds: 10 }),
      liveness: check({ initialDelaySeconds: 20, periodSeconds: 10 }),
    });
    assert.deepEqual(readiness.firstCheck, { after: "startup success", delaySeconds: 15, periodSeconds: 10, triggered: true });
    assert.match(describeTimeline(readiness)[1], /at once when the startup probe succeeds .*, or 15-25 s after the container starts if startup succeeds before its 15 s delay/);
    assert.match(describeTimeline(liveness)[1], /within 10 s after the startup probe succeeds \(liveness waits for it\), and not before its 20 s delay from the container's start/);
  });

  it("the gated windows agree with the workers on the virtual clock", async () => {
    // Startup succeeds at S = 6 s; liveness D = 20, p = 10: first check in [20, 30).
    // Readiness D = 3 <= S: triggered at once at 6.
    const probes = {
      startup: check({ periodSeconds: 3, failureThreshold: 10 }),
      readiness: check({ initialDelaySeconds: 3, periodSeconds: 10 }),
      liveness: check({ initialDelaySeconds: 20, periodSeconds: 10 }),
    };
    for (const offset of [0, -1500, -7000, -9999]) {
      const clock = new VirtualClock();
      const first: Record<string, number> = {};
      let startedAt = 0;
      const sim = new KubeletSim(
        probes,
        async (kind) => {
          first[kind] ??= clock.now() / 1000 - startedAt;
          return { result: kind === "startup" && clock.now() / 1000 - startedAt < 6 ? "failure" : "success", output: "" };
        },
        { start: () => void (startedAt = clock.now() / 1000), kill: () => undefined },
        clock,
        { workerOffsetMs: offset },
      );
      await sim.start();
      await clock.advance(60_000);
      const S = sim.startedAfter!;
      assert.ok(S >= 6 && S < 9, `offset ${offset}: started after ${S}`);
      assert.equal(first.readiness, S, `offset ${offset}: readiness at once at S`);
      assert.ok(first.liveness >= Math.max(S, 20) && first.liveness < Math.max(S, 20) + 10, `offset ${offset}: liveness at ${first.liveness}`);
    }
  });

  it("the kill windows agree with the workers on the virtual clock, at every phase", async () => {
    const cases = [
      { p: check({ periodSeconds: 10, failureThreshold: 6 }), hang: false },
      { p: check({ periodSeconds: 2, timeoutSeconds: 5, failureThreshold: 3 }), hang: true },
      { p: check({ initialDelaySeconds: 7, periodSeconds: 10, timeoutSeconds: 4, failureThreshold: 3 }), hang: true },
    ];
    for (const { p, hang } of cases) {
      const [t] = probeTimelines({ startup: p });
      const w = hang ? t.killedWhenHung! : t.killedWhenFailing!;
      for (const offset of [0, -1, -250, -999, -1999, -4321, -9999].filter((o) => -o < p.periodSeconds * 1000)) {
        const clock = new VirtualClock();
        let killedAt: number | undefined;
        let startedAt = 0;
        const sim = new KubeletSim(
          { startup: p },
          async () => {
            if (hang) await clock.sleep(p.timeoutSeconds * 1000);
            return { result: "failure", output: "" };
          },
          { start: () => void (startedAt = clock.now()), kill: () => void (killedAt ??= (clock.now() - startedAt) / 1000) },
          clock,
          { workerOffsetMs: offset },
        );
        await sim.start();
        await clock.advance(200_000);
        sim.stop();
        assert.ok(killedAt! >= w.from && killedAt! < w.to, `${JSON.stringify(p)} offset ${offset}: killed at ${killedAt}, window ${w.from}-${w.to}`);
      }
    }
  });

  it("without a startup probe, the first check counts from container start and its initial delay", () => {
    const [t] = probeTimelines({ liveness: check({ initialDelaySeconds: 15, periodSeconds: 5 }) });
    assert.deepEqual(t.firstCheck, { after: "container start", window: { from: 15, to: 20 } });
  });

  it("a timeout longer than the period spaces the checks by the timeout (no overlapping checks)", () => {
    const [t] = probeTimelines({ liveness: check({ periodSeconds: 5, timeoutSeconds: 7, failureThreshold: 3 }) });
    assert.deepEqual(t.restartWhenHung, { from: 21, to: 26 });
    // After the first check times out: (F-1)·max(p, T) = 14 s, not the fast-failure (F-1)·p = 10 s.
    assert.deepEqual(t.actsAfterFirstFailure, { failing: 10, hung: 14 });
    assert.match(describeTimeline(t).join("\n"), /a hung one \(each check timing out\) 21-26 s after it hangs \(exactly 14 s after the first check times out\)/);
  });

  it("a grace period under 2 s is stated as the kubelet's 2 s minimum", () => {
    const [t] = probeTimelines({ liveness: check({}) }, { terminationGracePeriodSeconds: 0 });
    assert.deepEqual([t.restart!.terminationGracePeriodSeconds, t.restart!.requestedGracePeriodSeconds], [2, 0]);
    assert.match(describeTimeline(t).join("\n"), /stops \(up to its grace period: 2 s, the kubelet's minimum, not the 0 s asked for;/);
    const [u] = probeTimelines({ liveness: check({}) }, { terminationGracePeriodSeconds: 5 });
    assert.deepEqual([u.restart!.terminationGracePeriodSeconds, u.restart!.requestedGracePeriodSeconds], [5, undefined]);
  });

  it("liveness windows from the moment the app fails, and the exact figure after the first failing check, agree with the workers", async () => {
    const cases = [
      { p: check({ periodSeconds: 10, failureThreshold: 3 }), hang: false },
      { p: check({ periodSeconds: 5, timeoutSeconds: 7, failureThreshold: 3 }), hang: true },
      { p: check({ periodSeconds: 10, timeoutSeconds: 4, failureThreshold: 2 }), hang: true },
      { p: check({ periodSeconds: 1, failureThreshold: 5 }), hang: false },
    ];
    for (const { p, hang } of cases) {
      const [t] = probeTimelines({ liveness: p });
      const w = hang ? t.restartWhenHung! : t.restartWhenFailing!;
      const exact = hang ? t.actsAfterFirstFailure!.hung : t.actsAfterFirstFailure!.failing;
      // The app fails from `failsAt` on (ms after the container's start), at many tick phases.
      for (const failsAt of [30_000, 30_001, 31_234, 33_333, 34_999, 36_500, 39_999]) {
        const clock = new VirtualClock();
        let killedAt: number | undefined;
        let firstFailure: number | undefined;
        const sim = new KubeletSim(
          { liveness: p },
          async () => {
            if (clock.now() < failsAt) return { result: "success", output: "" };
            if (hang) await clock.sleep(p.timeoutSeconds * 1000);
            firstFailure ??= clock.now();
            return { result: "failure", output: "" };
          },
          { start: () => undefined, kill: () => void (killedAt ??= clock.now()) },
          clock,
        );
        await sim.start();
        await clock.advance(200_000);
        sim.stop();
        const after = (killedAt! - failsAt) / 1000;
        assert.ok(after >= w.from && after < w.to, `${JSON.stringify(p)} failing at ${failsAt}: killed ${after} s later, window ${w.from}-${w.to}`);
        assert.equal((killedAt! - firstFailure!) / 1000, exact, `${JSON.stringify(p)} failing at ${failsAt}`);
      }
    }
  });
});

describe("ready budget (rollout deadlines)", () => {
  it("a hung start may take D+(F-1)·max(p,T)+T+p, then readiness at once within its timeout", () => {
    const startup = check({ initialDelaySeconds: 5, periodSeconds: 2, timeoutSeconds: 5, failureThreshold: 3 });
    assert.equal(latestSuccessSeconds(startup), 5 + 2 + 2 * 5 + 5);
    const readiness = check({ periodSeconds: 10, timeoutSeconds: 3 });
    assert.equal(readyBudgetSeconds({ startup, readiness }), 22 + 3);
  });

  it("readiness's own delay counts when it ends after the start: its first tick after D, then its timeout", () => {
    const startup = check({ periodSeconds: 1, failureThreshold: 5 }); // latest success 1 + 4 + 1 = 6 s
    const readiness = check({ initialDelaySeconds: 30, periodSeconds: 10, timeoutSeconds: 2 });
    assert.equal(readyBudgetSeconds({ startup, readiness }), 30 + 10 + 2);
  });

  it("successThreshold > 1 adds one max(p, T) per extra success", () => {
    const readiness = { ...check({ periodSeconds: 4, timeoutSeconds: 6 }), successThreshold: 3 };
    assert.equal(readyBudgetSeconds({ readiness }), 0 + 4 + 2 * 6 + 6);
  });

  it("without a startup check, liveness bounds a slow start, and readiness notices it within a period", () => {
    const liveness = check({ initialDelaySeconds: 60, periodSeconds: 10, failureThreshold: 3 }); // 60 + 10 + 20 + 1 = 91
    const readiness = check({ periodSeconds: 5, timeoutSeconds: 1 });
    assert.equal(readyBudgetSeconds({ liveness, readiness }), 91 + 5 + 1);
    assert.equal(readyBudgetSeconds({ readiness }), 0 + 5 + 1, "nothing bounds the start: readiness's own first check");
    assert.equal(readyBudgetSeconds({ liveness }), 0, "without readiness a pod is ready once started");
  });
});
