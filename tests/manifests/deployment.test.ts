/** The workload's pod: shared memory for multi-GPU pods, spread replicas, runtime and priority classes. */
import * as assert from "node:assert/strict";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { resolveDeployment } from "../../sdk/core/resolve";
import { baseSpec, manifestsOf, specErrors } from "../helpers";

const pod = (machineType: string, replicas: number, options = {}) => {
  const d = manifestsOf(resolveDeployment({ ...baseSpec(), resources: { machineType, ports: [8000], replicas } }, options), { instance: "p", objectName: "p" }).deployment;
  new Deployment(d as never).validate();
  return d.spec.template.spec;
};

describe("the workload's pod", () => {
  it("pods with more than one GPU get a memory-backed /dev/shm; one GPU and CPU pods do not, unless asked", () => {
    const multi = pod("A100-80Gx8", 1);
    assert.deepEqual(multi.volumes, [{ name: "dshm", emptyDir: { medium: "Memory", sizeLimit: "16Gi" } }]);
    assert.deepEqual(multi.containers[0].volumeMounts, [{ name: "dshm", mountPath: "/dev/shm" }]);
    assert.equal(pod("A100", 1).volumes, undefined);
    assert.deepEqual(pod("A100", 1, { sharedMemory: "2Gi" }).volumes, [{ name: "dshm", emptyDir: { medium: "Memory", sizeLimit: "2Gi" } }]);
    assert.equal(pod("A100x8", 1, { sharedMemory: false }).volumes, undefined);
    assert.match(specErrors(() => resolveDeployment(baseSpec(), { sharedMemory: "lots" }))[0], /^sharedMemory: must be a positive Kubernetes quantity/);
  });

  it("replicas spread across nodes and zones, best effort, per ReplicaSet; written for one replica too, so scaling out rolls nothing", () => {
    assert.deepEqual(pod("A100", 1).topologySpreadConstraints, pod("A100", 3).topologySpreadConstraints);
    const spread = pod("A100", 3).topologySpreadConstraints!;
    assert.deepEqual(spread.map((c) => [c.topologyKey, c.whenUnsatisfiable, c.maxSkew, c.matchLabelKeys]), [
      ["kubernetes.io/hostname", "ScheduleAnyway", 1, ["pod-template-hash"]],
      ["topology.kubernetes.io/zone", "ScheduleAnyway", 1, ["pod-template-hash"]],
    ]);
    assert.deepEqual(spread[0].labelSelector.matchLabels, { "app.kubernetes.io/component": "model-server", "app.kubernetes.io/instance": "p" });
  });

  it("runtimeClassName and priorityClassName when given, checked as names", () => {
    const p = pod("A100", 1, { runtimeClassName: "nvidia", priorityClassName: "model-serving" });
    assert.deepEqual([p.runtimeClassName, p.priorityClassName], ["nvidia", "model-serving"]);
    assert.match(specErrors(() => resolveDeployment(baseSpec(), { runtimeClassName: "NVIDIA!" }))[0], /^runtimeClassName: must be the name of a RuntimeClass/);
  });
});
