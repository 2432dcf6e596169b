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
import { CLOUD_INSTANCE_TYPES } from "../../sdk/component/nodepools/cloudInstances";
import { allocatable } from "../../sdk/component/nodepools/instanceChoice";
import { quantityValue } from "../../sdk/core/quantity";
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

/**
 * The instance each cloud should give each Gradient GPU machine type (and the GPUs left idle), by
 * hand from the cloud docs and the machine's default requests (85 % of its vCPU and RAM), written
 * independently of the choice code. Gradient's Quadro, RTX A-series and (outside EC2) V100 32GB
 * GPUs exist on none of the clouds; AKS has no V100 (NCv3 retired) and no A100 40GB below 8 GPUs
 * (ND96asr_v4); an H100 pod (17 vCPU) does not fit p5.4xlarge (16 vCPU); GKE's A3 High below 8
 * GPUs is Spot-only; ND96isr_H100_v5 (96 vCPU) is too small for H100x8's 108.8 vCPU.
 */
const EXPECTED: Record<string, Record<Cloud, [string, number] | undefined>> = {
  V100: { gke: ["n1-standard-8", 0], eks: ["p3.2xlarge", 0], aks: undefined },
  "V100-32G": { gke: undefined, eks: ["p3dn.24xlarge", 7], aks: undefined },
  "V100-32Gx2": { gke: undefined, eks: ["p3dn.24xlarge", 6], aks: undefined },
  "V100-32Gx4": { gke: undefined, eks: ["p3dn.24xlarge", 4], aks: undefined },
  A100: { gke: ["a2-highgpu-1g", 0], eks: ["p4d.24xlarge", 7], aks: ["Standard_ND96asr_v4", 7] },
  A100x8: { gke: ["a2-highgpu-8g", 0], eks: ["p4d.24xlarge", 0], aks: ["Standard_ND96asr_v4", 0] },
  "A100-80G": { gke: ["a2-ultragpu-1g", 0], eks: ["p4de.24xlarge", 7], aks: ["Standard_NC24ads_A100_v4", 0] },
  "A100-80Gx8": { gke: ["a2-ultragpu-8g", 0], eks: ["p4de.24xlarge", 0], aks: ["Standard_ND96amsr_A100_v4", 0] },
  H100: { gke: ["a3-highgpu-8g", 7], eks: ["p5.48xlarge", 7], aks: ["Standard_NC40ads_H100_v5", 0] },
  H100x8: { gke: ["a3-highgpu-8g", 0], eks: ["p5.48xlarge", 0], aks: undefined },
};

