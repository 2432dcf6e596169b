/** Bad input never crashes, and nothing accepted is refused by Kubernetes: a seeded property test. */
import * as assert from "node:assert/strict";
import { apiServerProblems, checkInput, runProperties } from "./properties";
import { baseSpec } from "../helpers";

describe("property: every input ends in a spec error or in objects Kubernetes accepts", () => {
  it("the checker finds what the API server refuses and the schemas let through", () => {
    const pod = (spec: object) => ({ kind: "Deployment", metadata: { name: "ok" }, spec: { template: { metadata: {}, spec } } });
    assert.deepEqual(apiServerProblems({ kind: "Job", metadata: { name: "j".repeat(64) }, spec: {} }), [`Job name "${"j".repeat(64)}"`]);
    assert.match(apiServerProblems(pod({ containers: [{ name: "a", image: "x" }, { name: "a", image: "x" }] })).join(), /duplicate container names/);
    assert.match(apiServerProblems(pod({ containers: [{ name: "a", image: " x" }] })).join(), /image/);
    assert.match(apiServerProblems(pod({ containers: [{ name: "a", image: "x", volumeMounts: [{ name: "v", mountPath: "/m", subPath: "../etc" }] }], volumes: [{ name: "v" }] })).join(), /mount/);
    assert.match(apiServerProblems({ kind: "Deployment", metadata: {}, spec: { progressDeadlineSeconds: 2147483948 } }).join(), /beyond int32/);
    assert.match(apiServerProblems({ kind: "Service", metadata: { name: "ok", labels: { a: "-bad" } }, spec: {} }).join(), /label a/);
  });

  it("the reproductions of the issue end in spec errors or valid objects", () => {
    const base = baseSpec();
    const cases: Array<[unknown, "rejected" | "accepted"]> = [
      [{ ...base, healthChecks: { liveness: null } }, "rejected"],
      [{ ...base, resources: { ...base.resources, autoscaling: null } }, "rejected"],
      [{ ...base, resources: { ...base.resources, autoscaling: { maxReplicas: 2, metrics: [null] } } }, "rejected"],
      // A start allowed 68 years: no progress deadline can hold it (the pack's mandatory rule).
      [{ ...base, healthChecks: { startup: { path: "/", periodSeconds: 65536, failureThreshold: 32768 } } }, "rejected"],
      [{ ...base, image: " nginx " }, "accepted"],
      [{ ...base, name: "a".repeat(54), integrations: [{ type: "git-lfs", name: "m", url: "https://huggingface.co/o/m" }] }, "accepted"],
      [{ ...base, env: [{ name: "no", value: "yes" }, { name: "T", value: "1:30" }, { name: "D", value: "2001-12-14" }, { name: "O", value: "0o14" }] }, "accepted"],
    ];
    for (const [raw, outcome] of cases) assert.equal(checkInput({ raw }), outcome, JSON.stringify(raw).slice(0, 80));
    for (const text of ["healthChecks:\n  liveness:\n", "image: *a\n"]) assert.equal(checkInput({ text, format: "yaml" }), "rejected");
    assert.equal(checkInput({ text: `${"[".repeat(20000)}${"]".repeat(20000)}`, format: "json" }), "rejected");
    assert.equal(checkInput({ text: '{"image":"a","image":"b"}', format: "json" }), "rejected");
  });

  it("seeded: mutated specs, mutated texts and structural attacks", function () {
    this.timeout(240000);
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      const counts = runProperties(1500, 20261126);
      for (const label of ["mutated specs", "mutated texts"]) {
        assert.ok(counts[label].accepted > 50 && counts[label].rejected > 50, `${label}: both outcomes reached (${JSON.stringify(counts[label])})`);
      }
    } finally {
      console.warn = warn;
    }
  });
});
