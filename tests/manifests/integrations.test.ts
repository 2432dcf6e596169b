/** Integrations: resolution and validation, helper commands as data, both modes, the component. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Job } from "kubernetes-models/batch/v1/Job";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { ModelDeployment } from "../../sdk";
import { diffObjectModels } from "../../sdk/manifests/diff";
import { GIT_FETCH_SCRIPT, S3_FETCH_SCRIPT, versionedPath } from "../../sdk/manifests/integrations";
import { resolveDeployment } from "../../sdk/core/resolve";
import { HELPER_IMAGES } from "../../sdk/core/defaults";
import { baseSpec, runCli, specErrors, manifestsOf } from "../helpers";
import { installMocks, registered, settle, valueOf } from "../mocks";

installMocks();

const KEY = "AKIAPLAINTEXTKEY";
function spec(integrations: unknown[], extra: Record<string, unknown> = {}) {
  return { ...baseSpec(), integrations, ...extra } as Record<string, any>;
}
const FALCON = { type: "git-lfs", name: "falcon", path: "/models/", url: "https://huggingface.co/tiiuae/falcon-7b" };
const S3 = { type: "s3", name: "weights", path: "/mnt/s3", url: "s3://my-bucket/llm/", region: "us-east-1", accessKeyId: KEY, secretAccessKey: "secret:S3_SECRET" };
const SPACES = { type: "spaces", name: "space", path: "/mnt/spaces", endpoint: "https://my-space.nyc3.digitaloceanspaces.com", secretAccessKey: "secret:SPACES_SECRET", accessKeyId: "secret:SPACES_KEY" };
const VOLUME = { type: "volume", name: "scratch", path: "/mnt" };
const SECRETS = ["S3_SECRET", "SPACES_SECRET", "SPACES_KEY"];
const named = { instance: "llm", objectName: "llm" };

describe("integrations: resolution and validation", () => {
  it("each type resolves; content lands at <path>/<name>", () => {
    const r = resolveDeployment(spec([FALCON, S3, SPACES, VOLUME]), { secretNames: SECRETS });
    assert.deepEqual(r.integrations.map((x) => [x.kind, x.name, x.mountPath]), [
      ["git", "falcon", "/models/falcon"],
      ["s3", "weights", "/mnt/s3/weights"],
      ["s3", "space", "/mnt/spaces/space"],
      ["volume", "scratch", "/mnt/scratch"],
    ]);
    const spaces = r.integrations[2] as any;
    assert.deepEqual([spaces.source, spaces.endpoint], ["s3://my-space/", "https://nyc3.digitaloceanspaces.com"]);
    assert.equal(resolveDeployment(spec([{ type: "volume", name: "v" }])).integrations[0].mountPath, "/opt/integrations/v");
  });

  it("warns for plain-text keys (kept in the Secret) and for a path written for the other reading", () => {
    const r = resolveDeployment(spec([S3, { ...FALCON, path: "/opt/integrations/falcon" }]), { secretNames: SECRETS });
    assert.ok(r.warnings.some((w) => w.path === "integrations[0].accessKeyId" && /plain text/.test(w.message) && !w.message.includes(KEY)));
    assert.ok(r.warnings.some((w) => w.path === "integrations[1].path" && /files land at \/opt\/integrations\/falcon\/falcon/.test(w.message)));
    assert.deepEqual(r.inlineSecrets, { INTEGRATION_WEIGHTS_ACCESS_KEY_ID: KEY });
  });

  it("rejects what is wrong, each with its path", () => {
    const errs = specErrors(() =>
      resolveDeployment(
        spec([
          { type: "git-lfs", name: "a", url: "git@github.com:org/repo.git" },
          { type: "s3", name: "b", url: "https://bucket" },
          { type: "spaces", name: "c", endpoint: "https://nyc3.digitaloceanspaces.com" },
          { type: "s3", name: "d", url: "s3://x/", secretAccessKey: "secret:MISSING" },
          { type: "volume" },
          { type: "ftp", name: "e" },
          { type: "volume", name: "f", path: "relative" },
        ]),
      ),
    );
    assert.deepEqual(errs.map((e) => e.split(":")[0]), [
      "integrations[0].url",
      "integrations[1].url",
      "integrations[2].url",
      "integrations[3].secretAccessKey",
      "integrations[4].name",
      "integrations[5].type",
      "integrations[6].path",
    ]);
  });

  it("names and paths must be unique; more than 5 is a warning", () => {
    const errs = specErrors(() => resolveDeployment(spec([VOLUME, { ...VOLUME }])));
    assert.ok(errs.some((e) => /name "scratch" is used twice/.test(e)));
    assert.ok(errs.some((e) => /two integrations land at \/mnt\/scratch/.test(e)));
    const six = resolveDeployment(spec([1, 2, 3, 4, 5, 6].map((i) => ({ type: "volume", name: `v${i}` }))));
    assert.ok(six.warnings.some((w) => w.path === "integrations" && /at most 5/.test(w.message)));
  });

  it("Gradient's model registry and the legacy models list are refused with a way out", () => {
    assert.match(specErrors(() => resolveDeployment(spec([{ type: "model", id: "abc", name: "m" }])))[0], /^integrations\[0\]\.type: Gradient's model registry exists only on Paperspace: store the model files in a bucket \(type: s3 or spaces\) or a Hugging Face repository \(type: git-lfs\)/);
    assert.match(specErrors(() => resolveDeployment({ ...baseSpec(), models: [{ id: "abc" }] }))[0], /^models: Gradient's model registry exists only on Paperspace/);
  });

  it("a private git-lfs repository takes its token from a secret (Gradient's docs: the key fields)", () => {
    const r = resolveDeployment(spec([{ ...FALCON, accessKeyId: "hf_user", secretAccessKey: "secret:HF_TOKEN" }]), { secretNames: ["HF_TOKEN"] });
    const m = manifestsOf(r, named);
    const git = m.job!.spec.template.spec.containers[0];
    assert.deepEqual(git.env!.slice(-2), [
      { name: "GIT_USERNAME", value: "hf_user" },
      { name: "GIT_PASSWORD", valueFrom: { secretKeyRef: { name: "llm-secrets", key: "HF_TOKEN" } } },
    ]);
    assert.deepEqual(Object.keys(m.secret!.stringData), ["HF_TOKEN"]);
  });

  it("keys written in an s3 URL are moved to the Secret, never left in the URL; with the key fields set too it is an error", () => {
    const r = resolveDeployment(spec([{ type: "s3", name: "w", url: "s3://AKIAINURL:s3cr%2Ft@bucket/llm/" }]));
    assert.deepEqual(r.inlineSecrets, { INTEGRATION_W_ACCESS_KEY_ID: "AKIAINURL", INTEGRATION_W_SECRET_ACCESS_KEY: "s3cr/t" });
    assert.equal((r.integrations[0] as any).source, "s3://bucket/llm/");
    const w = r.warnings.find((x) => x.path === "integrations[0].url")!;
    assert.match(w.message, /kept in the deployment's Secret/);
    assert.ok(!w.message.includes("s3cr"));
    const m = manifestsOf(r, named);
    assert.ok(!JSON.stringify(m.job).includes("s3cr") && !JSON.stringify(m.job).includes("AKIAINURL"));
    const errs = specErrors(() => resolveDeployment(spec([{ type: "s3", name: "w", url: "s3://K:S@bucket/", secretAccessKey: "secret:S3_SECRET" }]), { secretNames: SECRETS }));
    assert.deepEqual(errs, ["integrations[0].url: has keys in it and accessKeyId or secretAccessKey is set too: keep the keys in one place (the key fields, as secret:NAME)"]);
    assert.match(specErrors(() => resolveDeployment(spec([{ type: "s3", name: "w", url: "s3://justakey@bucket/" }])))[0], /^integrations\[0\]\.url: has credentials in it that are not KEY:SECRET/);
  });

  it("an endpoint with credentials in it is refused, never passed to the fetch container", () => {
    const errs = specErrors(() => resolveDeployment(spec([{ type: "s3", name: "w", url: "s3://b/", endpoint: "https://AKIAX:s3cr3t@minio.example.com" }])));
    assert.deepEqual(errs, ["integrations[0].endpoint: must not contain credentials: give the keys in accessKeyId and secretAccessKey (as secret:NAME)"]);
  });

  it("legacy repositories become git clones into their mount path, the password from a secret", () => {
    const r = resolveDeployment(
      { ...baseSpec(), repositories: { dataset: "d", mountPath: "/opt/repos", repositories: [{ url: "https://github.com/org/private.git", name: "priv", ref: "main", username: "me", password: "secret:GH_TOKEN" }] } },
      { secretNames: ["GH_TOKEN"] },
    );
    assert.deepEqual(r.integrations, [{ kind: "git", name: "priv", key: "int-priv", mountPath: "/opt/repos/priv", url: "https://github.com/org/private.git", lfs: false, ref: "main", username: "me", password: { secret: "GH_TOKEN" } }]);
  });
});

describe("integrations: helper commands as data, and both modes", () => {
  it("shared mode: one RWX claim, a Job that fills it, read-only subPath mounts; all valid against the schemas", () => {
    const r = resolveDeployment(spec([FALCON, S3, SPACES, VOLUME]), { secretNames: SECRETS });
    const m = manifestsOf(r, { ...named, integrations: { storageClassName: "efs", size: "200Gi" } });
    assert.deepEqual(m.claims!.map((c) => [c.key, c.claim.metadata.name, c.claim.spec]), [
      ["int-scratch", "llm-int-scratch", { accessModes: ["ReadWriteMany"], resources: { requests: { storage: "200Gi" } }, storageClassName: "efs" }],
      ["integrations", "llm-integrations", { accessModes: ["ReadWriteMany"], resources: { requests: { storage: "200Gi" } }, storageClassName: "efs" }],
    ]);
    const job = m.job!;
    assert.equal(job.spec.activeDeadlineSeconds, 1800);
    assert.equal(job.spec.template.metadata.labels!["app.kubernetes.io/component"], "model-fetch", "never matches the Deployment's selector");
    const [git, s3, spaces] = job.spec.template.spec.containers;
    const place = (x: number) => [
      { name: "FETCH_ROOT", value: "/data" },
      { name: "FETCH_PATH", value: versionedPath(r.integrations[x]) },
      { name: "HOME", value: "/tmp" },
      { name: "TMPDIR", value: "/tmp" },
      { name: "FETCH_STALE_AFTER_MINUTES", value: "31" },
    ];
    assert.deepEqual(git.env, [...place(0), { name: "GIT_URL", value: "https://huggingface.co/tiiuae/falcon-7b" }, { name: "GIT_LFS", value: "1" }]);
    assert.deepEqual(git.command, ["/bin/sh", "-c", GIT_FETCH_SCRIPT]);
    assert.deepEqual(s3.command, ["/bin/sh", "-c", S3_FETCH_SCRIPT, "model-fetch"]);
    assert.deepEqual(s3.args, ["s3://my-bucket/llm/", "--region", "us-east-1"]);
    assert.deepEqual(s3.env, [
      ...place(1),
      { name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: "llm-secrets", key: "INTEGRATION_WEIGHTS_ACCESS_KEY_ID" } } },
      { name: "AWS_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: "llm-secrets", key: "S3_SECRET" } } },
    ]);
    // The S3-compatible endpoint case (DigitalOcean Spaces).
    assert.deepEqual(spaces.args, ["s3://my-space/", "--endpoint-url", "https://nyc3.digitaloceanspaces.com"]);
    const pod = m.deployment.spec.template.spec;
    assert.deepEqual(pod.containers[0].volumeMounts, [
      { name: "int-scratch", mountPath: "/mnt/scratch" },
      { name: "integrations", mountPath: "/models/falcon", subPath: versionedPath(r.integrations[0]), readOnly: true },
      { name: "integrations", mountPath: "/mnt/s3/weights", subPath: versionedPath(r.integrations[1]), readOnly: true },
      { name: "integrations", mountPath: "/mnt/spaces/space", subPath: versionedPath(r.integrations[2]), readOnly: true },
    ]);
    assert.match(versionedPath(r.integrations[0]), /^falcon\/[0-9a-f]{10}$/);
    assert.deepEqual(
      job.spec.template.spec.containers.map((c) => c.env!.find((e) => e.name === "FETCH_PATH")!.value),
      pod.containers[0].volumeMounts!.slice(1).map((v) => v.subPath),
      "the Job fills the directories the pods mount",
    );
    for (const c of job.spec.template.spec.containers) assert.deepEqual(c.volumeMounts, [{ name: "integrations", mountPath: "/data" }, { name: "fetch-scratch", mountPath: "/tmp" }]);
    assert.equal(pod.initContainers, undefined);
    for (const o of m.list) {
      if (o.kind === "Job") new Job(o as never).validate();
      if (o.kind === "PersistentVolumeClaim") new PersistentVolumeClaim(o as never).validate();
      if (o.kind === "Deployment") new Deployment(o as never).validate();
    }
    assert.ok(!JSON.stringify(m.list).includes(KEY), "no credential in any rendered object");
  });

  it("a changed source is fetched into a new versioned directory and the pods roll onto it; a credential's value changes nothing", () => {
    const plan = (url: string, secret = "secret:S3_SECRET") =>
      manifestsOf(resolveDeployment(spec([{ ...FALCON, url }, { ...S3, secretAccessKey: secret }]), { secretNames: [...SECRETS, "OTHER"] }), named);
    const [a, b] = [plan("https://huggingface.co/tiiuae/falcon-7b"), plan("https://huggingface.co/tiiuae/falcon-40b")];
    const mountOf = (m: ReturnType<typeof plan>) => m.deployment.spec.template.spec.containers[0].volumeMounts![0].subPath;
    assert.notEqual(mountOf(a), mountOf(b), "the pod template names the new version, so the pods roll");
    const fetchPathOf = (m: ReturnType<typeof plan>) => m.job!.spec.template.spec.containers[0].env!.find((e) => e.name === "FETCH_PATH")!.value;
    assert.notEqual(fetchPathOf(a), fetchPathOf(b), "the Job runs again, into the new version's directory");
    assert.equal(mountOf(plan("https://huggingface.co/tiiuae/falcon-7b", "secret:OTHER")), mountOf(a), "the git source is the same");
    const d = diffObjectModels(a.entries, b.entries, [], []);
    assert.deepEqual(d.objects.map((o) => [o.key, o.class]), [["fetchJob", "replace"], ["deployment", "rolling-restart"]]);
    assert.equal(d.disruptive, false, "the Job is autonamed: harmless");
  });

  it("helper images: pinned defaults, each overridable by the helperImages arg or a CLI flag, checked as image references", () => {
    const both = spec([FALCON, S3], { basicAuthKey: "secret:P" });
    const imagesOf = (m: ReturnType<typeof manifestsOf>) => [
      m.deployment.spec.template.spec.containers[1].image,
      ...m.job!.spec.template.spec.containers.map((c) => c.image),
    ];
    assert.deepEqual(imagesOf(manifestsOf(resolveDeployment(both, { secretNames: [...SECRETS, "P"] }), named)), [HELPER_IMAGES.authProxy, HELPER_IMAGES.git, HELPER_IMAGES.aws]);
    const digest = `sha256:${"a".repeat(64)}`;
    const mirrored = { authProxy: `mirror.example.com:5000/caddy@${digest}`, git: "mirror.example.com/alpine/git:v2.47.2", aws: "mirror.example.com/aws-cli:2" };
    assert.deepEqual(imagesOf(manifestsOf(resolveDeployment(both, { secretNames: [...SECRETS, "P"], helperImages: mirrored }), named)), [mirrored.authProxy, mirrored.git, mirrored.aws]);
    const errs = specErrors(() => resolveDeployment(both, { secretNames: [...SECRETS, "P"], helperImages: { authProxy: "", git: "ghcr.io/Acme/Git:1", aws: "x@sha256:short" } }));
    assert.deepEqual(errs.map((e) => e.split(":")[0]), ["helperImages.authProxy", "helperImages.git", "helperImages.aws"]);
    assert.match(errs[1], /lowercase/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "images-"));
    fs.writeFileSync(path.join(dir, "s.yaml"), JSON.stringify(both));
    const cli = runCli(["render", "s.yaml", "-o", "json", "--secret-name", "x", "--auth-proxy-image", mirrored.authProxy, "--git-image", mirrored.git, "--aws-image", mirrored.aws], dir);
    assert.equal(cli.code, 0, cli.stderr);
    const images = (JSON.parse(cli.stdout).items as any[]).flatMap((o) => [...(o.spec?.template?.spec?.containers ?? [])]).map((c) => c.image);
    assert.deepEqual(images.sort(), [mirrored.aws, mirrored.authProxy, mirrored.git, "nginx:1.27"].sort());
    assert.equal(runCli(["validate", "s.yaml", "--git-image", "Not An Image"], dir).code, 1);
  });

  it("the shared mode without a storage class says what it needs", () => {
    const r = resolveDeployment(spec([FALCON]));
    assert.match(r.warnings.find((w) => w.path === "integrations")!.message, /needs a ReadWriteMany storage class/);
    assert.ok(!resolveDeployment(spec([FALCON]), { integrations: { storageClassName: "efs" } }).warnings.some((w) => w.path === "integrations"));
  });

  it("per-replica mode: an init container per integration into an emptyDir, mounted read-only; a public bucket is read unsigned", () => {
    const r = resolveDeployment(spec([FALCON, { type: "s3", name: "public", url: "s3://open-data/m/" }]), { integrations: { mode: "per-replica", downloadTimeoutSeconds: 3600 } });
    const m = manifestsOf(r, { ...named, integrations: { mode: "per-replica" } });
    assert.equal(m.job, undefined);
    assert.equal(m.claims, undefined);
    const pod = m.deployment.spec.template.spec;
    assert.deepEqual(pod.initContainers!.map((c) => c.name), ["fetch-falcon", "fetch-public"]);
    assert.deepEqual(pod.initContainers![1].args!.slice(-1), ["--no-sign-request"]);
    assert.deepEqual(pod.volumes, [{ name: "int-falcon", emptyDir: {} }, { name: "int-public", emptyDir: {} }, { name: "fetch-scratch", emptyDir: {} }]);
    assert.deepEqual(pod.containers[0].volumeMounts!.map((v) => [v.mountPath, v.subPath, v.readOnly]), [
      ["/models/falcon", versionedPath(r.integrations[0]), true],
      ["/opt/integrations/public", versionedPath(r.integrations[1]), true],
    ]);
    new Deployment(m.deployment as never).validate();
    // The download happens before the probes' clock starts: the rollout deadline covers it.
    assert.ok(r.progressDeadlineSeconds >= 3600 + 300, String(r.progressDeadlineSeconds));
  });
});

describe("integrations in the component (Pulumi mocks)", () => {
  beforeEach(() => (registered.length = 0));

  it("creates the claims and the fill Job; the Deployment waits for the Job; plain-text keys only in the Secret", async () => {
    const options: Record<string, pulumi.CustomResourceOptions> = {};
    const record: pulumi.ResourceTransformation = (a) => {
      options[`${a.type}::${a.name}`] = a.opts;
      return undefined;
    };
    const app = new ModelDeployment("llm", { spec: spec([FALCON, S3, VOLUME]) as never, secrets: { S3_SECRET: "s3-secret-value" }, integrations: { downloadTimeoutSeconds: 900 } }, { transformations: [record] });
    await valueOf(app.deployment.urn);
    await settle();
    const types = registered.map((r) => `${r.type}::${r.name}`);
    for (const t of ["kubernetes:core/v1:PersistentVolumeClaim::llm-integrations", "kubernetes:core/v1:PersistentVolumeClaim::llm-int-scratch", "kubernetes:batch/v1:Job::llm-fetch"]) assert.ok(types.includes(t), t);
    assert.equal((options["kubernetes:apps/v1:Deployment::llm"].dependsOn as pulumi.Resource[]).length, 3);
    assert.ok((options["kubernetes:apps/v1:Deployment::llm"].dependsOn as pulumi.Resource[]).includes(app.fetchJob!));
    assert.deepEqual(options["kubernetes:batch/v1:Job::llm-fetch"].customTimeouts, { create: "1020s", update: "1020s" });
    const pod = registered.find((r) => r.type === "kubernetes:apps/v1:Deployment")!.inputs.spec.template.spec;
    assert.deepEqual(pod.volumes.map((v: any) => v.persistentVolumeClaim.claimName).sort(), ["llm-int-scratch-1a2b3c4d", "llm-integrations-1a2b3c4d"]);
    const secret = registered.find((r) => r.type === "kubernetes:core/v1:Secret")!;
    assert.deepEqual(secret.inputs.stringData.value, { INTEGRATION_WEIGHTS_ACCESS_KEY_ID: KEY, S3_SECRET: "s3-secret-value" });
    assert.ok(!JSON.stringify(registered.filter((r) => r.type !== "kubernetes:core/v1:Secret").map((r) => r.inputs)).includes(KEY));
  });
});
