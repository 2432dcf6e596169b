/** The probe timeline's numbers, from the kubelet's worker semantics. */
import * as assert from "node:assert/strict";
import { buildProbe } from "../../sdk/core/probes";
import { describeTimeline, probeTimelines } from "../../sdk/core/timeline";
import { resolveDeployment } from "../../sdk/core/resolve";
import { readFixture } from "../helpers";

describe("probe timeline", () => {
  it("the seed example: startup budget 60 s; readiness and liveness wait for startup", () => {
    const [startup, readiness, liveness] = probeTimelines(resolveDeployment(readFixture("seed-example.yaml")).probes);
    assert.equal(startup.kind, "startup");
    assert.equal(startup.startupBudgetSeconds, 60);
    assert.deepEqual(startup.firstCheck, { after: "container start", window: { from: 0, to: 10 } });
    assert.deepEqual(readiness.firstCheck, { after: "startup success", window: { from: 0, to: 10 } });
    // 3 failures 10 s apart: 20-30 s after the first failing response; a hang adds the 5 s timeout.
    assert.deepEqual(readiness.leavesLoadBalancer, { from: 20, to: 30 });
    assert.deepEqual(readiness.leavesLoadBalancerWhenHung, { from: 25, to: 35 });
    assert.deepEqual(liveness.restartWhenHung, { from: 21, to: 31 });
    assert.match(describeTimeline(startup).join("\n"), /a slow start may take up to 60 s \(10 s x 6\) before the container is restarted/);
  });

  it("without a startup probe, the first check counts from container start and its initial delay", () => {
    const p = buildProbe({ path: "/", initialDelaySeconds: 15, periodSeconds: 5 }, 80);
    const [t] = probeTimelines({ liveness: p });
    assert.deepEqual(t.firstCheck, { after: "container start", window: { from: 15, to: 20 } });
  });

  it("a timeout longer than the period spaces the checks by the timeout (no overlapping checks)", () => {
    const p = buildProbe({ path: "/", periodSeconds: 5, timeoutSeconds: 7, failureThreshold: 3 }, 80);
    const [t] = probeTimelines({ liveness: p });
    assert.deepEqual(t.restartWhenHung, { from: 21, to: 26 });
  });
});
