/**
 * The `policy-pack/` folder, compiled against the repository's sources (the root tsconfig maps
 * `model-deployment/policy` to sdk/policy), run as the Pulumi CLI runs a policy pack: a process
 * that serves Pulumi's analyzer protocol (gRPC) and prints its port. The test speaks that protocol
 * as the engine does: policy config (per-rule enforcement levels, settings), then one resource at a
 * time. No Pulumi CLI here: `pulumi preview --policy-pack` itself is not run.
 */
import * as assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { DEFAULT_ENFORCEMENT, RULES } from "../../sdk/policy";
import { checkDeployment } from "../../sdk/manifests/plan";
import { hideModule, repoPath, runCli } from "../helpers";

/** Modules as @pulumi/pulumi (and so @pulumi/policy) load them: the analyzer's gRPC and protobuf. */
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = (id: string) => require(require.resolve(id, { paths: [pulumiDir] }));
const grpc = fromPulumi("@grpc/grpc-js");
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const { Empty } = fromPulumi("google-protobuf/google/protobuf/empty_pb");
const rpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const pb = require("@pulumi/pulumi/proto/analyzer_pb");

const LEVEL = { advisory: 0, mandatory: 1, disabled: 2 } as const;
type Level = keyof typeof LEVEL;

function deployment(image: string) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "llm" },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: "model",
              image,
              resources: { limits: { "nvidia.com/gpu": "1" } },
              startupProbe: { httpGet: { path: "/health", port: 8000 }, periodSeconds: 10, failureThreshold: 12 },
              readinessProbe: { httpGet: { path: "/health", port: 8000 } },
            },
          ],
        },
      },
    },
  };
}

