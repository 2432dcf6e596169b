/** The kubelet's probe workers (pkg/kubelet/prober semantics) on a virtual clock: no real sleeping. */
import * as assert from "node:assert/strict";
import type { Probe } from "../../sdk/manifests/k8s";
import type { ProbeKind } from "../../sdk/core/probes";
import { VirtualClock } from "../../sdk/prober/clock";
import type { ProbeResult } from "../../sdk/prober/httpAttempt";
import { KubeletOptions, KubeletSim, backOffSeconds } from "../../sdk/prober/kubelet";

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

function setup(probes: Partial<Record<ProbeKind, Probe>>, scripts: Partial<Record<ProbeKind, Script>>, options: KubeletOptions = {}) {
  const clock = new VirtualClock();
  const attempts: Record<string, number[]> = { startup: [], readiness: [], liveness: [] };
  const containerStarts: number[] = [];
  const kills: number[] = [];
  const sim = new KubeletSim(
    probes,
    async (kind) => {
      const t = clock.now() / 1000;
      attempts[kind].push(t);
      const step = scripts[kind]?.(attempts[kind].length - 1, t) ?? "success";
      const { result, ms } = typeof step === "string" ? { result: step, ms: 0 } : step;
      if (ms) await clock.sleep(ms);
      return { result, output: result };
    },
    { start: () => void containerStarts.push(clock.now() / 1000), kill: () => void kills.push(clock.now() / 1000) },
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

  it("CrashLoopBackOff: at once, then 10 s doubling to 5 min", () => {
    assert.deepEqual([0, 1, 2, 3, 6, 10].map(backOffSeconds), [0, 10, 20, 40, 300, 300]);
  });
});
