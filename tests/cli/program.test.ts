/** The `model-deploy` binary as a user runs it: exit codes, output, and no Pulumi on its path. */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { CLI_BIN, fixturePath, repoPath, runCli } from "../helpers";

const BIN = CLI_BIN;
const cli = runCli;

describe("model-deploy CLI", () => {
  it("validate: exit 0 and 'valid' for good files, warnings on stderr", () => {
    const r = cli(["validate", fixturePath("seed-example.yaml"), fixturePath("port-string.yaml")]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /seed-example\.yaml: valid\n/);
    assert.match(r.stdout, /port-string\.yaml: valid\n/);
    assert.match(r.stderr, /port-string\.yaml: warning: port: the string "7860" was read as the number 7860/);
  });

  it("validate: exit 1 with every `path: message` of an invalid file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-"));
    const file = path.join(dir, "bad.yaml");
    fs.writeFileSync(file, "image: x\nresources:\n  machineType: C4\n  ports: [0]\n  replicas: -1\nhealthChecks:\n  readiness: { path: /, timeoutSeconds: 0 }\n");
    const r = cli(["validate", file], dir);
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout,
      [
        "bad.yaml: resources.ports[0]: must be >= 1 (got 0)",
        "bad.yaml: resources.replicas: must be >= 0 (got -1)",
        "bad.yaml: healthChecks.readiness.timeoutSeconds: must be >= 1 (got 0)",
        "",
      ].join("\n"),
    );
  });

  it("validate: the name the objects would get must be a DNS label; --name sets another", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-"));
    const file = path.join(dir, "spec.yaml");
    fs.writeFileSync(file, "name: My_LLM\nimage: x\nresources: { machineType: C4, ports: [80] }\n");
    const r = cli(["validate", file], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^spec\.yaml: name: "My_LLM" names the Kubernetes objects, so it must be a DNS label/);
    assert.equal(cli(["validate", "--name", "my-llm", file], dir).code, 0);
  });

  it("validate and render: --machine-types registers your own machine labels", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-"));
    fs.writeFileSync(path.join(dir, "spec.yaml"), "name: ipu\nimage: x\nresources: { machineType: IPU-POD16, ports: [80] }\n");
    const refused = cli(["validate", "spec.yaml"], dir);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /resources\.machineType: "IPU-POD16": Graphcore IPUs/);
    fs.writeFileSync(path.join(dir, "machines.yaml"), "IPU-POD16: { vcpu: 96, memoryGiB: 448 }\nL4: { vcpu: 8, memoryGiB: 32, gpu: { count: 1, model: NVIDIA L4, memoryGiB: 24, products: [NVIDIA-L4] } }\n");
    assert.equal(cli(["validate", "--machine-types", "machines.yaml", "spec.yaml"], dir).code, 0);
    fs.writeFileSync(path.join(dir, "l4.yaml"), "name: l4\nimage: x\nresources: { machineType: L4, ports: [80] }\n");
    const r = cli(["render", "l4.yaml", "-o", "json", "--machine-types", "machines.yaml"], dir);
    assert.equal(r.code, 0, r.stderr);
    const pod = JSON.parse(r.stdout).items[0].spec.template.spec;
    assert.equal(pod.containers[0].resources.limits["nvidia.com/gpu"], "1");
    assert.deepEqual(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values, ["NVIDIA-L4"]);
  });

  it("validate: the ':image' placeholder needs --image", () => {
    assert.equal(cli(["validate", fixturePath("image-placeholder.yaml")]).code, 1);
    assert.equal(cli(["validate", "--image", "ghcr.io/acme/app:1", fixturePath("image-placeholder.yaml")]).code, 0);
  });

  it("probe shows the check pass's warnings, and --strict refuses the spec for them", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-probe-warn-"));
    fs.writeFileSync(path.join(dir, "w.yaml"), "image: nginx:1.27\nresources: { machineType: C4, ports: [8080] }\nhealthChecks:\n  readiness: { path: / }\n  livenes: { path: / }\n");
    const run = cli(["probe", "w.yaml", "--url", "http://127.0.0.1:1/", "--duration", "1"], dir);
    assert.match(run.stderr, /w\.yaml: warning: healthChecks\.livenes: unknown field; ignored \(did you mean liveness\?\)/);
    assert.match(run.stdout, /Verdict:/);
    const strict = cli(["probe", "w.yaml", "--url", "http://127.0.0.1:1/", "--duration", "1", "--strict"], dir);
    assert.equal(strict.code, 1, strict.stderr);
    assert.match(strict.stderr, /healthChecks\.livenes: unknown field; ignored \(did you mean liveness\?\) \(a warning, an error with --strict\)/);
    assert.doesNotMatch(strict.stdout, /Verdict:/);
    fs.rmSync(dir, { recursive: true });
  });

  describe("one set of exit codes, no stack traces", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-exit-"));
    fs.writeFileSync(path.join(dir, "bad.yaml"), "name: bad\nimage: nginx\nresources: { machineType: C4, ports: [0] }\n");
    fs.writeFileSync(path.join(dir, "good.yaml"), "name: good\nimage: nginx\nresources: { machineType: C4, ports: [8000] }\n");
    fs.writeFileSync(path.join(dir, "types.yaml"), "- not a mapping\n");
    fs.mkdirSync(path.join(dir, "adir"), { recursive: true });
    const noStack = (r: { stdout: string; stderr: string }) => assert.ok(!/\n\s+at .+:\d+:\d+/.test(r.stderr + r.stdout), r.stderr);
    const commands: Array<[string, string[]]> = [
      ["validate", []],
      ["preview", []],
      ["render", []],
      ["probe", ["--url", "http://127.0.0.1:1"]],
    ];

    for (const [cmd, extra] of commands) {
      it(`${cmd}: a missing or unreadable file is a usage error (2); an invalid spec is 1`, () => {
        for (const file of ["nope.yaml", "adir"]) {
          const r = cli([cmd, file, ...extra], dir);
          assert.equal(r.code, 2, `${cmd} ${file}: ${r.stderr}`);
          assert.match(r.stderr, /model-deploy: cannot read .*(no such file|is a directory)/);
          noStack(r);
        }
        const invalid = cli([cmd, "bad.yaml", ...extra], dir);
        assert.equal(invalid.code, 1, invalid.stderr);
        assert.match(invalid.stderr + invalid.stdout, /bad\.yaml: resources\.ports\[0\]: must be/);
        noStack(invalid);
        const flag = cli([cmd, "good.yaml", "--machine-types", "types.yaml", ...extra], dir);
        assert.equal(flag.code, 2, flag.stderr);
        assert.match(flag.stderr, /--machine-types types\.yaml: must map machine labels/);
      });
    }

    it("no spec file in the directory is a usage error", () => {
      const r = cli(["render"], dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no spec file given, and none of paperspace\.yaml/);
    });

    it("diff: an invalid spec or a missing file is 2 (its 1 means changes)", () => {
      assert.equal(cli(["diff", "good.yaml", "bad.yaml"], dir).code, 2);
      assert.equal(cli(["diff", "good.yaml", "nope.yaml"], dir).code, 2);
      assert.equal(cli(["diff", "good.yaml", "good.yaml"], dir).code, 0);
    });

    it("validate checks every file and exits with the worst outcome", () => {
      const r = cli(["validate", "good.yaml", "bad.yaml", "nope.yaml"], dir);
      assert.equal(r.code, 2);
      assert.match(r.stdout, /good\.yaml: valid/);
      assert.match(r.stdout, /bad\.yaml: resources\.ports\[0\]/);
    });

    it("unknown options and commands are usage errors", () => {
      const usage = cli(["validate", "--bogus"]);
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /unknown option '--bogus'/);
      assert.equal(cli(["frobnicate"]).code, 2);
      assert.equal(cli(["render", "--service-type", "NodePort"], dir).code, 2);
    });

    it("an internal error is one line with exit 70, the stack only with MODEL_DEPLOY_DEBUG", () => {
      const script = `const io = { out() {}, err: (t) => process.stdout.write(t), cwd: "." };
        const { reportFailure } = require(${JSON.stringify(repoPath("dist", "sdk", "cli", "errors.js"))});
        process.exitCode = reportFailure(io, new TypeError("boom"));`;
      const plain = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { ...process.env, MODEL_DEPLOY_DEBUG: "" } });
      assert.equal(plain.status, 70);
      assert.match(plain.stdout, /^model-deploy: internal error: boom\n/);
      assert.ok(!plain.stdout.includes("    at "));
      const debug = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { ...process.env, MODEL_DEPLOY_DEBUG: "1" } });
      assert.match(debug.stdout, /\n\s+at /);
    });
  });

  it("render: multi-document YAML of the Deployment and Service, named after the spec", () => {
    const r = cli(["render", fixturePath("seed-example.yaml")]);
    assert.equal(r.code, 0, r.stderr);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS());
    assert.deepEqual(docs.map((d) => `${d.kind}/${d.metadata.name}`), ["Deployment/fastapi", "Service/fastapi"]);
    assert.equal(docs[0].spec.template.spec.containers[0].startupProbe.failureThreshold, 6);
  });

  it("render: JSON output, --name, --namespace and --service-type", () => {
    const r = cli(["render", fixturePath("console-style.yaml"), "-o", "json", "--namespace", "ml", "--service-type", "LoadBalancer"]);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout);
    assert.equal(list.kind, "List");
    // No name in the spec: named after the file.
    assert.deepEqual(list.items.map((o: any) => [o.metadata.name, o.metadata.namespace]), [["console-style", "ml"], ["console-style", "ml"]]);
    assert.equal(list.items[1].spec.type, "LoadBalancer");
    const named = JSON.parse(cli(["render", fixturePath("console-style.yaml"), "-o", "json", "--name", "gradio"]).stdout);
    assert.equal(named.items[0].metadata.name, "gradio");
    assert.equal(cli(["render", fixturePath("seed-example.yaml"), "-o", "xml"]).code, 2);
  });

  it("render: finds paperspace.yaml in the working directory, as Gradient's tools do", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-"));
    fs.mkdirSync(path.join(dir, ".paperspace"));
    fs.copyFileSync(fixturePath("seed-example.yaml"), path.join(dir, ".paperspace", "app.yaml"));
    fs.copyFileSync(fixturePath("console-style.yaml"), path.join(dir, "paperspace.yaml"));
    const r = cli(["render", "-o", "json"], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).items[0].metadata.name, "paperspace");
  });

  it("render: errors go to stderr with exit 1", () => {
    const r = cli(["render", fixturePath("modern-complete.yaml")]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /modern-complete\.yaml: integrations\[3\]\.type: Gradient's model registry exists only on Paperspace/);
  });

  it("--help for every command, and --version", () => {
    for (const args of [["--help"], ["validate", "--help"], ["render", "--help"], ["preview", "--help"], ["diff", "--help"], ["schema", "--help"], ["probe", "--help"]]) {
      const r = cli(args);
      assert.equal(r.code, 0, args.join(" "));
      assert.match(r.stdout, /Usage: model-deploy/);
    }
    const pkg = JSON.parse(fs.readFileSync(repoPath("package.json"), "utf8"));
    assert.equal(cli(["--version"]).stdout.trim(), pkg.version);
  });

  for (const args of [
    ["validate", fixturePath("seed-example.yaml")],
    ["render", fixturePath("seed-example.yaml")],
    ["preview", fixturePath("seed-example.yaml")],
    // The cloud node pools are planned by Pulumi-free code: no provider package either.
    ...(["gke", "eks", "aks"] as const).map((cloud) => ["preview", repoPath("examples", `${cloud}-pool`, "deployment.yaml"), "--node-pool", cloud]),
    ["diff", fixturePath("seed-example.yaml"), fixturePath("port-string.yaml")],
    ["schema"],
  ]) {
    it(`${args.filter((a) => !a.includes("/")).join(" ")} never loads @pulumi/* modules`, () => {
      const probe = `
        require(${JSON.stringify(BIN.replace(/bin\.js$/, "program.js"))})
          .run(${JSON.stringify(args)}, { out() {}, err() {}, cwd: process.cwd() })
          .then((code) => {
            const loaded = Object.keys(require.cache).filter((p) => p.includes("@pulumi"));
            console.log(JSON.stringify({ code, loaded }));
          });`;
      const r = spawnSync(process.execPath, ["-e", probe], { cwd: repoPath(), encoding: "utf8" });
      const result = JSON.parse(r.stdout);
      assert.deepEqual(result.loaded, []);
      assert.ok(result.code === 0 || (args[0] === "diff" && result.code === 1), String(result.code));
    });
  }

  it("preview: the resource tree and a plain-language probe timeline", () => {
    const r = cli(["preview", repoPath("examples", "fastapi-model", "deployment.yaml")]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Resources `pulumi up` would create:\n\nmodel-deployment:index:ModelDeployment  fastapi-model\n\|- kubernetes:apps\/v1:Deployment  fastapi-model\n/);
    assert.match(r.stdout, /machine +A4000: 1 x NVIDIA RTX A4000 \(16 GiB\), 8 vCPU, 45 GiB RAM/);
    assert.match(r.stdout, /`- kubernetes:core\/v1:Service  fastapi-model\n/);
    assert.match(r.stdout, /endpoint +http:\/\/fastapi-model\.default\.svc\.cluster\.local:8000/);
    assert.match(r.stdout, /a start that never answers is killed 50-60 s after the container starts; one whose checks hang \(each timing out\) 51-61 s/);
    assert.match(r.stdout, /a start that answers within 50 s is never killed: the guaranteed minimum \(Gradient's startup budget, 60 s = 10 s x 6/);
    assert.match(r.stdout, /a replica that starts failing \(an error status, refused\) leaves the load balancer 20-30 s after it starts failing \(exactly 20 s after the first failing check/);
    assert.match(r.stdout, /a hung one \(each check timing out\) 25-35 s after it hangs \(exactly 20 s after the first check times out\)/);
    assert.match(r.stdout, /first check at once when the startup probe succeeds \(the kubelet triggers readiness then\)/);
    assert.match(r.stdout, /"killed" is the kubelet's decision: the container then stops \(up to its 30 s grace period; until it has exited, readiness keeps probing it and a Ready pod keeps receiving traffic\) and restarts at once the first time, then after a back-off of 10 s doubling to 300 s/);
    const json = JSON.parse(cli(["preview", repoPath("examples", "fastapi-model", "deployment.yaml"), "-o", "json"]).stdout);
    assert.deepEqual(json.tree.children.map((c: any) => c.type), ["kubernetes:apps/v1:Deployment", "kubernetes:core/v1:Service"]);
    assert.equal(json.timelines[0].startupBudgetSeconds, 60);
  });

  it("schema: prints the committed JSON Schema", () => {
    const r = cli(["schema"]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, fs.readFileSync(repoPath("schema", "deployment-spec.schema.json"), "utf8"));
  });

  it("the core entry point does not load @pulumi/* either", () => {
    const r = spawnSync(
      process.execPath,
      ["-e", `require(${JSON.stringify(repoPath("dist", "sdk", "core", "index.js"))}); console.log(Object.keys(require.cache).filter((p) => p.includes("@pulumi")).length)`],
      { encoding: "utf8" },
    );
    assert.equal(r.stdout.trim(), "0");
  });
});
