import * as assert from "node:assert/strict";
import { PROBE_DEFAULTS } from "../../sdk/core/defaults";
import { buildProbe, readyBudgetSeconds } from "../../sdk/core/probes";
import { resolveDeployment } from "../../sdk/core/resolve";
import { parseSpec } from "../../sdk/core/spec/parse";
import { baseSpec, readFixture, specErrors } from "../helpers";

function withProbe(kind: string, probe: unknown): Record<string, any> {
  const s = baseSpec();
  s.healthChecks = { [kind]: probe };
  return s;
}
const errorsOf = (raw: unknown) => specErrors(() => resolveDeployment(raw));

describe("probes: Gradient health checks to Kubernetes probes", () => {
  it("writes out every documented default (the Kubernetes probe defaults, which Gradient documents as its own)", () => {
    // The values Kubernetes documents, written here independently of sdk/core/defaults.ts:
    // https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
    assert.deepEqual(PROBE_DEFAULTS, {
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 1,
      failureThreshold: 3,
      successThreshold: 1,
    });
    assert.deepEqual(buildProbe({ path: "/healthz" }, 8000), {
      httpGet: { path: "/healthz", port: 8000, scheme: "HTTP" },
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });

  it("emits the seed example exactly as Kubernetes runs it", () => {
    const r = resolveDeployment(readFixture("seed-example.yaml"));
    const timing = (initialDelaySeconds: number, periodSeconds: number, timeoutSeconds: number, failureThreshold: number) => ({
      initialDelaySeconds,
      periodSeconds,
      timeoutSeconds,
      successThreshold: 1,
      failureThreshold,
    });
    assert.deepEqual(r.probes, {
      readiness: { httpGet: { path: "/readiness/", port: 8000, scheme: "HTTP" }, ...timing(0, 10, 5, 3) },
      liveness: { httpGet: { path: "/liveness/", port: 8000, scheme: "HTTP" }, ...timing(0, 10, 1, 3) },
      startup: { httpGet: { path: "/startup/", port: 8000, scheme: "HTTP" }, ...timing(0, 10, 1, 6) },
    });
    assert.equal(r.startupBudgetSeconds, 60);
    // Ready at worst: the startup check's last possible success (its 6th check starts before
    // 0 + 10 + 5 x 10 s and takes up to its 1 s timeout: 61 s), then readiness at once (the
    // kubelet's trigger), within its 5 s timeout.
    assert.equal(r.readyBudgetSeconds, 66);
  });

  it("supports exec probes, with timing defaults", () => {
    const r = resolveDeployment(withProbe("startup", { exec: { command: ["cat", "/tmp/ready"] }, failureThreshold: 30 }));
    assert.deepEqual(r.probes.startup, {
      exec: { command: ["cat", "/tmp/ready"] },
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 30,
    });
    assert.equal(r.startupBudgetSeconds, 300);
  });

  it("defaults the probe port to the deployment's first port, and keeps an explicit one", () => {
    const s = baseSpec();
    s.resources.ports = [7860, 9090];
    s.healthChecks = { liveness: { path: "/a" }, readiness: { path: "/b", port: 9090 }, startup: { path: "/c", port: "http-9090" } };
    const r = resolveDeployment(s);
    assert.equal(r.probes.liveness?.httpGet?.port, 7860);
    assert.equal(r.probes.readiness?.httpGet?.port, 9090);
    assert.equal(r.probes.startup?.httpGet?.port, "http-9090");
    // The legacy top-level port is the default too.
    const legacy = resolveDeployment({ image: "x", port: "7861", resources: { instanceType: "C4" }, healthChecks: { liveness: { path: "/" } } });
    assert.equal(legacy.probes.liveness?.httpGet?.port, 7861);
  });

  it("maps headers to httpHeaders and passes host through", () => {
    const r = resolveDeployment(
      withProbe("readiness", { path: "/ready", host: "localhost", headers: [{ name: "Authorization", value: "t" }, { name: "X-A", value: "" }] }),
    );
    assert.deepEqual(r.probes.readiness?.httpGet, {
      path: "/ready",
      port: 8000,
      host: "localhost",
      scheme: "HTTP",
      httpHeaders: [
        { name: "Authorization", value: "t" },
        { name: "X-A", value: "" },
      ],
    });
  });

  it("warns about duplicate env names (Kubernetes keeps the last)", () => {
    const s = baseSpec();
    s.env = [{ name: "A", value: "1" }, { name: "B", value: "2" }, { name: "A", value: "3" }];
    const r = resolveDeployment(s);
    assert.ok(r.warnings.some((w) => w.path === "env[2].name" && w.message === '"A" is also env[0]; Kubernetes uses the last value'));
    assert.deepEqual(r.env.map((e) => ("value" in e ? e.value : "")), ["1", "2", "3"]);
  });

  it("a deployment without probes has no probes and no startup budget", () => {
    const r = resolveDeployment(baseSpec());
    assert.deepEqual(r.probes, {});
    assert.equal(r.startupBudgetSeconds, undefined);
    assert.equal(readyBudgetSeconds({}), 0);
  });
});

describe("probes: validation (one test per rule)", () => {
  it("timeoutSeconds must be >= 1", () => {
    assert.deepEqual(errorsOf(withProbe("readiness", { path: "/", timeoutSeconds: 0 })), [
      "healthChecks.readiness.timeoutSeconds: must be >= 1 (got 0)",
    ]);
  });
  it("periodSeconds must be >= 1", () => {
    assert.deepEqual(errorsOf(withProbe("liveness", { path: "/", periodSeconds: 0 })), [
      "healthChecks.liveness.periodSeconds: must be >= 1 (got 0)",
    ]);
  });
  it("failureThreshold must be >= 1", () => {
    assert.deepEqual(errorsOf(withProbe("startup", { path: "/", failureThreshold: 0 })), [
      "healthChecks.startup.failureThreshold: must be >= 1 (got 0)",
    ]);
  });
  it("initialDelaySeconds must not be negative", () => {
    assert.deepEqual(errorsOf(withProbe("startup", { path: "/", initialDelaySeconds: -5 })), [
      "healthChecks.startup.initialDelaySeconds: must be >= 0 (got -5)",
    ]);
  });
  it("timing fields must be whole numbers", () => {
    assert.deepEqual(errorsOf(withProbe("readiness", { path: "/", periodSeconds: 2.5 })), [
      "healthChecks.readiness.periodSeconds: must be a whole number (got 2.5)",
    ]);
  });
  it("a probe port must be in 1-65535", () => {
    for (const port of [0, 65536]) {
      assert.deepEqual(errorsOf(withProbe("readiness", { path: "/", port })), [
        `healthChecks.readiness.port: must be a port number from 1 to 65535 (got ${port})`,
      ]);
    }
  });
  it("a probe port name must be an IANA service name (as the Kubernetes API validates it)", () => {
    for (const port of ["HTTP", "-web", "a--b", "abcdefghijklmnop"]) {
      const errs = errorsOf(withProbe("readiness", { path: "/", port }));
      assert.equal(errs.length, 1, port);
      assert.match(errs[0], /^healthChecks\.readiness\.port: must be a port number from 1 to 65535 or a port name;/, port);
    }
  });
  it("a numeric-string probe port is read as a number, not a name", () => {
    const r = resolveDeployment(withProbe("readiness", { path: "/", port: "8080" }));
    assert.equal(r.probes.readiness?.httpGet?.port, 8080);
  });
  it("a probe port name must name a container port", () => {
    assert.deepEqual(errorsOf(withProbe("readiness", { path: "/", port: "metrics" })), [
      'healthChecks.readiness.port: no container port is named "metrics" (the names are http); the kubelet would error on every check',
    ]);
  });
  it("a container port must be in 1-65535", () => {
    const s = baseSpec();
    s.resources.ports = [8000, 70000];
    assert.deepEqual(errorsOf(s), ["resources.ports[1]: must be <= 65535 (got 70000)"]);
  });
  it("container ports must be unique", () => {
    const s = baseSpec();
    s.resources.ports = [8000, 8000];
    assert.deepEqual(errorsOf(s), ["resources.ports[1]: duplicate port 8000"]);
  });
  it("header names must be HTTP header names (as the Kubernetes API validates them)", () => {
    assert.deepEqual(errorsOf(withProbe("readiness", { path: "/", headers: [{ name: "X_Trace", value: "1" }] })), [
      'healthChecks.readiness.headers[0].name: must be an HTTP header name: letters, digits and \'-\' only (got "X_Trace")',
    ]);
    const ok = resolveDeployment(withProbe("readiness", { path: "/", headers: [{ name: "X-Trace", value: "a b_c" }] }));
    assert.deepEqual(ok.probes.readiness?.httpGet?.httpHeaders, [{ name: "X-Trace", value: "a b_c" }]);
  });
  it("a probe with both path and exec is an error", () => {
    assert.deepEqual(errorsOf(withProbe("liveness", { path: "/", exec: { command: ["true"] } })), [
      "healthChecks.liveness: give either path (an HTTP probe) or exec (a command probe), not both",
    ]);
  });
  it("a probe with neither path nor exec is an error", () => {
    assert.deepEqual(errorsOf(withProbe("liveness", { periodSeconds: 5 })), [
      "healthChecks.liveness: needs path (an HTTP probe) or exec (a command probe)",
    ]);
  });
  it("an exec probe takes no port, host or headers", () => {
    assert.deepEqual(errorsOf(withProbe("startup", { exec: { command: ["true"] }, port: 8000 })), [
      "healthChecks.startup.port: belongs to HTTP probes; an exec probe takes none",
    ]);
  });
  it("an exec command must not be empty", () => {
    assert.deepEqual(errorsOf(withProbe("startup", { exec: { command: [] } })), [
      "healthChecks.startup.exec.command: must have at least 1 item",
    ]);
  });
  it("a missing image is an error unless the program supplies one", () => {
    const s = baseSpec();
    delete s.image;
    const errs = errorsOf(s);
    assert.equal(errs.length, 1);
    assert.match(errs[0], /^image: required: set image in the spec, or have the program supply it/);
    assert.equal(resolveDeployment(s, { image: "ghcr.io/acme/x@sha256:" + "a".repeat(64) }).image, "ghcr.io/acme/x@sha256:" + "a".repeat(64));
  });
  it("a missing port is an error", () => {
    assert.deepEqual(errorsOf({ image: "x", resources: { machineType: "C4" } }), ["resources.ports: required"]);
  });
  it("replicas must not be negative", () => {
    const s = baseSpec();
    s.resources.replicas = -1;
    assert.deepEqual(errorsOf(s), ["resources.replicas: must be >= 0 (got -1)"]);
  });
  it("reports every error of a spec at once", () => {
    const s = baseSpec();
    delete s.image;
    s.resources.replicas = -1;
    s.resources.ports = [0];
    s.healthChecks = {
      readiness: { path: "/", timeoutSeconds: 0, headers: [{ name: "bad name", value: "" }] },
      liveness: { exec: { command: ["x"] }, path: "/", periodSeconds: 0 },
    };
    const errs = errorsOf(s);
    const paths = errs.map((e) => e.split(":")[0]).sort();
    assert.deepEqual(paths, [
      "healthChecks.liveness",
      "healthChecks.liveness.periodSeconds",
      "healthChecks.readiness.headers[0].name",
      "healthChecks.readiness.timeoutSeconds",
      "image",
      "resources.ports[0]",
      "resources.replicas",
    ]);
  });
  it("parses probes from a spec the same way parseSpec and resolveDeployment see them", () => {
    const raw = readFixture("seed-example.yaml");
    assert.deepEqual(parseSpec(raw).spec.healthChecks?.readiness, { path: "/readiness/", port: 8000, periodSeconds: 10, timeoutSeconds: 5 });
  });
});
