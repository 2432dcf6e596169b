/** `model-deploy probe`: the app's processes are run and stopped as a container's; the run ends when it should. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as path from "node:path";
import { alive, cli, FAST, freePort, sleep, spec, workdir } from "./appHarness";

describe("model-deploy probe: the runner's processes and timers", function () {
  this.timeout(40_000);
  const { dir, write } = workdir("md-runner-");

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
    const ignore = JSON.parse((await cli(["probe", "ignore.yaml", "--exec", "node app.js", "--duration", "1.5", "--termination-grace-period", "3", "-o", "json"], dir)).stdout);
    assert.ok(Date.now() - t0 >= 4400, "1.5 s run + 3 s grace");
    assert.match(ignore.events.find((e: any) => e.event === "stopped").detail, /SIGKILL after the 3 s grace period/);
    assert.ok(ignore.warnings.some((w: string) => /did not stop within the 3 s grace period after SIGTERM/.test(w)));
    write("exit.yaml", spec(port, { ON_TERM: "exit" }, FAST));
    const clean = JSON.parse((await cli(["probe", "exit.yaml", "--exec", "node app.js", "--duration", "1.5", "-o", "json"], dir)).stdout);
    assert.ok(!clean.warnings.some((w: string) => /SIGTERM/.test(w)), JSON.stringify(clean.warnings));
  });

  it("an app that exits leaves no background children behind (its group is killed)", async () => {
    const port = await freePort();
    const pids = path.join(dir, "leak.pids");
    fs.writeFileSync(pids, "");
    write("leak.yaml", spec(port, { CHILD: "1", CRASH_AFTER_MS: "500", PID_FILE: pids }, FAST));
    const r = await cli(["probe", "leak.yaml", "--exec", "node app.js", "--duration", "3", "-o", "json"], dir);
    await sleep(200);
    const all = fs.readFileSync(pids, "utf8").trim().split("\n").map(Number);
    assert.ok(JSON.parse(r.stdout).restarts >= 1, "the app exited at least once during the run");
    assert.ok(all.length >= 2, "an app and its child");
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
