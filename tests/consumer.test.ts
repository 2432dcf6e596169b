/**
 * Wiring resources together: a consumer program that passes Outputs of other resources into every
 * wiring argument type-checks as a package consumer (TypeScript 5 with module commonjs / node and
 * with nodenext, and TypeScript 7 with nodenext), and under mocks each value reaches the child that uses it. An Output that breaks
 * an argument's rule fails with a ResourceError naming the field.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { GpuNodePool, ModelDeployment } from "../sdk";
import { repoPath } from "./helpers";
import { freshProgramEachTest, installMocks, registered, runProgram, settle, valueOf } from "./mocks";

installMocks();

const CONSUMER = repoPath("tests", "fixtures", "consumer", "wiring.ts");
/** Values the types must refuse, each under a @ts-expect-error. */
const BAD_VALUES = repoPath("tests", "fixtures", "consumer", "badValues.ts");

/** Type-checks the consumer in a fresh project whose node_modules holds this package and its peers. */
function typeCheck(compiler: string, module: string, moduleResolution: string): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-consumer-"));
  try {
    fs.mkdirSync(path.join(dir, "node_modules"));
    fs.symlinkSync(repoPath(), path.join(dir, "node_modules", "model-deployment"), "dir");
    for (const scope of ["@pulumi", "@types"]) fs.symlinkSync(repoPath("node_modules", scope), path.join(dir, "node_modules", scope), "dir");
    fs.copyFileSync(CONSUMER, path.join(dir, "index.ts"));
    fs.copyFileSync(BAD_VALUES, path.join(dir, "badValues.ts"));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true }));
    const compilerOptions = { module, moduleResolution, target: "ES2022", strict: true, noEmit: true, types: ["node"], esModuleInterop: true };
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["index.ts", "badValues.ts"] }));
    const r = spawnSync(process.execPath, [repoPath("node_modules", compiler, "bin", "tsc"), "-p", dir], { encoding: "utf8" });
    return { status: r.status, output: r.stdout + r.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("wiring Outputs into the arguments", () => {
  freshProgramEachTest();

  // TypeScript 5 (the `typescript` dev dependency), and today's TypeScript (`typescript-7`, the
  // native compiler, which no longer has moduleResolution node).
  for (const [compiler, module, resolution] of [
    ["typescript", "commonjs", "node"],
    ["typescript", "nodenext", "nodenext"],
    ["typescript-7", "nodenext", "nodenext"],
  ]) {
    const version = (JSON.parse(fs.readFileSync(repoPath("node_modules", compiler, "package.json"), "utf8")) as { version: string }).version;
    it(`a consumer program type-checks with TypeScript ${version}, module ${module}, moduleResolution ${resolution}, and bad values do not`, function () {
      this.timeout(120000);
      const { status, output } = typeCheck(compiler, module, resolution);
      assert.equal(status, 0, output);
    });
  }

  it("each Output reaches the child that uses it", async () => {
    const program = runProgram(repoPath("dist", "tests", "fixtures", "consumer", "wiring.js"), repoPath());
    assert.equal(await valueOf(program.endpoint as pulumi.Output<string>), "https://nginx-1a2b3c4d.example.com/");
    await settle();
    await settle();
    const one = (type: string, name?: string) => {
      const found = registered.filter((r) => r.type === type && (name === undefined || r.name === name));
      assert.equal(found.length, 1, `one ${type} ${name ?? ""}`);
      return found[0].inputs;
    };
    // namespace and secretName
    const deployment = one("kubernetes:apps/v1:Deployment", "llm");
    assert.equal(deployment.metadata.namespace, "models-1a2b3c4d");
    const env = deployment.spec.template.spec.containers[0].env;
    assert.deepEqual(env.find((e: any) => e.name === "HF_TOKEN").valueFrom.secretKeyRef, { name: "app-secrets-1a2b3c4d", key: "HF_TOKEN" });
    // ingress host, class, TLS secret
    const ingress = one("kubernetes:networking.k8s.io/v1:Ingress", "llm");
    assert.equal(ingress.spec.rules[0].host, "nginx-1a2b3c4d.example.com");
    assert.equal(ingress.spec.ingressClassName, "nginx-1a2b3c4d");
    assert.deepEqual(ingress.spec.tls, [{ hosts: ["nginx-1a2b3c4d.example.com"], secretName: "tls-1a2b3c4d" }]);
    // KEDA address and query (its {{namespace}} and {{service}} filled in)
    const trigger = one("kubernetes:keda.sh/v1alpha1:ScaledObject").spec.triggers[0].metadata;
    assert.equal(trigger.serverAddress, "http://prometheus.observability:9090");
    assert.equal(trigger.query, "sum(rate(requests_total{namespace='models-1a2b3c4d',service='llm-1a2b3c4d'}[1m]))");
    // build repository, tag, context, args and the push login found by the repository's host
    const image = one("docker-build:index:Image");
    assert.deepEqual(image.tags, ["ghcr.io/acme/llm:v7"]);
    assert.deepEqual(image.context, { location: "." });
    assert.deepEqual(image.dockerfile, { location: "./Dockerfile" });
    assert.deepEqual(image.buildArgs, { USER: "ci-bot" });
    // Matched once the repository and servers are known; the login, password included, is a secret.
    assert.deepEqual(image.registries.value, [{ address: "ghcr.io", username: "ci-bot", password: "token" }]);
    assert.match(deployment.spec.template.spec.containers[0].image, /^ghcr\.io\/acme\/llm@sha256:[0-9a-f]{64}$/);
    // the registry's server in the pull Secret
    const pull = registered.find((r) => r.type === "kubernetes:core/v1:Secret" && r.inputs.type === "kubernetes.io/dockerconfigjson")!;
    assert.deepEqual(Object.keys(JSON.parse(pull.inputs.stringData.value[".dockerconfigjson"]).auths), ["ghcr.io"]);
    // Karpenter node class, DigitalOcean size and tags
    assert.equal(one("kubernetes:karpenter.sh/v1:NodePool").spec.template.spec.nodeClassRef.name, "gpu-nodes-1a2b3c4d");
    const doPool = one("digitalocean:index/kubernetesNodePool:KubernetesNodePool");
    assert.equal(doPool.size, "gpu-h100x1-80gb");
    assert.deepEqual(doPool.tags, ["gpu", "models"]);
    // Every workload extra of the "knobs" deployment.
    const mine = (type: string) => registered.find((r) => r.type === type && r.name === "knobs")!.inputs;
    assert.deepEqual(mine("kubernetes:core/v1:ServiceAccount").metadata.annotations, { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/models" });
    const pod = mine("kubernetes:apps/v1:Deployment").spec.template;
    assert.equal(pod.spec.serviceAccountName, "knobs-1a2b3c4d");
    assert.equal(pod.metadata.labels.team, "gpu");
    assert.deepEqual(pod.metadata.annotations, { "example.com/config": "settings-1a2b3c4d" });
    const c = pod.spec.containers[0];
    assert.equal(c.imagePullPolicy, "IfNotPresent");
    assert.deepEqual(c.envFrom, [{ configMapRef: { name: "settings-1a2b3c4d" } }, { secretRef: { name: "app-secrets-1a2b3c4d" }, prefix: "APP_" }]);
    assert.deepEqual(pod.spec.volumes, [{ name: "models", persistentVolumeClaim: { claimName: "model-cache-1a2b3c4d", readOnly: true } }]);
    assert.deepEqual(c.volumeMounts, [{ name: "models", mountPath: "/models", readOnly: true }]);
    assert.deepEqual(pod.spec.nodeSelector, { "topology.kubernetes.io/zone": "us-east-1a" });
    assert.deepEqual(pod.spec.tolerations.at(-1), { key: "dedicated", operator: "Equal", value: "ml", effect: "NoSchedule" });
    assert.deepEqual(mine("kubernetes:core/v1:Service").metadata.annotations, { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" });
    assert.deepEqual(mine("kubernetes:networking.k8s.io/v1:Ingress").metadata.annotations, { "cert-manager.io/cluster-issuer": "ci-bot" });
  });

  it("an Output that breaks an argument's rule is a ResourceError naming the field", async () => {
    const late = <T>(v: T) => pulumi.output(v).apply((x) => x);
    const spec = { image: "ghcr.io/acme/llm:1", resources: { machineType: "C5", ports: [8000] } };
    const app = new ModelDeployment("bad-host", { spec, ingress: { host: late("Not A Host") } });
    await assert.rejects((app.ingress!.spec as any).promise(), /ModelDeployment bad-host: ingress\.host: must be a DNS host name \(got "Not A Host"\)/);

    const registry = new ModelDeployment("bad-server", { spec: { ...spec, containerRegistry: "r" }, registries: { r: { server: late("ghcr.io/acme"), username: "u", password: "p" } } });
    await assert.rejects((registry.pullSecret!.stringData as any).promise(), /ModelDeployment bad-server: registries\.r\.server: must be a registry host/);
    // Once known, an Output meets the same host rule as a plain value: no spaces, no scheme.
    const spaced = new ModelDeployment("spaced-server", { spec: { ...spec, containerRegistry: "r" }, registries: { r: { server: late("ghcr io"), username: "u", password: "p" } } });
    await assert.rejects((spaced.pullSecret!.stringData as any).promise(), /registries\.r\.server: must be a registry host such as ghcr\.io or registry\.local:5000 \(no scheme, no path\) \(got "ghcr io"\)/);

    const image = (name: string, build: { repository: pulumi.Input<string>; context: pulumi.Input<string> }) =>
      (new ModelDeployment(name, { spec: { ...spec, image: undefined }, build }).image as any).promise();
    await assert.rejects(image("bad-repo", { repository: late("ghcr.io/acme/llm:tag"), context: "." }), /ModelDeployment bad-repo: build\.repository: must be an image repository without tag/);
    await assert.rejects(image("bad-context", { repository: "ghcr.io/acme/llm", context: late("/nonexistent/dir") }), /ModelDeployment bad-context: build\.context: no such directory: "\/nonexistent\/dir"/);

    const karpenter = new GpuNodePool("bad-class", { machineType: "H100", backend: "karpenter", karpenter: { nodeClassRef: { name: late("") } } });
    await assert.rejects((karpenter.resources[0] as any).spec.promise(), /GpuNodePool bad-class: karpenter\.nodeClassRef\.name: required/);

    const doPool = new GpuNodePool("bad-size", { machineType: "H100x8", backend: "digitalocean", digitalocean: { clusterId: "c", size: late("gpu-h100x1-80gb") } });
    await assert.rejects((doPool.resources[0] as any).size.promise(), /GpuNodePool bad-size: digitalocean\.size: "gpu-h100x1-80gb" has 1 GPU\(s\), but H100x8 needs 8/);
  });

  it("plain values are still checked up front, all problems together", () => {
    const spec = { image: "ghcr.io/acme/llm:1", resources: { machineType: "C5", ports: [8000] } };
    assert.throws(
      () => new ModelDeployment("plain", { spec, ingress: { host: "Not A Host" }, registries: { r: { server: "ghcr.io/acme", username: "u", password: "p" } } }),
      (e: Error) => /ingress\.host: must be a DNS host name/.test(e.message) && /registries\.r\.server: must be a registry host/.test(e.message),
    );
  });
});
