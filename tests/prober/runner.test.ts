/**
 * `model-deploy probe` tells the truth: the verdict describes how the run ended, the app's
 * processes are stopped as a container's are, and every check behaves as the kubelet's would.
 * Real apps (node processes) and real servers on 127.0.0.1; the CLI as users run it.
 */
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { repoPath } from "../helpers";

const BIN = repoPath("dist", "sdk", "cli", "main.js");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function cli(args: string[], cwd: string, onSpawn?: (pid: number) => void): Promise<Run> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const p = spawn(process.execPath, [BIN, ...args], { cwd });
    onSpawn?.(p.pid!);
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An app: answers every path after `readyAfterMs`, until `hangAfterMs` (then never answers). */
const APP = `
const http = require("http");
const fs = require("fs");
const start = Date.now();
if (process.env.PID_FILE) fs.appendFileSync(process.env.PID_FILE, process.pid + "\\n");
if (process.env.ON_TERM === "ignore") process.on("SIGTERM", () => console.log("ignoring SIGTERM"));
if (process.env.ON_TERM === "slow") process.on("SIGTERM", () => setTimeout(() => process.exit(0), 600));
if (process.env.ON_TERM === "exit") process.on("SIGTERM", () => process.exit(0));
if (process.env.CHILD) {
  const c = require("child_process").spawn("sleep", ["60"], { stdio: "ignore" });
  fs.appendFileSync(process.env.PID_FILE, c.pid + "\\n");
}
if (process.env.CRASH_AFTER_MS) setTimeout(() => { console.error("boom: the model file is missing"); process.exit(3); }, Number(process.env.CRASH_AFTER_MS));
http.createServer((req, res) => {
  const age = Date.now() - start;
  if (process.env.HANG_AFTER_MS && age > Number(process.env.HANG_AFTER_MS)) return;
  res.statusCode = age >= Number(process.env.READY_AFTER_MS || 0) ? 200 : 503;
  res.end("ok");
}).listen(Number(process.env.PORT), "0.0.0.0", () => console.log("listening"));
`;

function spec(port: number, env: Record<string, string>, checks: string): string {
  const list = Object.entries({ PORT: String(port), ...env }).map(([k, v]) => `{ name: ${k}, value: "${v}" }`);
  return `name: toy\nimage: toy:1\nenv: [${list.join(", ")}]\nresources: { machineType: C4, ports: [${port}] }\nhealthChecks:\n${checks}\n`;
}
const FAST = `  readiness: { path: /ready, periodSeconds: 1 }\n  liveness: { path: /live, periodSeconds: 1, failureThreshold: 2 }`;

