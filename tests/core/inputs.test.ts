/**
 * Every input is checked by the rules the Kubernetes API server (and the kubelet) applies, whether
 * it comes from the spec, a CLI flag or a component argument, and the message names it as its
 * caller wrote it: the field path in the spec and the component, the flag in the CLI. Bad input
 * never crashes, is never accepted only to be refused by the cluster, and no message repeats a
 * credential.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ModelDeployment } from "../../sdk";
import type { ModelDeploymentArgs } from "../../sdk/component/ModelDeploymentArgs";
import { ARG_RULES } from "../../sdk/component/argIssues";
import { run } from "../../sdk/cli/program";
import { checkDeployment } from "../../sdk/manifests/plan";
import { resolveDeployment } from "../../sdk/core/resolve";
import { imageReferenceProblem } from "../../sdk/core/imageRef";
import { ingressHostProblem, ingressPathProblem, isLabelKey } from "../../sdk/core/spec/rules";
import { baseSpec, fixturePath, specErrors } from "../helpers";
import { freshProgramEachTest, installMocks, registered, settle } from "../mocks";

installMocks();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-inputs-"));
const SPEC = path.join(dir, "spec.yaml");
fs.writeFileSync(SPEC, "name: toy\nimage: toy:1.0\nresources: { machineType: C4, ports: [8000] }\nenv: [{ name: T, value: secret:TOKEN }]\n");

/** The CLI in this process: its exit code and what it printed. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await run(args, { out: (t) => void (out += t), err: (t) => void (err += t), cwd: dir });
  return { code, out, err };
}

/** The check pass's errors for a spec and options, as `path: message`. */
function errorsOf(spec: unknown, resolve: object = {}, manifest: object = {}): string[] {
  const c = checkDeployment({ spec, resolve, manifest: { instance: "x", objectName: "x", ...manifest } });
  return c.errors.map((e) => `${e.path}: ${e.message}`);
}