/** A registered instance's room, from the catalog entry of its name and GPU count. */
const roomOf = (cloud: Cloud, name: string, gpus?: number) => allocatable(CLOUD_INSTANCE_TYPES[cloud].find((i) => i.name === name && (gpus === undefined || i.gpu.count === gpus))!);
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
        const want = EXPECTED[machine.label];
        const name = `p${made}x`.replace(/[^a-z0-9]/g, "");
        if (!want?.[cloud]) {
          assert.throws(() => new GpuNodePool(`no-${name}`, { machineType: machine.label, ...OPTIONS[cloud] }), new RegExp(`offers no instance type with ${machine.gpu!.count} x .*the nearest are`));
          continue;
        }
        const pool = new GpuNodePool(name, { machineType: machine.label, minNodes: 0, maxNodes: 2, ...OPTIONS[cloud], ...(cloud === "aks" ? { aks: { ...OPTIONS.aks.aks!, agentPoolName: name } } : {}) });
        assert.match(await valueOf(pool.resources[0].urn), new RegExp(`GpuNodePool\\$${TYPES[cloud].replace(/[/]/g, "\\/")}::${name}$`));
        made++;
        await settle();
        const r = registered.find((x) => x.type === TYPES[cloud] && x.name === name)!;
        const node = nodeOf(cloud, r.inputs);
        const [instance, idleGpus] = want[cloud]!;
        assert.equal(node.instance, instance, `${machine.label} on ${cloud}`);
        if (cloud === "gke") {
          assert.equal(node.gpus, machine.gpu!.count + idleGpus);
          assert.match(r.inputs.nodeConfig.guestAccelerators[0].type, /^nvidia-(tesla-v100|tesla-a100|a100-80gb|h100-80gb)$/);
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
        assert.equal(idle.length, idleGpus > 0 ? 1 : 0, `${machine.label}: ${warned.join("\n")}`);
        if (idleGpus > 0) assert.ok(idle[0].includes(`${machine.label} on ${cloud.toUpperCase()}: ${instance}, ${machine.gpu!.count + idleGpus} GPUs, ${idleGpus} idle per replica`), idle[0]);
      }
      assert.ok(made >= 5, `${cloud}: ${made} machine types registered`);
    });
  }

  it("the issue's case: A100-80G on EKS is a p4de.24xlarge group, and the warning says 7 GPUs sit idle per replica", async () => {
    new GpuNodePool("a100", { machineType: "A100-80G", ...OPTIONS.eks });
    await settle();
    assert.equal(registered.find((r) => r.type === TYPES.eks)!.inputs.instanceTypes[0], "p4de.24xlarge");
    assert.deepEqual(warned, ["GpuNodePool a100: machineType: A100-80G on EKS: p4de.24xlarge, 8 GPUs, 7 idle per replica (up to 8 replicas share one node)"]);
  });

  it("a dedicated pool's warnings are in the deployment's warnings output, at the argument's path", async () => {
    const app = new ModelDeployment("llm", { spec: seed("A100-80G"), dedicatedNodePool: OPTIONS.eks });
    const warnings = await valueOf(app.warnings);
    assert.ok(
      warnings.includes("resources.machineType: A100-80G on EKS: p4de.24xlarge, 8 GPUs, 7 idle per replica (up to 8 replicas share one node)"),
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
      () => new ModelDeployment("bad", { spec: seed("A100"), dedicatedNodePool: { backend: "aks", aks: { resourceGroupName: "rg", clusterName: "c", agentPoolName: "bad-pool" } } }),
      /dedicatedNodePool\.aks\.agentPoolName: "bad-pool" is not an AKS agent pool name/,
    );
    assert.throws(() => new ModelDeployment("none", { spec: seed("A6000"), dedicatedNodePool: OPTIONS.gke }), /dedicatedNodePool\.gke\.machineType: GKE offers no instance type with 1 x NVIDIA RTX A6000/);
  });

  describe("a dedicated pool is sized for the pod's own requests (the deployment's compute)", () => {
    const cases: Array<[Cloud, string, { cpu: string; memory: string }, string, Record<string, unknown>]> = [
      // 30 vCPU / 100 GiB do not fit n1-standard-8 (8 vCPU, 30 GB): the smallest V100 shape that does.
      ["gke", "V100", { cpu: "30", memory: "100Gi" }, "n1-standard-32", {}],
      // 14 vCPU / 200 GiB fit p5.4xlarge (16 vCPU, 256 GiB), which the default 17 vCPU does not.
      ["eks", "H100", { cpu: "14", memory: "200Gi" }, "p5.4xlarge", {}],
      // 80 vCPU / 1500 GiB fit ND96isr_H100_v5 (96 vCPU, 1900 GiB), which the default 108.8 vCPU does not.
      ["aks", "H100x8", { cpu: "80", memory: "1500Gi" }, "Standard_ND96isr_H100_v5", { agentPoolName: "gpu1" }],
    ];
    for (const [cloud, machineType, compute, instance, extra] of cases) {
      it(`${cloud} ${machineType} with compute ${compute.cpu} CPU, ${compute.memory}: ${instance}, whose room holds the pod's requests`, async () => {
        const options = { ...OPTIONS[cloud], ...(cloud === "aks" ? { aks: { ...OPTIONS.aks.aks!, ...extra } } : {}) };
        const app = new ModelDeployment("sized", { spec: seed(machineType), compute, dedicatedNodePool: options });
        const warnings = await valueOf(app.warnings);
        await settle();
        const pool = registered.find((r) => r.type === TYPES[cloud])!;
        const node = nodeOf(cloud, pool.inputs);
        assert.equal(node.instance, instance);
        const requests = registered.find((r) => r.type === "kubernetes:apps/v1:Deployment")!.inputs.spec.template.spec.containers[0].resources.requests;
        assert.deepEqual([requests.cpu, requests.memory], [compute.cpu, compute.memory]);
        const room = roomOf(cloud, instance, cloud === "gke" ? node.gpus : undefined);
        assert.ok(room.vcpu >= quantityValue(requests.cpu)! && room.memoryGiB * 2 ** 30 >= quantityValue(requests.memory)!, JSON.stringify(room));
        // No warning claims a smaller type is too small for requests the pod does not make.
        assert.ok(!warnings.some((w) => /too little CPU or memory/.test(w) && !w.includes(`(${Number(compute.cpu)} vCPU, ${parseInt(compute.memory)} GiB)`)), warnings.join("\n"));
      });
    }

    it("a deployment whose compute does not fit a shared pool's nodes is refused at compute", async () => {
      const pool = new GpuNodePool("shared", { machineType: "V100", ...OPTIONS.gke });
      assert.throws(
        () => new ModelDeployment("big", { spec: seed("V100"), compute: { cpu: "30", memory: "100Gi" }, nodePool: pool }),
        /compute: the pod requests 30 vCPU and 100 GiB, but a node of the pool \(n1-standard-8\) leaves 7\.9 vCPU and 26\.5 GiB to pods: the pods would stay Pending/,
      );
      // Requests within the node's room are fine.
      new ModelDeployment("small", { spec: seed("V100"), compute: { cpu: "4", memory: "20Gi" }, nodePool: pool });
    });

    it("a standalone GpuNodePool sizes for its machine type's share (85 %), as documented", async () => {
      new GpuNodePool("share", { machineType: "V100", ...OPTIONS.gke });
      await settle();
      assert.equal(nodeOf("gke", registered.find((r) => r.type === TYPES.gke)!.inputs).instance, "n1-standard-8");
    });
  });

  describe("GKE H100: Spot-only A3 shapes only with gke.spot", () => {
    it("on demand: a3-highgpu-8g, and the warning says why not the smaller ones", async () => {
      new GpuNodePool("h100", { machineType: "H100", ...OPTIONS.gke });
      await settle();
      const inputs = registered.find((r) => r.type === TYPES.gke)!.inputs;
      assert.equal(inputs.nodeConfig.machineType, "a3-highgpu-8g");
      assert.equal(inputs.nodeConfig.spot, undefined);
      assert.deepEqual(warned, [
        "GpuNodePool h100: machineType: H100 on GKE: a3-highgpu-8g, 8 GPUs, 7 idle per replica (up to 8 replicas share one node); a3-highgpu-1g, a3-highgpu-2g, a3-highgpu-4g are offered only as Spot or flex-start capacity (set gke.spot: true to use them)",
      ]);
    });

    it("with spot: true, a3-highgpu-1g as Spot, and no warning", async () => {
      new GpuNodePool("h100spot", { machineType: "H100", backend: "gke", gke: { ...OPTIONS.gke.gke!, spot: true } });
      await settle();
      const inputs = registered.find((r) => r.type === TYPES.gke)!.inputs;
      assert.deepEqual([inputs.nodeConfig.machineType, inputs.nodeConfig.spot], ["a3-highgpu-1g", true]);
      assert.deepEqual(warned, []);
    });

    it("gke.machineType: a3-highgpu-1g without spot is refused", () => {
      assert.throws(
        () => new GpuNodePool("h100given", { machineType: "H100", backend: "gke", gke: { ...OPTIONS.gke.gke!, machineType: "a3-highgpu-1g" } }),
        /gke\.machineType: a3-highgpu-1g is offered only as Spot or flex-start capacity .*: set gke\.spot: true, or leave gke\.machineType unset/,
      );
    });
  });

  describe("node provisioning headroom on a shared GpuNodePool", () => {
    const budget = (replicas: number) => resolveDeployment(seed("A100-80G", replicas)).readyBudgetSeconds + 300;
    const deadlineOn = async (name: string, pool: GpuNodePool, replicas: number, extra: object = {}) =>
      valueOf(new ModelDeployment(name, { spec: seed("A100-80G", replicas), nodePool: pool, ...extra }).progressDeadlineSeconds);
    const gpu = { backend: "gke" as const, gke: OPTIONS.gke.gke! };

    it("every backend that creates nodes adds 600 s when the kept nodes cannot hold the replicas", async () => {
      const pools: Array<[string, GpuNodePool]> = [
        ["gke", new GpuNodePool("hgke", { machineType: "A100-80G", minNodes: 0, ...gpu })],
        ["eks", new GpuNodePool("heks", { machineType: "A100-80G", minNodes: 0, ...OPTIONS.eks })],
        ["aks", new GpuNodePool("haks", { machineType: "A100-80G", minNodes: 0, ...OPTIONS.aks })],
        ["digitalocean", new GpuNodePool("hdo", { machineType: "H100", minNodes: 0, backend: "digitalocean", digitalocean: { clusterId: "c" } })],
        // Karpenter keeps no node: it launches one for the pending pod.
        ["karpenter", new GpuNodePool("hkarp", { machineType: "A100-80G", minNodes: 2, backend: "karpenter", karpenter: { nodeClassRef: { name: "gpu" } } })],
      ];
      for (const [backend, pool] of pools) {
        const spec = backend === "digitalocean" ? seed("H100", 1) : seed("A100-80G", 1);
        const deadline = await valueOf(new ModelDeployment(`on-${backend}`, { spec, nodePool: pool }).progressDeadlineSeconds);
        assert.equal(deadline, resolveDeployment(spec).readyBudgetSeconds + 300 + 600, backend);
      }
    });

    it("no headroom when the kept nodes hold every replica, on existing nodes, or when set to 0", async () => {
      const warm = new GpuNodePool("warm", { machineType: "A100-80G", minNodes: 2, ...gpu });
      assert.equal(await deadlineOn("two", warm, 2), Math.max(600, budget(2)));
      // 3 replicas on 2 nodes of one A100 each: the third waits for a node.
      assert.equal(await deadlineOn("three", warm, 3), budget(3) + 600);
      const existing = new GpuNodePool("old", { machineType: "A100-80G" });
      assert.equal(await deadlineOn("old", existing, 3), Math.max(600, budget(3)));
      const cold = new GpuNodePool("cold", { machineType: "A100-80G", minNodes: 0, ...gpu });
      assert.equal(await deadlineOn("zero", cold, 1, { nodeProvisioningHeadroomSeconds: 0 }), Math.max(600, budget(1)));
    });
  });

  describe("the component's defaults and checks, as the preview states them", () => {
    it("dedicatedNodePool { minNodes: 3 } alone is 3-3 nodes (maxNodes = max(minNodes, replicas, 1))", async () => {
      new ModelDeployment("three", { spec: seed("A100-80G"), dedicatedNodePool: { ...OPTIONS.gke, minNodes: 3 } });
      await settle();
      assert.deepEqual(registered.find((r) => r.type === TYPES.gke)!.inputs.autoscaling, { totalMinNodeCount: 3, totalMaxNodeCount: 3, locationPolicy: "ANY" });
    });

    it("aks: a dedicated pool's agent pool name is derived from <name>-pool, valid and the same every run", async () => {
      new ModelDeployment("fastapi-aks", { spec: seed("A100-80G"), dedicatedNodePool: { backend: "aks", aks: { resourceGroupName: "rg", clusterName: "c" } } });
      await settle();
      const name = registered.find((r) => r.type === TYPES.aks)!.inputs.agentPoolName;
      // Linux agent pool names: lowercase letters and digits, starting with a letter, at most 12.
      assert.match(name, /^[a-z][a-z0-9]{0,11}$/);
      // "fastapiakspool" cut to 8, and the first 4 hex digits of sha256("fastapi-aks-pool").
      assert.equal(name, "fastapia674a");
      assert.throws(() => new GpuNodePool("123-456", { machineType: "A100-80G", backend: "aks", aks: { resourceGroupName: "rg", clusterName: "c" } }), /aks\.agentPoolName: required, as the pool's name "123-456" has no letter/);
    });

    it("gke.zones outside gke.location's region are an error naming both", () => {
      assert.throws(
        () => new GpuNodePool("far", { machineType: "A100-80G", backend: "gke", gke: { cluster: "c", location: "us-central1", zones: ["us-central1-a", "europe-west4-a"] } }),
        /gke\.zones\[1\]: "europe-west4-a" is not in gke\.location's region "us-central1"/,
      );
      assert.throws(
        () => new GpuNodePool("zonal", { machineType: "A100-80G", backend: "gke", gke: { cluster: "c", location: "us-central1-a", zones: ["us-east1-b"] } }),
        /gke\.zones\[0\]: "us-east1-b" is not in us-central1, the region of the zonal gke\.location "us-central1-a"/,
      );
      // Another zone of a zonal cluster's region is fine (GKE adds it to the cluster's node locations).
      new GpuNodePool("zonalok", { machineType: "A100-80G", backend: "gke", gke: { cluster: "c", location: "us-central1-a", zones: ["us-central1-b"] } });
    });

    it("maxNodes 0 says 'an EKS' / 'an AKS' / 'a GKE' node pool", () => {
      for (const [cloud, article] of [["eks", "an EKS"], ["aks", "an AKS"], ["gke", "a GKE"]] as Array<[Cloud, string]>) {
        assert.throws(() => new GpuNodePool(`zero${cloud}`, { machineType: "A100-80G", maxNodes: 0, ...OPTIONS[cloud] }), new RegExp(`maxNodes: must be >= 1 for ${article} node pool \\(got 0\\)`));
      }
    });

    it("the idle-GPU warning names an override only when it was given", async () => {
      new GpuNodePool("given", { machineType: "A100-80G", backend: "eks", eks: { ...OPTIONS.eks.eks!, instanceType: "p4de.24xlarge" } });
      assert.deepEqual(warned.map((w) => w.replace(/:.*$/, "")), ["GpuNodePool given"]);
      assert.match(warned[0], /^GpuNodePool given: eks\.instanceType: A100-80G on EKS: p4de\.24xlarge, 8 GPUs, 7 idle per replica/);
    });
  });
});
