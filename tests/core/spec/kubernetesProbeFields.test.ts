/** Kubernetes probe fields a Gradient check lacks: dropped with a warning that says what the kubelet would do. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseSpec } from "../../../sdk/core/spec/parse";
import { baseSpec, runCli } from "../../helpers";

function warningsFor(checks: Record<string, unknown>) {
  const raw = baseSpec();
  raw.healthChecks = checks;
  const { spec, warnings } = parseSpec(raw);
  return { spec, warnings: Object.fromEntries(warnings.map((w) => [w.path, w.message])) };
}

describe("successThreshold and a probe-level terminationGracePeriodSeconds", () => {
  it("successThreshold: readiness keeps 1 (ready after one success, not N); liveness and startup accept only 1 in Kubernetes", () => {
    const { spec, warnings } = warningsFor({
      readiness: { path: "/r", successThreshold: 3 },
      liveness: { path: "/l", successThreshold: 2 },
      startup: { path: "/s", successThreshold: "1" },
    });
    assert.ok(!("successThreshold" in (spec.healthChecks!.readiness as object)));
    assert.equal(
      warnings["healthChecks.readiness.successThreshold"],
      "Gradient health checks have no successThreshold, so 3 is ignored and the probe keeps Kubernetes' default, 1: one successful check makes the replica ready again, where the kubelet would have waited for 3 successes in a row",
    );
    assert.match(warnings["healthChecks.liveness.successThreshold"], /only value Kubernetes accepts on a liveness probe \("must be 1"\): one successful check counts/);
    assert.match(warnings["healthChecks.startup.successThreshold"], /so 1 is ignored .*on a startup probe \("must be 1"\)/);
    for (const m of Object.values(warnings)) assert.doesNotMatch(m, /unknown field/);
  });

  it("terminationGracePeriodSeconds: refused by Kubernetes on readiness; on liveness/startup the pod's grace period applies instead", () => {
    const { warnings } = warningsFor({ readiness: { path: "/r", terminationGracePeriodSeconds: 5 }, liveness: { path: "/l", terminationGracePeriodSeconds: 5 } });
    assert.match(warnings["healthChecks.readiness.terminationGracePeriodSeconds"], /refuses it on a readiness probe \("must not be set for readinessProbes"\): readiness never kills the container/);
    assert.match(
      warnings["healthChecks.liveness.terminationGracePeriodSeconds"],
      /^Gradient health checks have no terminationGracePeriodSeconds, so 5 is ignored: when failed liveness checks kill the container, it gets the pod's grace period \(terminationGracePeriodSeconds, 30 s by default.*not 5 s; the kubelet allows at least 2 s either way$/,
    );
  });

  it("values Kubernetes defaults or refuses are said so, never read as a count or a grace period", () => {
    const { warnings } = warningsFor({
      readiness: { path: "/r", successThreshold: 0 },
      liveness: { path: "/l", successThreshold: 2.5, terminationGracePeriodSeconds: 0 },
      startup: { path: "/s", successThreshold: "abc", terminationGracePeriodSeconds: -3 },
    });
    assert.equal(
      warnings["healthChecks.readiness.successThreshold"],
      "Gradient health checks have no successThreshold, so 0 is ignored and the probe keeps Kubernetes' default, 1, which is also what Kubernetes makes of 0 (its default): nothing changes",
    );
    assert.match(warnings["healthChecks.liveness.successThreshold"], /so 2\.5 is ignored .*; Kubernetes would refuse it too: the field is a whole number \(int32\)$/);
    assert.match(warnings["healthChecks.startup.successThreshold"], /so "abc" is ignored .*; Kubernetes would refuse it too: the field is a whole number \(int32\)$/);
    assert.match(warnings["healthChecks.liveness.terminationGracePeriodSeconds"], /so 0 is ignored; Kubernetes would refuse it too \("must be greater than 0"\)$/);
    assert.match(warnings["healthChecks.startup.terminationGracePeriodSeconds"], /so -3 is ignored; Kubernetes would refuse it too \("must be greater than 0"\)$/);
    assert.match(warningsFor({ readiness: { path: "/r", successThreshold: -1 } }).warnings["healthChecks.readiness.successThreshold"], /\("must be greater than or equal to 0"\)$/);
    for (const m of Object.values(warnings)) assert.doesNotMatch(m, /waited for|not 0|successes in a row/);
  });

  it("validate shows them, and --strict fails on them", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-succ-"));
    const file = path.join(dir, "spec.yaml");
    fs.writeFileSync(file, "image: x\nresources: { machineType: C4, ports: [80] }\nhealthChecks:\n  readiness: { path: /, successThreshold: 2 }\n");
    const plain = runCli(["validate", file], dir);
    assert.equal(plain.code, 0);
    assert.match(plain.stdout + plain.stderr, /healthChecks\.readiness\.successThreshold: Gradient health checks have no successThreshold, so 2 is ignored/);
    assert.notEqual(runCli(["validate", "--strict", file], dir).code, 0);
  });
});
