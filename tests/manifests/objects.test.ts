/**
 * One object model: render, preview, diff, validate and the component see every object and every
 * problem at once.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { checkDeployment, planDeployment } from "../../sdk/manifests/plan";
import { diffObjectModels } from "../../sdk/manifests/diff";
import { objectList } from "../../sdk/manifests";
import { buildPreview, typeToken } from "../../sdk/cli/present/preview";
import { checkSpec, parseSpec } from "../../sdk/core/spec/parse";
import { ModelDeployment } from "../../sdk";
import { corpus } from "../corpus";
import { baseSpec, readFixture, repoPath, runCli } from "../helpers";
import { installMocks, registered } from "../mocks";

installMocks();

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "md-model-"));
const write = (name: string, data: unknown) => {
  fs.writeFileSync(path.join(tmp, name), typeof data === "string" ? data : JSON.stringify(data, null, 2));
  return name;
};

/** The (type, name) pairs of a preview's resources, and of the objects render prints. */
const previewPairs = (p: ReturnType<typeof buildPreview>) =>
  p.tree.children.filter((c) => c.type.startsWith("kubernetes:")).map((c) => `${c.type} ${c.name}`).sort();
const renderPairs = (objects: Array<{ apiVersion: string; kind: string; metadata: { name?: string } }>, instance: string) =>
  objects.map((o) => `${typeToken(o)} ${o.metadata.name ?? `${instance}-<random>`}`).sort();

const S3_AND_REGISTRY = {
  ...baseSpec(),
  containerRegistry: "ghcr",
  integrations: [{ type: "s3", name: "weights", url: "s3://bucket/model/", accessKeyId: "secret:AWS_KEY", secretAccessKey: "secret:AWS_SECRET" }],
};

