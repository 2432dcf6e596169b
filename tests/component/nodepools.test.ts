/** GpuNodePool backends under Pulumi mocks, and the agreement between pools and the pods on them. */
import * as assert from "node:assert/strict";
import { resolveDeployment } from "../../sdk/core/resolve";
import * as pulumi from "@pulumi/pulumi";
import { GpuNodePool, ModelDeployment, buildKarpenterNodePool, planNodePool } from "../../sdk";
import type { Toleration, NodeSelectorRequirement } from "../../sdk/manifests/k8s";
import { fixturePath } from "../helpers";
import { installMocks, registered, settle, valueOf } from "../mocks";

installMocks();

const KARPENTER_TYPE = "kubernetes:karpenter.sh/v1:NodePool";
const DO_TYPE = "digitalocean:index/kubernetesNodePool:KubernetesNodePool";
const byType = (t: string) => registered.filter((r) => r.type === t);
const seed = (machineType: string, replicas = 1) => {
  const spec = ModelDeployment.loadSpec(fixturePath("seed-example.yaml"));
  return { ...spec, resources: { ...spec.resources, machineType, replicas } };
};
// The CRD schemas ship as ES modules only.
const importEsm = new Function("m", "return import(m)") as (m: string) => Promise<any>;

interface NodeMarks {
  labels: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: string }>;
}

/** Whether a pod with these tolerations and required node affinity may run on such a node. */
function podFitsNode(pod: { tolerations?: Toleration[]; affinity?: any }, node: NodeMarks): boolean {
  const tolerated = node.taints.every((taint) =>
    (pod.tolerations ?? []).some(
      (t) => t.key === taint.key && (t.operator === "Exists" || t.value === taint.value) && (!t.effect || t.effect === taint.effect),
    ),
  );
  const terms = pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [{ matchExpressions: [] }];
  const selected = terms.some((term: { matchExpressions: NodeSelectorRequirement[] }) =>
    term.matchExpressions.every((e) => e.operator === "In" && e.values!.includes(node.labels[e.key])),
  );
  return tolerated && selected;
}

/** Captures each child's resource options, as Pulumi registers it. */
function recordOptions(into: Record<string, pulumi.CustomResourceOptions>): pulumi.ResourceTransformation {
  return (args) => {
    into[`${args.type}::${args.name}`] = args.opts;
    return undefined;
  };
}

