/**
 * The s3 and spaces fetchers, run for real: Debian's AWS CLI (2.9; the image has 2.22) as the
 * rendered Job or init container says, against a local S3 server that checks signatures.
 */
import * as assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { baseSpec } from "../helpers";
import { deploy } from "./deployed";
import { filesUnder, inodesUnder, scratchDirs, watchArgv } from "./observe";
import { IMAGE_PROFILES, envOf, runContainer } from "./podRunner";
import { requirePrograms } from "./programs";
import { S3Server, startS3Server } from "./s3Server";

/** No instance metadata look-ups: they would leave this machine (the pod's cluster may have one). */
const NO_METADATA = { AWS_EC2_METADATA_DISABLED: "true" };

const MODEL: Record<string, Buffer> = {
  "config.json": Buffer.from('{"model_type":"llama"}'),
  "tokenizer/vocab.txt": Buffer.from("a\nb\nc\n"),
  ...Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`shards/model-${String(i).padStart(2, "0")}.safetensors`, randomBytes(256 * 1024)])),
};

const objectsUnder = (prefix: string) => Object.fromEntries(Object.entries(MODEL).map(([k, v]) => [`${prefix}${k}`, v]));

describe("real programs: the s3 and spaces fetchers (AWS CLI)", function () {
  this.timeout(60_000);
  let server: S3Server;
  const key = `AKIA${randomBytes(6).toString("hex").toUpperCase()}`;
  const secret = randomBytes(20).toString("base64url");
  const scratch = scratchDirs("fetch-s3");
  const tempDir = scratch.make;

  before(async function () {
    requirePrograms(this, "s3 fetcher", ["aws"]);
    server = await startS3Server({ bucket: "models", objects: { ...objectsUnder("llm/"), "other/unrelated.txt": "not synced" }, accessKeyId: key, secretAccessKey: secret });
  });
  after(async () => {
    await server?.close();
    scratch.removeAll();
  });

  it("keys written in the URL reach the Secret, never the arguments; the model arrives whole; a re-run leaves it untouched", async () => {
    const spec = { ...baseSpec(), integrations: [{ type: "s3", name: "weights", url: `s3://${key}:${secret}@models/llm/`, endpoint: server.endpoint, region: "us-east-1" }] };
    const d = await deploy("s3-inline", { spec: spec as never, integrations: { storageClassName: "rwx" } });
    const job = d.jobPod.containers[0];
    assert.ok(!JSON.stringify(d.jobPod).includes(secret) && !JSON.stringify(d.jobPod).includes(key), "a key is in the Job's pod spec");
    const claim = tempDir();
    const watch = watchArgv([secret]);
    const first = await runContainer({ pod: d.jobPod, podName: "s3-inline-fetch-1", container: job.name, image: IMAGE_PROFILES.aws, secrets: d.secrets, claims: { [d.claims[0]]: claim }, imageEnv: NO_METADATA }).exited;
    const argv = watch.stop();
    assert.equal(first.code, 0, first.output);
    assert.deepEqual(argv.offending, [], "the secret key was in a process's argv");
    const final = join(claim, envOf(job, "FETCH_PATH")!);
    assert.deepEqual(filesUnder(final), MODEL);
    assert.deepEqual(readdirSync(join(final, "..")), [readdirSync(join(final, ".."))[0]], "something besides the model was left beside it");

    const before = inodesUnder(final);
    const again = await runContainer({ pod: d.jobPod, podName: "s3-inline-fetch-2", container: job.name, image: IMAGE_PROFILES.aws, secrets: d.secrets, claims: { [d.claims[0]]: claim }, imageEnv: NO_METADATA }).exited;
    assert.equal(again.code, 0, again.output);
    assert.match(again.output, /complete already; nothing to do/);
    assert.deepEqual(inodesUnder(final), before);
  });

  it("a killed sync leaves readers nothing or the whole model, never part of it; the next run completes", async () => {
    const spec = { ...baseSpec(), integrations: [{ type: "s3", name: "weights", url: "s3://models/llm/", endpoint: server.endpoint, accessKeyId: "secret:S3_KEY", secretAccessKey: "secret:S3_SECRET" }] };
    const d = await deploy("s3-killed", { spec: spec as never, secrets: { S3_KEY: key, S3_SECRET: secret }, integrations: { storageClassName: "rwx" } });
    const job = d.jobPod.containers[0];
    const claim = tempDir();
    const final = join(claim, envOf(job, "FETCH_PATH")!);
    const run = runContainer({ pod: d.jobPod, podName: "s3-killed-fetch", container: job.name, image: IMAGE_PROFILES.aws, secrets: d.secrets, claims: { [d.claims[0]]: claim }, imageEnv: NO_METADATA });
    // Kill it as soon as the first file has landed anywhere (or when it is done, if it is that fast).
    const parent = join(final, "..");
    while (run.child.exitCode === null && !(existsSync(parent) && Object.keys(filesUnder(parent)).length > 0)) await new Promise((r) => setTimeout(r, 5));
    await run.stop(0);
    if (existsSync(final)) assert.deepEqual(filesUnder(final), MODEL, "a killed run left part of the model where pods read it");
    // The Job's next pod: it completes, whatever the last one left.
    const next = await runContainer({ pod: d.jobPod, podName: "s3-killed-fetch-2", container: job.name, image: IMAGE_PROFILES.aws, secrets: d.secrets, claims: { [d.claims[0]]: claim }, imageEnv: NO_METADATA }).exited;
    assert.equal(next.code, 0, next.output);
    assert.deepEqual(filesUnder(final), MODEL);
  });

  it("spaces, restricted, per replica: the init container runs as the non-root user into the pod's emptyDir", async () => {
    const spec = { ...baseSpec(), integrations: [{ type: "spaces", name: "weights", url: "s3://models/llm/", endpoint: server.endpoint, accessKeyId: "secret:S3_KEY", secretAccessKey: "secret:S3_SECRET" }] };
    const d = await deploy("spaces-restricted", { spec: spec as never, secrets: { S3_KEY: key, S3_SECRET: secret }, securityProfile: "restricted", integrations: { mode: "per-replica" } });
    const init = d.pod.initContainers[0];
    assert.equal(init.securityContext.runAsUser, 65532);
    const volume = tempDir();
    const scratch = tempDir();
    const out = await runContainer({
      pod: d.pod,
      podName: "spaces-restricted-abc",
      container: init.name,
      image: IMAGE_PROFILES.aws,
      secrets: d.secrets,
      volumes: { [init.volumeMounts[0].name]: volume, "fetch-scratch": scratch },
      imageEnv: NO_METADATA,
    }).exited;
    assert.equal(out.code, 0, out.output);
    // The model container mounts exactly what was fetched.
    const model = d.pod.containers[0].volumeMounts.find((m: any) => m.name === init.volumeMounts[0].name);
    assert.deepEqual(filesUnder(join(volume, model.subPath)), MODEL);
  });

  it("wrong keys fail the fetch and leave nothing where pods read", async () => {
    const spec = { ...baseSpec(), integrations: [{ type: "s3", name: "weights", url: "s3://models/llm/", endpoint: server.endpoint, region: "us-east-1", accessKeyId: "secret:S3_KEY", secretAccessKey: "secret:S3_SECRET" }] };
    const d = await deploy("s3-wrong", { spec: spec as never, secrets: { S3_KEY: key, S3_SECRET: "not-the-secret" }, integrations: { storageClassName: "rwx" } });
    const job = d.jobPod.containers[0];
    const claim = tempDir();
    const out = await runContainer({ pod: d.jobPod, podName: "s3-wrong-fetch", container: job.name, image: IMAGE_PROFILES.aws, secrets: d.secrets, claims: { [d.claims[0]]: claim }, imageEnv: NO_METADATA }).exited;
    assert.notEqual(out.code, 0);
    assert.match(out.output, /SignatureDoesNotMatch/);
    assert.equal(existsSync(join(claim, envOf(job, "FETCH_PATH")!)), false);
  });
});
