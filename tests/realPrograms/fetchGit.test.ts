/**
 * The git-lfs fetcher, run for real: Debian's git and git-lfs (3.3; the image has git-lfs 3.6) as
 * the rendered Job or init container says, against a local HTTPS git server with LFS gated by the
 * token, whose LFS downloads come from an ungated "CDN" as Hugging Face's do.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { baseSpec } from "../helpers";
import { deploy } from "./deployed";
import { GitLfsServer, startGitLfsServer } from "./gitLfsServer";
import { filesUnder, inodesUnder, scratchDirs, watchArgv } from "./observe";
import { IMAGE_PROFILES, envOf, runContainer } from "./podRunner";
import { requirePrograms } from "./programs";

const TOKEN = `hf_${randomBytes(16).toString("hex")}`;
const USER = "hf_user";
const MODEL: Record<string, Buffer> = {
  "config.json": Buffer.from('{"model_type":"llama"}\n'),
  "README.md": Buffer.from("# a model\n"),
  "model-00001.safetensors": randomBytes(3 * 1024 * 1024),
  "model-00002.safetensors": randomBytes(2 * 1024 * 1024),
  "tokenizer/tokenizer.json": randomBytes(256 * 1024),
};
/** The files of a checkout: the model, and the .gitattributes that names the LFS files. */
const fetched = (dir: string) => {
  const { [".gitattributes"]: attributes, ...files } = filesUnder(dir);
  assert.ok(attributes, "no .gitattributes: not a checkout");
  return files;
};
const LFS_BYTES = 3 * 1024 * 1024 + 2 * 1024 * 1024 + 256 * 1024;