describe("model-deploy probe: the verdict and the runner", function () {
  this.timeout(40_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-runner-"));
  fs.writeFileSync(path.join(dir, "app.js"), APP);
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);

  it("an app that becomes ready and then hangs: the run goes on, the kubelet's restart is reported, NOT OK (exit 1)", async () => {
    const port = await freePort();
    write("hang.yaml", spec(port, { HANG_AFTER_MS: "2500" }, FAST));
    const r = await cli(["probe", "hang.yaml", "--exec", "node app.js", "--duration", "6", "--termination-grace", "1", "-o", "json"], dir);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const v = JSON.parse(r.stdout);
    assert.equal(v.everReady, true);
    assert.ok(v.restarts >= 1, JSON.stringify(v.events));
    assert.equal(v.ok, false);
    assert.ok(v.reasons.some((x: string) => /restart/.test(x)), JSON.stringify(v.reasons));
    // The restart count agrees with the timeline's killed/exited events.
    assert.equal(v.restarts, v.events.filter((e: any) => e.kind === "container" && (e.event === "killed" || e.event === "exited")).length);
  });

  it("a replica that lost readiness is not ready at the end, and the run keeps watching a failure streak", async () => {
    let n = 0;
    const server = http.createServer((req, res) => {
      // Ready at first, then readiness fails from the 4th readiness check on; liveness stays fine.
      if (req.url === "/ready") res.statusCode = ++n > 3 ? 503 : 200;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    write("lost.yaml", spec(8000, {}, `  readiness: { path: /ready, periodSeconds: 1, failureThreshold: 3 }\n  liveness: { path: /live, periodSeconds: 1, failureThreshold: 3 }`));
    const r = await cli(["probe", "lost.yaml", "--url", `http://127.0.0.1:${port}`, "--duration", "7", "-o", "json"], dir);
    server.close();
    const v = JSON.parse(r.stdout);
    assert.equal(r.code, 1);
    assert.deepEqual([v.everReady, v.ready, v.restarts], [true, false, 0]);
    assert.ok(v.reasons.some((x: string) => /readiness was lost at \d/.test(x)), JSON.stringify(v.reasons));
    // Healthy for a moment at 0-2 s, but a streak began before the watch window ended: not "settled".
    assert.notEqual(v.endedBy, "settled");
  });

  it("--exec shows the app's output: prefixed lines in text, the last lines at each exit in JSON", async () => {
    const port = await freePort();
    write("crash.yaml", spec(port, { CRASH_AFTER_MS: "400" }, FAST));
    const text = await cli(["probe", "crash.yaml", "--exec", "node app.js", "--duration", "2"], dir);
    assert.match(text.stdout, /app #1 ! boom: the model file is missing/);
    assert.match(text.stdout, /container {2}exited {2}exited: exit code 3/);
    const json = await cli(["probe", "crash.yaml", "--exec", "node app.js", "--duration", "2", "-o", "json"], dir);
    const v = JSON.parse(json.stdout);
    const exited = v.events.find((e: any) => e.event === "exited");
    assert.deepEqual(exited.output, ["listening", "boom: the model file is missing"]);
    const none = await cli(["probe", "crash.yaml", "--exec", "node app.js", "--duration", "2", "--app-output", "none"], dir);
    assert.doesNotMatch(none.stdout, /boom/);
  });

  it("a loopback `host` fails where the kubelet connects (the node), with the reason; validate warns too", async () => {
    const server = http.createServer((_, res) => res.end("ok"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    write("host.yaml", spec(8000, {}, `  readiness: { path: /ready, host: localhost, periodSeconds: 1 }`));
    const r = await cli(["probe", "host.yaml", "--url", `http://127.0.0.1:${port}`, "--duration", "3", "-o", "json"], dir);
    server.close();
    const v = JSON.parse(r.stdout);
    assert.equal(v.everReady, false, "the app answers on this machine's loopback, but the kubelet's check would not reach it");
    assert.ok(v.warnings.some((w: string) => /node's own loopback/.test(w) && /headers: \[\{name: Host/.test(w)), JSON.stringify(v.warnings));
    const validate = await cli(["validate", "host.yaml"], dir);
    assert.match(validate.stdout + validate.stderr, /healthChecks\.readiness\.host: "localhost" is the node's own loopback/);
  });

  it("$(VAR) in an exec check is expanded from literal env values, as the kubelet does", async () => {
    const port = await freePort();
    write("expand.yaml", spec(port, { FLAG: "yes" }, `  startup: { exec: { command: ["test", "$(FLAG)", "=", "yes"] }, periodSeconds: 1 }\n  readiness: { exec: { command: ["test", "$$(FLAG)", "=", "$(FLAG)"] }, periodSeconds: 1 }`));
    const r = await cli(["probe", "expand.yaml", "--exec", "node app.js", "--duration", "3", "-o", "json"], dir);
    const v = JSON.parse(r.stdout);
    assert.equal(v.started, true, "test yes = yes");
    assert.equal(v.everReady, false, "$$(FLAG) is the literal $(FLAG), not yes");
  });

  it("an exec check that cannot run is errored: a startup check never starts nor kills, a liveness check never restarts; warned loudly", async () => {
    const port = await freePort();
    write("missing.yaml", spec(port, {}, `  startup: { exec: { command: ["no-such-binary-here"] }, periodSeconds: 1, failureThreshold: 2 }`));
    const a = await cli(["probe", "missing.yaml", "--exec", "node app.js", "--duration", "3", "-o", "json"], dir);
    const v = JSON.parse(a.stdout);
    assert.deepEqual([a.code, v.started, v.restarts], [1, false, 0]);
    assert.ok(v.events.some((e: any) => e.kind === "startup" && e.event === "errored" && /executable file not found/.test(e.detail)));
    assert.ok(v.reasons.some((x: string) => /never started: every startup attempt errored/.test(x)), JSON.stringify(v.reasons));
    assert.ok(v.warnings.some((w: string) => /rollout stalls until its progress deadline/.test(w)));
    write("missing-live.yaml", spec(port, {}, `  readiness: { path: /ready, periodSeconds: 1 }\n  liveness: { exec: { command: ["no-such-binary-here"] }, periodSeconds: 1, failureThreshold: 1 }`));
    const b = JSON.parse((await cli(["probe", "missing-live.yaml", "--exec", "node app.js", "--duration", "3", "-o", "json"], dir)).stdout);
    assert.deepEqual([b.restarts, b.ok], [0, false]);
    assert.ok(b.warnings.some((w: string) => /liveness check cannot run.*never restarts anything/.test(w)), JSON.stringify(b.warnings));
  });

  it("stopping waits for the app itself (not a wrapping shell) up to the grace period, then SIGKILL; an app ignoring SIGTERM is warned about", async () => {
    const port = await freePort();
    // A compound command keeps the shell: the wait still lasts until the app has exited (0.6 s).
    write("slow.yaml", spec(port, { ON_TERM: "slow" }, FAST));
    const slow = JSON.parse((await cli(["probe", "slow.yaml", "--exec", "cd . && node app.js", "--duration", "1.5", "-o", "json"], dir)).stdout);
    const stopped = slow.events.find((e: any) => e.event === "stopped");
    const secs = Number(/stopped ([\d.]+) s after SIGTERM/.exec(stopped.detail)![1]);
    assert.ok(secs >= 0.5 && secs < 3, stopped.detail);
    write("ignore.yaml", spec(port, { ON_TERM: "ignore" }, FAST));
    const t0 = Date.now();
    const ignore = JSON.parse((await cli(["probe", "ignore.yaml", "--exec", "node app.js", "--duration", "1.5", "--termination-grace", "1", "-o", "json"], dir)).stdout);
    assert.ok(Date.now() - t0 >= 2400, "1.5 s run + 1 s grace");
    assert.match(ignore.events.find((e: any) => e.event === "stopped").detail, /SIGKILL after the 1 s grace period/);
    assert.ok(ignore.warnings.some((w: string) => /did not stop within the 1 s grace period after SIGTERM/.test(w)));
    write("exit.yaml", spec(port, { ON_TERM: "exit" }, FAST));
    const clean = JSON.parse((await cli(["probe", "exit.yaml", "--exec", "node app.js", "--duration", "1.5", "-o", "json"], dir)).stdout);
    assert.ok(!clean.warnings.some((w: string) => /SIGTERM/.test(w)), JSON.stringify(clean.warnings));
  });

  it("an app that exits leaves no background children behind (its group is killed)", async () => {
    const port = await freePort();
    const pids = path.join(dir, "leak.pids");
    fs.writeFileSync(pids, "");
    write("leak.yaml", spec(port, { CHILD: "1", CRASH_AFTER_MS: "500", PID_FILE: pids }, FAST));
    await cli(["probe", "leak.yaml", "--exec", "node app.js", "--duration", "2"], dir);
    await sleep(200);
    const all = fs.readFileSync(pids, "utf8").trim().split("\n").map(Number);
    assert.ok(all.length >= 4, "two starts, each with a child");
    assert.deepEqual(all.filter(alive), []);
  });

  it("Ctrl-C stops the app and its whole process tree, and exits 130", async () => {
    const port = await freePort();
    const pids = path.join(dir, "int.pids");
    fs.writeFileSync(pids, "");
    write("int.yaml", spec(port, { CHILD: "1", PID_FILE: pids }, FAST));
    let cliPid = 0;
    const pending = cli(["probe", "int.yaml", "--exec", "node app.js", "--duration", "30"], dir, (pid) => (cliPid = pid));
    while (fs.readFileSync(pids, "utf8").trim().split("\n").length < 2) await sleep(50);
    process.kill(cliPid, "SIGINT");
    const r = await pending;
    assert.equal(r.code, 130, r.stdout + r.stderr);
    assert.ok(r.ms < 10_000);
    await sleep(200);
    assert.deepEqual(fs.readFileSync(pids, "utf8").trim().split("\n").map(Number).filter(alive), []);
  });

  it("the run ends at --duration even when a body drips past a long timeout (errored attempts are aborted)", async () => {
    const server = http.createServer((_, res) => {
      res.writeHead(200);
      const t = setInterval(() => res.write("x"), 500);
      res.on("close", () => clearInterval(t));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    write("drip.yaml", spec(8000, {}, `  readiness: { path: /, timeoutSeconds: 20, periodSeconds: 1 }`));
    const r = await cli(["probe", "drip.yaml", "--url", `http://127.0.0.1:${port}`, "--duration", "3", "-o", "json"], dir);
    server.close();
    assert.ok(r.ms < 6000, `${r.ms} ms`);
    assert.equal(JSON.parse(r.stdout).endedBy, "duration");
  });

  it("periods and timeouts beyond what a timer holds are not turned into 1 ms timers", async () => {
    let hits = 0;
    const server = http.createServer((_, res) => {
      hits++;
      setTimeout(() => res.end("ok"), 300);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    write("huge.yaml", spec(8000, {}, `  readiness: { path: /, timeoutSeconds: 3000000, periodSeconds: 3000000 }`));
    const r = await cli(["probe", "huge.yaml", "--url", `http://127.0.0.1:${port}`, "--duration", "2", "-o", "json"], dir);
    server.close();
    const v = JSON.parse(r.stdout);
    assert.equal(hits, 1, "one check, then the next tick is 34 days away");
    assert.equal(v.everReady, true, "the 300 ms answer is within a 3,000,000 s timeout");
  });

  it("an https --url is warned about and probed with plain HTTP, as the kubelet would", async () => {
    const server = http.createServer((_, res) => res.end("ok"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    write("https.yaml", spec(8000, {}, `  readiness: { path: /, periodSeconds: 1 }`));
    const v = JSON.parse((await cli(["probe", "https.yaml", "--url", `https://127.0.0.1:${port}`, "--duration", "3", "-o", "json"], dir)).stdout);
    server.close();
    assert.equal(v.everReady, true, "plain HTTP reached the plain HTTP server");
    assert.ok(v.warnings.some((w: string) => /is https, but Gradient checks have no scheme field/.test(w)));
  });

  it("an invalid --url is a usage error (exit 2), never a stack trace", async () => {
    write("url.yaml", spec(8000, {}, FAST));
    for (const url of ["http://127.0.0.1:99999", "http://[::1", "not a url"]) {
      const r = await cli(["probe", "url.yaml", "--url", url], dir);
      assert.equal(r.code, 2, url);
      assert.match(r.stderr, /--url must be an http/);
      assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
    }
    assert.equal((await cli(["probe", "url.yaml", "--url", "http://127.0.0.1:1", "--duration", "3000000"], dir)).code, 2);
  });
});
