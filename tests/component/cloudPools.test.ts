/**
 * GKE, EKS and AKS pools under Pulumi mocks: each registers the provider's resource (its type
 * token, through the provider package's own class, which passes on only the inputs its schema
 * has) with the instance type, accelerators, taints and labels, for every GPU machine type of the
 * catalog that the cloud offers; pods of the deployment land on those nodes.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { GpuNodePool, ModelDeployment } from "../../sdk";
import { MACHINE_CATALOG } from "../../sdk/core/machines";
import type { Cloud } from "../../sdk/component/nodepools/cloudInstances";
import { chooseInstance } from "../../sdk/component/nodepools/instanceChoice";
import type { NodePoolOptions } from "../../sdk/component/nodepools/options";
import type { Toleration } from "../../sdk/manifests/k8s";
import { resolveDeployment } from "../../sdk/core/resolve";
import { fixturePath } from "../helpers";
import { POOL_RESOURCE_TYPES } from "../../sdk/cli/present/nodePool";
import { installMocks, registered, settle, valueOf } from "../mocks";

installMocks();

const TYPES: Record<Cloud, string> = {
  gke: "gcp:container/nodePool:NodePool",
  eks: "aws:eks/nodeGroup:NodeGroup",
  aks: "azure-native:containerservice:AgentPool",
};
const OPTIONS: Record<Cloud, NodePoolOptions> = {
  gke: { backend: "gke", gke: { cluster: "models", location: "us-central1" } },
  eks: { backend: "eks", eks: { clusterName: "models", nodeRoleArn: "arn:aws:iam::123456789012:role/nodes", subnetIds: ["subnet-a", "subnet-b"] } },
  aks: { backend: "aks", aks: { resourceGroupName: "rg", clusterName: "models", agentPoolName: "gpu" } },
};
const GPU_MACHINES = [...MACHINE_CATALOG.values()].filter((m) => m.gpu);
const seed = (machineType: string, replicas = 1) => {
  const spec = ModelDeployment.loadSpec(fixturePath("seed-example.yaml"));
  return { ...spec, resources: { ...spec.resources, machineType, replicas } };
};

/** The instance type, GPUs, labels and taints (in Kubernetes' spelling) a registered pool states. */
function nodeOf(cloud: Cloud, inputs: any) {
  const effect = (e: string) => ({ NO_SCHEDULE: "NoSchedule", NO_EXECUTE: "NoExecute", PREFER_NO_SCHEDULE: "PreferNoSchedule" })[e] ?? e;
  if (cloud === "gke") {
    const acc = inputs.nodeConfig.guestAccelerators?.[0];
    return {
      instance: inputs.nodeConfig.machineType,
      gpus: acc?.count ?? 0,
      labels: inputs.nodeConfig.labels,
      taints: inputs.nodeConfig.taints.map((t: any) => ({ key: t.key, value: t.value, effect: effect(t.effect) })),
    };
  }
  if (cloud === "eks") {
    return { instance: inputs.instanceTypes[0], labels: inputs.labels, taints: inputs.taints.map((t: any) => ({ key: t.key, value: t.value, effect: effect(t.effect) })) };
  }
  return {
    instance: inputs.vmSize,
    labels: inputs.nodeLabels,
    taints: inputs.nodeTaints.map((t: string) => {
      const m = /^([^=]+)=([^:]*):(\w+)$/.exec(t)!;
      return { key: m[1], value: m[2], effect: m[3] };
    }),
  };
}

/** Whether a pod with these tolerations and required node labels may run on such a node. */
function podFits(pod: { tolerations?: Toleration[]; affinity?: any }, node: { labels: Record<string, string>; taints: Array<{ key: string; value?: string; effect: string }> }): boolean {
  const tolerated = node.taints.every((taint) =>
    (pod.tolerations ?? []).some((t) => t.key === taint.key && (t.operator === "Exists" || t.value === taint.value) && (!t.effect || t.effect === taint.effect)),
  );
  const terms = pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
  return tolerated && terms.some((term: any) => term.matchExpressions.every((e: any) => e.operator === "In" && e.values.includes(node.labels[e.key])));
}

