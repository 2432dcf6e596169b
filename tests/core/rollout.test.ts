/** The rolling update: written out, GPU-friendly by default, and the deadlines follow it. */
import * as assert from "node:assert/strict";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { resolveDeployment } from "../../sdk/core/resolve";
import { rolloutStep, rolloutWaves } from "../../sdk/core/rollout";
import { baseSpec, manifestsOf, specErrors } from "../helpers";

const spec = (machineType: string, replicas: number, extra: Record<string, unknown> = {}) => ({ ...baseSpec(), resources: { machineType, ports: [8000], replicas, ...extra } });

describe("rollout strategy", () => {
  it("GPU machines: maxSurge 0, maxUnavailable 1, written out; CPU machines: Kubernetes' 25 % written out", () => {
    const gpu = manifestsOf(resolveDeployment(spec("A100-80Gx8", 1)), { instance: "g", objectName: "g" }).deployment;
    assert.deepEqual(gpu.spec.strategy, { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    new Deployment(gpu as never).validate();
    const cpu = manifestsOf(resolveDeployment(spec("C4", 1)), { instance: "c", objectName: "c" }).deployment;
    assert.deepEqual(cpu.spec.strategy.rollingUpdate, { maxSurge: "25%", maxUnavailable: "25%" });
    const chosen = resolveDeployment(spec("A100", 4), { rollout: { maxSurge: 1, maxUnavailable: "50%" } });
    assert.deepEqual(chosen.rollout, { maxSurge: 1, maxUnavailable: "50%" });
  });

  it("rounds as the Deployment controller does: surge up, unavailability down, never both 0", () => {
    assert.deepEqual(rolloutStep({ maxSurge: "25%", maxUnavailable: "25%" }, 10), { surge: 3, unavailable: 2 });
    assert.deepEqual(rolloutStep({ maxSurge: 0, maxUnavailable: "10%" }, 5), { surge: 0, unavailable: 1 });
    assert.equal(rolloutWaves({ maxSurge: 0, maxUnavailable: 1 }, 8), 8);
    assert.equal(rolloutWaves({ maxSurge: "25%", maxUnavailable: "25%" }, 8), 2);
    assert.equal(rolloutWaves({ maxSurge: 0, maxUnavailable: 1 }, 1), 1);
  });

  it("the await timeout counts waves from the strategy, and from maxReplicas when autoscaled", () => {
    const fixed = resolveDeployment(spec("A100", 4));
    assert.equal(fixed.awaitTimeoutSeconds, fixed.progressDeadlineSeconds * 4, "one pod at a time on GPUs");
    const autoscaled = resolveDeployment(spec("A100", 2, { autoscaling: { maxReplicas: 6, metrics: [{ metric: "cpu", summary: "average", value: 50 }] } }));
    assert.equal(autoscaled.awaitTimeoutSeconds, autoscaled.progressDeadlineSeconds * 6);
  });

  it("terminationGracePeriodSeconds is written out (30 by default) and can be chosen", () => {
    const m = manifestsOf(resolveDeployment(spec("C4", 1), { terminationGracePeriodSeconds: 120 }), { instance: "t", objectName: "t" });
    assert.equal(m.deployment.spec.template.spec.terminationGracePeriodSeconds, 120);
    assert.equal(resolveDeployment(spec("C4", 1)).terminationGracePeriodSeconds, 30);
  });

  it("the pod options' problems come with the spec's, in one run", () => {
    const errors = specErrors(() =>
      resolveDeployment({ ...baseSpec(), resources: { machineType: "C4", ports: [0] } }, { rollout: { maxSurge: "lots" }, securityProfile: "paranoid" as never, terminationGracePeriodSeconds: -1, sharedMemory: "x", runtimeClassName: "A!" }),
    );
    assert.deepEqual(errors.map((e) => e.split(":")[0]).sort(), ["resources.ports[0]", "rollout.maxSurge", "runtimeClassName", "securityProfile", "sharedMemory", "terminationGracePeriodSeconds"]);
  });

  it("bad values are errors with their path", () => {
    assert.deepEqual(specErrors(() => resolveDeployment(spec("A100", 2), { rollout: { maxSurge: 0, maxUnavailable: 0 } })), [
      "rollout: maxSurge and maxUnavailable cannot both be 0: the rollout could never replace a pod",
    ]);
    assert.match(specErrors(() => resolveDeployment(spec("A100", 2), { rollout: { maxSurge: "150%" } }))[0], /^rollout\.maxSurge: must be a whole number of pods >= 0 or a percentage/);
    assert.match(specErrors(() => resolveDeployment(spec("A100", 2), { terminationGracePeriodSeconds: -1 }))[0], /^terminationGracePeriodSeconds: /);
  });

  it("a created node pool adds node provisioning headroom (600 s by default in the component; any value here)", () => {
    const plain = resolveDeployment(baseSpec());
    const withNodes = resolveDeployment(baseSpec(), { nodeProvisioningHeadroomSeconds: 600 });
    assert.equal(plain.progressDeadlineSeconds, 600, "the 600 s floor: the probes' budget + 300 s pull headroom is less");
    assert.equal(withNodes.progressDeadlineSeconds, plain.readyBudgetSeconds + 300 + 600);
    assert.deepEqual(specErrors(() => resolveDeployment(baseSpec(), { nodeProvisioningHeadroomSeconds: -1 })), ["nodeProvisioningHeadroomSeconds: must be a whole number from 0 to 2147483647 (got -1)"]);
  });

  it("an explicit progressDeadlineSeconds that leaves no room beyond the probes' budget is warned about", () => {
    const budget = resolveDeployment(baseSpec()).readyBudgetSeconds;
    const tight = resolveDeployment(baseSpec(), { progressDeadlineSeconds: budget + 10 });
    assert.equal(tight.progressDeadlineSeconds, budget + 10);
    const w = tight.warnings.find((x) => x.path === "progressDeadlineSeconds");
    assert.ok(w, JSON.stringify(tight.warnings));
    assert.match(w.message, new RegExp(`leaves 10 s beyond the ${budget} s the probes allow a pod to become ready, less than the 300 s of headroom for pulling the image`));
    const roomy = resolveDeployment(baseSpec(), { progressDeadlineSeconds: budget + 300 });
    assert.equal(roomy.warnings.some((x) => x.path === "progressDeadlineSeconds"), false);
  });
});