describe("real programs: the git-lfs fetcher (git, git-lfs)", function () {
  this.timeout(60_000);
  let server: GitLfsServer;
  /** Set to hold an LFS download until released (a test kills the fetch meanwhile). */
  let hold: Promise<void> | undefined;
  const mounts: string[] = [];
  const scratch = scratchDirs("fetch-git");
  const tempDir = scratch.make;

  before(async function () {
    requirePrograms(this, "git-lfs fetcher", ["git", "gitLfs"]);
    server = await startGitLfsServer({
      username: USER,
      token: TOKEN,
      files: MODEL,
      lfs: ["*.safetensors", "tokenizer/*.json"],
      downloadHook: async () => {
        await hold;
      },
    });
  });
  after(async () => {
    await server?.close();
    for (const m of mounts) execFileSync("umount", [m]);
    scratch.removeAll();
  });

  const spec = (extra: unknown[] = []) => ({
    ...baseSpec(),
    integrations: [{ type: "git-lfs", name: "llm", url: server.url, accessKeyId: USER, secretAccessKey: "secret:HF_TOKEN" }, ...extra],
  });
  const runFetch = (d: Awaited<ReturnType<typeof deploy>>, claim: string, podName: string) =>
    runContainer({
      pod: d.jobPod,
      podName,
      container: d.jobPod.containers[0].name,
      image: IMAGE_PROFILES.git,
      secrets: d.secrets,
      claims: { [d.claims.find((n) => n.includes("-integrations-"))!]: claim },
      caBundle: server.caPem,
    });

  it("fetches the repository and its LFS files byte for byte, storing them once, the token never in argv nor sent to the CDN", async () => {
    const d = await deploy("git-shared", { spec: spec() as never, secrets: { HF_TOKEN: TOKEN }, integrations: { storageClassName: "rwx" } });
    // The claim holds the model once and a little more, not twice: a tmpfs of 1.5 times its size.
    const claim = tempDir();
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${Math.ceil((LFS_BYTES * 1.5) / 4096) * 4096}`, "tmpfs", claim]);
    mounts.push(claim);
    const requestsBefore = server.requests.length;
    const watch = watchArgv([TOKEN, Buffer.from(`${USER}:${TOKEN}`).toString("base64")]);
    const out = await runFetch(d, claim, "git-shared-fetch-1").exited;
    const argv = watch.stop();
    assert.equal(out.code, 0, out.output);
    assert.deepEqual(argv.offending, [], "the token was in a process's argv");
    const final = join(claim, envOf(d.jobPod.containers[0], "FETCH_PATH")!);
    assert.deepEqual(fetched(final), MODEL, "the files differ, or .git or something else was left");
    const requests = server.requests.slice(requestsBefore);
    assert.ok(requests.some((r) => r.kind === "lfs-batch" && r.authorization === `Basic ${Buffer.from(`${USER}:${TOKEN}`).toString("base64")}`), "the LFS API got the user and token");
    const downloads = requests.filter((r) => r.kind === "lfs-download");
    assert.equal(downloads.length, 3);
    assert.ok(downloads.every((r) => r.authorization === undefined), "the token was sent to the CDN");
  });

  it("restricted, per replica: runs as the non-root user with the runtime's HOME, into the pod's emptyDir", async () => {
    const d = await deploy("git-restricted", { spec: spec() as never, secrets: { HF_TOKEN: TOKEN }, securityProfile: "restricted", integrations: { mode: "per-replica" } });
    const init = d.pod.initContainers[0];
    assert.equal(init.securityContext.runAsUser, 65532);
    const volume = tempDir();
    const out = await runContainer({
      pod: d.pod,
      podName: "git-restricted-abc",
      container: init.name,
      image: IMAGE_PROFILES.git,
      secrets: d.secrets,
      volumes: { [init.volumeMounts[0].name]: volume, "fetch-scratch": tempDir() },
      caBundle: server.caPem,
    }).exited;
    assert.equal(out.code, 0, out.output);
    const mount = d.pod.containers[0].volumeMounts.find((m: any) => m.name === init.volumeMounts[0].name);
    assert.deepEqual(fetched(join(volume, mount.subPath)), MODEL);
  });

  it("a re-run for another reason (the Job changed, the source did not) never touches what pods read", async () => {
    const d = await deploy("git-rerun", { spec: spec() as never, secrets: { HF_TOKEN: TOKEN }, integrations: { storageClassName: "rwx" } });
    const claim = tempDir();
    assert.equal((await runFetch(d, claim, "git-rerun-fetch-1").exited).code, 0);
    const final = join(claim, envOf(d.jobPod.containers[0], "FETCH_PATH")!);
    const inodes = inodesUnder(final);
    // Another integration is added: the Job is replaced and runs again; this source is the same.
    const d2 = await deploy("git-rerun", { spec: spec([{ type: "volume", name: "scratch" }]) as never, secrets: { HF_TOKEN: TOKEN, OTHER: "x" }, integrations: { storageClassName: "rwx" } });
    assert.equal(envOf(d2.jobPod.containers[0], "FETCH_PATH"), envOf(d.jobPod.containers[0], "FETCH_PATH"));
    // A reader (a pod starting meanwhile) sees the whole model at every moment.
    let reads = 0;
    let broken = "";
    const reader = setInterval(() => {
      reads++;
      const files = filesUnder(final);
      for (const [name, content] of Object.entries(MODEL)) if (!files[name]?.equals(content)) broken ||= `${name} missing or partial at read ${reads}`;
    }, 2);
    const out = await runFetch(d2, claim, "git-rerun-fetch-2").exited.finally(() => clearInterval(reader));
    assert.equal(out.code, 0, out.output);
    assert.equal(broken, "");
    assert.ok(reads > 0);
    assert.match(out.output, /complete already; nothing to do/);
    assert.deepEqual(inodesUnder(final), inodes);
  });

  it("a fetch killed half-way leaves readers nothing; the Job's next pod completes; stale leftovers are swept", async () => {
    const d = await deploy("git-killed", { spec: spec() as never, secrets: { HF_TOKEN: TOKEN }, integrations: { storageClassName: "rwx" } });
    const claim = tempDir();
    const final = join(claim, envOf(d.jobPod.containers[0], "FETCH_PATH")!);
    let release!: () => void;
    hold = new Promise<void>((r) => (release = r));
    const before = server.requests.length;
    const run = runFetch(d, claim, "git-killed-fetch-1");
    while (!server.requests.slice(before).some((r) => r.kind === "lfs-download")) await new Promise((r) => setTimeout(r, 10));
    await run.stop(0); // the node died, or the deadline passed: SIGKILL
    release();
    hold = undefined;
    assert.equal(existsSync(final), false, "a killed run left a directory where pods read");
    const leftover = readdirSync(join(final, "..")).filter((n) => n.includes(".partial-"));
    assert.equal(leftover.length, 1);
    // The Job's next pod.
    const next = await runFetch(d, claim, "git-killed-fetch-2").exited;
    assert.equal(next.code, 0, next.output);
    assert.deepEqual(fetched(final), MODEL);
    // The killed pod's leftover goes once it is older than the Job's deadline (no run lives longer).
    assert.ok(existsSync(join(final, "..", leftover[0])), "a fresh leftover may belong to a live run: kept");
    execFileSync("touch", ["-d", "2 hours ago", join(final, "..", leftover[0])]);
    assert.equal((await runFetch(d, claim, "git-killed-fetch-3").exited).code, 0);
    assert.deepEqual(readdirSync(join(final, "..")), [envOf(d.jobPod.containers[0], "FETCH_PATH")!.split("/")[1]]);
  });

  it("legacy repositories: a plain clone at a ref, without .git", async () => {
    const legacy = { ...baseSpec(), repositories: { dataset: "d", mountPath: "/opt/repos", repositories: [{ name: "code", url: server.url, ref: "main", username: USER, password: "secret:HF_TOKEN" }] } };
    const d = await deploy("git-legacy", { spec: legacy as never, secrets: { HF_TOKEN: TOKEN }, integrations: { storageClassName: "rwx" } });
    const claim = tempDir();
    mkdirSync(join(claim, "unrelated"));
    const out = await runFetch(d, claim, "git-legacy-fetch").exited;
    assert.equal(out.code, 0, out.output);
    const files = filesUnder(join(claim, envOf(d.jobPod.containers[0], "FETCH_PATH")!));
    assert.deepEqual(Object.keys(files).sort(), [".gitattributes", ...Object.keys(MODEL)].sort());
    assert.match(files["model-00001.safetensors"].toString(), /^version https:\/\/git-lfs\.github\.com\/spec\/v1/, "without lfs the pointers stay pointers");
  });
});
