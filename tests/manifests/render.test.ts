/** Same spec, same bytes; in-place changes keep every identity field. */
import * as assert from "node:assert/strict";
import { renderObjects } from "../../sdk/manifests/render";
import { ResolveOptions, resolveDeployment } from "../../sdk/core/resolve";
import { corpus } from "../corpus";
import { readFixture, manifestsOf } from "../helpers";

const render = (raw: unknown, format: "yaml" | "json" = "yaml", options: ResolveOptions = {}) =>
  renderObjects(manifestsOf(resolveDeployment(raw, options), { instance: "fastapi", objectName: "fastapi" }).list, format);

/** Names, namespaces, labels and selectors of each object: what must never change in place. */
function identity(raw: unknown) {
  const m = manifestsOf(resolveDeployment(raw), { instance: "fastapi" });
  return {
    deployment: { meta: m.deployment.metadata.labels, name: m.deployment.metadata.name, selector: m.deployment.spec.selector, podLabels: m.deployment.spec.template.metadata.labels },
    service: { meta: m.service.metadata.labels, name: m.service.metadata.name, selector: m.service.spec.selector },
  };
}

describe("determinism and stable identity", () => {
  it("renders the same spec byte-identically, in YAML and JSON", () => {
    for (const entry of corpus()) {
      assert.equal(render(entry.raw, "yaml", entry.options), render(structuredClone(entry.raw), "yaml", entry.options), entry.name);
      assert.equal(render(entry.raw, "json", entry.options), render(entry.raw, "json", entry.options), entry.name);
    }
  });

  it("does not depend on the key order of the spec", () => {
    const raw = readFixture("seed-example.yaml") as Record<string, unknown>;
    const reversed = Object.fromEntries(Object.entries(raw).reverse());
    assert.equal(render(reversed), render(raw));
  });

  it("keeps names, labels and selectors when only probes, env, image, replicas or command change", () => {
    const raw = readFixture("seed-example.yaml") as Record<string, any>;
    const before = identity(raw);
    const changes: Array<(s: Record<string, any>) => void> = [
      (s) => (s.healthChecks.readiness.periodSeconds = 3),
      (s) => (s.healthChecks.startup = { exec: { command: ["true"] } }),
      (s) => delete s.healthChecks,
      (s) => (s.env = [{ name: "A", value: "1" }]),
      (s) => (s.image = "paperspace/other:2"),
      (s) => (s.resources.replicas = 4),
      (s) => (s.command = ["python", "x.py"]),
      (s) => (s.enabled = false),
      (s) => (s.resources.machineType = "H100"),
    ];
    for (const change of changes) {
      const s = structuredClone(raw);
      change(s);
      assert.deepEqual(identity(s), before, change.toString());
      assert.notEqual(render(s), render(raw), `${change} should change the rendering`);
    }
  });

  it("keeps the selector even when the spec's name changes", () => {
    const raw = readFixture("seed-example.yaml") as Record<string, any>;
    const renamed = { ...raw, name: "another-name" };
    assert.deepEqual(identity(renamed).deployment.selector, identity(raw).deployment.selector);
    assert.deepEqual(identity(renamed).service.selector, identity(raw).service.selector);
  });
});
