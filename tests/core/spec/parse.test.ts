import * as assert from "node:assert/strict";
import { parseSpec } from "../../../sdk/core/spec/parse";
import { parseSpecText } from "../../../sdk/core/spec/load";
import { baseSpec, readFixture, specErrors } from "../../helpers";

const warningPaths = (raw: unknown) => parseSpec(raw).warnings.map((w) => w.path);

describe("parseSpec: Gradient shapes and quirks", () => {
  it("parses the complete modern example with every field kept", () => {
    const { spec, warnings } = parseSpec(readFixture("modern-complete.yaml"));
    assert.equal(spec.name, "my-llm-api");
    assert.equal(spec.image, "ghcr.io/acme/llm-api:1.2.3");
    assert.deepEqual(spec.command, ["/bin/sh", "-c", "python serve.py --port 8000"]);
    assert.deepEqual(spec.env, [
      { name: "LOG_LEVEL", value: "info" },
      { name: "HF_TOKEN", value: "secret:HF_TOKEN" },
    ]);
    assert.deepEqual(spec.resources, {
      replicas: 2,
      machineType: "A100-80G",
      ports: [8000],
      autoscaling: {
        enabled: true,
        maxReplicas: 5,
        metrics: [
          { metric: "cpu", summary: "average", value: 50 },
          { metric: "memory", summary: "average", value: 22 },
          { metric: "requestDuration", summary: "average", value: 0.15 },
        ],
      },
    });
    assert.deepEqual(spec.healthChecks?.startup?.exec, { command: ["cat", "/tmp/ready"] });
    assert.deepEqual(spec.healthChecks?.readiness?.headers, [{ name: "Authorization", value: "some-token" }]);
    assert.equal(spec.healthChecks?.readiness?.host, "localhost");
    assert.equal(spec.integrations?.length, 5);
    assert.deepEqual(spec.integrations?.[1], {
      type: "s3",
      name: "my-s3",
      path: "/mnt/s3",
      url: "s3://my-bucket/",
      region: "us-east-1",
      endpoint: "https://s3.us-east-1.amazonaws.com",
      accessKeyId: "AKIAEXAMPLE",
      secretAccessKey: "secret:S3_SECRET",
    });
    assert.equal(spec.basicAuthKey, "secret:ENDPOINT_PASSWORD");
    assert.equal(spec.containerRegistry, "My-Example-GHCR");
    assert.equal(spec.region, "ny2");
    assert.ok(!("$schema" in spec));
    assert.deepEqual(warnings.map((w) => w.path), ["$schema"]);
  });

  it("parses the complete legacy example into the modern form", () => {
    const { spec, warnings } = parseSpec(readFixture("legacy-complete.yaml"));
    assert.deepEqual(spec.resources.ports, [7860]);
    assert.equal(spec.resources.machineType, "P6000");
    assert.ok(!("instanceType" in spec.resources));
    assert.ok(!("port" in spec));
    assert.deepEqual(spec.models, [{ id: "moajlgixhg68re", path: "/opt/models/fashion-mnist" }]);
    assert.equal(spec.repositories?.dataset, "dstflhstfexl6w3");
    assert.equal(spec.repositories?.repositories[1].password, "secret:GH_TOKEN");
    assert.deepEqual(spec.healthChecks, { readiness: { path: "/" } });
    const paths = warnings.map((w) => w.path);
    assert.ok(paths.includes("port") && paths.includes("resources.instanceType"), paths.join(","));
  });

  it("Gradient quirk: no apiVersion, name or enabled (console style)", () => {
    const { spec } = parseSpec(readFixture("console-style.yaml"));
    assert.deepEqual(spec, {
      image: "paperspace/gradio-app:latest",
      resources: { replicas: 1, machineType: "A4000", ports: [7860] },
    });
  });

  it("Gradient quirk: apiVersion latest with legacy port and instanceType", () => {
    const { spec, warnings } = parseSpec(readFixture("latest-legacy.yaml"));
    assert.deepEqual(spec.resources, { replicas: 1, machineType: "A6000", ports: [7860] });
    assert.deepEqual(warnings.map((w) => w.path).sort(), ["port", "resources.instanceType"]);
  });

  it("Gradient quirk: apiVersion v1 with instanceType and a scalar ports", () => {
    const { spec, warnings } = parseSpec(readFixture("v1-instancetype-scalar-ports.yaml"));
    assert.deepEqual(spec.resources, { replicas: 1, machineType: "C5", ports: [8000] });
    assert.deepEqual(warnings.map((w) => w.path).sort(), ["resources.instanceType", "resources.ports"]);
    assert.match(warnings.find((w) => w.path === "resources.instanceType")!.message, /apiVersion v1 does not define it/);
  });

  it("Gradient quirk: a port written as a string becomes a number, with a warning", () => {
    const { spec, warnings } = parseSpec(readFixture("port-string.yaml"));
    assert.deepEqual(spec.resources.ports, [7860]);
    assert.ok(warnings.some((w) => w.path === "port" && /the string "7860" was read as the number 7860/.test(w.message)));
  });

  it("Gradient quirk: the ':image' placeholder and an empty image leave the image to the program", () => {
    for (const file of ["image-placeholder.yaml", "image-empty.yaml"]) {
      const { spec, warnings } = parseSpec(readFixture(file));
      assert.equal(spec.image, undefined, file);
      assert.ok(warnings.some((w) => w.path === "image" && /program must supply the image/.test(w.message)), file);
    }
  });

  it("Gradient quirk: autoscaling {enabled: false} needs no maxReplicas or metrics", () => {
    const { spec } = parseSpec(readFixture("autoscaling-disabled.yaml"));
    assert.deepEqual(spec.resources.autoscaling, { enabled: false });
  });

  it("YAML 1.1 booleans (enabled: yes, autoscaling.enabled: off) are read as YAML 1.1 readers read them, with a warning", () => {
    const text = "image: nginx:1.27\nenabled: yes\nresources:\n  machineType: C4\n  ports: [8000]\n  autoscaling: { enabled: Off }\n";
    const { spec, warnings } = parseSpec(parseSpecText(text));
    assert.equal(spec.enabled, true);
    assert.deepEqual(spec.resources.autoscaling, { enabled: false });
    assert.deepEqual(
      warnings.map((w) => `${w.path}: ${w.message}`),
      [
        'enabled: the string "yes" was read as the boolean true, as YAML 1.1 readers read it (a YAML 1.2 reader keeps the string); write true',
        'resources.autoscaling.enabled: the string "Off" was read as the boolean false, as YAML 1.1 readers read it (a YAML 1.2 reader keeps the string); write false',
      ],
    );
    // Not a YAML 1.1 boolean: still an error, as before.
    assert.deepEqual(specErrors(() => parseSpec(parseSpecText(text.replace("enabled: yes", "enabled: nope")))), ['enabled: must be a boolean (got "nope")']);
  });

  it("Gradient quirks: flow style, comments, a cluster-id region and an IPU machine type", () => {
    const { spec } = parseSpec(readFixture("flow-style-comments.yaml"));
    assert.deepEqual(spec.resources, { replicas: 1, machineType: "IPU-POD16", ports: [8000, 8001] });
    assert.equal(spec.region, "clehbtvty");
  });

  it("reads lowercase healthchecks as healthChecks, and numeric strings in probes", () => {
    const { spec, warnings } = parseSpec(readFixture("healthchecks-lowercase.yaml"));
    assert.deepEqual(spec.healthChecks, { readiness: { path: "/ready" }, liveness: { path: "/healthz", periodSeconds: 15 } });
    assert.deepEqual(warnings.map((w) => w.path).sort(), ["healthChecks.liveness.periodSeconds", "healthchecks"]);
  });

  it("reads JSON, JSONC and TOML spec files", () => {
    assert.equal(parseSpec(readFixture("paperspace.json")).spec.name, "json-app");
    assert.equal(parseSpec(readFixture("app.jsonc")).spec.name, "jsonc-app");
    const toml = parseSpec(readFixture("app.toml")).spec;
    assert.deepEqual(toml.healthChecks, { readiness: { path: "/" } });
  });

  it("accepts every apiVersion and rejects others", () => {
    for (const v of ["v0alpha0", "v0alpha1", "v1", "latest"]) {
      assert.deepEqual(parseSpec({ ...baseSpec(), apiVersion: v }).spec.resources, baseSpec().resources, v);
    }
    assert.deepEqual(specErrors(() => parseSpec({ ...baseSpec(), apiVersion: "v2" })), [
      'apiVersion: must be one of v0alpha0, v0alpha1, v1, latest (got "v2")',
    ]);
  });

  it("a legacy spec without port uses the legacy default 80, with a warning", () => {
    const { spec, warnings } = parseSpec({ apiVersion: "v0alpha0", image: "x", resources: { instanceType: "C4" } });
    assert.deepEqual(spec.resources.ports, [80]);
    assert.ok(warnings.some((w) => w.path === "resources.ports" && /defaults to port 80/.test(w.message)));
  });

  it("a modern spec without ports is an error", () => {
    assert.deepEqual(specErrors(() => parseSpec({ apiVersion: "v1", image: "x", resources: { machineType: "C4" } })), [
      "resources.ports: required",
    ]);
  });

  it("conflicting legacy and modern spellings are errors, equal ones are warnings", () => {
    const conflict = { ...baseSpec(), port: 9000 };
    assert.match(specErrors(() => parseSpec(conflict))[0], /^port: conflicts with resources.ports/);
    assert.deepEqual(warningPaths({ ...baseSpec(), port: 8000 }), ["port"]);
    const both = { ...baseSpec(), healthChecks: {}, healthchecks: {} };
    assert.deepEqual(specErrors(() => parseSpec(both)), ["healthchecks: give healthChecks or healthchecks, not both"]);
    const types = baseSpec();
    types.resources.instanceType = "A4000";
    assert.match(specErrors(() => parseSpec(types))[0], /^resources.instanceType: conflicts with resources.machineType/);
  });

  it("unknown fields are dropped with a warning that suggests the known one", () => {
    const raw = { ...baseSpec(), healthCheck: { readiness: { path: "/" } } };
    const { spec, warnings } = parseSpec(raw);
    assert.ok(!("healthCheck" in spec));
    assert.deepEqual(warnings, [{ path: "healthCheck", message: "unknown field; ignored (did you mean healthChecks?)" }]);
    const nested = baseSpec();
    nested.healthChecks = { readiness: { path: "/", periodSecond: 5 } };
    assert.deepEqual(parseSpec(nested).warnings, [
      { path: "healthChecks.readiness.periodSecond", message: "unknown field; ignored (did you mean periodSeconds?)" },
    ]);
  });

  it("does not modify its input", () => {
    const raw = { ...baseSpec(), port: "8000", $schema: "x" };
    const copy = structuredClone(raw);
    parseSpec(raw);
    assert.deepEqual(raw, copy);
  });

  it("a spec that is not a mapping is an error, not a crash", () => {
    for (const raw of [null, 42, "image: x", [1, 2]]) {
      assert.equal(specErrors(() => parseSpec(raw)).length, 1);
    }
  });

  it("YAML syntax errors and duplicate keys are errors with a line", () => {
    const errs = specErrors(() => parseSpecText("image: a\nimage: b\n"));
    assert.match(errs[0], /YAML: .*[Mm]ap keys must be unique/);
    assert.match(specErrors(() => parseSpecText("a: [1, 2\n"))[0], /YAML: /);
    assert.match(specErrors(() => parseSpecText('{"a": 1,}', "json"))[0], /JSON: .* at line 1/);
  });
});
