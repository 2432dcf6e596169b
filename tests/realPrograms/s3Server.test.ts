/** The local S3 fixture, driven by the real AWS CLI (Debian's awscli at /usr/bin/aws). */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { requirePrograms } from "./programs";
import { startS3Server, type S3Server } from "./s3Server";

/** Called by absolute path: another `aws` (pyenv's) may come first on PATH. */
const AWS = "/usr/bin/aws";
const BUCKET = "model-store";

/** ~1 MiB that is not all one byte value, the same on every run. */
function binaryBlob(): Buffer {
  const chunks: Buffer[] = [];
  for (let i = 0; chunks.length * 32 < 1024 * 1024 + 77; i++) {
    chunks.push(crypto.createHash("sha256").update(`blob-${i}`).digest());
  }
  return Buffer.concat(chunks).subarray(0, 1024 * 1024 + 77);
}

const OBJECTS: Record<string, string | Buffer> = {
  "models/m/config.json": JSON.stringify({ architectures: ["Demo"], hidden_size: 8 }, null, 2) + "\n",
  "models/m/model.safetensors": binaryBlob(),
  "models/README.md": "# models\n\nünïcödé text\n",
  "other/not-synced.txt": "outside the synced prefix\n",
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe("realPrograms: local S3 server with the AWS CLI", function () {
  let server: S3Server;
  let tmp: string;

  /**
   * Runs /usr/bin/aws asynchronously (the server lives in this process) with only the given keys:
   * HOME is a temp dir, no config or credentials file, no instance metadata, nothing inherited.
   */
  function aws(args: string[], keys: { accessKeyId: string; secretAccessKey: string }): Promise<Run> {
    const home = fs.mkdtempSync(path.join(tmp, "home-"));
    const env = {
      PATH: "/usr/bin:/bin",
      HOME: home,
      LANG: "C.UTF-8",
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
      AWS_CONFIG_FILE: path.join(home, "no-such-config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, "no-such-credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
    };
    const fullArgs = [...args, "--endpoint-url", server.endpoint, "--region", "us-east-1"];
    return new Promise((resolve) => {
      execFile(AWS, fullArgs, { env, timeout: 15_000 }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  const sync = (dest: string, keys: { accessKeyId: string; secretAccessKey: string }) =>
    aws(["s3", "sync", `s3://${BUCKET}/models/`, dest, "--no-progress"], keys);

  before(async function () {
    requirePrograms(this, "local S3 server", ["aws"]);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "s3-fixture-test-"));
    server = await startS3Server({
      bucket: BUCKET,
      objects: OBJECTS,
      accessKeyId: "AKIAFIXTURE" + crypto.randomBytes(4).toString("hex").toUpperCase(),
      secretAccessKey: crypto.randomBytes(20).toString("base64"),
    });
  });

  after(async function () {
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("serves the bucket to `aws s3 sync` with the fixture's keys, byte for byte", async function () {
    assert.match(server.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    const dest = path.join(tmp, "synced");
    const run = await sync(dest, server);
    assert.equal(run.code, 0, `aws s3 sync failed:\n${run.stderr}`);

    const prefix = "models/";
    const expected = Object.keys(OBJECTS)
      .filter((k) => k.startsWith(prefix))
      .map((k) => k.slice(prefix.length))
      .sort();
    const got = (fs.readdirSync(dest, { recursive: true }) as string[])
      .filter((p) => fs.statSync(path.join(dest, p)).isFile())
      .sort();
    assert.deepEqual(got, expected);
    for (const rel of expected) {
      const want = OBJECTS[prefix + rel]!;
      const have = fs.readFileSync(path.join(dest, rel));
      assert.ok(have.equals(Buffer.isBuffer(want) ? want : Buffer.from(want, "utf8")), `${rel} differs`);
    }
    assert.equal(fs.statSync(path.join(dest, "m", "model.safetensors")).size, 1024 * 1024 + 77);
  });

  it("rejects a wrong secret (SignatureDoesNotMatch) and an unknown key id (InvalidAccessKeyId)", async function () {
    const wrongSecretDest = path.join(tmp, "wrong-secret");
    const unknownIdDest = path.join(tmp, "unknown-id");
    const [wrongSecret, unknownId] = await Promise.all([
      sync(wrongSecretDest, { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey + "x" }),
      sync(unknownIdDest, { accessKeyId: "AKIANOTREGISTERED", secretAccessKey: server.secretAccessKey }),
    ]);
    assert.notEqual(wrongSecret.code, 0, "a wrong secret was accepted");
    assert.match(wrongSecret.stderr, /SignatureDoesNotMatch/);
    assert.notEqual(unknownId.code, 0, "an unknown access key id was accepted");
    assert.match(unknownId.stderr, /InvalidAccessKeyId/);
    for (const dest of [wrongSecretDest, unknownIdDest]) {
      assert.deepEqual(fs.existsSync(dest) ? fs.readdirSync(dest) : [], [], `${dest} got files`);
    }
  });

  it("documents that unsigned (anonymous) requests are served, as s3rver does", async function () {
    assert.equal(server.acceptsAnonymousRequests, true);
    const { status, body } = await new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
      http
        .get(`${server.endpoint}/${BUCKET}/models/m/config.json`, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
          res.on("error", reject);
        })
        .on("error", reject);
    });
    assert.equal(status, 200);
    assert.equal(body.toString("utf8"), OBJECTS["models/m/config.json"]);
  });
});
