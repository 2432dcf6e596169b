/**
 * The scenario set (tests/prober/scenarios.ts): every scenario's verdict agrees with the outcome the
 * kubelet's source gives. Prints the agreement figure.
 */
import * as assert from "node:assert/strict";
import { runScenarios, SCENARIOS } from "./scenarios";

describe("model-deploy probe: the scenario set agrees with the kubelet", function () {
  this.timeout(60_000);

  it(`${SCENARIOS.length} scenarios, each against a real local app`, async () => {
    const results = await runScenarios();
    const agree = results.filter((r) => r.mismatches.length === 0).length;
    console.log(`      probe scenarios: ${agree} of ${results.length} agree with the kubelet`);
    const wrong = results.filter((r) => r.mismatches.length > 0).map((r) => `${r.scenario.name}: ${r.mismatches.join("; ")}`);
    assert.deepEqual(wrong, []);
  });
});