describe("one object model", () => {
  describe("preview lists every object render emits", () => {
    for (const entry of corpus()) {
      it(entry.name, () => {
        for (const naming of [{ instance: "app", objectName: "app" }, { instance: "app" }]) {
          const plan = planDeployment({ spec: entry.raw, resolve: entry.options, manifest: { ...naming, ingress: { host: "model.example.com" } } });
          assert.deepEqual(previewPairs(buildPreview("app", plan, [])), renderPairs(objectList(plan.objects), "app"));
        }
      });
    }

    it("through the CLI: an s3 integration and a private registry give 6 objects in both", () => {
      const file = write("s3-registry.json", S3_AND_REGISTRY);
      const rendered = JSON.parse(runCli(["render", file, "-o", "json"], tmp).stdout).items;
      const preview = JSON.parse(runCli(["preview", file, "-o", "json"], tmp).stdout);
      assert.equal(rendered.length, 6);
      assert.deepEqual(previewPairs(preview), renderPairs(rendered, "demo"));
      const text = runCli(["preview", file], tmp).stdout;
      for (const kind of ["PersistentVolumeClaim", "batch/v1:Job", "core/v1:Secret  demo-registry"]) assert.ok(text.includes(kind), kind);
    });

    for (const example of ["fastapi-model", "protected-llm", "existing-pool", "karpenter-pool", "digitalocean-pool", "fastapi-build"]) {
      it(`through the CLI: examples/${example}`, () => {
        const file = repoPath("examples", example, "deployment.yaml");
        const args = [file, "--secret-name", "s", "--keda", "--image", "ghcr.io/acme/x:1"];
        const rendered = JSON.parse(runCli(["render", ...args, "-o", "json"]).stdout).items;
        const preview = JSON.parse(runCli(["preview", ...args, "-o", "json"]).stdout);
        assert.deepEqual(previewPairs(preview), renderPairs(rendered, preview.tree.name));
      });
    }
  });

  describe("diff matches objects by role", () => {
    const volumes = (second: string) => ({
      ...baseSpec(),
      integrations: [
        { type: "volume", name: "cache" },
        { type: "volume", name: second },
      ],
    });

    it("renaming the second of two volumes deletes its claim: reported as data loss, --fail-on replace exits 3", () => {
      const [a, b] = [write("vol-a.json", volumes("scratch")), write("vol-b.json", volumes("scratch2"))];
      const r = runCli(["diff", a, b, "-o", "json"], tmp);
      const d = JSON.parse(r.stdout);
      const claims = d.objects.filter((o: any) => o.kind === "PersistentVolumeClaim");
      assert.deepEqual(
        claims.map((o: any) => [o.key, o.action, o.impact]),
        [
          ["claim:int-scratch", "delete", "data-loss"],
          ["claim:int-scratch2", "create", "none"],
        ],
      );
      assert.ok(d.objects.some((o: any) => o.kind === "Deployment" && o.class === "rolling-restart"));
      assert.equal(d.disruptive, true);
      assert.equal(runCli(["diff", a, b, "--fail-on", "replace"], tmp).code, 3);
      assert.match(runCli(["diff", a, b], tmp).stdout, /PersistentVolumeClaim\/demo-int-scratch: delete \(DATA LOSS\)/);
    });

    it("a storage class change replaces the claim (pulumi-kubernetes forces new on it): data loss", () => {
      const plan = (storageClassName: string) =>
        planDeployment({ spec: volumes("scratch"), resolve: {}, manifest: { instance: "demo", objectName: "demo", integrations: { storageClassName } } });
      const d = diffObjectModels(plan("standard").objects, plan("fast").objects, [], []);
      const claims = d.objects.filter((o) => o.kind === "PersistentVolumeClaim");
      assert.deepEqual(claims.map((o) => [o.class, o.impact]), [["replace", "data-loss"], ["replace", "data-loss"]]);
      assert.equal(d.disruptive, true);
    });

    it("a rotated plain-text basicAuthKey is a Secret change that rolls the pods, shows no value, and does not fail --fail-on replace", () => {
      const [a, b] = [write("auth-a.json", { ...baseSpec(), basicAuthKey: "old-password-1" }), write("auth-b.json", { ...baseSpec(), basicAuthKey: "new-password-2" })];
      const r = runCli(["diff", a, b, "-o", "json"], tmp);
      const d = JSON.parse(r.stdout);
      const auth = d.objects.find((o: any) => o.key === "authSecret");
      assert.deepEqual([auth.class, auth.impact], ["replace", "harmless"]);
      assert.deepEqual(auth.changes.map((c: any) => [c.path, c.secret]), [['stringData["caddy.json"]', true]]);
      const dep = d.objects.find((o: any) => o.key === "deployment");
      assert.equal(dep.class, "rolling-restart", "the pods mount the new Secret");
      for (const output of ["json", "text", "markdown"]) {
        const out = runCli(["diff", a, b, "-o", output], tmp).stdout;
        assert.ok(!out.includes("old-password-1") && !out.includes("new-password-2"), output);
        assert.ok(!/[0-9a-f]{32}/.test(out), `${output}: no digest of the value`);
      }
      assert.equal(runCli(["diff", a, b, "--fail-on", "replace"], tmp).code, 1);
    });

    it("rotated inline integration keys are a change of the deployment's Secret, never shown", () => {
      const spec = (key: string) => ({ ...baseSpec(), integrations: [{ type: "s3", name: "w", url: "s3://b/p/", accessKeyId: "AKIAFIXED", secretAccessKey: key }] });
      const [a, b] = [write("s3-a.json", spec("first-key-value")), write("s3-b.json", spec("second-key-value"))];
      const d = JSON.parse(runCli(["diff", a, b, "-o", "json"], tmp).stdout);
      const secret = d.objects.find((o: any) => o.key === "secret");
      assert.deepEqual([secret.class, secret.impact, secret.changes[0].path], ["replace", "harmless", "stringData.INTEGRATION_W_SECRET_ACCESS_KEY"]);
      assert.ok(d.objects.some((o: any) => o.key === "fetchJob"), "the Job refers to the new Secret");
      assert.ok(!JSON.stringify(d).includes("key-value"));
      assert.equal(runCli(["diff", a, b, "--fail-on", "replace"], tmp).code, 1);
    });
  });

  describe("check once, all at once", () => {
    it("validate reports all four problems of a spec in one run, with its warning", () => {
      const file = write(
        "four.yaml",
        [
          "name: four",
          "image: nginx:1.27",
          "resources:",
          "  machineType: C4",
          "  replicas: -1",
          "  ports: [8000, 8000]",
          "healthChecks:",
          "  liveness:",
          "    path: /healthz",
          "    port: metrics",
          "    periodSecond: 5",
          "",
        ].join("\n"),
      );
      const r = runCli(["validate", file], tmp);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /resources\.replicas: must be >= 0/);
      assert.match(r.stdout, /resources\.ports\[1\]: duplicate port 8000/);
      assert.match(r.stdout, /healthChecks\.liveness\.port: no container port is named "metrics"/);
      assert.match(r.stderr, /warning: healthChecks\.liveness\.periodSecond: .*periodSeconds/);
    });

    it("render, preview and diff show warnings beside errors", () => {
      const file = write("warn-and-error.json", { ...baseSpec(), resources: { machineType: "C4", ports: [8000], replicas: -1 }, imagee: "x" });
      for (const cmd of [["render", file], ["preview", file], ["diff", file, file]]) {
        const r = runCli(cmd, tmp);
        assert.match(r.stderr, /warning: imagee: /, cmd[0]);
        assert.match(r.stderr, /resources\.replicas: must be >= 0/, cmd[0]);
      }
    });

    it("the component reports the spec's errors and its own (serviceType, ingress host) in one ResourceError, before any child", () => {
      registered.length = 0;
      assert.throws(
        () =>
          new ModelDeployment("bad", {
            spec: { ...baseSpec(), resources: { machineType: "C4", ports: [0] } } as never,
            serviceType: "NodePort" as never,
            ingress: { host: "Not A Host" },
            kubernetesName: "Bad_Name",
          }),
        (e: unknown) => {
          assert.ok(e instanceof pulumi.ResourceError);
          for (const field of ["resources.ports[0]", "serviceType", "ingress.host", "kubernetesName"]) assert.ok(e.message.includes(`${field}: `), `${field} in ${e.message}`);
          return true;
        },
      );
      assert.equal(registered.filter((r) => r.type.startsWith("kubernetes:")).length, 0);
    });

    it("the check pass returns errors and warnings together and never throws for bad input", () => {
      const c = checkDeployment({ spec: { ...baseSpec(), imagee: 1, resources: { machineType: "NOPE", ports: [8000] } }, resolve: {}, manifest: { instance: "UPPER" } });
      assert.ok(c.errors.some((e) => e.path === "resources.machineType"));
      assert.ok(c.errors.some((e) => e.path === "name"));
      assert.ok(c.warnings.some((w) => w.path === "imagee"));
      assert.equal(c.plan, undefined);
    });

    it("a parsed spec is a fixed point of the checks, so it is not parsed again", () => {
      for (const f of ["seed-example.yaml", "legacy-complete.yaml", "v1-instancetype-scalar-ports.yaml", "healthchecks-lowercase.yaml", "protected-autoscaled.yaml"]) {
        const { spec } = parseSpec(readFixture(f));
        const again = checkSpec(spec);
        assert.deepEqual([again.errors, again.warnings], [[], []], f);
        assert.deepEqual(again.spec, spec, f);
      }
    });

    it("a spec changed after parsing is checked again (the cache is by content)", () => {
      const { spec } = parseSpec(readFixture("seed-example.yaml"));
      (spec.resources as any).replicas = -3;
      assert.ok(checkSpec(spec).errors.some((e) => e.path === "resources.replicas"));
    });
  });

  describe("render is safe to pipe", () => {
    const file = () => write("secrets.json", { ...baseSpec(), env: [{ name: "TOKEN", value: "secret:TOKEN" }], basicAuthKey: "secret:PW", containerRegistry: "ghcr" });

    it("says on stderr which Secrets hold placeholders and which keys; stdout stays objects", () => {
      const r = runCli(["render", file()], tmp);
      assert.equal(r.code, 0);
      assert.match(r.stderr, /Secret demo-secrets holds placeholders for TOKEN/);
      assert.match(r.stderr, /Secret demo-auth holds placeholders for caddy\.json/);
      assert.match(r.stderr, /Secret demo-registry holds placeholders for \.dockerconfigjson/);
      assert.match(r.stderr, /--omit-secrets/);
      const docs = parseAllDocuments(r.stdout).map((d) => d.toJS());
      assert.ok(docs.every((d) => typeof d.kind === "string"));
      const pull = docs.find((d) => d.metadata.name === "demo-registry");
      assert.ok(JSON.parse(pull.stringData[".dockerconfigjson"]).auths, "still a valid .dockerconfigjson");
      assert.ok(!r.stdout.includes("\u0000"));
    });

    it("--omit-secrets leaves them out and says the objects refer to Secrets that must exist", () => {
      const r = runCli(["render", file(), "--omit-secrets"], tmp);
      assert.equal(r.code, 0);
      const kinds = parseAllDocuments(r.stdout).map((d) => `${d.toJS().kind}/${d.toJS().metadata.name}`);
      assert.deepEqual(kinds.filter((k) => k.startsWith("Secret/")), []);
      assert.match(r.stderr, /left out Secret demo-secrets \(TOKEN\): the objects refer to it, so it must already exist/);
      assert.ok(parseYaml(r.stdout.split("---\n").find((d) => d.includes("kind: Deployment"))!).spec);
    });
  });
});
