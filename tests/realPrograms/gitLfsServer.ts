/**
 * A local HTTPS git server with Git LFS, for tests that run the real `git` and `git-lfs` programs
 * against a repository shaped like a Hugging Face model repository (`https://HOST/org/model`).
 *
 * - TLS: a self-signed certificate for 127.0.0.1 made by `selfsigned`; `caPem` is its PEM, to be
 *   given to clients as their trusted CA bundle (e.g. `GIT_SSL_CAINFO`).
 * - Git: smart HTTP served by the host's real `git http-backend` (a CGI program, spawned once per
 *   request), so protocol v2 and shallow clones behave as against a real forge. Read-only: pushes
 *   (receive-pack) are refused.
 * - LFS: the batch API (https://github.com/git-lfs/git-lfs/blob/main/docs/api/batch.md), download
 *   only, answering with presigned-looking `/cdn/<oid>?sig=x` URLs on the same server.
 * - Gating: every git request and every request to the LFS API needs HTTP Basic auth whose password
 *   is the token (and whose user name is `username`, when given); otherwise 401 with
 *   `WWW-Authenticate: Basic realm="test"`, which makes git ask its credential helper. The `/cdn/`
 *   downloads are not gated, like a CDN's presigned URLs, and record the Authorization header they
 *   got so a test can assert the token never reaches the CDN.
 *
 * The repository is built with the host's git in a temporary directory (LFS-tracked files are
 * committed as LFS pointers, written here; git-lfs is not needed on the server side) and served
 * from a bare clone there. Everything is deleted by `close()`.
 *
 * Seen with Debian's git 2.39 / git-lfs 3.3.0 (what the tests rely on):
 * - git-lfs honours `GIT_SSL_CAINFO` (and `http.sslCAInfo`); git (libcurl-gnutls) ignores
 *   `SSL_CERT_FILE`.
 * - git-lfs sends its first batch request without credentials, then asks the credential helper
 *   after the 401, and records `lfs.<url>.access = basic` in the clone's config.
 * - git-lfs derives the LFS endpoint by appending `.git/info/lfs` to a URL without `.git`.
 * - Downloads from an action href never carry credentials while the href answers 200. If it
 *   answered 401 instead: with `authenticated: true` git-lfs retries without credentials in a
 *   tight loop (thousands of requests, the clone never finishes); without it, git-lfs asks the
 *   credential helper for this host and re-sends with the token. So `/cdn/` never answers 401.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import type * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/** The host's git: Debian's by absolute path when present (another git may come first on PATH). */
export const GIT = fs.existsSync("/usr/bin/git") ? "/usr/bin/git" : "git";

/** The repository's path on the server; clients clone `https://127.0.0.1:PORT/org/model`. */
const REPO_PATH = "/org/model";

export interface GitLfsServerOptions {
  /** When set, only this user name is accepted with the token; otherwise any user name is. */
  username?: string;
  /** The password Basic auth must carry. */
  token: string;
  /** Path in the repository -> content. Paths use `/`. */
  files: Record<string, string | Buffer>;
  /** `.gitattributes` patterns tracked by LFS, e.g. `["*.bin", "*.safetensors"]`. */
  lfs: string[];
  /** The only branch, and HEAD. Default `main`. */
  branch?: string;
  /** Awaited before each `/cdn/<oid>` download is served, so a test can pause or observe it. */
  downloadHook?: (oid: string) => Promise<void>;
}

export interface GitLfsRequest {
  method: string;
  /** The request target as received: path and query string. */
  path: string;
  /** The Authorization header as received, if any. */
  authorization?: string;
  /**
   * `lfs-download`: `/cdn/...`; `lfs-batch`: the repository's LFS API (`.../info/lfs/...`);
   * `git`: everything else (smart HTTP, and unknown paths, which get 404).
   */
  kind: "git" | "lfs-batch" | "lfs-download";
}

export interface GitLfsServer {
  /** `https://127.0.0.1:PORT/org/model`, no `.git` suffix (the `.git` form is served too). */
  url: string;
  /** The self-signed certificate (for 127.0.0.1), PEM, to install as the trusted CA bundle. */
  caPem: string;
  /** The LFS objects committed as pointers: repository path, sha256 oid, size in bytes. */
  lfsObjects: Array<{ path: string; oid: string; size: number }>;
  /** Every request, in arrival order. */
  requests: GitLfsRequest[];
  /** Stops the server, kills running `git http-backend` processes, deletes the temp dir. Idempotent. */
  close(): Promise<void>;
}

