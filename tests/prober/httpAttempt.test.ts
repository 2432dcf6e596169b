/**
 * One HTTP probe attempt against real servers on 127.0.0.1 (HTTP and HTTPS with a self-signed
 * certificate made here), case by case against the kubelet's HTTP prober
 * (https://github.com/kubernetes/kubernetes/tree/master/pkg/probe/http).
 */
import * as assert from "node:assert/strict";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { httpAttempt } from "../../sdk/prober/httpAttempt";
import { goRequestTarget } from "../../sdk/prober/goUrl";
import { readFileSync } from "node:fs";
import { repoPath } from "../helpers";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
interface Seen {
  path: string;
  raw: string[];
  remotePort: number;
}

const servers: Array<http.Server | https.Server> = [];
async function serve(handler: Handler, tls?: { key: string; cert: string }): Promise<{ port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const wrapped: Handler = (req, res) => {
    seen.push({ path: req.url ?? "", raw: req.rawHeaders, remotePort: req.socket.remotePort ?? 0 });
    handler(req, res);
  };
  const server = tls ? https.createServer(tls, wrapped) : http.createServer(wrapped);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { port: (server.address() as AddressInfo).port, seen };
}
const target = (port: number, path = "/", extra: Partial<Parameters<typeof httpAttempt>[0]> = {}) => ({ scheme: "http" as const, host: "127.0.0.1", port, path, ...extra });
const headerNames = (raw: string[]) => raw.filter((_, i) => i % 2 === 0);
const header = (raw: string[], name: string) => raw.flatMap((v, i) => (i % 2 === 0 && v.toLowerCase() === name.toLowerCase() ? [raw[i + 1]] : []));

let tlsMaterial: { key: string; cert: string };

