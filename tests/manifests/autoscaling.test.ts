/** Autoscaling: HPA for cpu/memory, KEDA ScaledObject for requestDuration, replicas left to them. */
import * as assert from "node:assert/strict";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ModelDeployment } from "../../sdk";
import { resolveDeployment } from "../../sdk/core/resolve";
import { baseSpec, readFixture, specErrors, manifestsOf } from "../helpers";
import { installMocks, registered, settle, valueOf } from "../mocks";

installMocks();
const importEsm = new Function("m", "return import(m)") as (m: string) => Promise<any>;

function autoscaled(metrics: Array<[string, number]>, replicas = 2, maxReplicas = 5) {
  const s = baseSpec();
  s.resources = {
    machineType: "A4000",
    ports: [8000],
    replicas,
    autoscaling: { maxReplicas, metrics: metrics.map(([metric, value]) => ({ metric, summary: "average", value })) },
  };
  return s;
}
const named = { instance: "llm", objectName: "llm", namespace: "models" };

describe("autoscaling", () => {
  it("cpu and memory become an autoscaling/v2 HPA: min = replicas, Utilization targets, 300 s scale-down window", () => {
    const m = manifestsOf(resolveDeployment(autoscaled([["cpu", 50], ["memory", 22]])), named);
    assert.deepEqual(m.autoscaler, {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: m.autoscaler!.metadata,
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "llm" },
        minReplicas: 2,
        maxReplicas: 5,
        metrics: [
          { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } },
          { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 22 } } },
        ],
        behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
      },
    });
    new HorizontalPodAutoscaler(m.autoscaler as never).validate();
    // Utilization needs requests: the machine catalog gives them.
    assert.ok(m.deployment.spec.template.spec.containers[0].resources.requests.cpu);
  });

  it("the Deployment states no replicas while autoscaled, so pulumi up never resets the autoscaler's count", () => {
    const before = resolveDeployment(autoscaled([["cpu", 50]], 2));
    const after = resolveDeployment(autoscaled([["cpu", 50]], 3));
    const [a, b] = [manifestsOf(before, named), manifestsOf(after, named)];
    assert.ok(!("replicas" in a.deployment.spec));
    // Changing the floor changes only the autoscaler, never what is applied to the Deployment.
    assert.deepEqual(a.deployment, b.deployment);
    assert.notDeepEqual(a.autoscaler, b.autoscaler);
  });

  it("enabled: false removes the autoscaler and restores the fixed replica count", () => {
    const s = autoscaled([["cpu", 50]], 3);
    s.resources.autoscaling.enabled = false;
    const m = manifestsOf(resolveDeployment(s), named);
    assert.equal(m.autoscaler, undefined);
    assert.equal(m.deployment.spec.replicas, 3);
  });

  it("requestDuration without KEDA is an error that says how to enable it", () => {
    assert.deepEqual(specErrors(() => resolveDeployment(autoscaled([["cpu", 50], ["requestDuration", 0.15]]))), [
      "resources.autoscaling.metrics[1].metric: requestDuration needs KEDA (a plain HPA cannot scale on it): pass keda: { enabled: true } (--keda in the CLI), with KEDA and Prometheus running in the cluster",
    ]);
  });

  it("with KEDA, every metric goes into one ScaledObject with a Prometheus trigger, valid against KEDA's CRD", async () => {
    const r = resolveDeployment(autoscaled([["cpu", 50], ["requestDuration", 0.15]]), { keda: true });
    const m = manifestsOf(r, { ...named, keda: { prometheusAddress: "http://prom:9090" } });
    assert.equal(m.autoscaler?.kind, "ScaledObject");
    const so = m.autoscaler as any;
    assert.deepEqual(so.spec.triggers[0], { type: "cpu", metricType: "Utilization", metadata: { value: "50" } });
    assert.equal(so.spec.triggers[1].type, "prometheus");
    assert.equal(so.spec.triggers[1].metadata.serverAddress, "http://prom:9090");
    assert.equal(so.spec.triggers[1].metadata.threshold, "0.15");
    assert.match(so.spec.triggers[1].metadata.query, /namespace="models",service="llm"\}\[5m\]/);
    assert.deepEqual([so.spec.minReplicaCount, so.spec.maxReplicaCount], [2, 5]);
    const { ScaledObject } = await importEsm("@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject");
    new ScaledObject(so).validate();
    assert.throws(() => new ScaledObject({ ...so, spec: { ...so.spec, scaleTargetRef: undefined } }).validate(), /scaleTargetRef/);
  });

  it("a PodDisruptionBudget guards 2+ replicas (fixed or autoscaled), none for 1", () => {
    const s = baseSpec();
    s.resources.replicas = 2;
    const pdb = manifestsOf(resolveDeployment(s), named).pdb!;
    assert.deepEqual(pdb.spec, { maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/component": "model-server", "app.kubernetes.io/instance": "llm" } } });
    new PodDisruptionBudget(pdb as never).validate();
    assert.equal(manifestsOf(resolveDeployment(baseSpec()), named).pdb, undefined);
    assert.ok(manifestsOf(resolveDeployment(autoscaled([["cpu", 50]], 2)), named).pdb);
  });

  it("rejects bad autoscaling input, each with its path", () => {
    const cases: Array<[Record<string, any>, string]> = [
      [autoscaled([["gpu", 50]]), 'resources.autoscaling.metrics[0].metric: must be one of "cpu", "memory", "requestDuration" (got "gpu")'],
      [autoscaled([["cpu", 50]], 4, 2), "resources.autoscaling.maxReplicas: must be >= resources.replicas (4) (got 2)"],
      [autoscaled([["requestDuration", 0.001]]), "resources.autoscaling.metrics[0].value: must be >= 0.01 seconds for requestDuration (got 0.001)"],
      [autoscaled([["cpu", 150]]), "resources.autoscaling.metrics[0].value: must be a whole percentage from 1 to 100 for cpu (got 150)"],
      [autoscaled([["cpu", 50]], 0), "resources.replicas: must be >= 1 while autoscaling: it is the autoscaler's minimum (got 0)"],
    ];
    for (const [spec, message] of cases) assert.deepEqual(specErrors(() => resolveDeployment(spec, { keda: true })), [message]);
  });

  describe("under Pulumi mocks", () => {
    beforeEach(() => (registered.length = 0));

    it("the HPA targets the autonamed Deployment; the Deployment's inputs have no replicas", async () => {
      const app = new ModelDeployment("scaled", { spec: autoscaled([["cpu", 60]]) as never });
      await valueOf(app.deployment.urn);
      await settle();
      const dep = registered.find((r) => r.type === "kubernetes:apps/v1:Deployment")!;
      assert.ok(!("replicas" in dep.inputs.spec), JSON.stringify(Object.keys(dep.inputs.spec)));
      const hpa = registered.find((r) => r.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler")!;
      assert.equal(hpa.inputs.spec.scaleTargetRef.name, "scaled-1a2b3c4d");
      assert.equal(hpa.inputs.spec.minReplicas, 2);
      assert.ok(registered.some((r) => r.type === "kubernetes:policy/v1:PodDisruptionBudget"));
    });

    it("the KEDA ScaledObject's query names the real Service and namespace", async () => {
      const app = new ModelDeployment("keda", { spec: autoscaled([["requestDuration", 0.2]]) as never, keda: { enabled: true }, namespace: "ml" });
      await valueOf(app.deployment.urn);
      await settle();
      const so = registered.find((r) => r.type === "kubernetes:keda.sh/v1alpha1:ScaledObject")!;
      assert.equal(so.inputs.spec.scaleTargetRef.name, "keda-1a2b3c4d");
      assert.match(so.inputs.spec.triggers[0].metadata.query, /namespace="ml",service="keda-1a2b3c4d"/);
      assert.doesNotMatch(JSON.stringify(so.inputs), /\\u0000/);
    });
  });

  it("the protected, autoscaled modern fixture resolves with KEDA", () => {
    assert.equal(resolveDeployment(readFixture("protected-autoscaled.yaml"), { keda: true, secretNames: ["HF_TOKEN", "ENDPOINT_PASSWORD"] }).autoscaling?.engine, "keda");
  });
});