describe("policy-pack/ served to the engine (gRPC, as `pulumi preview --policy-pack` runs it)", function () {
  this.timeout(30000);
  let pack: ChildProcess;
  let client: any;
  let stderr = "";

  const call = <T>(method: string, request: unknown) =>
    new Promise<T>((resolve, reject) => client[method](request, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));

  /** `{ policy: level | { enforcementLevel, ...settings } }`, as a policy pack config file. */
  async function configure(config: Record<string, Level | ({ enforcementLevel: Level } & Record<string, unknown>)>) {
    const req = new pb.ConfigureAnalyzerRequest();
    for (const [name, value] of Object.entries(config)) {
      const { enforcementLevel, ...settings } = typeof value === "string" ? { enforcementLevel: value } : value;
      const c = new pb.PolicyConfig();
      c.setEnforcementlevel(LEVEL[enforcementLevel]);
      c.setProperties(Struct.fromJavaScript(settings));
      req.getPolicyconfigMap().set(name, c);
    }
    await call("configure", req);
  }

  /** The diagnostics of one resource as `policy level` pairs, and their messages. */
  async function analyze(props: object, type = "kubernetes:apps/v1:Deployment") {
    const req = new pb.AnalyzeRequest();
    req.setType(type);
    req.setName("llm");
    req.setUrn(`urn:pulumi:dev::infra::${type}::llm`);
    req.setProperties(Struct.fromJavaScript(props));
    req.setOptions(new pb.AnalyzerResourceOptions());
    const res = await call<any>("analyze", req);
    const diagnostics: any[] = res.getDiagnosticsList();
    const level = (n: number) => Object.entries(LEVEL).find(([, v]) => v === n)![0];
    return {
      found: diagnostics.map((d) => `${d.getPolicyname()} ${level(d.getEnforcementlevel())}`),
      messages: diagnostics.map((d) => d.getMessage() as string),
    };
  }

  before(async () => {
    pack = spawn(process.execPath, [repoPath("dist", "policy-pack", "index.js")], { cwd: repoPath("policy-pack"), stdio: ["ignore", "pipe", "pipe"] });
    pack.stderr!.on("data", (d) => (stderr += d));
    const port = await new Promise<string>((resolve, reject) => {
      pack.stdout!.once("data", (d) => resolve(String(d).trim()));
      pack.once("exit", (code) => reject(new Error(`the policy pack exited (${code}): ${stderr}`)));
    });
    assert.match(port, /^\d+$/);
    client = new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });

  after(() => {
    client?.close();
    pack?.kill();
  });

  it("announces the pack and its policies, each at its default level, with its settings' schema", async () => {
    const info = await call<any>("getAnalyzerInfo", new Empty());
    assert.equal(info.getName(), "model-deployment-health");
    // The pack's version (Pulumi reads it from policy-pack/package.json) follows the library's.
    assert.equal(info.getVersion(), JSON.parse(fs.readFileSync(repoPath("package.json"), "utf8")).version);
    assert.equal(info.getSupportsconfig(), true);
    const policies: any[] = info.getPoliciesList();
    assert.deepEqual(
      policies.map((p) => [p.getName(), p.getEnforcementlevel()]),
      RULES.map((r) => [r, LEVEL[DEFAULT_ENFORCEMENT[r]]]),
    );
    const schema = policies.find((p) => p.getName() === "images-pinned").getConfigschema().getProperties().toJavaScript();
    assert.deepEqual(schema.requireDigest, { type: "boolean", default: false, description: "Only a digest pins an image (a tag can be moved)." });
  });

  it("without config: a pinned GPU Deployment passes, :latest is advised against", async () => {
    await configure({});
    assert.deepEqual((await analyze(deployment("ghcr.io/acme/llm:1.2.3"))).found, []);
    const latest = await analyze(deployment("ghcr.io/acme/llm:latest"));
    assert.deepEqual(latest.found, ["images-pinned advisory"]);
    // Pulumi shows the policy's description, then the message.
    assert.match(latest.messages[0], /^Images are pinned: .*\nspec\.template\.spec\.containers\[0\]\.image \(container "model"\): "ghcr\.io\/acme\/llm:latest" uses the tag latest/);
  });

  it("the policy config sets each rule's enforcement level, and its settings", async () => {
    await configure({ "images-pinned": "advisory" });
    assert.deepEqual((await analyze(deployment("ghcr.io/acme/llm:latest"))).found, ["images-pinned advisory"]);
    await configure({ "images-pinned": "disabled" });
    assert.deepEqual((await analyze(deployment("ghcr.io/acme/llm:latest"))).found, []);
    await configure({ "images-pinned": { enforcementLevel: "mandatory", requireDigest: true }, "gpu-startup-check": { enforcementLevel: "advisory", minStartupSeconds: 600 } });
    assert.deepEqual((await analyze(deployment("ghcr.io/acme/llm:1.2.3"))).found, ["gpu-startup-check advisory", "images-pinned mandatory"]);
    assert.deepEqual((await analyze(deployment(`ghcr.io/acme/llm@sha256:${"0".repeat(64)}`))).found, ["gpu-startup-check advisory"]);
  });

  // The specs of issue 23 that `validate` called valid while the pack blocked them.
  const GPU = { apiVersion: "v1", name: "llm", resources: { machineType: "A100-80G", ports: [8000] } };
  const SPECS: Record<string, object> = {
    "no tag": { ...GPU, image: "ghcr.io/acme/llm", healthChecks: { startup: { path: "/s", failureThreshold: 30 }, readiness: { path: "/r" } } },
    ":latest": { ...GPU, image: "ghcr.io/acme/llm:latest", healthChecks: { startup: { path: "/s", failureThreshold: 30 }, readiness: { path: "/r" } } },
    "a GPU machine without health checks": { ...GPU, image: "ghcr.io/acme/llm:1.0" },
    "liveness timeout 1 s beside readiness 5 s (Gradient's example)": {
      ...GPU,
      image: "ghcr.io/acme/llm:1.0",
      healthChecks: { startup: { path: "/s", failureThreshold: 30 }, readiness: { path: "/r", timeoutSeconds: 5 }, liveness: { path: "/l", timeoutSeconds: 1 } },
    },
    "a 15 s startup window": { ...GPU, image: "ghcr.io/acme/llm:1.0", healthChecks: { startup: { path: "/s", periodSeconds: 5, failureThreshold: 3 }, readiness: { path: "/r" } } },
    "readiness only": { ...GPU, image: "ghcr.io/acme/llm:1.0", healthChecks: { readiness: { path: "/r" } } },
    "liveness only": { ...GPU, image: "ghcr.io/acme/llm:1.0", healthChecks: { liveness: { path: "/l" } } },
  };

  for (const [label, file] of [
    ["the pack's defaults", undefined],
    ["policy-pack/config.example.json", "policy-pack/config.example.json"],
    ["all mandatory", "all-mandatory"],
  ] as const) {
    it(`validate reports issue 23's seven specs exactly as the pack does, rule by rule and level by level: ${label}`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "one-verdict-"));
      const config = file === "all-mandatory" ? { all: "mandatory" } : file ? JSON.parse(fs.readFileSync(repoPath(file), "utf8")) : {};
      fs.writeFileSync(path.join(dir, "policy.json"), JSON.stringify(config));
      await configure(Object.fromEntries(Object.entries(config).flatMap(([rule, v]) => (rule === "all" ? RULES.map((r) => [r, v]) : [[rule, v]]))) as never);
      for (const [name, spec] of Object.entries(SPECS)) {
        fs.writeFileSync(path.join(dir, "spec.json"), JSON.stringify(spec));
        // The Deployment `pulumi up` would send the pack: the same check pass with the rules off.
        const plan = checkDeployment({ spec, resolve: {}, manifest: { instance: "llm", objectName: "llm" }, policy: { all: "disabled" } }).plan!;
        const sent = plan.objects.find((o) => o.role === "deployment")!.object;
        const pack = (await analyze(sent)).found.sort();
        const r = runCli(["validate", "spec.json", "-o", "json", "--policy-config", "policy.json"], dir);
        const out = JSON.parse(r.stdout).files[0];
        const ours = [...out.errors.map((e: any) => `${e.rule} mandatory`), ...out.warnings.filter((w: any) => w.rule).map((w: any) => `${w.rule} advisory`)].sort();
        assert.ok(pack.length > 0, `${name}: the pack found nothing`);
        assert.deepEqual(ours, pack, name);
        assert.equal(r.code, pack.some((p) => p.endsWith("mandatory")) ? 1 : 0, `${name}: ${r.stderr}`);
      }
    });
  }

  it("StatefulSets are checked too; other types are not", async () => {
    await configure({});
    const set = { ...deployment("ghcr.io/acme/llm"), kind: "StatefulSet" };
    assert.deepEqual((await analyze(set, "kubernetes:apps/v1:StatefulSet")).found, ["images-pinned advisory"]);
    assert.deepEqual((await analyze(set, "kubernetes:core/v1:ConfigMap")).found, []);
  });
});

