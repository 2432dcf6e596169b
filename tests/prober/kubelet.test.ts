/** The kubelet's probe workers (pkg/kubelet/prober semantics) on a virtual clock: no real sleeping. */
import * as assert from "node:assert/strict";
import type { Probe } from "../../sdk/manifests/k8s";
import type { ProbeKind } from "../../sdk/core/probes";
import { VirtualClock } from "../../sdk/prober/clock";
import type { ProbeResult } from "../../sdk/prober/httpAttempt";
import { ContainerBackOff, KubeletOptions, KubeletSim } from "../../sdk/prober/kubelet";

const probe = (p: Partial<Probe> = {}): Probe => ({
  httpGet: { path: "/", port: 80, scheme: "HTTP" },
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
  ...p,
});

type Script = (n: number, t: number) => ProbeResult | { result: ProbeResult; ms: number };

/** `killMs`: how long the container takes to exit once killed (its grace period, used up). */
function setup(probes: Partial<Record<ProbeKind, Probe>>, scripts: Partial<Record<ProbeKind, Script>>, options: KubeletOptions = {}, killMs = 0) {
  const clock = new VirtualClock();
  const attempts: Record<string, number[]> = { startup: [], readiness: [], liveness: [] };
  const containerStarts: number[] = [];
  const kills: number[] = [];
  const sim = new KubeletSim(
    probes,
    async (kind, _probe, signal) => {
      const t = clock.now() / 1000;
      attempts[kind].push(t);
      const step = scripts[kind]?.(attempts[kind].length - 1, t) ?? "success";
      const { result, ms } = typeof step === "string" ? { result: step, ms: 0 } : step;
      if (ms) await Promise.race([clock.sleep(ms), new Promise((r) => signal.addEventListener("abort", r))]);
      if (signal.aborted) return { result: "error" as const, output: "aborted" };
      return { result, output: result };
    },
    { start: () => void containerStarts.push(clock.now() / 1000), kill: () => {
        kills.push(clock.now() / 1000);
        return killMs > 0 ? clock.sleep(killMs) : undefined;
      },
    },
    clock,
    options,
  );
  return { clock, sim, attempts, containerStarts, kills };
}
const seq = (...results: ProbeResult[]): Script => (n) => results[Math.min(n, results.length - 1)];

