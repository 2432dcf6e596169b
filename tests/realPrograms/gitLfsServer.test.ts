/** The local git + LFS fixture, driven by the real git and git-lfs (Debian's, in /usr/bin). */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import { GIT, startGitLfsServer, type GitLfsServer } from "./gitLfsServer";

const GIT_LFS = "/usr/bin/git-lfs";
const USER = "u";

/** `size` bytes that are not all one value, the same on every run. */
function blob(seed: string, size: number): Buffer {
  const chunks: Buffer[] = [];
  for (let i = 0; chunks.length * 32 < size; i++) chunks.push(crypto.createHash("sha256").update(`${seed}-${i}`).digest());
  return Buffer.concat(chunks).subarray(0, size);
}

const FILES: Record<string, string | Buffer> = {
  "config.json": JSON.stringify({ architectures: ["Demo"], hidden_size: 8 }, null, 2) + "\n",
  "model.safetensors": blob("weights", 1024 * 1024 + 13),
  "extra/tokenizer.bin": blob("tokenizer", 4099),
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe("realPrograms: local HTTPS git server with Git LFS", function () {
  let server: GitLfsServer;
  let tmp: string;
  let caFile: string;
  const token = crypto.randomBytes(16).toString("hex");
  const hooked: string[] = [];

  /**
   * `git clone --depth 1` as a user with git-lfs would run it: LFS filters and a credential helper
   * given with `-c`, the fixture's certificate as the CA bundle, a fresh HOME, no prompts.
   */
  function clone(dest: string, password: string): Promise<Run> {
    const helper = `!f() { test "$1" = get && echo username=${USER} && echo password=${password}; }; f`;
    const args = [
      ...["-c", `credential.helper=${helper}`],
      ...["-c", "filter.lfs.smudge=git-lfs smudge -- %f", "-c", "filter.lfs.process=git-lfs filter-process", "-c", "filter.lfs.required=true"],
      ...["clone", "--depth", "1", "--branch", "main", server.url, dest],
    ];
    const env = {
      PATH: "/usr/bin:/bin",
      HOME: fs.mkdtempSync(path.join(tmp, "home-")),
      LANG: "C.UTF-8",
      GIT_SSL_CAINFO: caFile,
      GIT_TERMINAL_PROMPT: "0",
      GIT_CONFIG_NOSYSTEM: "1",
    };
    return new Promise((resolve) => {
      execFile(GIT, args, { env, cwd: tmp, timeout: 15000 }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** One HTTPS request to the fixture, trusting its certificate. */
  function request(method: string, url: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
    return new Promise((resolve, reject) => {
      const req = https.request(url, { method, headers, ca: server.caPem }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }
  const basic = (user: string, password: string) => "Basic " + Buffer.from(`${user}:${password}`).toString("base64");

  before(async function () {
    if (!fs.existsSync(GIT_LFS)) this.skip();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "git-lfs-fixture-test-"));
    server = await startGitLfsServer({
      username: USER,
      token,
      files: FILES,
      lfs: ["*.bin", "*.safetensors"],
      downloadHook: async (oid) => {
        hooked.push(oid);
      },
    });
    caFile = path.join(tmp, "ca.pem");
    fs.writeFileSync(caFile, server.caPem);
  });

  after(async function () {
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("describes its repository and LFS objects", function () {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+\/org\/model$/);
    assert.match(server.caPem, /^-----BEGIN CERTIFICATE-----/);
    const expected = ["extra/tokenizer.bin", "model.safetensors"].map((p) => {
      const content = FILES[p] as Buffer;
      return { path: p, oid: crypto.createHash("sha256").update(content).digest("hex"), size: content.length };
    });
    assert.deepEqual([...server.lfsObjects].sort((a, b) => a.path.localeCompare(b.path)), expected);
  });

  it("serves a shallow clone with LFS files to git + git-lfs, byte for byte, the token never reaching /cdn", async function () {
    const dest = path.join(tmp, "clone");
    const run = await clone(dest, token);
    assert.equal(run.code, 0, `git clone failed:\n${run.stderr}`);

    for (const [rel, want] of Object.entries(FILES)) {
      const have = fs.readFileSync(path.join(dest, ...rel.split("/")));
      assert.ok(have.equals(Buffer.isBuffer(want) ? want : Buffer.from(want, "utf8")), `${rel} differs (${have.length} bytes)`);
    }
    assert.ok(fs.existsSync(path.join(dest, ".git", "shallow")), "the clone is not shallow");

    const kinds = new Set(server.requests.map((r) => r.kind));
    assert.deepEqual([...kinds].sort(), ["git", "lfs-batch", "lfs-download"]);
    const authorizedBatch = server.requests.filter((r) => r.kind === "lfs-batch" && r.authorization === basic(USER, token));
    assert.ok(authorizedBatch.length > 0, "no LFS batch request carried the token");
    const downloads = server.requests.filter((r) => r.kind === "lfs-download");
    assert.deepEqual(downloads.map((r) => r.path.replace(/^\/cdn\/|\?sig=x$/g, "")).sort(), server.lfsObjects.map((o) => o.oid).sort());
    assert.deepEqual(downloads.filter((r) => r.authorization !== undefined), [], "a /cdn download carried an Authorization header");
    assert.deepEqual([...hooked].sort(), server.lfsObjects.map((o) => o.oid).sort());
  });

  it("refuses a wrong token: the clone fails and gets no files", async function () {
    const dest = path.join(tmp, "wrong-token");
    const before = server.requests.length;
    const run = await clone(dest, token + "x");
    assert.notEqual(run.code, 0, "a wrong token was accepted");
    assert.match(run.stderr, /Authentication failed/);
    assert.equal(fs.existsSync(dest), false);
    assert.deepEqual(server.requests.slice(before).filter((r) => r.kind !== "git"), []);
  });

  it("gates git and LFS API requests with Basic auth (user name too); answers unknown oids with an object error", async function () {
    const refs = "/info/refs?service=git-upload-pack";
    const none = await request("GET", server.url + refs, {});
    assert.equal(none.status, 401);
    assert.equal(none.headers["www-authenticate"], 'Basic realm="test"');
    assert.equal((await request("GET", server.url + refs, { Authorization: basic("other", token) })).status, 401);
    const ok = await request("GET", server.url + ".git" + refs, { Authorization: basic(USER, token) });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers["content-type"], "application/x-git-upload-pack-advertisement");

    const batchUrl = server.url + "/info/lfs/objects/batch";
    const lfsHeaders = { Accept: "application/vnd.git-lfs+json", "Content-Type": "application/vnd.git-lfs+json" };
    const missing = { oid: "0".repeat(64), size: 1 };
    const batchBody = JSON.stringify({ operation: "download", transfers: ["basic"], objects: [missing] });
    assert.equal((await request("POST", batchUrl, lfsHeaders, batchBody)).status, 401);
    const batch = await request("POST", batchUrl, { ...lfsHeaders, Authorization: basic(USER, token) }, batchBody);
    assert.equal(batch.status, 200);
    assert.deepEqual(JSON.parse(batch.body).objects, [{ ...missing, error: { code: 404, message: "Object does not exist" } }]);
  });
});