describe("HTTP probe attempt (real servers, kubelet semantics)", () => {
  before(async () => {
    const selfsigned = await import("selfsigned");
    const pems = await Promise.resolve(selfsigned.generate([{ name: "commonName", value: "localhost" }], { days: 1, keySize: 2048 } as never));
    tlsMaterial = { key: pems.private, cert: pems.cert };
  });
  after(() => servers.forEach((s) => s.close()));

  it("1: a 200 is Success whatever the body says", async () => {
    const { port } = await serve((_, res) => res.end("FAIL"));
    const o = await httpAttempt(target(port), 1000);
    assert.deepEqual([o.result, o.output], ["success", "FAIL"]);
  });

  it("2: 204 Success, 399 Warning, 400/404/500/503 Failure", async () => {
    const { port } = await serve((req, res) => {
      res.statusCode = Number(req.url!.slice(1));
      res.end();
    });
    assert.equal((await httpAttempt(target(port, "/204"), 1000)).result, "success");
    assert.equal((await httpAttempt(target(port, "/399"), 1000)).result, "warning");
    for (const code of [400, 404, 500, 503]) {
      const o = await httpAttempt(target(port, `/${code}`), 1000);
      assert.deepEqual([o.result, o.output], ["failure", `HTTP probe failed with statuscode: ${code}`]);
    }
  });

  it("3, 4: a same-host redirect is followed (2 requests); its target decides", async () => {
    const { port, seen } = await serve((req, res) => {
      if (req.url === "/go-ok") res.writeHead(302, { Location: "/ok" }).end();
      else if (req.url === "/go-bad") res.writeHead(302, { Location: "/bad" }).end();
      else if (req.url === "/bad") res.writeHead(500).end();
      else res.end("ok");
    });
    assert.equal((await httpAttempt(target(port, "/go-ok"), 1000)).result, "success");
    assert.deepEqual(seen.map((s) => s.path), ["/go-ok", "/ok"]);
    assert.equal((await httpAttempt(target(port, "/go-bad"), 1000)).result, "failure");
  });

  it("5: a redirect to another host is not followed: Warning, and the other host gets no request", async () => {
    const { port } = await serve((_, res) => res.writeHead(301, { Location: "http://other.invalid/x" }).end("moved"));
    const o = await httpAttempt(target(port), 1000);
    assert.equal(o.result, "warning");
    assert.match(o.output, /^Probe terminated redirects, Response body: moved/);
    assert.equal(o.hops.length, 1);
  });

  it("6, 7: same hostname on another port, and http to https (self-signed), are followed", async () => {
    const other = await serve((_, res) => res.end("there"));
    const tls = await serve((_, res) => res.end("secure"), tlsMaterial);
    const { port } = await serve((req, res) =>
      res.writeHead(302, { Location: req.url === "/port" ? `http://127.0.0.1:${other.port}/` : `https://127.0.0.1:${tls.port}/` }).end(),
    );
    assert.deepEqual([(await httpAttempt(target(port, "/port"), 1000)).result, other.seen.length], ["success", 1]);
    assert.deepEqual([(await httpAttempt(target(port, "/tls"), 1000)).output, tls.seen.length], ["secure", 1]);
  });

  it("8: 9 redirects then 200 succeed; a 10th redirect fails; a loop fails", async () => {
    const { port } = await serve((req, res) => {
      const [, kind, n] = /^\/(r|loop)(\d*)/.exec(req.url!) ?? [];
      if (kind === "loop") return res.writeHead(302, { Location: "/loop" }).end();
      if (kind === "r" && Number(n) > 0) return res.writeHead(302, { Location: `/r${Number(n) - 1}` }).end();
      res.end("ok");
    });
    assert.equal((await httpAttempt(target(port, "/r9"), 2000)).result, "success");
    const ten = await httpAttempt(target(port, "/r10"), 2000);
    assert.deepEqual([ten.result, /stopped after 10 redirects/.test(ten.output)], ["failure", true]);
    assert.equal((await httpAttempt(target(port, "/loop"), 2000)).result, "failure");
  });

  it("9: 302 without Location, 304, and 300 with Location are Warnings (success)", async () => {
    const { port } = await serve((req, res) => {
      if (req.url === "/302") res.writeHead(302).end();
      else if (req.url === "/304") res.writeHead(304).end();
      else res.writeHead(300, { Location: "/x" }).end();
    });
    for (const p of ["/302", "/304", "/300"]) assert.equal((await httpAttempt(target(port, p), 1000)).result, "warning", p);
  });

  it("10, 11: one deadline: slow headers fail, and so do redirect hops that add up past it", async () => {
    const { port } = await serve((req, res) => {
      if (req.url === "/slow") setTimeout(() => res.end("late"), 500);
      else if (req.url!.startsWith("/hop")) setTimeout(() => res.writeHead(302, { Location: `/hop${Number(req.url!.slice(4)) + 1}` }).end(), 120);
    });
    const slow = await httpAttempt(target(port, "/slow"), 300);
    assert.deepEqual([slow.result, /awaiting headers/.test(slow.output)], ["failure", true]);
    const hops = await httpAttempt(target(port, "/hop0"), 300);
    assert.equal(hops.result, "failure");
    // Each hop alone fits the deadline; together they do not (at most 3 fit in 300 ms).
    assert.ok(hops.hops.length >= 1 && hops.hops.length <= 4, String(hops.hops.length));
    assert.match(hops.output, /awaiting headers/);
  });

  it("12: headers at once, then a stalled body: the attempt errors (not counted)", async () => {
    const { port } = await serve((_, res) => {
      res.writeHead(200, { "Content-Length": "100" });
      res.write("partial");
    });
    assert.equal((await httpAttempt(target(port), 300)).result, "error");
  });

  it("13: a 15 KiB body succeeds; the output is cut at 10240 bytes", async () => {
    const { port } = await serve((_, res) => res.end("x".repeat(15 * 1024)));
    const o = await httpAttempt(target(port), 1000);
    assert.deepEqual([o.result, o.output.length], ["success", 10240]);
  });

  it("14: exactly the kubelet's default headers, and a new connection per attempt", async () => {
    const { port, seen } = await serve((_, res) => res.end());
    await httpAttempt(target(port), 1000);
    await httpAttempt(target(port), 1000);
    assert.deepEqual(headerNames(seen[0].raw).sort(), ["Accept", "Connection", "Host", "User-Agent"]);
    assert.deepEqual(header(seen[0].raw, "User-Agent"), ["kube-probe/1.31"]);
    assert.deepEqual(header(seen[0].raw, "Accept"), ["*/*"]);
    assert.deepEqual(header(seen[0].raw, "Connection"), ["close"]);
    assert.deepEqual(header(seen[0].raw, "Host"), [`127.0.0.1:${port}`]);
    assert.notEqual(seen[0].remotePort, seen[1].remotePort);
  });

  it("15: spec headers replace User-Agent and Accept; empty ones remove them", async () => {
    const { port, seen } = await serve((_, res) => res.end());
    await httpAttempt(target(port, "/", { headers: [{ name: "User-Agent", value: "foo/1.0" }, { name: "Accept", value: "application/json" }] }), 1000);
    await httpAttempt(target(port, "/", { headers: [{ name: "User-Agent", value: "" }, { name: "Accept", value: "" }] }), 1000);
    assert.deepEqual([header(seen[0].raw, "User-Agent"), header(seen[0].raw, "Accept")], [["foo/1.0"], ["application/json"]]);
    assert.deepEqual([header(seen[1].raw, "User-Agent"), header(seen[1].raw, "Accept")], [[], []]);
  });

  it("16: a Host header is sent, kept across a relative redirect, reset by an absolute one", async () => {
    const { port, seen } = await serve((req, res) => {
      if (req.url === "/rel") res.writeHead(302, { Location: "/end" }).end();
      else if (req.url === "/abs") res.writeHead(302, { Location: `http://127.0.0.1:${port}/end` }).end();
      else res.end();
    });
    const host = { headers: [{ name: "host", value: "example.com" }] };
    await httpAttempt(target(port, "/rel", host), 1000);
    await httpAttempt(target(port, "/abs", host), 1000);
    assert.deepEqual(seen.map((s) => header(s.raw, "Host")[0]), ["example.com", "example.com", "example.com", `127.0.0.1:${port}`]);
  });

  it("17: header names are canonicalised; duplicates send both values", async () => {
    const { port, seen } = await serve((_, res) => res.end());
    await httpAttempt(target(port, "/", { headers: [{ name: "x-foo", value: "a" }, { name: "X-FOO", value: "b" }] }), 1000);
    assert.ok(headerNames(seen[0].raw).includes("X-Foo"));
    assert.deepEqual(header(seen[0].raw, "X-Foo"), ["a", "b"]);
  });

  it("18: HTTPS without verification succeeds; HTTPS to a plain port and HTTP to a TLS port fail", async () => {
    const tls = await serve((_, res) => res.end("ok"), tlsMaterial);
    const plain = await serve((_, res) => res.end("ok"));
    assert.equal((await httpAttempt({ ...target(tls.port), scheme: "https" }, 1000)).result, "success");
    assert.equal((await httpAttempt({ ...target(plain.port), scheme: "https" }, 1000)).result, "failure");
    assert.equal((await httpAttempt(target(tls.port), 1000)).result, "failure");
  });

  it("19: nothing listening is a Failure (connection refused)", async () => {
    const { port } = await serve((_, res) => res.end());
    servers.pop()!.close();
    await new Promise((r) => setTimeout(r, 20));
    const o = await httpAttempt(target(port), 1000);
    assert.equal(o.result, "failure");
    assert.match(o.output, /ECONNREFUSED/);
  });

  it("20: HTTP_PROXY is ignored", async () => {
    const { port } = await serve((_, res) => res.end("direct"));
    const saved = process.env.HTTP_PROXY;
    process.env.HTTP_PROXY = "http://127.0.0.1:9";
    try {
      assert.equal((await httpAttempt(target(port), 1000)).output, "direct");
    } finally {
      if (saved === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved;
    }
  });

  it("21: paths: healthz -> /healthz, /h?x=1 kept, ?x -> /?x", async () => {
    const { port, seen } = await serve((_, res) => res.end());
    for (const p of ["healthz", "/h?x=1", "?x"]) await httpAttempt(target(port, p), 1000);
    assert.deepEqual(seen.map((s) => s.path), ["/healthz", "/h?x=1", "/?x"]);
  });

  it("paths are built as Go builds them: every case of a table made by Go's own net/url and net/http", () => {
    const table = JSON.parse(readFileSync(repoPath("tests", "prober", "fixtures", "go-request-targets.json"), "utf8")) as {
      cases: Array<[string, string | null]>;
    };
    assert.ok(table.cases.length >= 40);
    for (const [path, wire] of table.cases) assert.equal(goRequestTarget(path) ?? null, wire, `path ${JSON.stringify(path)}`);
  });

  it("the wire carries Go's escaping (an unparseable path is escaped, not rejected) and a request without a host fails", async () => {
    const { port, seen } = await serve((_, res) => res.end());
    for (const p of ["/%zz", "/a\\b", "/a b", "/{x}"]) assert.equal((await httpAttempt(target(port, p), 1000)).result, "success");
    assert.deepEqual(seen.map((s) => s.path), ["/%25zz", "/a%5Cb", "/a%20b", "/%7Bx%7D"]);
    const noHost = await httpAttempt(target(port, "a:b"), 1000);
    assert.deepEqual([noHost.result, /no Host in request URL/.test(noHost.output)], ["failure", true]);
  });

  it("two Host headers: the first wins, as Go's Header.Get", async () => {
    const { port, seen } = await serve((_, res) => res.end());
    await httpAttempt(target(port, "/", { headers: [{ name: "host", value: "first.example" }, { name: "Host", value: "second.example" }] }), 1000);
    const raw = seen[0].raw;
    assert.equal(raw[raw.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === "host") + 1], "first.example");
  });

  it("response headers beyond Node's 16 KiB default are accepted, as Go accepts up to 10 MiB", async () => {
    const { port } = await serve((_, res) => {
      res.setHeader("X-Big", "x".repeat(64 * 1024));
      res.end("ok");
    });
    assert.equal((await httpAttempt(target(port), 2000)).result, "success");
  });

  it("an aborted attempt ends at once as an error (the run is over)", async () => {
    const { port } = await serve(() => undefined); // never answers
    const ac = new AbortController();
    const t0 = Date.now();
    const pending = httpAttempt(target(port), 20_000, undefined, ac.signal);
    setTimeout(() => ac.abort(), 100);
    const o = await pending;
    assert.equal(o.result, "error");
    assert.ok(Date.now() - t0 < 2000);
  });
});
