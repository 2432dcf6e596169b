/** `model-deploy probe`: the verdict describes how the run ended, and every check behaves as the kubelet's. */
import * as assert from "node:assert/strict";
import * as http from "node:http";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { cli, FAST, freePort, spec, workdir } from "./appHarness";

describe("model-deploy probe: the verdict", function () {
  this.timeout(40_000);
  const { dir, write } = workdir("md-runner-");

  it("an app that becomes ready and then hangs: the run goes on, the kubelet's restart is reported, NOT OK (exit 1)", async () => {
    const port = await freePort();
    write("hang.yaml", spec(port, { HANG_AFTER_MS: "2500" }, FAST));
    const r = await cli(["probe", "hang.yaml", "--exec", "node app.js", "--duration", "6", "--termination-grace-period", "1", "-o", "json"], dir);
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

  it("env values that refer to earlier entries are expanded as the kubelet makes the container's environment", async () => {
    const port = await freePort();
    const envFile = path.join(dir, "env.json");
    // Entries in order: B and D refer to A (defined before them), E to F (defined after it: kept).
    const env = `{ name: A, value: "a" }, { name: B, value: "$(A)x" }, { name: C, value: "$$(A)" }, { name: E, value: "$(F)" }, { name: F, value: "f" }, { name: D, value: "$(A)$(B)" }`;
    write("env.yaml", spec(port, { ENV_FILE: envFile }, `  readiness: { exec: { command: ["sh", "-c", "test \\"$B\\" = ax"] }, periodSeconds: 1 }`).replace("env: [", () => `env: [${env}, `));
    const r = await cli(["probe", "env.yaml", "--exec", "node app.js", "--duration", "3", "-o", "json"], dir);
    const v = JSON.parse(r.stdout);
    const seen = JSON.parse(fs.readFileSync(envFile, "utf8"));
    assert.deepEqual([seen.A, seen.B, seen.C, seen.D, seen.E, seen.F], ["a", "ax", "$(A)", "aax", "$(F)", "f"]);
    assert.equal(v.everReady, true, "the exec check sees B=ax too");
  });

  it("grace 0: the kubelet still allows 2 s between SIGTERM and SIGKILL", async () => {
    const port = await freePort();
    // The startup check holds liveness until the app listens (and so ignores SIGTERM).
    write("grace.yaml", spec(port, { HANG_AFTER_MS: "1500", ON_TERM: "ignore" }, `  startup: { path: /ready, periodSeconds: 1, failureThreshold: 10 }\n${FAST}`));
    const r = await cli(["probe", "grace.yaml", "--exec", "node app.js", "--duration", "8", "--termination-grace-period", "0", "-o", "json"], dir);
    const v = JSON.parse(r.stdout);
    const stopped = v.events.find((e: any) => e.kind === "container" && e.event === "stopped");
    assert.ok(stopped, JSON.stringify(v.events));
    assert.match(stopped.detail, /^SIGKILL after the 2 s grace period/);
    assert.ok(v.warnings.some((w: string) => /did not stop within the 2 s grace period/.test(w)), JSON.stringify(v.warnings));
  });

  // A check that hangs just before the run would settle: see the scenario set (scenarios.ts).
});
