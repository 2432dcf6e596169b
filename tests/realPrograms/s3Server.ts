/**
 * A local S3 server for tests that run real S3 clients (the AWS CLI) against it.
 *
 * Backed by `@20minutes/s3rver` 4.x, a maintained fork of `s3rver`. The `s3rver` package on npm
 * (3.7.1, last published in 2021) does not verify Signature V4 at all: it only looks up the access
 * key id, so a request signed with a wrong secret is served. The fork computes the SigV4 signature
 * (Authorization header and presigned URLs) from the secret it knows for the key id, and answers
 * 403 otherwise:
 * - an unknown access key id -> `InvalidAccessKeyId`;
 * - a known id with the wrong secret -> `SignatureDoesNotMatch`;
 * - a request time more than 15 minutes off -> `RequestTimeTooSkewed`.
 * Payload hashes (`x-amz-content-sha256`, aws-chunked chunk signatures) are not verified.
 *
 * Which keys are accepted: s3rver keeps one process-wide registry of access keys. The built-in pair
 * `S3RVER` / `S3RVER` is always accepted. Other keys passed here are added to that registry while
 * the server that asked for them is open (so, in the same process, every open server accepts them).
 *
 * Anonymous access: s3rver has no access control. A request without any signature (no
 * `Authorization` header, no `X-Amz-Signature`/`Signature` query parameter), such as one from
 * `aws --no-sign-request` or plain curl, is served as the anonymous user, for reads and writes
 * alike: only requests that carry a signature are checked. `acceptsAnonymousRequests` says so.
 *
 * Use only on 127.0.0.1; the data lives in a fresh temporary directory, deleted by `close()`.
 */
import * as fs from "node:fs/promises";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/** The part of the (untyped) s3rver API used here. */
interface S3rverOptions {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  vhostBuckets: boolean;
  allowMismatchedSignatures: boolean;
  configureBuckets: { name: string }[];
}
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: S3rverOptions) => S3rverInstance;
interface AwsAccount {
  accessKeys: Map<string, string>;
  createKeyPair(accessKeyId: string, secretAccessKey: string): void;
  revokeAccessKey(accessKeyId: string): void;
}
interface AwsAccountModule {
  registry: Map<string, AwsAccount>;
  DUMMY_ACCOUNT: AwsAccount;
}

const S3rver: S3rverConstructor = require("@20minutes/s3rver");
// The module holding s3rver's key registry: the same instance its authentication middleware reads.
const AWSAccount: AwsAccountModule = require("@20minutes/s3rver/lib/models/account");

/** s3rver's built-in credentials, accepted by every instance. */
export const S3RVER_DEFAULT_KEYS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

export interface S3ServerOptions {
  bucket: string;
  /** key -> content; keys may contain `/` (e.g. `models/m/config.json`). */
  objects: Record<string, string | Buffer>;
  /** Defaults to s3rver's built-in `S3RVER`. */
  accessKeyId?: string;
  /** Defaults to s3rver's built-in `S3RVER`. */
  secretAccessKey?: string;
}

export interface S3Server {
  /** `http://127.0.0.1:PORT`, for `--endpoint-url` (path-style requests). */
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /**
   * Whether unsigned requests (`aws --no-sign-request`, curl) are served: always true with s3rver,
   * which checks only requests that carry a signature and has no ACLs (see the file comment).
   */
  acceptsAnonymousRequests: boolean;
  /** Stops the server, unregisters the keys it added and deletes its data. Safe to call twice. */
  close(): Promise<void>;
}

/** Keys this module added to s3rver's registry, with how many open servers use them. */
const addedKeys = new Map<string, { secretAccessKey: string; users: number }>();

/** Makes s3rver accept the pair; returns the function that undoes it. */
function acquireKeys(accessKeyId: string, secretAccessKey: string): () => void {
  const ours = addedKeys.get(accessKeyId);
  if (!ours) {
    const account = AWSAccount.registry.get(accessKeyId);
    if (account) {
      // Built in (S3RVER) or added by someone else: usable as is if the secret matches.
      if (account.accessKeys.get(accessKeyId) !== secretAccessKey) {
        throw new Error(`startS3Server: access key id ${accessKeyId} is already registered with another secret`);
      }
      return () => {};
    }
    AWSAccount.DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
    addedKeys.set(accessKeyId, { secretAccessKey, users: 1 });
  } else if (ours.secretAccessKey !== secretAccessKey) {
    throw new Error(`startS3Server: access key id ${accessKeyId} is in use by an open server with another secret`);
  } else {
    ours.users++;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const entry = addedKeys.get(accessKeyId);
    if (entry && --entry.users === 0) {
      addedKeys.delete(accessKeyId);
      AWSAccount.DUMMY_ACCOUNT.revokeAccessKey(accessKeyId);
    }
  };
}

/** Uploads one object with a plain (unsigned) PUT, which s3rver accepts (see above). */
function putObject(port: number, bucket: string, key: string, content: string | Buffer): Promise<void> {
  const body = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const urlPath = "/" + [bucket, ...key.split("/")].map(encodeURIComponent).join("/");
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method: "PUT",
        path: urlPath,
        headers: { "content-type": "application/octet-stream", "content-length": body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          res.statusCode === 200
            ? resolve()
            : reject(new Error(`startS3Server: PUT ${urlPath} -> ${res.statusCode}: ${Buffer.concat(chunks)}`)),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Starts s3rver on 127.0.0.1 (random free port, temp directory) with `bucket` holding `objects`. */
export async function startS3Server(options: S3ServerOptions): Promise<S3Server> {
  const accessKeyId = options.accessKeyId ?? S3RVER_DEFAULT_KEYS.accessKeyId;
  const secretAccessKey = options.secretAccessKey ?? S3RVER_DEFAULT_KEYS.secretAccessKey;
  const releaseKeys = acquireKeys(accessKeyId, secretAccessKey);
  let directory: string | undefined;
  let server: S3rverInstance | undefined;
  const cleanUp = async () => {
    try {
      if (server) await server.close();
    } finally {
      releaseKeys();
      if (directory) await fs.rm(directory, { recursive: true, force: true });
    }
  };
  try {
    directory = await fs.mkdtemp(path.join(os.tmpdir(), "s3rver-"));
    server = new S3rver({
      address: "127.0.0.1",
      port: 0,
      directory,
      silent: true, // its winston logger and Koa's error printing
      vhostBuckets: false, // the bucket is always the first path segment
      allowMismatchedSignatures: false,
      configureBuckets: [{ name: options.bucket }],
    });
    const { port } = await server.run();
    for (const [key, content] of Object.entries(options.objects)) {
      await putObject(port, options.bucket, key, content);
    }
    let closing: Promise<void> | undefined;
    return {
      endpoint: `http://127.0.0.1:${port}`,
      accessKeyId,
      secretAccessKey,
      acceptsAnonymousRequests: true,
      close: () => (closing ??= cleanUp()),
    };
  } catch (err) {
    await cleanUp().catch(() => {});
    throw err;
  }
}