describe("kubelet probe workers (virtual clock)", () => {
  it("29: readiness starts not ready and becomes ready with the first success", async () => {
    const { clock, sim } = setup({ readiness: probe() }, {});
    assert.equal(sim.ready, false);
    await sim.start();
    await clock.advance(1);
    assert.equal(sim.ready, true);
    assert.equal(sim.readyAfter, 0);
  });

  it("30: thresholds count consecutive results", async () => {
    const a = setup({ readiness: probe({ successThreshold: 3 }) }, { readiness: seq("success", "success", "failure", "success", "success", "success") });
    await a.sim.start();
    await a.clock.advance(45_000);
    assert.equal(a.sim.ready, false);
    await a.clock.advance(10_000);
    assert.equal(a.sim.ready, true, "ready only after the last S");
    assert.equal(a.sim.readyAfter, 50);
    const b = setup({ readiness: probe() }, { readiness: seq("success", "failure", "failure", "success", "failure", "failure", "failure") });
    await b.sim.start();
    await b.clock.advance(55_000);
    assert.equal(b.sim.ready, true);
    await b.clock.advance(10_000);
    assert.equal(b.sim.ready, false, "not ready only after the third F in a row");
  });

  it("31: liveness F,F,S,F,F does not restart; F,F,F kills after the 3rd failure", async () => {
    const a = setup({ liveness: probe() }, { liveness: seq("failure", "failure", "success", "failure", "failure", "success") });
    await a.sim.start();
    await a.clock.advance(60_000);
    assert.deepEqual(a.kills, []);
    const b = setup({ liveness: probe() }, { liveness: seq("failure") });
    await b.sim.start();
    await b.clock.advance(25_000);
    assert.deepEqual(b.kills, [20]);
  });

  it("32: after a kill the new container starts not ready and its delays count from its start", async () => {
    const { clock, sim, attempts, containerStarts } = setup(
      { liveness: probe({ initialDelaySeconds: 15 }), readiness: probe() },
      { liveness: (n) => (n < 3 ? "failure" : "success") },
    );
    await sim.start();
    await clock.advance(200_000);
    // Liveness at 20, 30, 40 fails: killed at 40 and restarted at once (first restart, no back-off).
    assert.deepEqual(containerStarts, [0, 40]);
    assert.equal(sim.restarts, 1);
    // New container at 40: liveness must wait until 55 s, so its next attempt is the tick at 60.
    assert.deepEqual(attempts.liveness.slice(0, 4), [20, 30, 40, 60]);
    assert.ok(sim.events.some((e) => e.event === "not ready" && e.t === 40));
  });

  it("33: a failing startup probe gates the others and kills after failureThreshold", async () => {
    const { clock, sim, attempts, kills } = setup(
      { startup: probe({ periodSeconds: 2, failureThreshold: 5 }), liveness: probe(), readiness: probe() },
      { startup: seq("failure") },
    );
    await sim.start();
    await clock.advance(9_000);
    assert.deepEqual(attempts.liveness, []);
    assert.deepEqual(attempts.readiness, []);
    assert.deepEqual(kills, [8]);
    await clock.advance(2_000);
    assert.ok(attempts.startup.filter((t) => t > 8).length >= 1, "startup probes the new container");
  });

  it("34: after startup succeeds at 30 s, liveness (initialDelay 10) probes at its first tick, not at 40 s", async () => {
    const { clock, sim, attempts } = setup(
      { startup: probe({ failureThreshold: 30 }), liveness: probe({ initialDelaySeconds: 10 }) },
      { startup: (n) => (n < 3 ? "failure" : "success") },
    );
    await sim.start();
    await clock.advance(45_000);
    assert.equal(sim.startedAfter, 30);
    assert.deepEqual(attempts.startup, [0, 10, 20, 30]);
    assert.equal(attempts.liveness[0], 30);
  });

  it("35: the first check lands in [initialDelay, initialDelay + period), with the workers' phase", async () => {
    const a = setup({ readiness: probe({ initialDelaySeconds: 5 }) }, {});
    await a.sim.start();
    await a.clock.advance(15_000);
    assert.equal(a.attempts.readiness[0], 10);
    const b = setup({ readiness: probe({ initialDelaySeconds: 10 }) }, {}, { workerOffsetMs: -500 });
    await b.sim.start();
    await b.clock.advance(25_000);
    // Workers tick at 0, 10, 20; the container started at 0.5: at 10 it is 9.5 s old (9 < 10).
    assert.equal(b.attempts.readiness[0], 20, "19.5 s after the container started, not 10");
  });

  it("36: a slow probe never overlaps: one catch-up run, missed ticks dropped", async () => {
    const { clock, sim, attempts } = setup({ readiness: probe({ periodSeconds: 5, timeoutSeconds: 10 }) }, { readiness: () => ({ result: "success", ms: 7000 }) });
    await sim.start();
    await clock.advance(30_000);
    assert.deepEqual(attempts.readiness, [0, 7, 14, 21, 28]);
  });

  it("37: a Warning (redirect not followed) counts as a success", async () => {
    const { clock, sim } = setup({ readiness: probe({ successThreshold: 2 }) }, { readiness: seq("warning", "success") });
    await sim.start();
    await clock.advance(11_000);
    assert.equal(sim.ready, true);
  });

  it("38: restartPolicy Never: killed, not restarted, workers stop", async () => {
    const { clock, sim, attempts, kills, containerStarts } = setup({ liveness: probe() }, { liveness: seq("failure") }, { restartPolicy: "Never" });
    await sim.start();
    await clock.advance(100_000);
    assert.deepEqual([kills, containerStarts, attempts.liveness.length], [[20], [0], 3]);
  });

  it("40: readiness failing for a long time never restarts anything", async () => {
    const { clock, sim, kills } = setup({ readiness: probe() }, { readiness: seq("failure") });
    await sim.start();
    await clock.advance(600_000);
    assert.deepEqual([kills, sim.ready], [[], false]);
  });

  it("errored attempts are retried 3 times back to back and not counted", async () => {
    const { clock, sim, attempts } = setup({ readiness: probe() }, { readiness: (n) => (n === 0 ? "success" : "error") });
    await sim.start();
    await clock.advance(11_000);
    assert.equal(sim.ready, true);
    assert.deepEqual(attempts.readiness, [0, 10, 10, 10]);
    await clock.advance(30_000);
    assert.equal(sim.ready, true, "errors never count as failures");
  });

  it("CrashLoopBackOff: at once, then 10 s doubling to 5 min, each wait counted from the container's finish", async () => {
    // A container that crashes 1 s after each start.
    const { clock, sim, containerStarts } = setup({}, {});
    await sim.start();
    const crashes: number[] = [];
    for (let i = 0; i < 8; i++) {
      const n = containerStarts.length;
      await clock.advance(1000);
      crashes.push(clock.now() / 1000);
      sim.containerExited("exit code 1");
      while (containerStarts.length === n) await clock.advance(100);
    }
    const waits = containerStarts.slice(1).map((s, i) => Math.round(s - crashes[i]));
    assert.deepEqual(waits, [0, 10, 20, 40, 80, 160, 300, 300]);
    assert.ok(sim.events.some((e) => e.event === "back-off" && /restarting in 10 s/.test(e.detail ?? "")));
  });

  it("the back-off is forgotten after the container ran for more than 10 minutes (2 x the 5 min maximum)", () => {
    const b = new ContainerBackOff(10_000, 300_000);
    assert.equal(b.waitMs(0), 0);
    b.restarted(0, 0);
    assert.equal(b.waitMs(5_000), 10_000, "a quick crash waits 10 s");
    b.restarted(5_000, 15_000);
    assert.equal(b.waitMs(20_000), 20_000, "then 20 s");
    b.restarted(20_000, 40_000);
    // The next container runs 601 s (from its restart at 40 s): back at once, and 10 s next time.
    assert.equal(b.waitMs(641_001), 0);
    b.restarted(641_001, 641_001);
    assert.equal(b.waitMs(642_000), 10_000);
    // Exactly 600 s is not more than 600 s: the back-off still applies.
    const c = new ContainerBackOff(10_000, 300_000);
    c.restarted(0, 0);
    assert.equal(c.waitMs(600_000), 10_000);
  });

  it("7: readiness is probed at once when startup succeeds (the manual trigger), its ticker reset", async () => {
    const { clock, sim, attempts } = setup(
      { startup: probe({ periodSeconds: 3, failureThreshold: 30 }), readiness: probe({ periodSeconds: 10 }) },
      { startup: (n) => (n < 2 ? "failure" : "success"), readiness: seq("failure", "success") },
    );
    await sim.start();
    await clock.advance(30_000);
    // Startup succeeds at 6 s; readiness runs at 6 (trigger), then 16, 26: not at its own 10, 20.
    assert.deepEqual(attempts.readiness.slice(0, 3), [6, 16, 26]);
    assert.equal(sim.readyAfter, 16);
  });

  it("7: a readiness delay longer than the startup still holds: first check at its first tick after the delay", async () => {
    const s = setup(
      { startup: probe({ periodSeconds: 3, failureThreshold: 30 }), readiness: probe({ periodSeconds: 10, initialDelaySeconds: 20 }) },
      { startup: (n) => (n < 2 ? "failure" : "success") },
    );
    await s.sim.start();
    await s.clock.advance(40_000);
    // Started at 6 s: the trigger at 6 is skipped (6 < 20); the reset ticker runs at 16 (skipped), 26.
    assert.deepEqual(s.attempts.readiness[0], 26);
  });

  it("errored attempts are logged with their reason and never counted; a startup that only errors never starts nor kills", async () => {
    const { clock, sim, kills, attempts } = setup({ startup: probe({ periodSeconds: 1, failureThreshold: 3 }), liveness: probe() }, { startup: seq("error") });
    await sim.start();
    await clock.advance(30_000);
    assert.deepEqual([kills, sim.started, attempts.liveness.length], [[], false, 0]);
    const errored = sim.events.filter((e) => e.kind === "startup" && e.event === "errored");
    assert.ok(errored.length >= 25);
    assert.deepEqual(sim.tally().startup, { counted: 0, errored: errored.length, lastError: "error" });
  });

  it("an errored liveness check never restarts a container; an errored readiness check never makes it ready", async () => {
    const { clock, sim, kills } = setup({ liveness: probe({ periodSeconds: 1 }), readiness: probe({ periodSeconds: 1 }) }, { liveness: seq("error"), readiness: seq("error") });
    await sim.start();
    await clock.advance(60_000);
    assert.deepEqual([kills, sim.ready, sim.restarts], [[], false, 0]);
  });

  it("the verdict's facts: startedAfter counts from the container that started; failure streaks are visible", async () => {
    const { clock, sim } = setup(
      { startup: probe({ periodSeconds: 1, failureThreshold: 3 }), liveness: probe({ periodSeconds: 1, failureThreshold: 3 }) },
      { startup: (n) => (n < 3 ? "failure" : "success"), liveness: seq("success", "failure") },
    );
    await sim.start();
    await clock.advance(3_500);
    // Killed at 2 s (3 failures at 0, 1, 2), restarted at once; its first startup check is the
    // workers' next tick, at 3 s: 1 s after that container's start (not 3 s after the first).
    assert.equal(sim.startedAfter, 1);
    assert.equal(sim.startedContainer, 2);
    assert.ok(sim.events.some((e) => e.kind === "startup" && e.event === "started" && e.t === 3 && e.container === 2));
    await clock.advance(500);
    assert.deepEqual(sim.failureStreaks(), ["liveness"]);
  });

  it("stop() aborts attempts in flight and nothing is counted after it", async () => {
    const { clock, sim } = setup({ readiness: probe({ timeoutSeconds: 20 }) }, { readiness: () => ({ result: "success", ms: 15_000 }) });
    await sim.start();
    await clock.advance(1000);
    sim.stop();
    await clock.advance(30_000);
    assert.equal(sim.ready, false);
    assert.ok(!sim.events.some((e) => e.kind === "readiness"));
  });

  it("a liveness kill is a decision: readiness keeps probing, and the pod stays Ready, until the container exits", async () => {
    const { clock, sim, attempts, kills } = setup(
      { readiness: probe(), liveness: probe() },
      { liveness: (n, t) => (t < 5 ? "success" : "failure") },
      {},
      30_000,
    );
    await sim.start();
    // Liveness fails at 10, 20, 30 s: the kill decision at 30 s; the container takes its 30 s grace to exit.
    await clock.advance(35_000);
    assert.deepEqual(kills, [30]);
    assert.equal(sim.ready, true, "still Ready during the grace period");
    assert.equal(sim.terminating, true);
    await clock.advance(24_000);
    assert.equal(sim.ready, true);
    assert.deepEqual(attempts.readiness.filter((t) => t > 30), [40, 50], "readiness probed through the grace period");
    assert.equal(attempts.liveness.filter((t) => t > 30).length, 0, "liveness on hold");
    await clock.advance(2_000);
    // Exited at 60 s: not ready, restarted at once (the first restart).
    const after = sim.events.filter((e) => e.kind === "container" && e.t >= 30).map((e) => `${e.t} ${e.event}`);
    assert.deepEqual(after, ["30 killed", "60 not ready", "60 restarted"]);
  });

  it("inFlight(): the attempts under way, settled once their results are counted", async () => {
    const { clock, sim } = setup({ liveness: probe({ timeoutSeconds: 5, failureThreshold: 1 }) }, { liveness: (n) => (n === 0 ? "success" : { result: "failure", ms: 5000 }) });
    await sim.start();
    await clock.advance(1);
    assert.equal(sim.inFlight(), undefined);
    await clock.advance(10_000);
    const flight = sim.inFlight();
    assert.ok(flight, "the hung attempt started at 10 s");
    let settled = false;
    void flight.then(() => (settled = true));
    await clock.advance(4_000);
    assert.deepEqual([settled, sim.restarts], [false, 0]);
    await clock.advance(1_000);
    assert.deepEqual([settled, sim.restarts], [true, 1]);
  });
});
