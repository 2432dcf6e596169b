/**
 * An exec health check, run for real in the model container as the kubelet runs it: the rendered
 * command with `$(VAR)` expanded from the static env (ExpandContainerCommandOnlyStatic), as the
 * container's user, with its mounts, here the model the fetch Job put on the shared volume.
 */
import * as assert from "node:assert/strict";
import { expandCommand } from "../../sdk/core/expansion";
import { baseSpec } from "../helpers";
import { deploy } from "./deployed";
import { IMAGE_PROFILES, ImageProfile, runContainer } from "./podRunner";
import { scratchDirs } from "./observe";
import { requirePrograms } from "./programs";
import { S3Server, startS3Server } from "./s3Server";

/** The user's model image: a non-root user, as `restricted` requires of it. */
const MODEL_IMAGE: ImageProfile = { user: { uid: 1000, gid: 1000 }, env: { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" } };

describe("real programs: an exec health check in the model container", function () {
  this.timeout(60_000);
  let server: S3Server;
  const scratch = scratchDirs("exec-probe");
  before(async function () {
    requirePrograms(this, "exec health check", ["aws"]);
    server = await startS3Server({ bucket: "models", objects: { "llm/config.json": '{"model_type":"llama"}' } });
  });
  after(async () => {
    await server?.close();
    scratch.removeAll();
  });

  it("restricted: the check sees the fetched model at its mount path, as the model's non-root user; it fails before the fetch", async () => {
    const spec = {
      ...baseSpec(),
      env: [{ name: "MODEL_DIR", value: "/opt/integrations/weights" }],
      integrations: [{ type: "s3", name: "weights", url: "s3://models/llm/", endpoint: server.endpoint, region: "us-east-1", accessKeyId: "secret:K", secretAccessKey: "secret:S" }],
      healthChecks: { startup: { exec: { command: ["/bin/sh", "-c", 'test -s "$(MODEL_DIR)/config.json" && id -u'] } } },
    };
    const d = await deploy("exec-probe", { spec: spec as never, secrets: { K: server.accessKeyId, S: server.secretAccessKey }, securityProfile: "restricted", integrations: { storageClassName: "rwx" } });
    const claim = scratch.make();
    const claims = { [d.claims[0]]: claim };
    const model = d.pod.containers.find((c: any) => c.name === "model");
    const command = expandCommand(model.startupProbe.exec.command, model.env.map((e: any) => ({ name: e.name, value: e.value })));
    const check = (on: Record<string, string>) => runContainer({ pod: d.pod, podName: "exec-probe-abc", container: "model", image: MODEL_IMAGE, secrets: d.secrets, claims: on, command }).exited;

    // On a volume without the model (another, empty one), the check fails.
    const empty = scratch.make();
    const before = await check({ [d.claims[0]]: empty });
    assert.notEqual(before.code, 0, "the check passed without the model");

    const fetch = await runContainer({
      pod: d.jobPod,
      podName: "exec-probe-fetch",
      container: d.jobPod.containers[0].name,
      image: IMAGE_PROFILES.aws,
      secrets: d.secrets,
      claims,
      imageEnv: { AWS_EC2_METADATA_DISABLED: "true" },
    }).exited;
    assert.equal(fetch.code, 0, fetch.output);
    const after = await check(claims);
    assert.equal(after.code, 0, after.output);
    assert.equal(after.output.trim(), "1000", "the check ran as the image's user");
  });
});