/** Runs the host's git with no user or system config, so the host's settings cannot leak in. */
function runGit(args: string[], options: { cwd?: string; input?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(GIT, args, { cwd: options.cwd, env: isolatedGitEnv(), stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString("utf8"));
      else reject(new Error(`git ${args.join(" ")} exited with ${code}: ${Buffer.concat(err).toString("utf8")}`));
    });
    // git may exit without reading its stdin (most commands here never do): its exit code tells
    // whether it failed, so a broken pipe on stdin is not an error of its own.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input);
  });
}

/** An environment for server-side git: the host's PATH and locale, no global/system config. */
function isolatedGitEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    LANG: "C.UTF-8",
    HOME: os.tmpdir(),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
  };
}

/** The LFS pointer file git-lfs would commit for `content` (spec v1). */
function lfsPointer(oid: string, size: number): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${size}\n`;
}

/** Which of `paths` git gives `filter=lfs`, per the `.gitattributes` already written in `work`. */
async function lfsTrackedPaths(work: string, paths: string[]): Promise<Set<string>> {
  // `check-attr -z --stdin` answers `path NUL attribute NUL value NUL` per path: git itself
  // applies the gitattributes pattern rules, so no glob matcher is needed here.
  const out = await runGit(["check-attr", "-z", "--stdin", "filter"], { cwd: work, input: paths.map((p) => p + "\0").join("") });
  const fields = out.split("\0");
  const tracked = new Set<string>();
  for (let i = 0; i + 2 < fields.length; i += 3) {
    if (fields[i + 2] === "lfs") tracked.add(fields[i]!);
  }
  return tracked;
}

/** Builds the one-commit repository in `<dir>/work` and its bare clone at `<dir>/root/org/model.git`. */
async function buildRepository(dir: string, options: GitLfsServerOptions, branch: string) {
  const work = path.join(dir, "work");
  fs.mkdirSync(work);
  await runGit(["init", "-q", "-b", branch, work]);
  if (options.lfs.length > 0) {
    if (".gitattributes" in options.files) throw new Error("startGitLfsServer: `files` has a .gitattributes and `lfs` patterns; give one or the other");
    fs.writeFileSync(path.join(work, ".gitattributes"), options.lfs.map((p) => `${p} filter=lfs diff=lfs merge=lfs -text\n`).join(""));
  }
  const paths = Object.keys(options.files);
  const tracked = await lfsTrackedPaths(work, paths);
  const objects = new Map<string, Buffer>();
  const lfsObjects: GitLfsServer["lfsObjects"] = [];
  for (const rel of paths) {
    const raw = options.files[rel]!;
    const content = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, "utf8");
    const file = path.join(work, ...rel.split("/"));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // git-lfs leaves empty files as they are (no pointer), so this does too.
    if (tracked.has(rel) && content.length > 0) {
      const oid = crypto.createHash("sha256").update(content).digest("hex");
      objects.set(oid, content);
      lfsObjects.push({ path: rel, oid, size: content.length });
      fs.writeFileSync(file, lfsPointer(oid, content.length));
    } else {
      fs.writeFileSync(file, content);
    }
  }
  await runGit(["add", "-A"], { cwd: work });
  const identity = ["-c", "user.name=Fixture", "-c", "user.email=fixture@example.invalid", "-c", "commit.gpgsign=false"];
  await runGit([...identity, "commit", "-q", "--allow-empty", "-m", "Add model files"], { cwd: work });

  const root = path.join(dir, "root");
  const bare = path.join(root, ...REPO_PATH.split("/").filter(Boolean)) + ".git";
  fs.mkdirSync(path.dirname(bare), { recursive: true });
  await runGit(["clone", "-q", "--bare", work, bare]);
  await runGit(["config", "http.receivepack", "false"], { cwd: bare });
  fs.rmSync(work, { recursive: true, force: true });
  return { root, objects, lfsObjects };
}

/** The user name and password of a `Basic` Authorization header, if it is one. */
function parseBasic(header: string | undefined): { user: string; password: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, contentType = "application/vnd.git-lfs+json") {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text) }).end(text);
}

/** Starts the server; see the file comment. */
export async function startGitLfsServer(options: GitLfsServerOptions): Promise<GitLfsServer> {
  const branch = options.branch ?? "main";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "git-lfs-server-"));
  const children = new Set<ChildProcess>();
  let server: https.Server | undefined;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const child of children) child.kill("SIGKILL");
    if (server) {
      const s = server;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const { root, objects, lfsObjects } = await buildRepository(dir, options, branch);
    const selfsigned = await import("selfsigned");
    const pems = await selfsigned.generate([{ name: "commonName", value: "127.0.0.1" }], {
      keyType: "ec",
      algorithm: "sha256",
      notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
      extensions: [
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
        { name: "extKeyUsage", serverAuth: true },
        { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] },
      ],
    });

    const requests: GitLfsRequest[] = [];
    let origin = "";

    const authorized = (req: http.IncomingMessage) => {
      const basic = parseBasic(req.headers.authorization);
      return !!basic && basic.password === options.token && (options.username === undefined || basic.user === options.username);
    };

    /** `/cdn/<oid>`: the object's bytes, ungated, after the test's hook. */
    const serveDownload = async (req: http.IncomingMessage, res: http.ServerResponse, target: URL) => {
      const oid = decodeURIComponent(target.pathname.slice("/cdn/".length));
      const content = objects.get(oid);
      if (req.method !== "GET" || !content) {
        res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
        return;
      }
      await options.downloadHook?.(oid);
      res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": content.length }).end(content);
    };

    /** The batch API: download actions for known oids, an object-level 404 for the others. */
    const serveBatch = async (req: http.IncomingMessage, res: http.ServerResponse) => {
      let body: { operation?: unknown; objects?: unknown };
      try {
        body = JSON.parse((await readBody(req)).toString("utf8"));
      } catch {
        sendJson(res, 422, { message: "the request body is not JSON" });
        return;
      }
      if (body.operation !== "download") {
        sendJson(res, 403, { message: "this test server is read-only" });
        return;
      }
      if (!Array.isArray(body.objects)) {
        sendJson(res, 422, { message: "`objects` must be an array" });
        return;
      }
      const answer = (body.objects as Array<{ oid?: unknown; size?: unknown }>).map((o) => {
        const oid = String(o.oid);
        const content = objects.get(oid);
        if (!content) return { oid, size: o.size, error: { code: 404, message: "Object does not exist" } };
        return {
          oid,
          size: content.length,
          authenticated: true,
          actions: { download: { href: `${origin}/cdn/${oid}?sig=x`, expires_in: 3600 } },
        };
      });
      sendJson(res, 200, { transfer: "basic", objects: answer, hash_algo: "sha256" });
    };

    /** Smart HTTP: bridges one request to `git http-backend` (CGI/1.1). */
    const serveGit = (req: http.IncomingMessage, res: http.ServerResponse, pathInfo: string, target: URL) => {
      const basic = parseBasic(req.headers.authorization);
      const env: NodeJS.ProcessEnv = {
        ...isolatedGitEnv(),
        GATEWAY_INTERFACE: "CGI/1.1",
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: "1",
        PATH_INFO: pathInfo,
        REQUEST_METHOD: req.method ?? "GET",
        QUERY_STRING: target.search.replace(/^\?/, ""),
        CONTENT_TYPE: req.headers["content-type"] ?? "",
        REMOTE_USER: basic?.user ?? "",
        REMOTE_ADDR: req.socket.remoteAddress ?? "127.0.0.1",
      };
      if (req.headers["content-length"] !== undefined) env.CONTENT_LENGTH = req.headers["content-length"];
      if (req.headers["content-encoding"] !== undefined) env.HTTP_CONTENT_ENCODING = req.headers["content-encoding"];
      const protocol = req.headers["git-protocol"];
      if (typeof protocol === "string") {
        // http-backend reads HTTP_GIT_PROTOCOL (the CGI name of the header) in git >= 2.34 and
        // passes it on as GIT_PROTOCOL; setting both also covers older git.
        env.GIT_PROTOCOL = protocol;
        env.HTTP_GIT_PROTOCOL = protocol;
      }
      const child = spawn(GIT, ["http-backend"], { env, stdio: ["pipe", "pipe", "pipe"] });
      children.add(child);
      const stderr: Buffer[] = [];
      child.stderr.on("data", (c: Buffer) => stderr.push(c));
      // The backend may exit before reading the whole body (e.g. on a bad request).
      child.stdin.on("error", () => {});
      req.pipe(child.stdin);

      let head = Buffer.alloc(0);
      let headersSent = false;
      const onData = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const crlf = head.indexOf("\r\n\r\n");
        const lf = head.indexOf("\n\n");
        const end = crlf >= 0 && (lf < 0 || crlf < lf) ? { at: crlf, len: 4 } : lf >= 0 ? { at: lf, len: 2 } : undefined;
        if (!end) return;
        child.stdout.off("data", onData);
        child.stdout.pause();
        let status = 200;
        const headers: Record<string, string | string[]> = {};
        for (const line of head.subarray(0, end.at).toString("latin1").split(/\r?\n/)) {
          const colon = line.indexOf(":");
          if (colon <= 0) continue;
          const name = line.slice(0, colon).trim();
          const value = line.slice(colon + 1).trim();
          if (name.toLowerCase() === "status") status = Number.parseInt(value, 10) || 500;
          else {
            const prev = headers[name];
            headers[name] = prev === undefined ? value : ([] as string[]).concat(prev, value);
          }
        }
        res.writeHead(status, headers);
        headersSent = true;
        res.write(head.subarray(end.at + end.len));
        child.stdout.pipe(res);
      };
      child.stdout.on("data", onData);
      child.on("error", (e) => {
        children.delete(child);
        if (!headersSent) res.writeHead(500, { "Content-Type": "text/plain" }).end(`git http-backend: ${e.message}\n`);
        else res.destroy(e);
      });
      child.on("close", (code) => {
        children.delete(child);
        if (!headersSent) {
          const why = Buffer.concat(stderr).toString("utf8");
          res.writeHead(500, { "Content-Type": "text/plain" }).end(`git http-backend exited with ${code} before its headers: ${why}\n`);
        }
      });
      // A client that hangs up mid-response leaves no one to read the backend's output.
      res.on("close", () => {
        if (!res.writableFinished && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      });
    };

    const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
      const url = req.url ?? "/";
      const target = new URL(url, "https://127.0.0.1");
      const authorization = req.headers.authorization;
      const record = (kind: GitLfsRequest["kind"]) => requests.push({ method: req.method ?? "", path: url, ...(authorization !== undefined ? { authorization } : {}), kind });

      if (target.pathname.startsWith("/cdn/")) {
        record("lfs-download");
        await serveDownload(req, res, target);
        return;
      }
      // `/org/model/...` and `/org/model.git/...` name the same repository.
      const repo = new RegExp(`^${REPO_PATH}(?:\\.git)?(/.*)?$`).exec(target.pathname);
      const rest = repo?.[1] ?? "";
      const isLfs = !!repo && rest.startsWith("/info/lfs/");
      record(isLfs ? "lfs-batch" : "git");
      if (!authorized(req)) {
        res.writeHead(401, { "WWW-Authenticate": 'Basic realm="test"', "Content-Type": "text/plain" }).end("authentication required\n");
        return;
      }
      if (isLfs && rest === "/info/lfs/objects/batch" && req.method === "POST") await serveBatch(req, res);
      else if (isLfs) sendJson(res, 404, { message: "not implemented by this test server" });
      else if (repo && rest !== "") serveGit(req, res, `${REPO_PATH}.git${rest}`, target);
      else res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
    };

    server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
      handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" }).end(`${e instanceof Error ? e.message : String(e)}\n`);
        else res.destroy();
      });
    });
    const s = server;
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.listen(0, "127.0.0.1", () => resolve());
    });
    origin = `https://127.0.0.1:${(s.address() as AddressInfo).port}`;

    return { url: `${origin}${REPO_PATH}`, caPem: pems.cert, lfsObjects, requests, close };
  } catch (e) {
    await close();
    throw e;
  }
}