describe("policy pack: packaging and docs", () => {
  it("importing model-deployment (or its core) never loads @pulumi/policy; model-deployment/policy loads without it too", function () {
    this.timeout(30000);
    const program = `
      ${hideModule("@pulumi/policy")}
      require("model-deployment");
      require("model-deployment/core");
      const policy = require("model-deployment/policy");
      console.log(policy.healthPolicies().length);
      console.log("loaded:" + Object.keys(require.cache).some((p) => p.includes("@pulumi/policy")));`;
    const r = spawnSync(process.execPath, ["-e", program], { cwd: repoPath(), encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${RULES.length}\nloaded:false\n`);
  });

  it("docs/policy.md's CI workflow installs the pack and runs pulumi preview with it", () => {
    const doc = fs.readFileSync(repoPath("docs", "policy.md"), "utf8");
    const block = doc.split("### In CI (GitHub Actions)")[1].split("```yaml\n")[1].split("```")[0];
    const steps: Array<Record<string, any>> = parseYaml(block).jobs.preview.steps;
    const at = (pred: (s: Record<string, any>) => boolean) => steps.findIndex(pred);
    const build = at((s) => /npm ci && npm run build/.test(s.run ?? ""));
    const install = at((s) => s.run === "npm install" && s["working-directory"] === "policy-pack");
    const preview = at((s) => /pulumi preview .*--policy-pack policy-pack --policy-pack-config policy-pack\/config\.example\.json/.test(s.run ?? ""));
    assert.ok(build >= 0 && build < install && install < preview, JSON.stringify(steps));
    // The config file it names exists and configures only policies the pack has.
    const config = JSON.parse(fs.readFileSync(repoPath("policy-pack", "config.example.json"), "utf8"));
    for (const name of Object.keys(config)) assert.ok((RULES as readonly string[]).includes(name), name);
  });
});