describe("GpuNodePool backends (Pulumi mocks)", () => {
  beforeEach(() => {
    registered.length = 0;
  });

  it("existing (the default) creates nothing; pods select their GPU product", async () => {
    const pool = new GpuNodePool("gpus", { machineType: "A4000" });
    assert.deepEqual(pool.resources, []);
    assert.equal(pool.placement, undefined);
    new ModelDeployment("on-existing", { spec: seed("A4000"), nodePool: pool });
    await settle();
    assert.deepEqual(registered.filter((r) => !r.type.startsWith("kubernetes:") || r.type === KARPENTER_TYPE).map((r) => r.type).sort(), [
      "model-deployment:index:GpuNodePool",
      "model-deployment:index:ModelDeployment",
    ]);
    const pod = byType("kubernetes:apps/v1:Deployment")[0].inputs.spec.template.spec;
    assert.deepEqual(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions, [
      { key: "nvidia.com/gpu.product", operator: "In", values: ["NVIDIA-RTX-A4000"] },
    ]);
  });

  it("existing with the labels and taints you name: pods require and tolerate exactly those", async () => {
    const node = { labels: { "cloud.example/gpu": "a100", team: "ml" }, taints: [{ key: "dedicated", value: "ml", effect: "NoSchedule" }, { key: "nvidia.com/gpu", effect: "NoSchedule" }] };
    const pool = new GpuNodePool("labelled", {
      machineType: "A100",
      existing: { nodeLabels: node.labels, tolerations: [{ key: "dedicated", operator: "Equal", value: "ml", effect: "NoSchedule" }] },
    });
    new ModelDeployment("on-labelled", { spec: seed("A100"), nodePool: pool });
    await settle();
    const pod = byType("kubernetes:apps/v1:Deployment")[0].inputs.spec.template.spec;
    assert.ok(podFitsNode(pod, node));
    assert.ok(!podFitsNode(pod, { ...node, labels: { "cloud.example/gpu": "h100", team: "ml" } }));
  });

  it("karpenter: a karpenter.sh/v1 NodePool that pins the GPU, taints, limits and only consolidates empty nodes", async () => {
    const pool = new GpuNodePool("a100", {
      machineType: "A100-80Gx8",
      backend: "karpenter",
      maxNodes: 3,
      karpenter: { nodeClassRef: { name: "gpu" } },
    });
    assert.equal(pool.resources.length, 1);
    assert.match(await valueOf(pool.resources[0].urn), /model-deployment:index:GpuNodePool\$kubernetes:karpenter.sh\/v1:NodePool::a100$/);
    await settle();
    const np = byType(KARPENTER_TYPE)[0].inputs;
    assert.equal(np.apiVersion, "karpenter.sh/v1");
    assert.deepEqual(np.spec.template.spec.nodeClassRef, { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "gpu" });
    const req = Object.fromEntries(np.spec.template.spec.requirements.map((r: NodeSelectorRequirement) => [r.key, [r.operator, r.values]]));
    assert.deepEqual(req["karpenter.k8s.aws/instance-gpu-name"], ["In", ["a100"]]);
    assert.deepEqual(req["karpenter.k8s.aws/instance-gpu-count"], ["In", ["8"]]);
    assert.deepEqual(req["karpenter.k8s.aws/instance-gpu-memory"], ["Gt", ["80896"]]);
    assert.deepEqual(req["karpenter.sh/capacity-type"], ["In", ["on-demand"]]);
    assert.deepEqual(np.spec.limits, { "nvidia.com/gpu": "24" });
    assert.deepEqual(np.spec.disruption, { consolidationPolicy: "WhenEmpty", consolidateAfter: "10m" });
    assert.deepEqual(np.spec.template.spec.taints, [
      { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" },
      { key: "model-deployment/pool", value: "a100", effect: "NoSchedule" },
    ]);
  });

  it("karpenter: the NodePool validates against Karpenter's CRD schema", async () => {
    const { NodePool } = await importEsm("@kubernetes-models/karpenter/karpenter.sh/v1/NodePool");
    for (const machineType of ["A100", "H100x8", "V100-32Gx4", "C6"]) {
      const plan = planNodePool("pool", { machineType, backend: "karpenter", karpenter: { nodeClassRef: { name: "default" }, gpuName: machineType === "V100-32Gx4" ? "v100" : undefined, consolidateAfter: "1h" } });
      assert.ok(plan.plan, JSON.stringify(plan.issues));
      const obj = buildKarpenterNodePool(plan.plan.request);
      new NodePool({ ...obj, metadata: { ...obj.metadata, name: "pool" } }).validate();
    }
    // ...and the check is real: a NodePool without a nodeClassRef fails it.
    assert.throws(() => new NodePool({ apiVersion: "karpenter.sh/v1", kind: "NodePool", metadata: { name: "x" }, spec: { template: { spec: { requirements: [] } } } }).validate(), /nodeClassRef/);
  });

  it("karpenter: pods of the pool tolerate its taints and select its labels; pods of another pool do not", async () => {
    new GpuNodePool("pool-a", { machineType: "H100", backend: "karpenter", karpenter: { nodeClassRef: { name: "gpu" } } });
    const poolB = new GpuNodePool("pool-b", { machineType: "H100", backend: "karpenter", karpenter: { nodeClassRef: { name: "gpu" } } });
    new ModelDeployment("on-b", { spec: seed("H100"), nodePool: poolB });
    await settle();
    const nodeOf = (name: string): NodeMarks => {
      const np = byType(KARPENTER_TYPE).find((r) => r.name === name)!.inputs;
      return { labels: np.spec.template.metadata.labels, taints: np.spec.template.spec.taints };
    };
    const pod = byType("kubernetes:apps/v1:Deployment").find((r) => r.name === "on-b")!.inputs.spec.template.spec;
    assert.ok(podFitsNode(pod, nodeOf("pool-b")));
    assert.ok(!podFitsNode(pod, nodeOf("pool-a")));
  });

  it("karpenter: GPUs AWS does not carry need an explicit gpuName", () => {
    assert.throws(
      () => new GpuNodePool("a4000", { machineType: "A4000", backend: "karpenter", karpenter: { nodeClassRef: { name: "gpu" } } }),
      /karpenter\.gpuName: required for A4000: no AWS instance type is known to carry an NVIDIA RTX A4000/,
    );
    assert.throws(() => new GpuNodePool("nokarp", { machineType: "H100", backend: "karpenter" }), /karpenter: required when backend is "karpenter"/);
  });

  it("digitalocean: a DOKS node pool of the GPU size slug, autoscaled, labelled and tainted", async () => {
    const pool = new GpuNodePool("h100s", { machineType: "H100x8", backend: "digitalocean", minNodes: 1, maxNodes: 2, digitalocean: { clusterId: "c-123" } });
    assert.match(await valueOf(pool.resources[0].urn), /GpuNodePool\$digitalocean:index\/kubernetesNodePool:KubernetesNodePool::h100s$/);
    await settle();
    const np = byType(DO_TYPE)[0].inputs;
    assert.deepEqual(
      { clusterId: np.clusterId, name: np.name, size: np.size, autoScale: np.autoScale, minNodes: np.minNodes, maxNodes: np.maxNodes, labels: np.labels, taints: np.taints },
      {
        clusterId: "c-123",
        name: "h100s",
        size: "gpu-h100x8-640gb",
        autoScale: true,
        minNodes: 1,
        maxNodes: 2,
        labels: { "model-deployment/pool": "h100s" },
        taints: [{ key: "model-deployment/pool", value: "h100s", effect: "NoSchedule" }],
      },
    );
    new ModelDeployment("on-do", { spec: seed("H100x8"), nodePool: pool });
    await settle();
    const pod = byType("kubernetes:apps/v1:Deployment")[0].inputs.spec.template.spec;
    // DOKS adds the nvidia.com/gpu taint to GPU nodes itself.
    assert.ok(podFitsNode(pod, { labels: np.labels, taints: [...np.taints, { key: "nvidia.com/gpu", effect: "NoSchedule" }] }));
  });

  it("digitalocean: H100 maps to gpu-h100x1-80gb; unsupported types name the nearest sizes; a size can be given", () => {
    assert.equal(planNodePool("p", { machineType: "H100", backend: "digitalocean", digitalocean: { clusterId: "c" } }).plan?.request.machine.label, "H100");
    const bad = planNodePool("p", { machineType: "A6000", backend: "digitalocean", digitalocean: { clusterId: "c" } });
    assert.deepEqual(bad.issues, [
      { path: "digitalocean.size", message: "DigitalOcean offers no A6000 (1 x NVIDIA RTX A6000); the nearest sizes are gpu-6000adax1-48gb, gpu-l40sx1-48gb, gpu-4000adax1-20gb: set digitalocean.size to one of them" },
    ]);
    assert.ok(planNodePool("p", { machineType: "A6000", backend: "digitalocean", digitalocean: { clusterId: "c", size: "gpu-6000adax1-48gb" } }).plan);
    const tooSmall = planNodePool("p", { machineType: "A6000x4", backend: "digitalocean", digitalocean: { clusterId: "c", size: "gpu-6000adax1-48gb" } });
    assert.match(tooSmall.issues[0].message, /has 1 GPU\(s\), but A6000x4 needs 4/);
  });

  it("one pool shared by two deployments is one pool, and each Deployment depends on it", async () => {
    const options: Record<string, pulumi.CustomResourceOptions> = {};
    const pool = new GpuNodePool("shared", { machineType: "A100", backend: "karpenter", karpenter: { nodeClassRef: { name: "gpu" } } });
    new ModelDeployment("first", { spec: seed("A100"), nodePool: pool }, { transformations: [recordOptions(options)] });
    new ModelDeployment("second", { spec: seed("A100"), nodePool: pool }, { transformations: [recordOptions(options)] });
    await settle();
    assert.equal(byType(KARPENTER_TYPE).length, 1);
    assert.equal(byType("model-deployment:index:GpuNodePool").length, 1);
    for (const name of ["first", "second"]) {
      assert.deepEqual(options[`kubernetes:apps/v1:Deployment::${name}`].dependsOn, [pool], name);
    }
  });

  it("a dedicated pool is a child of the deployment, sized from its replicas", async () => {
    const app = new ModelDeployment("dedicated", { spec: seed("H100", 3), dedicatedNodePool: { backend: "digitalocean", digitalocean: { clusterId: "c-9" } } });
    assert.match(await valueOf(app.urn), /ModelDeployment::dedicated$/);
    await settle();
    const pools = byType("model-deployment:index:GpuNodePool");
    assert.deepEqual(pools.map((p) => p.name), ["dedicated-pool"]);
    const np = byType(DO_TYPE)[0].inputs;
    assert.deepEqual([np.name, np.size, np.minNodes, np.maxNodes], ["dedicated-pool", "gpu-h100x1-80gb", 3, 3]);
    const pod = byType("kubernetes:apps/v1:Deployment")[0].inputs.spec.template.spec;
    assert.deepEqual(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions, [
      { key: "model-deployment/pool", operator: "In", values: ["dedicated-pool"] },
    ]);
  });

  it("a dedicated pool's nodes are new: the deadlines add 600 s of node provisioning headroom, overridable", async () => {
    const pool = { backend: "digitalocean" as const, digitalocean: { clusterId: "c-9" } };
    const created = new ModelDeployment("fresh", { spec: seed("H100", 1), dedicatedNodePool: pool });
    const budget = resolveDeployment(seed("H100", 1)).readyBudgetSeconds;
    assert.equal(await valueOf(created.progressDeadlineSeconds), budget + 300 + 600);
    const told = new ModelDeployment("told", { spec: seed("H100", 1), dedicatedNodePool: pool, nodeProvisioningHeadroomSeconds: 1200 });
    assert.equal(await valueOf(told.progressDeadlineSeconds), budget + 300 + 1200);
    const shared = new ModelDeployment("shared", { spec: seed("H100", 1) });
    assert.equal(await valueOf(shared.progressDeadlineSeconds), 600, "no pool created: the 600 s floor");
  });

  it("refuses a pool of another machine type, both pool options, and bad dedicated pool options", () => {
    const pool = new GpuNodePool("h100", { machineType: "H100" });
    assert.throws(() => new ModelDeployment("mismatch", { spec: seed("A100"), nodePool: pool }), /resources\.machineType: "A100" does not match the node pool's machine type "H100"/);
    assert.throws(() => new ModelDeployment("both", { spec: seed("H100"), nodePool: pool, dedicatedNodePool: {} }), /dedicatedNodePool: give nodePool \(a shared pool\) or dedicatedNodePool, not both/);
    assert.throws(() => new ModelDeployment("baddedicated", { spec: seed("A6000"), dedicatedNodePool: { backend: "digitalocean", digitalocean: { clusterId: "c" } } }), /dedicatedNodePool\.digitalocean\.size: DigitalOcean offers no A6000/);
  });

  it("existing and karpenter: labels, tolerations and gpuName meet the API server's rules, in GpuNodePool and as a dedicated pool, each once", () => {
    assert.throws(
      () => new GpuNodePool("labels", { machineType: "H100", existing: { nodeLabels: { "bad key!": "v" }, tolerations: [{ key: "k", operator: "Exists", value: "x", effect: "NoSchedule" }] } }),
      (e: Error) => /existing\.nodeLabels\["bad key!"\]: the key must be/.test(e.message) && /existing\.tolerations\[0\]\.value: must be empty when the operator is Exists/.test(e.message),
    );
    assert.throws(
      () => new GpuNodePool("gpuname", { machineType: "H100", backend: "karpenter", karpenter: { nodeClassRef: { name: "gpu" }, gpuName: "H100 SXM" } }),
      /karpenter\.gpuName: must be a label value .* \(got "H100 SXM"\)/,
    );
    try {
      new ModelDeployment("dedicated-labels", { spec: seed("H100"), dedicatedNodePool: { existing: { nodeLabels: { pool: "a b" } } } });
      assert.fail("accepted a label value with a space");
    } catch (e) {
      const lines = (e as Error).message.split("\n").filter((l) => l.includes("dedicatedNodePool.existing.nodeLabels.pool"));
      assert.equal(lines.length, 1, (e as Error).message);
    }
  });

  it("validates the pool's own arguments with paths", () => {
    const r = planNodePool("Bad Name!", { machineType: "Nope", backend: "openstack" as never, minNodes: 3, maxNodes: 1 });
    assert.deepEqual(r.issues.map((i) => i.path).sort(), ["backend", "machineType", "maxNodes", "name"]);
  });
});
