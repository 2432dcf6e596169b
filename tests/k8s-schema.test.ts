/**
 * Every object we emit, for a broad corpus of specs, validates against the official Kubernetes
 * OpenAPI schemas (the `kubernetes-models` package), an independent check of our builders.
 */
import * as assert from "node:assert/strict";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Service } from "kubernetes-models/v1/Service";
import { buildManifests } from "../sdk/manifests";
import { resolveDeployment } from "../sdk/resolve";
import { corpus } from "./corpus";

function validateAgainstSchema(obj: { kind: string }): void {
  const model = obj.kind === "Deployment" ? new Deployment(obj as never) : obj.kind === "Service" ? new Service(obj as never) : undefined;
  assert.ok(model, `no schema for kind ${obj.kind}`);
  model.validate();
}

describe("emitted objects validate against the Kubernetes schemas", () => {
  it("the schema check itself rejects a malformed object", () => {
    const bad = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" }, spec: { selector: { matchLabels: {} }, template: { spec: { containers: [{ name: "c", image: "i", readinessProbe: { periodSeconds: "10" } }] } } } };
    assert.throws(() => validateAgainstSchema(bad), /periodSeconds must be integer/);
  });

  for (const entry of corpus()) {
    for (const variant of [
      { label: "autonamed, ClusterIP", opts: { instance: "model" } },
      { label: "named, namespaced, LoadBalancer", opts: { instance: "model", objectName: "model", namespace: "serving", serviceType: "LoadBalancer" as const } },
    ]) {
      it(`${entry.name} (${variant.label})`, () => {
        const r = resolveDeployment(entry.raw, entry.options);
        const { deployment, service } = buildManifests(r, variant.opts);
        validateAgainstSchema(deployment);
        validateAgainstSchema(service);
        // The selector must select the pod template (the API server rejects it otherwise).
        for (const [k, v] of Object.entries(deployment.spec.selector.matchLabels)) {
          assert.equal(deployment.spec.template.metadata.labels?.[k], v, k);
          assert.equal(service.spec.selector[k], v, k);
        }
      });
    }
  }
});
