/**
 * The GKE, EKS and AKS plans without Pulumi: for every GPU machine type of the Gradient catalog,
 * the instance chosen on each cloud (or the error naming the nearest ones), idle GPUs, and the
 * arguments the provider resources get.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { repoPath } from "../helpers";
import { MACHINE_CATALOG, MachineType } from "../../sdk/core/machines";
import { CLOUD_INSTANCE_TYPES, Cloud, CloudInstanceType } from "../../sdk/component/nodepools/cloudInstances";
import { allocatable, chooseInstance, podRequests } from "../../sdk/component/nodepools/instanceChoice";
import { planNodePool } from "../../sdk/component/nodepools/plan";
import { gkePoolArgs, planGkePool } from "../../sdk/component/nodepools/gkePlan";
import { eksNodeGroupArgs, planEksPool } from "../../sdk/component/nodepools/eksPlan";
import { aksAgentPoolArgs, planAksPool } from "../../sdk/component/nodepools/aksPlan";
import type { NodePoolOptions } from "../../sdk/component/nodepools/options";

const CLOUDS: Cloud[] = ["gke", "eks", "aks"];
const GPU_MACHINES = [...MACHINE_CATALOG.values()].filter((m) => m.gpu);
const OPTIONS: Record<Cloud, NodePoolOptions> = {
  gke: { backend: "gke", gke: { cluster: "models" } },
  eks: { backend: "eks", eks: { clusterName: "models", nodeRoleArn: "arn:aws:iam::123456789012:role/nodes", subnetIds: ["subnet-a"] } },
  aks: { backend: "aks", aks: { resourceGroupName: "rg", clusterName: "models" } },
};
const carries = (i: CloudInstanceType, m: MachineType) => m.gpu!.products.includes(i.gpu.product);
const fits = (i: CloudInstanceType, m: MachineType) => {
  const need = podRequests(m);
  const room = allocatable(i);
  // Spot-only shapes are not candidates for a pool that does not ask for Spot.
  return carries(i, m) && !i.spotOnly && i.gpu.count >= m.gpu!.count && room.vcpu >= need.vcpu && room.memoryGiB >= need.memoryGiB;
};

describe("GPU instance choice on GKE, EKS and AKS (pure)", () => {
  it("the pod's requests are 85 % of the machine, and a node's room follows GKE's published reservations", () => {
    assert.deepEqual(podRequests(MACHINE_CATALOG.get("A100-80G")!), { vcpu: 10.2, memoryGiB: 76.5 });
    // 8 vCPU: 6 % of the first core, 1 % of the second, 0.5 % of the next two, 0.25 % of the other 4.
    // 30 GiB: 25 % of 4, 20 % of 4, 10 % of 8, 6 % of 14, and the 100 MiB eviction threshold.
    const room = allocatable({ vcpu: 8, memoryGiB: 30 });
    assert.ok(Math.abs(room.vcpu - (8 - 0.06 - 0.01 - 0.01 - 0.01)) < 1e-9);
    assert.ok(Math.abs(room.memoryGiB - (30 - 1 - 0.8 - 0.8 - 0.84 - 100 / 1024)) < 1e-9);
  });

  for (const cloud of CLOUDS) {
    it(`${cloud}: every GPU machine type of the catalog gets the smallest fitting instance, or an error naming the nearest`, () => {
      const catalog = CLOUD_INSTANCE_TYPES[cloud];
      for (const machine of GPU_MACHINES) {
        const r = chooseInstance(cloud, machine, undefined);
        const candidates = catalog.filter((i) => fits(i, machine));
        if (candidates.length === 0) {
          assert.equal(r.choice, undefined, machine.label);
          assert.equal(r.issues.length, 1, machine.label);
          const named = [...r.issues[0].message.matchAll(/([\w.-]+) \(\d+ x /g)].map((m) => m[1]);
          assert.equal(named.length, 3, r.issues[0].message);
          for (const n of named) assert.ok(catalog.some((i) => i.name === n), `${n} is in the ${cloud} catalog`);
          continue;
        }
        const { instance, idleGpus, replicasPerNode } = r.choice!;
        assert.deepEqual(r.issues, [], machine.label);
        assert.ok(fits(instance, machine), `${machine.label}: ${instance.name} fits`);
        // The smallest: no fitting instance has fewer GPUs, or as many and fewer vCPU.
        for (const other of candidates) {
          assert.ok(other.gpu.count > instance.gpu.count || (other.gpu.count === instance.gpu.count && other.vcpu >= instance.vcpu), `${machine.label}: ${other.name} is not smaller than ${instance.name}`);
        }
        assert.equal(idleGpus, instance.gpu.count - machine.gpu!.count);
        assert.ok(replicasPerNode >= 1);
        const idleWarnings = r.warnings.filter((w) => w.message.includes("idle per replica"));
        assert.equal(idleWarnings.length, idleGpus > 0 ? 1 : 0, `${machine.label}: ${JSON.stringify(r.warnings)}`);
        if (idleGpus > 0) {
          assert.ok(idleWarnings[0].message.startsWith(`${machine.label} on ${cloud.toUpperCase()}: ${instance.name}, ${instance.gpu.count} GPUs, ${idleGpus} idle per replica`), idleWarnings[0].message);
        }
      }
    });
  }

  it("the choices for the Gradient machine types, as each cloud's docs list the instances", () => {
    const table: Record<string, Record<Cloud, string>> = {
      V100: { gke: "n1-standard-8", eks: "p3.2xlarge", aks: "none" },
      A100: { gke: "a2-highgpu-1g", eks: "p4d.24xlarge", aks: "Standard_ND96asr_v4" },
      A100x8: { gke: "a2-highgpu-8g", eks: "p4d.24xlarge", aks: "Standard_ND96asr_v4" },
      "A100-80G": { gke: "a2-ultragpu-1g", eks: "p4de.24xlarge", aks: "Standard_NC24ads_A100_v4" },
      "A100-80Gx8": { gke: "a2-ultragpu-8g", eks: "p4de.24xlarge", aks: "Standard_ND96amsr_A100_v4" },
      // a3-highgpu-1g/2g/4g are Spot or flex-start only: an on-demand pool gets the 8-GPU shape.
      H100: { gke: "a3-highgpu-8g", eks: "p5.48xlarge", aks: "Standard_NC40ads_H100_v5" },
      H100x8: { gke: "a3-highgpu-8g", eks: "p5.48xlarge", aks: "none" },
      "V100-32Gx2": { gke: "none", eks: "p3dn.24xlarge", aks: "none" },
      A6000: { gke: "none", eks: "none", aks: "none" },
      P4000: { gke: "none", eks: "none", aks: "none" },
    };
    for (const [label, expected] of Object.entries(table)) {
      for (const cloud of CLOUDS) {
        const r = chooseInstance(cloud, MACHINE_CATALOG.get(label)!, undefined);
        assert.equal(r.choice?.instance.name ?? "none", expected[cloud], `${label} on ${cloud}`);
      }
    }
  });

  it("A100-80G on EKS: p4de.24xlarge with 7 idle GPUs, said as the preview says it", () => {
    const plan = planNodePool("a100", { machineType: "A100-80G", ...OPTIONS.eks });
    assert.ok(plan.plan, JSON.stringify(plan.issues));
    assert.equal(plan.plan.facts.instance, "A100-80G on EKS: p4de.24xlarge, 8 GPUs, 7 idle per replica (up to 8 replicas share one node)");
    // At the machine type that decided it, not at eks.instanceType, which was not set.
    assert.deepEqual(plan.plan.warnings, [{ path: "machineType", message: plan.plan.facts.instance }]);
  });

  it("H100 on EKS: p5.4xlarge has one H100 but too little CPU for the pod, so p5.48xlarge, and the warning says why", () => {
    const r = chooseInstance("eks", MACHINE_CATALOG.get("H100")!, undefined);
    assert.equal(r.choice?.instance.name, "p5.48xlarge");
    assert.match(r.warnings[0].message, /; p5\.4xlarge has too little CPU or memory for the pod's requests \(17 vCPU, 212\.5 GiB\)$/);
  });

  it("a machine type with no instance on the cloud is an error naming the nearest ones", () => {
    const a6000 = planNodePool("p", { machineType: "A6000", ...OPTIONS.eks });
    assert.deepEqual(a6000.issues, [
      {
        path: "eks.instanceType",
        message:
          "EKS offers no instance type with 1 x NVIDIA RTX A6000; the nearest are g6e.xlarge (1 x NVIDIA L40S, 4 vCPU, 32 GiB), g6e.2xlarge (1 x NVIDIA L40S, 8 vCPU, 64 GiB), g6e.4xlarge (1 x NVIDIA L40S, 16 vCPU, 128 GiB): set eks.instanceType to one of them, or add your own to eks.instanceTypes",
      },
    ]);
    const v100 = planNodePool("p", { machineType: "V100", ...OPTIONS.aks });
    assert.match(v100.issues[0].message, /^AKS offers no instance type with 1 x NVIDIA V100 16GB; the nearest are Standard_NC4as_T4_v3 /);
    const h100x8 = planNodePool("p", { machineType: "H100x8", ...OPTIONS.aks });
    assert.match(h100x8.issues[0].message, /^AKS offers no instance type with 8 x NVIDIA H100 80GB and room for the pod's requests \(108\.8 vCPU, 1740\.8 GiB\); the nearest are Standard_ND96isr_H100_v5 \(8 x NVIDIA H100 80GB, 96 vCPU, 1900 GiB\)/);
  });

  it("an override is checked against the catalog: too few GPUs is an error, another GPU a warning, unknown types are taken as given", () => {
    const few = planNodePool("p", { machineType: "A100x8", backend: "aks", aks: { ...OPTIONS.aks.aks!, vmSize: "Standard_NC24ads_A100_v4" } });
    assert.deepEqual(few.issues.map((i) => i.path), ["aks.vmSize"]);
    assert.match(few.issues[0].message, /has 1 GPU\(s\), but A100x8 needs 8/);
    const other = planNodePool("p", { machineType: "A6000", backend: "eks", eks: { ...OPTIONS.eks.eks!, instanceType: "g6e.xlarge" } });
    assert.ok(other.plan);
    assert.equal(other.plan.facts.instance, "A6000 on EKS: g6e.xlarge, 1 GPU, 0 idle per replica (given)");
    assert.deepEqual(other.plan.warnings.map((w) => w.message), [
      "g6e.xlarge carries NVIDIA L40S, not the NVIDIA RTX A6000 of A6000",
      "g6e.xlarge (1 x NVIDIA L40S, 4 vCPU, 32 GiB) leaves too little CPU or memory for one replica of A6000 (it requests 6.8 vCPU, 38.3 GiB): its pods would stay Pending",
    ]);
    const unknown = planNodePool("p", { machineType: "A100", backend: "eks", eks: { ...OPTIONS.eks.eks!, instanceType: "p9.metal" } });
    assert.equal(unknown.plan?.request.machine.label, "A100");
    assert.match(unknown.plan!.warnings[0].message, /"p9\.metal" is not in the EKS catalog/);
    // GKE must know the accelerator to attach.
    const gke = planNodePool("p", { machineType: "A100", backend: "gke", gke: { cluster: "c", machineType: "a9-custom" } });
    assert.match(gke.issues[0].message, /"a9-custom" is not in the GKE catalog, so its accelerator is unknown/);
  });

  it("users add their own instance types; they are checked and chosen like the built-in ones", () => {
    const own: CloudInstanceType = { name: "g7.private", gpu: { model: "NVIDIA RTX A6000", product: "NVIDIA-RTX-A6000", count: 1, memoryGiB: 48 }, vcpu: 16, memoryGiB: 64 };
    const plan = planNodePool("p", { machineType: "A6000", backend: "eks", eks: { ...OPTIONS.eks.eks!, instanceTypes: [own] } });
    assert.equal(plan.plan?.facts.instance, "A6000 on EKS: g7.private, 1 GPU, 0 idle per replica");
    const bad = planNodePool("p", { machineType: "A6000", backend: "gke", gke: { cluster: "c", instanceTypes: [{ ...own, gpu: { ...own.gpu, count: 0 } }] } });
    assert.deepEqual(bad.issues.map((i) => i.path).sort(), ["gke.instanceTypes[0].accelerator", "gke.instanceTypes[0].gpu.count"]);
  });

  it("each cloud's required options, zones and names are checked with their paths", () => {
    const paths = (o: NodePoolOptions, machineType = "A100-80G") => planNodePool("gpu-pool", { machineType, ...o }).issues.map((i) => i.path).sort();
    assert.deepEqual(paths({ backend: "gke" }), ["gke"]);
    assert.deepEqual(paths({ backend: "gke", gke: { cluster: "", zones: ["us-central1", "us-central1-a", "us-central1-a"], gpuDriverVersion: "NEWEST" as never } }), [
      "gke.cluster",
      "gke.gpuDriverVersion",
      "gke.zones[0]",
      "gke.zones[2]",
    ]);
    assert.deepEqual(paths({ backend: "eks", eks: { clusterName: "c", nodeRoleArn: "", subnetIds: [], amiType: "AL2023_x86_64_STANDARD" } }), ["eks.amiType", "eks.nodeRoleArn", "eks.subnetIds"]);
    // "gpu-pool" has a dash: the agent pool name is derived from it; a given one must be valid.
    assert.deepEqual(paths({ backend: "aks", aks: { resourceGroupName: "rg", clusterName: "c", zones: ["east"] } }), ["aks.zones[0]"]);
    assert.deepEqual(paths({ backend: "aks", aks: { resourceGroupName: "rg", clusterName: "c", agentPoolName: "gpu-1" } }), ["aks.agentPoolName"]);
    assert.deepEqual(paths({ backend: "aks", aks: { resourceGroupName: "rg", clusterName: "c", agentPoolName: "gpu1" } }), []);
    assert.deepEqual(paths({ backend: "eks", eks: OPTIONS.eks.eks, }, "C6"), ["eks.instanceType"]);
    assert.deepEqual(planNodePool("p", { machineType: "A100-80G", maxNodes: 0, ...OPTIONS.gke }).issues.map((i) => i.path), ["maxNodes"]);
  });

  it("zones asked for are stated in the preview's facts", () => {
    const gke = planNodePool("p", { machineType: "A100", backend: "gke", gke: { cluster: "c", zones: ["us-central1-a", "us-central1-c"] } });
    assert.equal(gke.plan?.facts.zones, "us-central1-a, us-central1-c (asked for)");
    assert.match(planNodePool("p", { machineType: "A100", ...OPTIONS.gke }).plan!.facts.zones, /none asked for/);
    assert.equal(planNodePool("p", { machineType: "A100", ...OPTIONS.eks }).plan?.facts.zones, "those of subnets subnet-a (asked for)");
    const aks = planNodePool("p", { machineType: "A100-80G", backend: "aks", aks: { ...OPTIONS.aks.aks!, zones: ["1", "3"] } });
    assert.equal(aks.plan?.facts.zones, "1, 3 (asked for)");
    assert.match(aks.plan!.facts.scaling, /^0-4 nodes, the AKS cluster autoscaler; scales from zero/);
  });

  it("the provider arguments: instance, GPUs, driver, taints, labels and autoscaling from zero", () => {
    const request = (o: NodePoolOptions, machineType: string) => planNodePool("a100", { machineType, minNodes: 0, maxNodes: 3, ...o }).plan!.request;
    const g = request({ backend: "gke", gke: { cluster: "c", location: "us-central1", zones: ["us-central1-a"], gpuDriverVersion: "LATEST" } }, "A100-80Gx8");
    assert.deepEqual(gkePoolArgs(g, planGkePool(g).choice!), {
      cluster: "c",
      location: "us-central1",
      nodeLocations: ["us-central1-a"],
      autoscaling: { totalMinNodeCount: 0, totalMaxNodeCount: 3, locationPolicy: "ANY" },
      management: { autoRepair: true, autoUpgrade: true },
      nodeConfig: {
        machineType: "a2-ultragpu-8g",
        guestAccelerators: [{ type: "nvidia-a100-80gb", count: 8, gpuDriverInstallationConfig: { gpuDriverVersion: "LATEST" } }],
        labels: { "model-deployment/pool": "a100" },
        taints: [
          { key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" },
          { key: "model-deployment/pool", value: "a100", effect: "NO_SCHEDULE" },
        ],
      },
    });
    const e = request(OPTIONS.eks, "V100");
    assert.deepEqual(eksNodeGroupArgs(e, planEksPool(e).choice!), {
      clusterName: "models",
      nodeRoleArn: "arn:aws:iam::123456789012:role/nodes",
      subnetIds: ["subnet-a"],
      instanceTypes: ["p3.2xlarge"],
      amiType: "BOTTLEROCKET_x86_64_NVIDIA",
      capacityType: "ON_DEMAND",
      scalingConfig: { minSize: 0, maxSize: 3, desiredSize: 0 },
      labels: { "model-deployment/pool": "a100" },
      taints: [
        { key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" },
        { key: "model-deployment/pool", value: "a100", effect: "NO_SCHEDULE" },
      ],
    });
    const a = request({ backend: "aks", aks: { resourceGroupName: "rg", clusterName: "c", zones: ["1"] } }, "H100");
    assert.deepEqual(aksAgentPoolArgs(a, planAksPool(a).choice!), {
      resourceGroupName: "rg",
      resourceName: "c",
      agentPoolName: "a100",
      mode: "User",
      osType: "Linux",
      vmSize: "Standard_NC40ads_H100_v5",
      count: 0,
      enableAutoScaling: true,
      minCount: 0,
      maxCount: 3,
      availabilityZones: ["1"],
      nodeLabels: { "model-deployment/pool": "a100" },
      nodeTaints: ["nvidia.com/gpu=true:NoSchedule", "model-deployment/pool=a100:NoSchedule"],
      gpuProfile: { driver: "Install" },
    });
  });
});

describe("the cloud pages tell the choices the code makes", () => {
  for (const cloud of CLOUDS) {
    it(`docs/${cloud}.md: its table is the choice for every GPU machine type, and it lists the rest`, () => {
      const page = fs.readFileSync(repoPath("docs", `${cloud}.md`), "utf8");
      const rows = [...page.matchAll(/^\| `([^`]+)` \| `([^`]+)` \| (\d+) x [^|]+ \| (\d+) \| (\d+) \|$/gm)].map((m) => m.slice(1).join(" "));
      const expected: string[] = [];
      const none: string[] = [];
      for (const machine of GPU_MACHINES) {
        const c = chooseInstance(cloud, machine, undefined).choice;
        if (c) expected.push([machine.label, c.instance.name, c.instance.gpu.count, c.idleGpus, c.replicasPerNode].join(" "));
        else none.push(`\`${machine.label}\``);
      }
      assert.deepEqual(rows, expected);
      assert.ok(page.includes(none.join(", ")), `docs/${cloud}.md lists ${none.join(", ")}`);
      // The complete program is the example's.
      assert.ok(page.includes(fs.readFileSync(repoPath("examples", `${cloud}-pool`, "index.ts"), "utf8")), `docs/${cloud}.md shows examples/${cloud}-pool/index.ts`);
    });
  }
});
