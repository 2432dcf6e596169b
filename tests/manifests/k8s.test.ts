/**
 * Every object we emit, for a broad corpus of specs, validates against the official Kubernetes
 * OpenAPI schemas (the `kubernetes-models` package), an independent check of our builders.
 */
import * as assert from "node:assert/strict";
import { manifestsOf } from "../helpers";
import { resolveDeployment } from "../../sdk/core/resolve";
import { corpus } from "../corpus";
import { K8S_MODELS } from "../k8sSchemas";

const importEsm = new Function("m", "return import(m)") as (m: string) => Promise<any>;
const MODELS = K8S_MODELS;

function validateAgainstSchema(obj: { kind: string }): void {
  const Model = MODELS[obj.kind];
  assert.ok(Model, `no schema for kind ${obj.kind}`);
  new Model(obj as never).validate();
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
      { label: "named, in a namespace it creates", opts: { instance: "model", objectName: "model", namespace: "serving", createNamespace: true } },
    ]) {
      it(`${entry.name} (${variant.label})`, async () => {
        const r = resolveDeployment(entry.raw, entry.options);
        const m = manifestsOf(r, { ...variant.opts, ingress: { host: "model.example.com" }, integrations: entry.options.integrations });
        const { deployment, service } = m;
        for (const o of m.list) {
          if (o.kind === "ScaledObject") {
            const { ScaledObject } = await importEsm("@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject");
            new ScaledObject(o).validate();
          } else {
            validateAgainstSchema(o);
          }
        }
        // Every secretKeyRef names its Secret (the schema lets an empty name through).
        for (const c of deployment.spec.template.spec.containers) {
          for (const e of c.env ?? []) if (e.valueFrom) assert.ok(e.valueFrom.secretKeyRef.name, `${e.name} has no Secret name`);
        }
        // The selector must select the pod template (the API server rejects it otherwise).
        for (const [k, v] of Object.entries(deployment.spec.selector.matchLabels)) {
          assert.equal(deployment.spec.template.metadata.labels?.[k], v, k);
          assert.equal(service.spec.selector[k], v, k);
        }
      });
    }
  }
});
