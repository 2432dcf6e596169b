/**
 * The Pulumi programs we ship (the root project and the FastAPI example) run under Pulumi's mocks:
 * they load their spec files and export working endpoints. This is `pulumi preview` without the
 * engine.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { repoPath } from "../helpers";
import { freshProgramEachTest, installMocks, registered, runProgram, settle, valueOf } from "../mocks";

installMocks();


describe("shipped Pulumi programs (mocks)", () => {
  freshProgramEachTest();

  it("the root project deploys the example spec by default", async () => {
    const program = runProgram(repoPath("dist", "program", "index.js"), repoPath());
    assert.deepEqual(await valueOf(program.endpoints), {
      "fastapi-model": "http://fastapi-model-1a2b3c4d.default.svc.cluster.local:8000",
    });
  });

  it("the root project deploys every spec named in stack config", async () => {
    pulumi.runtime.setAllConfig({
      "project:specs": JSON.stringify([
        "tests/fixtures/gradient/seed-example.yaml",
        "tests/fixtures/gradient/console-style.yaml",
      ]),
      "project:namespace": "models",
    });
    const program = runProgram(repoPath("dist", "program", "index.js"), repoPath());
    assert.deepEqual(await valueOf(program.endpoints), {
      fastapi: "http://fastapi-1a2b3c4d.models.svc.cluster.local:8000",
      "console-style": "http://console-style-1a2b3c4d.models.svc.cluster.local:7860",
    });
    await settle();
    assert.equal(registered.filter((r) => r.type === "model-deployment:index:ModelDeployment").length, 2);
  });

  it("the root project takes each secret:NAME from encrypted stack config", async () => {
    pulumi.runtime.setAllConfig(
      {
        "project:specs": JSON.stringify(["tests/fixtures/gradient/protected-autoscaled.yaml"]),
        "project:keda": JSON.stringify({ enabled: true }),
        "project:HF_TOKEN": "hf_from_config",
        "project:ENDPOINT_PASSWORD": "pw_from_config",
      },
      ["project:HF_TOKEN", "project:ENDPOINT_PASSWORD"],
    );
    const program = runProgram(repoPath("dist", "program", "index.js"), repoPath());
    assert.deepEqual(await valueOf(program.endpoints), { "my-llm-api": "http://my-llm-api-1a2b3c4d.default.svc.cluster.local:8000" });
    await settle();
    const secret = registered.find((r) => r.type === "kubernetes:core/v1:Secret" && r.name === "my-llm-api-secrets")!;
    // On the wire to the engine, stringData travels as a Pulumi secret (signature + value).
    assert.equal(secret.inputs.stringData["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270");
    assert.deepEqual(secret.inputs.stringData.value, { HF_TOKEN: "hf_from_config" });
    assert.ok(registered.some((r) => r.type === "kubernetes:keda.sh/v1alpha1:ScaledObject"));
    assert.ok(!JSON.stringify(registered.filter((r) => r.type !== "kubernetes:core/v1:Secret").map((r) => r.inputs)).includes("hf_from_config"));
  });

  it("the FastAPI example deploys its deployment.yaml, importing the package by name", async () => {
    const dir = repoPath("examples", "fastapi-model");
    const program = runProgram(repoPath("dist", "examples", "fastapi-model", "index.js"), dir);
    assert.equal(await valueOf(program.endpoint), "http://fastapi-1a2b3c4d.default.svc.cluster.local:8000");
    assert.equal(await valueOf(program.startupBudgetSeconds), 60);
    await settle();
    const dep = registered.find((r) => r.type === "kubernetes:apps/v1:Deployment")!;
    assert.equal(dep.inputs.spec.template.spec.containers[0].image, "ghcr.io/acme/fastapi-model:1.0.0");
  });

  it("the existing-pool example selects A100 80GB nodes by GPU product", async () => {
    const program = runProgram(repoPath("dist", "examples", "existing-pool", "index.js"), repoPath("examples", "existing-pool"));
    assert.equal(await valueOf(program.endpoint), "http://fastapi-1a2b3c4d.default.svc.cluster.local:8000");
    await settle();
    const pod = registered.find((r) => r.type === "kubernetes:apps/v1:Deployment")!.inputs.spec.template.spec;
    assert.equal(pod.containers[0].resources.limits["nvidia.com/gpu"], "1");
    assert.deepEqual(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key, "nvidia.com/gpu.product");
  });

  it("the karpenter-pool example creates one Karpenter NodePool and a deployment on it", async () => {
    const program = runProgram(repoPath("dist", "examples", "karpenter-pool", "index.js"), repoPath("examples", "karpenter-pool"));
    await valueOf(program.endpoint);
    await settle();
    const pools = registered.filter((r) => r.type === "kubernetes:karpenter.sh/v1:NodePool");
    assert.equal(pools.length, 1);
    assert.deepEqual(pools[0].inputs.spec.template.spec.nodeClassRef, { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" });
  });

  it("the digitalocean-pool example creates a cluster and a dedicated gpu-h100x1-80gb pool", async () => {
    const program = runProgram(repoPath("dist", "examples", "digitalocean-pool", "index.js"), repoPath("examples", "digitalocean-pool"));
    await valueOf(program.endpoint);
    await settle();
    assert.equal(registered.filter((r) => r.type === "digitalocean:index/kubernetesCluster:KubernetesCluster").length, 1);
    const pool = registered.find((r) => r.type === "digitalocean:index/kubernetesNodePool:KubernetesNodePool")!;
    assert.deepEqual([pool.inputs.size, pool.inputs.minNodes, pool.inputs.maxNodes], ["gpu-h100x1-80gb", 1, 1]);
  });

  it("the gke-pool example creates a shared GKE node pool of a2-ultragpu-1g nodes in the zones asked for", async () => {
    const program = runProgram(repoPath("dist", "examples", "gke-pool", "index.js"), repoPath("examples", "gke-pool"));
    await valueOf(program.endpoint);
    await settle();
    const pool = registered.find((r) => r.type === "gcp:container/nodePool:NodePool")!;
    assert.deepEqual(
      [pool.inputs.cluster, pool.inputs.location, pool.inputs.nodeLocations, pool.inputs.nodeConfig.machineType, pool.inputs.nodeConfig.guestAccelerators[0].type, pool.inputs.autoscaling.totalMinNodeCount],
      ["models", "us-central1", ["us-central1-a", "us-central1-c"], "a2-ultragpu-1g", "nvidia-a100-80gb", 0],
    );
  });

  it("the eks-pool example creates a dedicated p4de.24xlarge node group on the configured role and subnets", async () => {
    pulumi.runtime.setAllConfig({ "project:nodeRoleArn": "arn:aws:iam::123456789012:role/nodes", "project:subnetIds": '["subnet-1", "subnet-2"]' });
    const program = runProgram(repoPath("dist", "examples", "eks-pool", "index.js"), repoPath("examples", "eks-pool"));
    await valueOf(program.endpoint);
    await settle();
    const group = registered.find((r) => r.type === "aws:eks/nodeGroup:NodeGroup")!;
    assert.deepEqual(
      [group.name, group.inputs.instanceTypes, group.inputs.nodeRoleArn, group.inputs.subnetIds, group.inputs.scalingConfig],
      ["fastapi-pool", ["p4de.24xlarge"], "arn:aws:iam::123456789012:role/nodes", ["subnet-1", "subnet-2"], { minSize: 1, maxSize: 1, desiredSize: 1 }],
    );
  });

  it("the aks-pool example creates a shared AKS agent pool of Standard_NC24ads_A100_v4 VMs in zones 1 and 2", async () => {
    const program = runProgram(repoPath("dist", "examples", "aks-pool", "index.js"), repoPath("examples", "aks-pool"));
    await valueOf(program.endpoint);
    await settle();
    const pool = registered.find((r) => r.type === "azure-native:containerservice:AgentPool")!;
    assert.deepEqual(
      [pool.inputs.agentPoolName, pool.inputs.vmSize, pool.inputs.availabilityZones, pool.inputs.minCount, pool.inputs.gpuProfile],
      ["a100", "Standard_NC24ads_A100_v4", ["1", "2"], 0, { driver: "Install" }],
    );
  });

  it("the protected-llm example: a protected, KEDA-autoscaled endpoint with secrets from config", async () => {
    pulumi.runtime.setAllConfig({ "project:HF_TOKEN": "hf_x", "project:ENDPOINT_PASSWORD": "pw_x", "project:host": "llm.example.com" }, ["project:HF_TOKEN", "project:ENDPOINT_PASSWORD"]);
    const program = runProgram(repoPath("dist", "examples", "protected-llm", "index.js"), repoPath("examples", "protected-llm"));
    assert.equal(await valueOf(program.endpoint), "http://llm.example.com/");
    assert.equal(await valueOf(program.startupBudgetSeconds), 600);
    await settle();
    const types = registered.map((r) => r.type);
    for (const t of ["kubernetes:core/v1:Secret", "kubernetes:keda.sh/v1alpha1:ScaledObject", "kubernetes:policy/v1:PodDisruptionBudget", "kubernetes:networking.k8s.io/v1:Ingress"]) {
      assert.ok(types.includes(t), t);
    }
    const pod = registered.find((r) => r.type === "kubernetes:apps/v1:Deployment")!.inputs.spec.template.spec;
    assert.deepEqual(pod.containers.map((c: any) => c.name), ["model", "auth-proxy"]);
  });

  it("the fastapi-build example builds the FastAPI image and runs it by digest from a private registry", async () => {
    pulumi.runtime.setAllConfig({ "project:registryPassword": "pw_x" }, ["project:registryPassword"]);
    const program = runProgram(repoPath("dist", "examples", "fastapi-build", "index.js"), repoPath("examples", "fastapi-build"));
    const [image, digest] = await Promise.all([valueOf(program.image), valueOf(program.imageDigest)]);
    assert.equal(image, `ghcr.io/acme/fastapi-model@${digest}`);
    await settle();
    const build = registered.find((r) => r.type === "docker-build:index:Image")!;
    assert.equal(build.inputs.dockerfile.location, `${repoPath("examples", "fastapi-model")}/Dockerfile`);
    const pod = registered.find((r) => r.type === "kubernetes:apps/v1:Deployment")!.inputs.spec.template.spec;
    assert.equal(pod.containers[0].image, image);
    assert.equal(pod.imagePullSecrets.length, 1);
  });
});
