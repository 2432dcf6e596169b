/** The machine catalog against Gradient's machine-type table, and what pods get from it. */
import * as assert from "node:assert/strict";
import { FREE_TIER_LABELS, MACHINE_CATALOG, lookupMachine } from "../../sdk/core/machines";
import { containerResources, podScheduling } from "../../sdk/core/scheduling";
import { resolveDeployment } from "../../sdk/core/resolve";
import { baseSpec, specErrors } from "../helpers";

/** Gradient's machine-type table, copied here by hand: label, GiB per GPU, vCPU, RAM GiB. */
const REFERENCE_TABLE: Array<[string, number | null, number, number]> = [
  ["C1", null, 1, 0.5], ["C3", null, 2, 2], ["C4", null, 2, 4], ["C5", null, 4, 8], ["C6", null, 8, 16],
  ["C7", null, 12, 30], ["C8", null, 16, 60], ["C9", null, 24, 120], ["C10", null, 32, 244],
  ["GPU+", 8, 8, 30], ["P4000", 8, 8, 30], ["P5000", 16, 8, 30], ["P6000", 24, 8, 30], ["RTX4000", 8, 8, 30],
  ["RTX5000", 16, 8, 30], ["V100", 16, 8, 30], ["V100-32G", 32, 8, 30], ["A4000", 16, 8, 45], ["A5000", 24, 8, 45],
  ["A6000", 48, 8, 45], ["A100", 40, 12, 90], ["A100-80G", 80, 12, 90], ["H100", 80, 20, 250],
];
const X2_X4 = ["GPU+", "P4000", "P5000", "P6000", "RTX4000", "RTX5000", "V100-32G", "A4000", "A5000", "A6000"];
const X8 = ["A100", "A100-80G", "H100"];

const machineOf = (label: string) => {
  const r = lookupMachine(label);
  assert.ok("machine" in r, `${label}: ${"error" in r ? r.error : ""}`);
  return r.machine;
};

describe("machine catalog (Gradient machine types)", () => {
  it("knows every label of the machine-type table with its GPU memory, vCPU and RAM", () => {
    for (const [label, gpuMemory, vcpu, ram] of REFERENCE_TABLE) {
      const m = machineOf(label);
      assert.equal(m.vcpu, vcpu, label);
      assert.equal(m.memoryGiB, ram, label);
      assert.equal(m.gpu?.memoryGiB ?? null, gpuMemory, label);
      assert.equal(m.gpu?.count ?? 0, gpuMemory === null ? 0 : 1, label);
    }
  });

  it("knows every multi-GPU variant: x2 and x4 for the listed bases, x8 for A100, A100-80G and H100", () => {
    for (const base of X2_X4) for (const n of [2, 4]) assert.equal(machineOf(`${base}x${n}`).gpu?.count, n);
    for (const base of X8) assert.equal(machineOf(`${base}x8`).gpu?.count, 8);
    assert.equal(MACHINE_CATALOG.size, REFERENCE_TABLE.length + X2_X4.length * 2 + X8.length);
    // The catalogue states H100x8's size: 640 GB of GPU memory, 128 vCPU, 2048 GB RAM.
    const h = machineOf("H100x8");
    assert.deepEqual([h.gpu!.count * h.gpu!.memoryGiB, h.vcpu, h.memoryGiB], [640, 128, 2048]);
    // Others scale the base.
    const a = machineOf("A6000x4");
    assert.deepEqual([a.gpu!.count, a.gpu!.memoryGiB, a.vcpu, a.memoryGiB], [4, 48, 32, 180]);
  });

  it("rejects the free tier and says why", () => {
    for (const label of FREE_TIER_LABELS) {
      const r = lookupMachine(label);
      assert.ok("error" in r && /free-tier machine, which Gradient does not allow for Deployments/.test(r.error), label);
    }
    const r = lookupMachine("Free-A4000");
    assert.ok("error" in r && r.error.endsWith("; use A4000"));
  });

  it("an unknown label is an error listing close matches", () => {
    const r = lookupMachine("A100-80GB");
    assert.ok("error" in r);
    assert.match(r.error, /^unknown machine type "A100-80GB"; close matches: A100-80G\b/);
    const lower = lookupMachine("a6000x2");
    assert.ok("error" in lower && /close matches: A6000x2/.test(lower.error));
    const ipu = lookupMachine("IPU-POD16");
    assert.ok("error" in ipu && /Graphcore IPUs/.test(ipu.error));
  });

  it("custom machine types cover private hardware, and win over the catalog", () => {
    const custom = { "L4x2": { vcpu: 24, memoryGiB: 96, gpu: { count: 2, model: "NVIDIA L4", memoryGiB: 24, products: ["NVIDIA-L4"] } } };
    assert.equal(machineOf("A4000").gpu?.count, 1);
    const r = lookupMachine("L4x2", custom);
    assert.ok("machine" in r && r.machine.gpu?.products[0] === "NVIDIA-L4");
  });
});