/** The ResourceError's lines of a component, or [] when it was accepted. */
function componentErrors(args: ModelDeploymentArgs, name = "app"): string[] {
  try {
    new ModelDeployment(name, args);
  } catch (e) {
    assert.ok(e instanceof pulumi.ResourceError, `a ResourceError, not ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    return (e as Error).message.split("\n").slice(1).map((l) => l.trim());
  }
  return [];
}

const SUBDOMAIN = /a DNS subdomain \(at most 253 lowercase letters, digits, '-' and '\.', alphanumeric at both ends\)/;

describe("inputs are checked by the API server's rules, named as the caller names them", () => {
  freshProgramEachTest();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe("CLI flags: the message names the flag", () => {
    it("--ingress-class and --tls-secret are DNS subdomains; --ingress-host a DNS name, not an IP address (a wildcard is one)", async () => {
      const r = await cli("validate", SPEC, "--ingress-host", "10.0.0.1", "--ingress-class", "a b", "--tls-secret", "T L S");
      assert.equal(r.code, 1, r.err);
      const lines = r.out.trim().split("\n");
      assert.equal(lines.length, 3, r.out);
      assert.match(lines[0], /^spec\.yaml: --ingress-host: must be a DNS name, not an IP address \(got "10\.0\.0\.1"\)$/);
      assert.match(lines[1], /^spec\.yaml: --ingress-class: must be the name of an IngressClass: /);
      assert.match(lines[1], SUBDOMAIN);
      assert.match(lines[1], /\(got "a b"\)$/);
      assert.match(lines[2], /^spec\.yaml: --tls-secret: must be the name of a Secret: .*\(got "T L S"\)$/);
      const wildcard = await cli("render", SPEC, "-o", "json", "--ingress-host", "*.example.com", "--ingress-class", "nginx", "--tls-secret", "wildcard-tls");
      assert.equal(wildcard.code, 0, wildcard.err);
      const ingress = JSON.parse(wildcard.out).items.find((o: { kind: string }) => o.kind === "Ingress");
      assert.deepEqual(ingress.spec.tls, [{ hosts: ["*.example.com"], secretName: "wildcard-tls" }]);
    });

    it("--secret-name is a Secret's name; --git-image, --image and the other image flags are image references", async () => {
      const r = await cli("validate", SPEC, "--secret-name", "Bad Name", "--git-image", "", "--image", "ghcr.io/Acme/Model:1.0", "--aws-image", "foo:bar:baz");
      assert.equal(r.code, 1, r.err);
      assert.match(r.out, /spec\.yaml: --secret-name: must be the name of a Secret: .*\(got "Bad Name"\)\n/);
      assert.match(r.out, /spec\.yaml: --git-image: is not an image reference: .*\(got ""\)\n/);
      assert.match(r.out, /spec\.yaml: --image: the repository path must be lowercase \(got "ghcr\.io\/Acme\/Model:1\.0"\)\n/);
      assert.match(r.out, /spec\.yaml: --aws-image: is not an image reference: .*\(got "foo:bar:baz"\)\n/);
      assert.doesNotMatch(r.out, /helperImages|secretName/);
    });

    it("a number flag is a whole number as written: \"\", 0x1F, 1e3 and -1 are refused with the text given", async () => {
      for (const [flag, value] of [
        ["--termination-grace-period", ""],
        ["--progress-deadline", "abc"],
        ["--image-pull-headroom", "0x1F"],
        ["--node-provisioning-headroom", "1e3"],
        ["--termination-grace-period", "-1"],
      ]) {
        const r = await cli("validate", SPEC, `${flag}=${value}`);
        assert.equal(r.code, 1, `${flag}=${value}: ${r.out}${r.err}`);
        assert.match(r.out, new RegExp(`spec\\.yaml: ${flag}: must be a whole number .*${value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
      }
      assert.equal((await cli("validate", SPEC, "--termination-grace-period", "45")).code, 0);
    });

    it("-n, --max-surge and a --machine-types file name their flag", async () => {
      fs.writeFileSync(path.join(dir, "types.yaml"), "L4: { vcpu: 8, memoryGiB: 32, gpu: { count: 1, model: L4, memoryGiB: 24, products: [NVIDIA L4 (PCIe)] } }\n");
      const r = await cli("validate", SPEC, "-n", "Bad_NS", "--max-surge", "-5", "--machine-types", "types.yaml");
      assert.equal(r.code, 1, r.err);
      assert.match(r.out, /spec\.yaml: --namespace: must be a DNS label/);
      assert.match(r.out, /spec\.yaml: --max-surge: must be a whole number of pods >= 0 or a percentage such as "25%" \(got "-5"\)/);
      assert.match(r.out, /spec\.yaml: --machine-types: L4\.gpu\.products\[0\]: must be a label value \(at most 63 .*\(got "NVIDIA L4 \(PCIe\)"\)/);
    });
  });

  describe("component arguments and spec fields: the message names the path", () => {
    const spec = () => ({ ...baseSpec(), integrations: [{ type: "git-lfs", name: "m", url: "https://huggingface.co/o/m" }] });

    it("ingress: className and tlsSecretName are DNS subdomains, host a DNS name (not an IP), path an absolute Prefix path", () => {
      const errors = componentErrors({ spec: baseSpec() as never, ingress: { host: "10.0.0.1", className: "a b", tlsSecretName: "T L S", path: "api" } });
      assert.deepEqual(errors.map((e) => e.split(":")[0]), ["ingress.host", "ingress.className", "ingress.tlsSecretName", "ingress.path"]);
      assert.match(errors[0], /must be a DNS name, not an IP address \(got "10\.0\.0\.1"\)/);
      assert.match(errors[1], /must be the name of an IngressClass/);
      assert.match(errors[3], /^ingress\.path: must be an absolute path, starting with '\/': the Ingress's path, of type Prefix \(got "api"\)$/);
      for (const p of ["/a//b", "/a/../b", "/a%2Fb", "/a/.", "/a/.."]) assert.match(errorsOf(baseSpec(), {}, { ingress: { host: "a.example.com", path: p } }).join(), /^ingress\.path: must not (contain|end with)/, p);
      assert.deepEqual(errorsOf(baseSpec(), {}, { ingress: { host: "*.example.com", path: "/api/v1", className: "nginx", tlsSecretName: "tls" } }), []);
    });

    it("integrations: size a positive quantity, downloadTimeoutSeconds a whole number >= 1, storageClassName a DNS subdomain, mode one of two", () => {
      const errors = componentErrors({
        spec: spec() as never,
        integrations: { size: "0", downloadTimeoutSeconds: 0, storageClassName: "Fast SSD", mode: "everywhere" as never },
      });
      assert.deepEqual(errors.map((e) => e.split(":")[0]).sort(), ["integrations.downloadTimeoutSeconds", "integrations.mode", "integrations.size", "integrations.storageClassName"]);
      assert.match(errors.join("\n"), /integrations\.size: must be a positive Kubernetes quantity such as "100Gi": the volumes' storage request \(got "0"\)/);
      assert.match(errors.join("\n"), /integrations\.downloadTimeoutSeconds: must be a whole number of seconds from 1 to 2147483647: the fetch's deadline \(got 0\)/);
      for (const t of [1.5, -1, 2147483648, Number.NaN]) assert.equal(componentErrors({ spec: spec() as never, integrations: { downloadTimeoutSeconds: t } }).length, 1, String(t));
      assert.match(componentErrors({ spec: spec() as never, integrations: { storageClassName: "" } })[0], /^integrations\.storageClassName: must not be empty: leave it out/);
      assert.deepEqual(componentErrors({ spec: spec() as never, integrations: { size: "250Gi", downloadTimeoutSeconds: 3600, storageClassName: "efs.csi.aws.com" } }), []);
    });

    it("a custom machine type's GPU products and AWS GPU name are label values (they become node-affinity values)", () => {
      const gpu = { count: 1, model: "L4", memoryGiB: 24 };
      const errors = componentErrors({
        spec: { ...baseSpec(), resources: { machineType: "L4", ports: [8000] } } as never,
        machineTypes: { L4: { vcpu: 8, memoryGiB: 32, gpu: { ...gpu, products: ["NVIDIA L4", "x".repeat(64)], awsGpuName: "l4 gpu" } } },
      });
      assert.deepEqual(errors.map((e) => e.split(":")[0]), ["machineTypes.L4.gpu.products[0]", "machineTypes.L4.gpu.products[1]", "machineTypes.L4.gpu.awsGpuName"]);
      assert.match(errors[0], /must be a label value \(at most 63 letters, digits, '-', '_' and '\.', alphanumeric at both ends\) \(got "NVIDIA L4"\)/);
      const huge = componentErrors({ spec: { ...baseSpec(), resources: { machineType: "Big", ports: [8000] } } as never, machineTypes: { Big: { vcpu: 1e300, memoryGiB: 1e300 } } });
      assert.deepEqual(huge.map((e) => e.split(":")[0]), ["machineTypes.Big.vcpu", "machineTypes.Big.memoryGiB"]);
    });

    it("keda.scrapeFrom: podLabels are label keys and values, the namespace a DNS label; prometheusAddress an http(s) URL", () => {
      const errors = componentErrors({
        spec: baseSpec() as never,
        keda: { enabled: true, prometheusAddress: "prometheus:9090", scrapeFrom: { namespace: "Monitoring", podLabels: { "bad key!": "ok", app: "-prometheus", "example.com/role": "scraper" } } },
      });
      assert.deepEqual(errors.map((e) => e.split(": ")[0]), [
        "keda.prometheusAddress",
        "keda.scrapeFrom.namespace",
        'keda.scrapeFrom.podLabels["bad key!"]',
        "keda.scrapeFrom.podLabels.app",
      ]);
      assert.match(errors[2], /the key must be a label key/);
      assert.match(errors[3], /must be a label value .*\(got "-prometheus"\)/);
    });

    it("secretName a Secret's name, registries' server a host, build's tag, platforms and arguments as Docker takes them, node placement as labels and tolerations", () => {
      const errors = componentErrors({
        spec: { ...baseSpec(), image: undefined, containerRegistry: "r", env: [{ name: "T", value: "secret:TOKEN" }] } as never,
        secretName: "Bad Name",
        registries: { r: { server: "ghcr io", username: "u", password: "p" } },
        build: { repository: "ghcr.io/acme/llm", context: ".", tag: "v 1", platforms: ["amd64"], buildArgs: { "A=B": "x" } },
        nodePool: { machineType: "C4", placement: { nodeLabels: { "pool name": "a b" }, tolerations: [{ key: "k", operator: "Exists", value: "v", effect: "NoSchedule" }] } },
      });
      assert.deepEqual(errors.map((e) => e.split(": ")[0]), [
        "secretName",
        "build.tag",
        "build.platforms[0]",
        "build.buildArgs",
        "registries.r.server",
        'nodePool.placement.nodeLabels["pool name"]',
        'nodePool.placement.nodeLabels["pool name"]',
        "nodePool.placement.tolerations[0].value",
      ]);
      assert.match(errors.join("\n"), /registries\.r\.server: must be a registry host such as ghcr\.io or registry\.local:5000 \(no scheme, no path\) \(got "ghcr io"\)/);
      assert.match(errors.join("\n"), /secretName: must be the name of a Secret: .*\(got "Bad Name"\)/);
    });

    it("an argument given as an Output is left to its deploy-time check; a valid one reaches its object", async () => {
      const late = <T>(v: T) => pulumi.output(v).apply((x) => x);
      const app = new ModelDeployment("late", {
        spec: baseSpec() as never,
        namespace: late("models"),
        ingress: { host: late("model.example.com"), className: late("nginx"), tlsSecretName: late("tls") },
        secretName: late("app-secrets"),
        image: late("ghcr.io/acme/model:2"),
      });
      assert.ok(app.ingress);
      await settle();
      const ingress = registered.find((r) => r.type === "kubernetes:networking.k8s.io/v1:Ingress")!;
      assert.equal(ingress.inputs.spec.ingressClassName, "nginx");
      assert.equal(ingress.inputs.metadata.namespace, "models");
    });
  });

  describe("images: the distribution reference grammar, for the spec, the program's image and the flags", () => {
    it("refuses what the kubelet refuses (InvalidImageName) and accepts what it pulls", () => {
      for (const [image, problem] of [
        ["ghcr.io/Acme/Model:1.0", "the repository path must be lowercase"],
        ["Nginx", "the repository path must be lowercase"],
        ["foo:bar:baz", "is not an image reference"],
        ["x@sha256:short", "is not an image reference"],
        ["-oops", "is not an image reference"],
        ["ghcr.io/acme/m:-tag", "is not an image reference"],
        [`a:${"t".repeat(129)}`, "is not an image reference"],
        [`x@sha256:${"A".repeat(64)}`, "a sha256 digest is 64 lowercase hex digits"],
        ["e".repeat(64), "is a 64-digit hex image id"],
      ]) {
        assert.match(imageReferenceProblem(image) ?? "accepted", new RegExp(`^${problem}`), image);
        assert.deepEqual(specErrors(() => resolveDeployment({ ...baseSpec(), image })).map((e) => e.replace(/ \(got .*\)$/, "")), [`image: ${imageReferenceProblem(image)}`], image);
      }
      for (const image of ["nginx", "nginx:1.27", "docker.io/library/nginx:1.27", "ghcr.io/acme/llm:1.2.3", "localhost:5000/a/b", "registry.example.com:443/team/model_x__y-z.w:Tag_1.0-x", `r.io/m@sha256:${"0".repeat(64)}`, `r.io/m:1@sha256:${"a".repeat(64)}`, "[::1]:5000/m:1"]) {
        assert.equal(imageReferenceProblem(image), undefined, image);
        assert.equal(resolveDeployment({ ...baseSpec(), image }).image, image);
      }
    });

    it("the ':image' placeholder and an empty image still ask the program; white space is still trimmed or refused once", () => {
      for (const image of [":image", ""]) {
        assert.equal(resolveDeployment({ ...baseSpec(), image }, { image: "ghcr.io/acme/from-ci:1" }).image, "ghcr.io/acme/from-ci:1");
        assert.match(specErrors(() => resolveDeployment({ ...baseSpec(), image }))[0], /^image: required/);
      }
      assert.deepEqual(specErrors(() => resolveDeployment({ ...baseSpec(), image: "ngi nx" })), ['image: must not contain white space (got "ngi nx")']);
    });

    it("the program's image and every fixture: the same grammar", () => {
      assert.deepEqual(componentErrors({ spec: baseSpec() as never, image: "foo:bar:baz" }), ['image: is not an image reference: [registry[:port]/]path[:tag][@sha256:<64 hex digits>], the path lowercase (got "foo:bar:baz")']);
      assert.deepEqual(componentErrors({ spec: ModelDeployment.loadSpec(fixturePath("seed-example.yaml")), image: "ghcr.io/acme/from-ci@sha256:" + "1".repeat(64) }), []);
    });
  });

  describe("a health check on a port number that is no container port", () => {
    const spec = (port: number, ports = [8080]) => ({ ...baseSpec(), resources: { machineType: "C4", ports }, healthChecks: { readiness: { path: "/ready", port }, liveness: { path: "/live" } } });

    it("is a warning at its port that names the container ports and says what happens (the kubelet probes it anyway)", () => {
      const r = resolveDeployment(spec(8000));
      const w = r.warnings.filter((x) => x.path.startsWith("healthChecks"));
      assert.deepEqual(w.map((x) => x.path), ["healthChecks.readiness.port"]);
      assert.equal(
        w[0].message,
        "8000 is not a container port (resources.ports: 8080): the kubelet still probes 8000 on the pod's IP, so this check passes only if the app also listens on 8000; if it does not, every check fails and the replica never becomes ready and never receives traffic",
      );
      assert.equal(r.probes.readiness?.httpGet?.port, 8000, "still probed as written");
    });

    it("a declared port, the default port and a named port give no such warning", () => {
      for (const s of [spec(9090, [8080, 9090]), { ...baseSpec(), healthChecks: { liveness: { path: "/" } } }]) {
        assert.deepEqual(resolveDeployment(s).warnings.filter((x) => x.path.endsWith(".port")), []);
      }
    });
  });

  describe("the component's spec and specText: a ResourceError naming the argument, never a TypeError", () => {
    for (const [label, args, message] of [
      ["spec: null", { spec: null }, /^spec: required: the deployment spec \(or specText, a spec file's text\) \(got null\)$/],
      ["specText: \"\"", { specText: "" }, /^specText: must be the text of a spec file: a mapping of spec fields \(got an empty text\)$/],
      ["specText: \"null\"", { specText: "null" }, /^specText: must be the text of a spec file: a mapping of spec fields \(got a text that reads as null\)$/],
      ["specText: a list", { specText: "- a\n- b\n" }, /^specText: must be the text of a spec file: a mapping of spec fields \(got a text that reads as a list\)$/],
      ["specText: not YAML", { specText: "image: [" }, /^specText: YAML: /],
      ["specText: 42", { specText: 42 }, /^specText: must be the text of a spec file \(got 42\)$/],
      ["spec: 42", { spec: 42 }, /^spec: must be a mapping of spec fields \(got 42\)$/],
      ["spec: []", { spec: [] }, /^spec: must be a mapping of spec fields \(got a list\)$/],
      ["spec: a file name", { spec: "deployment.yaml" }, /^spec: must be a mapping of spec fields; for a spec file, pass ModelDeployment\.loadSpec\("deployment\.yaml"\)/],
      ["spec: an Output", { spec: pulumi.output(baseSpec()) }, /^spec: must be plain data, not an Output/],
      ["no arguments", undefined, /^spec: required: the arguments/],
    ] as const) {
      it(label, () => {
        const errors = componentErrors(args as never, "entry");
        assert.equal(errors.length, 1, errors.join("\n"));
        assert.match(errors[0], message);
      });
    }

    it("an empty name: a ResourceError (Pulumi's own is a plain Error)", () => {
      assert.throws(() => new ModelDeployment("", { spec: baseSpec() as never }), (e: Error) => e instanceof pulumi.ResourceError && /^ModelDeployment: name: required/.test(e.message));
    });
  });

  describe("no message repeats a credential", () => {
    const messages = (raw: unknown, resolve: object = {}) => {
      const c = checkDeployment({ spec: raw, resolve, manifest: { instance: "x", objectName: "x" } });
      return [...c.errors, ...c.warnings].map((i) => `${i.path}: ${i.message}`).join("\n");
    };

    it("basicAuthKey: secret:my password is refused without the password", () => {
      const text = messages({ ...baseSpec(), basicAuthKey: "secret:my password" });
      assert.match(text, /^basicAuthKey: after secret: must come a Gradient secret name: .* \(the text after secret: is not shown: it may be the credential itself\)$/m);
      assert.doesNotMatch(text, /my password/);
    });

    it("env and integration secret: references that break the name rule are refused without their text", () => {
      const raw = {
        ...baseSpec(),
        env: [{ name: "K", value: "secret:hunter2 pass" }],
        integrations: [{ name: "m", type: "s3", url: "s3://bucket/m", accessKeyId: "secret:AKIA key", secretAccessKey: "secret:wJal rXU" }],
      };
      const text = messages(raw);
      assert.match(text, /^env\[0\]\.value: after secret: must come a Gradient secret name/m);
      assert.match(text, /^integrations\[0\]\.accessKeyId: after secret: must come a Gradient secret name/m);
      assert.doesNotMatch(text, /hunter2|AKIA|wJal/);
      assert.doesNotMatch(componentErrors({ spec: { ...baseSpec(), basicAuthKey: "secret:my password" } as never }).join("\n"), /my password/);
    });

    it("integration keys, URLs with tokens (even where a URL does not belong, even cut short) and the secrets argument's values", () => {
      const token = "hf_S3cr3tT0k3n";
      for (const raw of [
        { ...baseSpec(), integrations: [{ type: "s3", name: "w", url: "s3://b/p/", accessKeyId: "secret:my key id", secretAccessKey: `secret:${token} x` }] },
        { ...baseSpec(), integrations: [`https://user:${token}@huggingface.co/org/model`] },
        { ...baseSpec(), integrations: [{ type: "git-lfs", name: "m", url: `https://user:${token}@huggingface.co/org/model`, secretAccessKey: "secret:T" }] },
        { ...baseSpec(), integrations: [{ type: "volume", name: `https://user:${token}${"x".repeat(60)}@h/x` }] },
        { ...baseSpec(), repositories: { dataset: "d", repositories: [{ name: "r", url: `https://u:${token}@github.com/o/r`, password: "secret:P" }] } },
      ]) {
        const text = messages(raw, { secretNames: ["T", "P"] });
        assert.ok(text.length > 0);
        assert.doesNotMatch(text, /S3cr3t|my key id/, text);
      }
      const errors = componentErrors({ spec: { ...baseSpec(), env: [{ name: "T", value: "secret:TOKEN" }] } as never, secrets: { TOKEN: 7391046 as never } });
      assert.deepEqual(errors, ["secrets.TOKEN: must be a string (the value is not shown: it is a credential)"]);
      const args = componentErrors({
        spec: { ...baseSpec(), containerRegistry: "r" } as never,
        registries: { r: { server: `https://bot:${token}@ghcr.io`, username: "u", password: "p" } },
        keda: { prometheusAddress: `https://u:${token}@ prometheus` },
      });
      assert.deepEqual(args.map((e) => e.split(": ")[0]), ["keda.prometheusAddress", "registries.r.server"]);
      assert.doesNotMatch(args.join("\n"), /S3cr3t/);
    });
  });

  it("an Output is to be checked once known by the rule its plain value is checked by now", () => {
    const plain = (arg: string, value: string): string[] => {
      const args: Record<string, unknown> = { spec: baseSpec() };
      const [head, tail] = arg.split(".");
      args[head] = tail ? { host: "a.example.com", [tail]: value } : value;
      return componentErrors(args as never).filter((e) => e.startsWith(`${arg}: `));
    };
    for (const [arg, bad, good] of [
      ["image", "foo:bar:baz", "nginx:1.27"],
      ["namespace", "Bad_NS", "models"],
      ["kubernetesName", "Fast_API", "fast-api"],
      ["secretName", "Bad Name", "app-secrets"],
      ["ingress.host", "10.0.0.1", "*.example.com"],
      ["ingress.className", "a b", "nginx"],
      ["ingress.tlsSecretName", "T L S", "tls"],
    ] as const) {
      const rule = ARG_RULES[arg]!;
      const issue = rule(bad);
      assert.deepEqual(issue && [`${issue.path}: ${issue.message}`], plain(arg, bad), arg);
      assert.equal(rule(good), undefined, arg);
    }
    assert.notEqual(ARG_RULES["ingress.className"]!(""), undefined, "an Output cannot leave the class out");
  });

  it("the rules, as the API server states them", () => {
    for (const host of ["a.example.com", "*.example.com", "999.0.0.1", "localhost", "*.10.0.0.1"]) assert.equal(ingressHostProblem(host), undefined, host);
    for (const host of ["10.0.0.1", "010.000.000.001", "", "A.example.com", "a..b", "*", "*.", "a.*.com", "-a.com", `${"a".repeat(250)}.com`, "::1", "a_b.com"]) assert.notEqual(ingressHostProblem(host), undefined, host);
    for (const p of ["/", "/api", "/a/b/", "/a.b", "/.well-known"]) assert.equal(ingressPathProblem(p), undefined, p);
    for (const key of ["app", "app.kubernetes.io/name", "a-b_c.d", "x".repeat(63), `${"a".repeat(253)}/n`]) assert.ok(isLabelKey(key), key);
    for (const key of ["", "/n", "a/b/c", "bad key", "-a", "a-", "x".repeat(64), "A_B.com/n", "a/"]) assert.ok(!isLabelKey(key), key);
  });
});
