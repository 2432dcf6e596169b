/**
 * One verdict: the policy pack's rules run wherever a spec is checked (validate, preview, render,
 * diff, the component), with the pack's levels and settings, and the documented CI set-up passes
 * what we ship.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ModelDeployment } from "../../sdk";
import { EXAMPLE_RENDER_OPTIONS, runCli } from "../helpers";
import { installMocks } from "../mocks";

installMocks();

/** Gradient's own health-check example on a GPU: liveness gives up (1 s) before readiness (5 s). */
const GRADIENT_EXAMPLE = {
  apiVersion: "v1",
  name: "llm",
  image: "ghcr.io/acme/llm:1.0",
  resources: { machineType: "A100-80G", ports: [8000] },
  healthChecks: { startup: { path: "/s", failureThreshold: 30 }, readiness: { path: "/r", timeoutSeconds: 5 }, liveness: { path: "/l", timeoutSeconds: 1 } },
};

describe("one verdict: the pack's rules in every check", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "verdict-"));
    fs.writeFileSync(path.join(dir, "spec.json"), JSON.stringify(GRADIENT_EXAMPLE));
    fs.writeFileSync(path.join(dir, "strict.json"), JSON.stringify({ "liveness-not-stricter-than-readiness": "mandatory" }));
    fs.writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ "images-pinned": { requireDigest: "yes" }, "no-such-rule": "mandatory", "gpu-startup-check": "loud" }));
  });

  it("the pack's defaults advise; validate, preview, render and diff warn with the rule's name at the spec field", () => {
    for (const args of [["validate", "spec.json"], ["preview", "spec.json"], ["render", "spec.json"], ["diff", "spec.json", "spec.json"]]) {
      const r = runCli(args, dir);
      assert.equal(r.code, 0, `${args[0]}: ${r.stderr}`);
      assert.match(r.stdout + r.stderr, /healthChecks\.liveness\.timeoutSeconds: liveness gives up on an answer after 1 s, readiness waits 5 s.*\(policy liveness-not-stricter-than-readiness, advisory\)/, args[0]);
    }
  });

  it("a config that makes the rule mandatory makes it an error everywhere (exit 1); --strict makes every warning one", () => {
    for (const args of [["validate", "spec.json"], ["preview", "spec.json"], ["render", "spec.json"]]) {
      const r = runCli([...args, "--policy-config", "strict.json"], dir);
      assert.equal(r.code, 1, `${args[0]}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout + r.stderr, /healthChecks\.liveness\.timeoutSeconds: .*\(policy liveness-not-stricter-than-readiness, mandatory\)/);
    }
    const strict = runCli(["validate", "spec.json", "--strict", "-o", "json"], dir);
    assert.equal(strict.code, 1);
    const out = JSON.parse(strict.stdout);
    assert.equal(out.valid, false);
    assert.deepEqual(out.files[0].errors.map((e: any) => e.rule), ["liveness-not-stricter-than-readiness"]);
    assert.deepEqual(out.files[0].warnings, []);
  });

  it("a bad config is refused with each problem's path; an unreadable one is a usage error", () => {
    const r = runCli(["validate", "spec.json", "--policy-config", "bad.json"], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /--policy-config: images-pinned\.requireDigest: must be true or false \(got "yes"\)/);
    assert.match(r.stdout, /--policy-config: no-such-rule: no such rule; the rules are gpu-readiness-check/);
    assert.match(r.stdout, /--policy-config: gpu-startup-check: must be one of advisory, mandatory, remediate, disabled \(got "loud"\)/);
    const missing = runCli(["validate", "spec.json", "--policy-config", "nope.json"], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--policy-config: cannot read nope\.json: no such file/);
  });

  it("the component runs the same rules: a warning by default, a ResourceError naming the rule when the config makes it mandatory", () => {
    const cwd = process.cwd();
    process.chdir(dir);
    const warned: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => warned.push(String(m));
    try {
      new ModelDeployment("advised", { spec: GRADIENT_EXAMPLE as never });
      assert.ok(warned.some((w) => /healthChecks\.liveness\.timeoutSeconds: .*policy liveness-not-stricter-than-readiness, advisory/.test(w)), warned.join("\n"));
      assert.throws(
        () => new ModelDeployment("blocked", { spec: GRADIENT_EXAMPLE as never, policyConfig: "strict.json" }),
        (e: Error) => e instanceof pulumi.ResourceError && /healthChecks\.liveness\.timeoutSeconds: .*policy liveness-not-stricter-than-readiness, mandatory/.test(e.message),
      );
      assert.throws(() => new ModelDeployment("nofile", { spec: GRADIENT_EXAMPLE as never, policyConfig: "nope.json" }), /policyConfig: cannot read nope\.json/);
    } finally {
      console.warn = warn;
      process.chdir(cwd);
    }
  });

  it("validate shows every warning preview shows, whatever the options", () => {
    for (const options of [[], ["--progress-deadline", "400"], ["--shared-memory", "1Gi", "--max-surge", "1"], ["--node-provisioning-headroom", "900", "--image-pull-headroom", "0"], ["--security-profile", "restricted"]]) {
      const preview = runCli(["preview", "spec.json", "-o", "json", ...options], dir);
      assert.equal(preview.code, 0, preview.stderr);
      const validate = runCli(["validate", "spec.json", "-o", "json", ...options], dir);
      const shown = JSON.parse(validate.stdout).files[0].warnings.map((w: any) => `${w.path}: ${w.message}`);
      assert.deepEqual(shown.sort(), [...JSON.parse(preview.stdout).warnings].sort(), options.join(" "));
    }
  });

  it("the documented CI set-up (policy-pack/config.example.json) passes every shipped example, our own sidecar and fetchers included", () => {
    for (const [example, options] of Object.entries(EXAMPLE_RENDER_OPTIONS)) {
      const r = runCli(["validate", `examples/${example}/deployment.yaml`, ...options, "--policy-config", "policy-pack/config.example.json", "-o", "json"]);
      assert.equal(r.code, 0, `${example}: ${r.stdout}`);
      assert.deepEqual(JSON.parse(r.stdout).files[0].warnings.filter((w: any) => w.rule), [], example);
    }
  });
});
