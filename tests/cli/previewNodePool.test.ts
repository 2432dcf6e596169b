/**
 * `model-deploy preview --node-pool gke|eks|aks`: the dedicated pool the component would create,
 * with the instance chosen for the machine type, idle GPUs, zones and scaling, from the same plan
 * as `GpuNodePool` (tests/component/cloudPools.test.ts registers what it names).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoPath, runCli } from "../helpers";

const spec = (cloud: string) => repoPath("examples", `${cloud}-pool`, "deployment.yaml");

describe("model-deploy preview --node-pool", () => {
  it("eks: the node group, the p4de.24xlarge chosen for A100-80G with its 7 idle GPUs, the zones asked for, and pods on the pool", () => {
    const r = runCli(["preview", spec("eks"), "--node-pool", "eks", "--zones", "us-east-1a,us-east-1b", "--min-nodes", "0"]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split("\n");
    assert.deepEqual(lines.slice(2, 9), [
      "model-deployment:index:ModelDeployment  fastapi-eks",
      "|- model-deployment:index:GpuNodePool  fastapi-eks-pool",
      "|  |  backend   eks",
      "|  |  instance  A100-80G on EKS: p4de.24xlarge, 8 GPUs, 7 idle per replica (up to 8 replicas share one node)",
      "|  |  zones     us-east-1a, us-east-1b (asked for: the zones of the subnets the program gives)",
      "|  |  scaling   0-1 nodes, the cluster autoscaler (1.24 or later reads the group's labels and taints from EKS to scale from zero); scales from zero: the first replica waits for a new EKS node (the rollout deadlines of a deployment on this pool include node provisioning headroom)",
      "|  `- aws:eks/nodeGroup:NodeGroup  fastapi-eks-pool",
    ]);
    // Labelled with the spec's field that decided it: no --instance-type was given.
    assert.ok(lines.includes("  resources.machineType: A100-80G on EKS: p4de.24xlarge, 8 GPUs, 7 idle per replica (up to 8 replicas share one node)"), r.stdout);
    assert.match(r.stdout, /scheduling +tolerates nvidia\.com\/gpu, model-deployment\/pool; requires model-deployment\/pool in \(fastapi-eks-pool\)/);
  });

  it("the deadlines include the node provisioning headroom, as the component's dedicatedNodePool does", () => {
    const deadline = (args: string[]) => Number(/progressDeadlineSeconds (\d+)/.exec(runCli(["preview", spec("gke"), ...args]).stdout)![1]);
    // 66 s of probe budget + 300 s for the image + 600 s for the node (without a pool: the 600 s floor).
    assert.deepEqual([deadline([]), deadline(["--node-pool", "gke"])], [600, 966]);
    assert.equal(deadline(["--node-pool", "gke"]), deadline(["--node-provisioning-headroom", "600"]));
    assert.equal(deadline(["--node-pool", "gke", "--node-provisioning-headroom", "900"]), 1266);
  });

  it("gke and aks: zones and instance as the cloud's options; -o json carries the same settings", () => {
    const r = runCli(["preview", spec("gke"), "--node-pool", "gke", "--zones", "us-central1-a,us-central1-c", "-o", "json"]);
    assert.equal(r.code, 0, r.stderr);
    const pool = JSON.parse(r.stdout).tree.children[0];
    assert.deepEqual(
      { type: pool.type, backend: pool.settings.backend, instance: pool.settings.instance, zones: pool.settings.zones, child: pool.children[0].type },
      {
        type: "model-deployment:index:GpuNodePool",
        backend: "gke",
        instance: "A100-80G on GKE: a2-ultragpu-1g, 1 GPU, 0 idle per replica",
        zones: "us-central1-a, us-central1-c (asked for)",
        child: "gcp:container/nodePool:NodePool",
      },
    );
    const aks = runCli(["preview", spec("aks"), "--node-pool", "aks", "--instance-type", "Standard_NC48ads_A100_v4", "-o", "json"]);
    assert.equal(JSON.parse(aks.stdout).tree.children[0].settings.instance, "A100-80G on AKS: Standard_NC48ads_A100_v4, 2 GPUs, 1 idle per replica (up to 2 replicas share one node) (given)");
  });

  it("a machine type the cloud has no instance for is an error naming the nearest; bad zones name the flag", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pool-"));
    fs.writeFileSync(path.join(dir, "v100.yaml"), fs.readFileSync(spec("aks"), "utf8").replace("machineType: A100-80G", "machineType: V100"));
    const r = runCli(["preview", path.join(dir, "v100.yaml"), "--node-pool", "aks"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /: --instance-type: AKS offers no instance type with 1 x NVIDIA V100 16GB; the nearest are Standard_NC4as_T4_v3 \(1 x NVIDIA T4, 4 vCPU, 28 GiB\), /);
    const zones = runCli(["preview", spec("gke"), "--node-pool", "gke", "--zones", "us-central1-a,central"]);
    assert.equal(zones.code, 1);
    assert.match(zones.stderr, /: --zones\[1\]: must be a zone such as us-central1-a \(got "central"\)/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("--min-nodes alone: the component's defaults (maxNodes = max(minNodes, replicas, 1)), and the component takes the same pool", () => {
    const r = runCli(["preview", spec("gke"), "--node-pool", "gke", "--min-nodes", "3", "-o", "json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(JSON.parse(r.stdout).tree.children[0].settings.scaling, /^3-3 nodes, /);
    // tests/component/cloudPools.test.ts: dedicatedNodePool { minNodes: 3 } registers 3-3 too.
    const bad = runCli(["preview", spec("gke"), "--node-pool", "gke", "--min-nodes", "3", "--max-nodes", "2"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--max-nodes: must be a whole number >= minNodes \(3\) \(got 2\)/);
  });

  it("aks: the agent pool name is the one the component derives, or --agent-pool-name, checked as the component checks it", () => {
    const derived = runCli(["preview", spec("aks"), "--node-pool", "aks", "-o", "json"]);
    assert.equal(derived.code, 0, derived.stderr);
    assert.equal(JSON.parse(derived.stdout).tree.children[0].settings["agent pool"], 'fastapia674a (derived from the pool\'s name "fastapi-aks-pool"; set aks.agentPoolName to choose it)');
    const given = runCli(["preview", spec("aks"), "--node-pool", "aks", "--agent-pool-name", "gpu1", "-o", "json"]);
    assert.equal(JSON.parse(given.stdout).tree.children[0].settings["agent pool"], "gpu1 (given)");
    const bad = runCli(["preview", spec("aks"), "--node-pool", "aks", "--agent-pool-name", "gpu-1"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--agent-pool-name: "gpu-1" is not an AKS agent pool name: lowercase letters and digits, starting with a letter, at most 12/);
    const other = runCli(["preview", spec("gke"), "--node-pool", "gke", "--agent-pool-name", "gpu1"]);
    assert.equal(other.code, 2);
  });

  it("gke H100: the on-demand a3-highgpu-8g, with the warning naming the Spot-only shapes", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pool-"));
    fs.writeFileSync(path.join(dir, "h100.yaml"), fs.readFileSync(spec("gke"), "utf8").replace("machineType: A100-80G", "machineType: H100"));
    const r = runCli(["preview", path.join(dir, "h100.yaml"), "--node-pool", "gke"]);
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /instance +H100 on GKE: a3-highgpu-8g, 8 GPUs, 7 idle per replica \(up to 8 replicas share one node\)/);
    assert.match(r.stdout, /resources\.machineType: H100 on GKE: a3-highgpu-8g, .*; a3-highgpu-1g, a3-highgpu-2g, a3-highgpu-4g are offered only as Spot or flex-start capacity \(set gke\.spot: true to use them\)/);
  });

  it("the pool's flags without --node-pool are a usage error", () => {
    const r = runCli(["preview", spec("gke"), "--zones", "us-central1-a", "--max-nodes", "2"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--zones, --max-nodes describe the node pool of --node-pool, which is not given/);
  });
});