describe("GKE, EKS and AKS node pools (Pulumi mocks)", () => {
  const warned: string[] = [];
  const warn = pulumi.log.warn;
  before(() => {
    (pulumi.log as { warn: typeof warn }).warn = async (message: string) => {
      warned.push(message);
    };
  });
  after(() => {
    (pulumi.log as { warn: typeof warn }).warn = warn;
  });
  beforeEach(() => {
    registered.length = 0;
    warned.length = 0;
  });

  for (const cloud of ["gke", "eks", "aks"] as Cloud[]) {
    it(`${cloud}: every GPU machine type the cloud offers registers ${TYPES[cloud]} with its instance, GPUs, taints and labels; the others fail naming the nearest`, async () => {
      let made = 0;
      for (const machine of GPU_MACHINES) {
        const expected = chooseInstance(cloud, machine, undefined);
        const name = `p${made}x`.replace(/[^a-z0-9]/g, "");
        if (!expected.choice) {
          assert.throws(() => new GpuNodePool(`no-${name}`, { machineType: machine.label, ...OPTIONS[cloud] }), new RegExp(`offers no instance type with ${machine.gpu!.count} x .*the nearest are`));
          continue;
        }
        const pool = new GpuNodePool(name, { machineType: machine.label, minNodes: 0, maxNodes: 2, ...OPTIONS[cloud], ...(cloud === "aks" ? { aks: { ...OPTIONS.aks.aks!, agentPoolName: name } } : {}) });
        assert.match(await valueOf(pool.resources[0].urn), new RegExp(`GpuNodePool\\$${TYPES[cloud].replace(/[/]/g, "\\/")}::${name}$`));
        made++;
        await settle();
        const r = registered.find((x) => x.type === TYPES[cloud] && x.name === name)!;
        const node = nodeOf(cloud, r.inputs);
        assert.equal(node.instance, expected.choice.instance.name, `${machine.label} on ${cloud}`);
        if (cloud === "gke") {
          assert.equal(node.gpus, expected.choice.instance.gpu.count);
          assert.equal(r.inputs.nodeConfig.guestAccelerators[0].type, expected.choice.instance.accelerator);
          assert.deepEqual(r.inputs.nodeConfig.guestAccelerators[0].gpuDriverInstallationConfig, { gpuDriverVersion: "DEFAULT" });
          assert.deepEqual(r.inputs.autoscaling, { totalMinNodeCount: 0, totalMaxNodeCount: 2, locationPolicy: "ANY" });
        }
        if (cloud === "eks") {
          assert.equal(r.inputs.amiType, "BOTTLEROCKET_x86_64_NVIDIA");
          assert.deepEqual(r.inputs.scalingConfig, { minSize: 0, maxSize: 2, desiredSize: 0 });
        }
        if (cloud === "aks") {
          assert.deepEqual([r.inputs.agentPoolName, r.inputs.mode, r.inputs.enableAutoScaling, r.inputs.minCount, r.inputs.maxCount, r.inputs.gpuProfile], [name, "User", true, 0, 2, { driver: "Install" }]);
        }
        assert.deepEqual(node.labels, { "model-deployment/pool": name });
        assert.deepEqual(node.taints, [
          { key: "nvidia.com/gpu", value: cloud === "gke" ? "present" : "true", effect: "NoSchedule" },
          { key: "model-deployment/pool", value: name, effect: "NoSchedule" },
        ]);
        // The idle-GPU case is said, as `pulumi preview` shows it.
        const idle = warned.filter((w) => w.startsWith(`GpuNodePool ${name}: `) && w.includes("idle per replica"));
        assert.equal(idle.length, expected.choice.idleGpus > 0 ? 1 : 0, `${machine.label}: ${warned.join("\n")}`);
      }
      assert.ok(made >= 5, `${cloud}: ${made} machine types registered`);
    });
  }

  it("the issue's case: A100-80G on EKS is a p4de.24xlarge group, and the warning says 7 GPUs sit idle per replica", async () => {
    new GpuNodePool("a100", { machineType: "A100-80G", ...OPTIONS.eks });
    await settle();
    assert.equal(registered.find((r) => r.type === TYPES.eks)!.inputs.instanceTypes[0], "p4de.24xlarge");
    assert.deepEqual(warned, ["GpuNodePool a100: eks.instanceType: A100-80G on EKS: p4de.24xlarge, 8 GPUs, 7 idle per replica (up to 8 replicas share one node)"]);
  });

  it("a dedicated pool's warnings are in the deployment's warnings output, at the argument's path", async () => {
    const app = new ModelDeployment("llm", { spec: seed("A100-80G"), dedicatedNodePool: OPTIONS.eks });
    const warnings = await valueOf(app.warnings);
    assert.ok(
      warnings.includes("dedicatedNodePool.eks.instanceType: A100-80G on EKS: p4de.24xlarge, 8 GPUs, 7 idle per replica (up to 8 replicas share one node)"),
      warnings.join("\n"),
    );
  });

  for (const cloud of ["gke", "eks", "aks"] as Cloud[]) {
    it(`${cloud}: a dedicated pool runs the deployment's pods, with node provisioning headroom in the deadlines`, async () => {
      // "llm-pool" is no AKS agent pool name: name one.
      const dedicatedNodePool = { ...OPTIONS[cloud], ...(cloud === "aks" ? { aks: { ...OPTIONS.aks.aks!, agentPoolName: "llm" } } : {}) };
      const app = new ModelDeployment("llm", { spec: seed("A100-80G", 2), dedicatedNodePool: { ...dedicatedNodePool, minNodes: 0 } });
      const deadline = await valueOf(app.progressDeadlineSeconds);
      await settle();
      const pool = registered.find((r) => r.type === TYPES[cloud])!;
      assert.equal(pool.name, "llm-pool");
      const pod = registered.find((r) => r.type === "kubernetes:apps/v1:Deployment")!.inputs.spec.template.spec;
      assert.ok(podFits(pod, nodeOf(cloud, pool.inputs)));
      // ...and not on a node of another pool.
      assert.ok(!podFits(pod, { ...nodeOf(cloud, pool.inputs), labels: { "model-deployment/pool": "other" } }));
      // The probes' budget, 300 s for the image and 600 s for a new node, as for the other backends.
      assert.equal(deadline, resolveDeployment(seed("A100-80G", 2)).readyBudgetSeconds + 300 + 600);
    });
  }

  it("the autoscaler owns the node count: EKS's desiredSize and AKS's count are ignored on later updates; GKE states none", async () => {
    const options: Record<string, pulumi.CustomResourceOptions> = {};
    const record: pulumi.ResourceTransformation = (args) => {
      options[args.type] = args.opts;
      return undefined;
    };
    for (const cloud of ["gke", "eks", "aks"] as Cloud[]) new GpuNodePool(`${cloud}pool`, { machineType: "A100-80G", ...OPTIONS[cloud] }, { transformations: [record] });
    await settle();
    assert.deepEqual(options[TYPES.eks].ignoreChanges, ["scalingConfig.desiredSize"]);
    assert.deepEqual(options[TYPES.aks].ignoreChanges, ["count"]);
    assert.equal(options[TYPES.gke].ignoreChanges, undefined);
    assert.equal(registered.find((r) => r.type === TYPES.gke)!.inputs.nodeCount, undefined);
  });

  it("the preview names the resource type each pool registers", async () => {
    for (const cloud of ["gke", "eks", "aks"] as Cloud[]) {
      const pool = new GpuNodePool(`${cloud}types`, { machineType: "A100-80G", ...OPTIONS[cloud] });
      assert.match(await valueOf(pool.resources[0].urn), new RegExp(`\\$${POOL_RESOURCE_TYPES[cloud].replace(/[/]/g, "\\/")}::${cloud}types$`));
    }
  });

  it("dedicated pools report the cloud's issues under dedicatedNodePool", () => {
    assert.throws(
      () => new ModelDeployment("bad", { spec: seed("A100"), dedicatedNodePool: { backend: "aks", aks: { resourceGroupName: "rg", clusterName: "c" } } }),
      /dedicatedNodePool\.aks\.agentPoolName: required, as the pool's name "bad-pool" is not an AKS agent pool name/,
    );
    assert.throws(() => new ModelDeployment("none", { spec: seed("A6000"), dedicatedNodePool: OPTIONS.gke }), /dedicatedNodePool\.gke\.machineType: GKE offers no instance type with 1 x NVIDIA RTX A6000/);
  });
});
