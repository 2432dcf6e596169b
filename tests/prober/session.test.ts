/** `model-deploy probe` end to end: a real app started by the CLI, and a running app probed by URL. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { suggestTuning } from "../../sdk/prober/suggest";
import { podAddress } from "../../sdk/prober/session";
import { resolveDeployment } from "../../sdk/core/resolve";
import { cli, freePort } from "./appHarness";

const APP = `
const http = require("http");
const start = Date.now();
http.createServer((req, res) => {
  if (req.url === "/startup") return res.end("up");
  if (req.url === "/ready") { res.statusCode = Date.now() - start > Number(process.env.READY_AFTER_MS) ? 200 : 503; return res.end(); }
  if (req.url === "/live") return res.end("alive");
  res.statusCode = 404; res.end();
}).listen(Number(process.env.PORT), "0.0.0.0");
`;

function specFor(port: number, readyAfterMs: number, extra = ""): string {
  return `name: toy
image: toy:1
env: [{ name: PORT, value: "${port}" }, { name: READY_AFTER_MS, value: "${readyAfterMs}" }]
resources: { machineType: C4, ports: [${port}] }
healthChecks:
  startup: { path: /startup, periodSeconds: 1, failureThreshold: 20 }
  readiness: { path: /ready, periodSeconds: 1 }
  liveness: { path: /live, periodSeconds: 1 }
${extra}`;
}

describe("model-deploy probe", function () {
  this.timeout(30000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-probe-"));
  fs.writeFileSync(path.join(dir, "app.js"), APP);

  it("--exec: starts the app, which becomes ready after a delay; verdict OK (exit 0)", async () => {
    const port = await freePort();
    fs.writeFileSync(path.join(dir, "spec.yaml"), specFor(port, 2500));
    const r = await cli(["probe", "spec.yaml", "--exec", "node app.js", "--duration", "15", "-o", "json"], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const v = JSON.parse(r.stdout);
    assert.equal(v.started, true);
    assert.equal(v.ready, true);
    assert.equal(v.restarts, 0);
    assert.ok(v.startedAfterSeconds <= 4, String(v.startedAfterSeconds));
    // Never sooner than the app allows (2.5 s after it starts); the upper bound leaves room for a
    // slow machine to start node.
    assert.ok(v.readyAfterSeconds >= 2.5 && v.readyAfterSeconds <= 6, String(v.readyAfterSeconds));
    assert.ok(v.events.some((e: any) => e.kind === "readiness" && e.event === "failure"), "503 before the model loads");
  });

  it("--url: a liveness probe that fails is reported as a restart the kubelet would make (exit 1)", async () => {
    let live = 0;
    const server = http.createServer((req, res) => {
      if (req.url === "/live") res.statusCode = ++live > 1 ? 500 : 200;
      else if (req.url === "/ready") res.writeHead(301, { Location: "/ready/" });
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    fs.writeFileSync(path.join(dir, "url.yaml"), specFor(8000, 0).replace("path: /ready,", "path: /ready,").replace("/live, periodSeconds: 1", "/live, periodSeconds: 1, failureThreshold: 2"));
    const r = await cli(["probe", "url.yaml", "--url", `http://127.0.0.1:${port}`, "--duration", "5"], dir);
    server.close();
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /the kubelet would have restarted the container \d+ time\(s\)/);
    assert.match(r.stdout, /the readiness probe path \/ready redirects to \/ready\//);
    assert.match(r.stdout, /the liveness probe failed while readiness passed/);
    assert.match(r.stdout, /^ +\d+\.\d s  container  killed  failed liveness probe 2 times$/m);
    // What --url cannot see is said in the verdict, not only in the docs.
    assert.match(r.stdout, /with --url the app is not stopped, so this run counted the container gone at each kill decision; in a cluster it keeps running, Ready/);
  });

  it("--exec: the kill is printed before the app's reaction to it, and the run's end stops a dying app only once", async () => {
    const port = await freePort();
    // Liveness fails from the start; on SIGTERM the app says so and exits 1 s later.
    fs.writeFileSync(
      path.join(dir, "dying.js"),
      `require("http").createServer((q, s) => { s.statusCode = q.url === "/live" ? 500 : 200; s.end(); }).listen(Number(process.env.PORT), "0.0.0.0");
      process.on("SIGTERM", () => { console.log("got SIGTERM"); setTimeout(() => process.exit(0), 1000); });`,
    );
    fs.writeFileSync(
      path.join(dir, "dying.yaml"),
      `name: toy\nimage: toy:1\nenv: [{ name: PORT, value: "${port}" }]\nresources: { machineType: C4, ports: [${port}] }\nhealthChecks:\n  readiness: { path: /ready, periodSeconds: 1 }\n  liveness: { path: /live, periodSeconds: 1, failureThreshold: 2 }\n`,
    );
    const r = await cli(["probe", "dying.yaml", "--exec", "node dying.js", "--duration", "1.5"], dir);
    const lines = r.stdout.split("\n");
    const killed = lines.findIndex((l) => / container  killed /.test(l));
    const reaction = lines.findIndex((l) => /app #1 \| got SIGTERM/.test(l));
    assert.ok(killed >= 0 && reaction > killed, r.stdout);
    // One stop per container, even when the run ends inside a kill's grace period.
    const lifecycle = lines.flatMap((l) => (/ container  (stopped|restarted) /.exec(l) ?? []).slice(1, 2));
    assert.ok(!lifecycle.some((e, i) => e === "stopped" && lifecycle[i + 1] === "stopped"), r.stdout);
  });

  it("--url: a start that uses more than 80 % of the startup budget is warned about", async () => {
    let starts = 0;
    const server = http.createServer((req, res) => {
      if (req.url === "/startup") res.statusCode = ++starts < 6 ? 503 : 200;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    fs.writeFileSync(path.join(dir, "slow.yaml"), specFor(8000, 0).replace("failureThreshold: 20", "failureThreshold: 6"));
    const r = await cli(["probe", "slow.yaml", "--url", `http://127.0.0.1:${port}`, "--duration", "7", "-o", "json"], dir);
    server.close();
    const v = JSON.parse(r.stdout);
    // The 6th check (one per second from 0 s) is the first success.
    assert.equal(v.startedAfterSeconds >= 4.9 && v.startedAfterSeconds <= 6, true, String(v.startedAfterSeconds));
    assert.ok(v.warnings.some((w: string) => /more than 80 % of the 5 s a start is guaranteed \(the startup budget is 6 s/.test(w)), JSON.stringify(v.warnings));
  });

  it("--exec: an app bound only to 127.0.0.1 is caught when probed on the pod-like address", async () => {
    const port = await freePort();
    fs.writeFileSync(path.join(dir, "loop.js"), APP.replace('"0.0.0.0"', '"127.0.0.1"'));
    fs.writeFileSync(path.join(dir, "loop.yaml"), specFor(port, 0));
    const r = await cli(["probe", "loop.yaml", "--exec", "node loop.js", "--duration", "3", "-o", "json"], dir);
    const v = JSON.parse(r.stdout);
    if (podAddress() === "127.0.0.1") {
      // No other address on this machine: the probes go to loopback, like a pod IP would not.
      assert.equal(v.ok, true);
    } else {
      assert.equal(r.code, 1);
      assert.equal(v.started, false);
      assert.ok(v.warnings.some((w: string) => /bound to loopback only/.test(w)), JSON.stringify(v.warnings));
    }
  });

  it("--exec: an app that crashes is restarted like a crashed container (exit 1)", async () => {
    fs.writeFileSync(path.join(dir, "crash.yaml"), specFor(8000, 0));
    const r = await cli(["probe", "crash.yaml", "--exec", "node -e \"setTimeout(() => process.exit(3), 300)\"", "--duration", "3", "-o", "json"], dir);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const v = JSON.parse(r.stdout);
    assert.ok(v.restarts >= 1, String(v.restarts));
    assert.ok(v.events.some((e: any) => e.kind === "container" && e.event === "exited" && /exit code 3/.test(e.detail)), JSON.stringify(v.events));
  });

  it("usage errors exit 2", async () => {
    fs.writeFileSync(path.join(dir, "u.yaml"), specFor(8000, 0));
    assert.equal((await cli(["probe", "u.yaml"], dir)).code, 2);
    assert.equal((await cli(["probe", "u.yaml", "--url", "http://x", "--exec", "true"], dir)).code, 2);
    assert.equal((await cli(["probe", "u.yaml", "--url", "ftp://x"], dir)).code, 2);
  });

  it("--suggest keeps the startup budget with a shorter period, and grows it for a slow start", () => {
    const r = resolveDeployment({ image: "x", resources: { machineType: "C4", ports: [80] }, healthChecks: { startup: { path: "/", periodSeconds: 10, failureThreshold: 6 } } });
    const base = { ok: true, started: true, startObserved: true, ready: true, restarts: 0, mode: "exec" as const, warnings: [], events: [], target: "" };
    assert.deepEqual(
      suggestTuning(r, { ...base, startedAfterSeconds: 12 }).map((s) => [s.field, s.from, s.to]),
      [["healthChecks.startup.periodSeconds", 10, 2], ["healthChecks.startup.failureThreshold", 6, 30]],
    );
    const slow = suggestTuning(r, { ...base, startedAfterSeconds: 55 });
    assert.deepEqual(slow.map((s) => [s.field, s.to]), [["healthChecks.startup.periodSeconds", 2], ["healthChecks.startup.failureThreshold", 55]]);
    assert.match(slow[1].why, /used 92 % of the 60 s budget/);
  });
});