describe("requests, limits and scheduling from the machine type", () => {
  it("a GPU machine: 85 % of vCPU and RAM, limits = requests, nvidia.com/gpu = count", () => {
    assert.deepEqual(containerResources(machineOf("A100-80G")), {
      requests: { cpu: "10200m", memory: "78336Mi", "nvidia.com/gpu": "1" },
      limits: { cpu: "10200m", memory: "78336Mi", "nvidia.com/gpu": "1" },
    });
    assert.equal(containerResources(machineOf("H100x8")).limits["nvidia.com/gpu"], "8");
  });

  it("a CPU machine gets no GPU, no GPU toleration and no affinity", () => {
    assert.deepEqual(containerResources(machineOf("C5")), {
      requests: { cpu: "3400m", memory: "6963Mi" },
      limits: { cpu: "3400m", memory: "6963Mi" },
    });
    assert.deepEqual(podScheduling(machineOf("C5")), {});
  });

  it("a GPU pod tolerates the nvidia.com/gpu taint and selects its GPU product", () => {
    assert.deepEqual(podScheduling(machineOf("A100-80G")), {
      tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: "nvidia.com/gpu.product", operator: "In", values: ["NVIDIA-A100-SXM4-80GB", "NVIDIA-A100-80GB-PCIe"] }] }],
          },
        },
      },
    });
  });

  it("on a pool, pods select the pool's labels and tolerate its taints instead", () => {
    const s = podScheduling(machineOf("H100"), {
      nodeLabels: { "model-deployment/pool": "h100" },
      tolerations: [{ key: "model-deployment/pool", operator: "Equal", value: "h100", effect: "NoSchedule" }],
    });
    assert.deepEqual(s.affinity?.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, [
      { matchExpressions: [{ key: "model-deployment/pool", operator: "In", values: ["h100"] }] },
    ]);
    assert.equal(s.tolerations?.length, 2);
  });

  it("resolveDeployment puts it on the container and pod; compute overrides win", () => {
    const s = baseSpec();
    s.resources.machineType = "A6000x2";
    const r = resolveDeployment(s, { compute: { cpu: "12", memory: "64Gi" } });
    assert.deepEqual(r.resources.limits, { cpu: "12", memory: "64Gi", "nvidia.com/gpu": "2" });
    assert.ok(r.scheduling.affinity);
  });

  it("reports a bad machine type with the spec's other errors", () => {
    const s = baseSpec();
    s.resources.machineType = "Free-GPU";
    s.resources.replicas = -1;
    assert.deepEqual(specErrors(() => resolveDeployment(s)).map((e) => e.split(":")[0]).sort(), ["resources.machineType", "resources.replicas"]);
  });

  it("rejects bad compute overrides and custom machine types, each with its path", () => {
    const errs = specErrors(() =>
      resolveDeployment(baseSpec(), {
        compute: { cpu: "lots", memory: "0" },
        machineTypes: { Mine: { vcpu: 0, memoryGiB: 8, gpu: { count: 1.5, model: "X", memoryGiB: 8, products: [] } } },
      }),
    );
    assert.deepEqual(errs.map((e) => e.split(":")[0]).sort(), [
      "compute.cpu",
      "compute.memory",
      "machineTypes.Mine.gpu.count",
      "machineTypes.Mine.gpu.products",
      "machineTypes.Mine.vcpu",
    ]);
  });
});
