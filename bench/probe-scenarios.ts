/**
 * The agreement figure: runs the scenario set (tests/prober/scenarios.ts) against real local apps
 * and prints, per scenario, whether `model-deploy probe` reaches the kubelet's outcome.
 *
 *   npm run bench:scenarios
 */
import { runScenarios } from "../tests/prober/scenarios";

async function main(): Promise<void> {
  const t0 = performance.now();
  const results = await runScenarios();
  for (const r of results) {
    const mark = r.mismatches.length === 0 ? "agree   " : "DISAGREE";
    console.log(`${mark}  ${r.scenario.issue24 ? "[#24] " : "      "}${r.scenario.name}${r.mismatches.length ? `\n            ${r.mismatches.join("\n            ")}` : ""}`);
  }
  const agree = results.filter((r) => r.mismatches.length === 0).length;
  const issue = results.filter((r) => r.scenario.issue24);
  console.log(
    `\n${agree} of ${results.length} agree with the kubelet (issue-24 cases: ${issue.filter((r) => r.mismatches.length === 0).length} of ${issue.length}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
