/**
 * `model-deploy probe --suggest`: values are suggested only from a start the run saw (`--exec`);
 * with `--url`, or when something else already answered on the app's port, the verdict says the
 * start was not seen and nothing is suggested.
 */
import * as assert from "node:assert/strict";
import * as http from "node:http";
import * as net from "node:net";
import { resolveDeployment } from "../../sdk/core/resolve";
import { suggestTuning, withheldSuggestions } from "../../sdk/prober/suggest";
import { cli, freePort, spec, workdir } from "./appHarness";

/** A startup check whose every value would be tuned from a fast start: every 10 s, 6 times. */
const SLOW_STARTUP = `  startup: { path: /startup, periodSeconds: 10, failureThreshold: 6 }\n  readiness: { path: /ready, periodSeconds: 1 }\n  liveness: { path: /live, periodSeconds: 1 }`;

/** A server on 127.0.0.1 that answers 200, or 503 to the first `notUpFor` startup checks. */
async function server(notUpFor = 0): Promise<{ port: number; close: () => void }> {
  let startups = 0;
  const s = http.createServer((req, res) => {
    if (req.url === "/startup") res.statusCode = ++startups <= notUpFor ? 503 : 200;
    res.end("ok");
  });
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return { port: (s.address() as net.AddressInfo).port, close: () => s.close() };
}

describe("model-deploy probe --suggest: only from a start the run saw", function () {
  this.timeout(30_000);
  const { dir, write } = workdir("md-suggest-");

  it("--url to an app that is already up: 'already started', no start-up time, and no suggestion", async () => {
    const app = await server();
    write("up.yaml", spec(8000, {}, SLOW_STARTUP));
    try {
      const json = await cli(["probe", "up.yaml", "--url", `http://127.0.0.1:${app.port}`, "--duration", "2", "--suggest", "-o", "json"], dir);
      const v = JSON.parse(json.stdout);
      assert.equal(json.code, 0, json.stderr);
      assert.deepEqual([v.started, v.startObserved, v.alreadyStarted], [true, false, true]);
      assert.deepEqual(v.suggestions, [], "nothing may be derived from a start that was not seen");
      assert.match(v.suggestionsWithheld, /the app's start was not seen \(--url/);
      const text = await cli(["probe", "up.yaml", "--url", `http://127.0.0.1:${app.port}`, "--duration", "2", "--suggest"], dir);
      assert.match(text.stdout, /already started when the run began \(its first startup check passed\): --url does not see the app's start, so its start-up time is unknown/);
      assert.doesNotMatch(text.stdout, /started 0\.0 s after the start/);
      assert.doesNotMatch(text.stdout, /healthChecks\.startup/);
      assert.match(text.stdout, /Suggestions: none: the app's start was not seen/);
    } finally {
      app.close();
    }
  });

  it("--url to an app that comes up during the run: timed from the run's start, never called its start-up, nothing suggested", async () => {
    const app = await server(2);
    write("coming.yaml", spec(8000, {}, SLOW_STARTUP.replace("periodSeconds: 10, failureThreshold: 6", "periodSeconds: 1, failureThreshold: 10")));
    try {
      const text = await cli(["probe", "coming.yaml", "--url", `http://127.0.0.1:${app.port}`, "--duration", "4", "--suggest"], dir);
      assert.match(text.stdout, /\n {2}started \d+\.\d s after the run began \(startup budget 10 s\): not its start-up time, as --url does not see the app's start\n/);
      assert.match(text.stdout, /\n {2}ready \d+\.\d s after the run began\n/);
      assert.doesNotMatch(text.stdout, /in a cluster:/, "no cluster window for a start that was not seen");
      assert.match(text.stdout, /Suggestions: none/);
    } finally {
      app.close();
    }
  });

  it("--exec when something else already answers on the app's port: the start was not seen, warned, nothing suggested", async () => {
    const port = await freePort();
    const other = http.createServer((_, res) => res.end("an earlier instance"));
    await new Promise<void>((r) => other.listen(port, "0.0.0.0", r));
    write("taken.yaml", spec(port, {}, SLOW_STARTUP));
    try {
      const r = await cli(["probe", "taken.yaml", "--exec", "node app.js", "--duration", "2", "--suggest", "-o", "json"], dir);
      const v = JSON.parse(r.stdout);
      assert.equal(v.startObserved, false);
      assert.ok(v.warnings.some((w: string) => new RegExp(`already accepted connections on .*:${port} before the app was started`).test(w)), JSON.stringify(v.warnings));
      assert.deepEqual(v.suggestions, []);
      assert.match(v.suggestionsWithheld, /something else already answered on its port/);
    } finally {
      other.close();
    }
  });

  it("--exec: a start the run saw is timed from the process start, and tuned", async () => {
    const port = await freePort();
    // 503 for the first second: the startup check at 0 s fails, the one at 2 s passes.
    write("seen.yaml", spec(port, { READY_AFTER_MS: "1000" }, SLOW_STARTUP.replace("periodSeconds: 10, failureThreshold: 6", "periodSeconds: 2, failureThreshold: 30")));
    const r = await cli(["probe", "seen.yaml", "--exec", "node app.js", "--duration", "4", "--suggest", "-o", "json"], dir);
    const v = JSON.parse(r.stdout);
    assert.equal(v.startObserved, true, r.stderr);
    assert.equal(v.alreadyStarted, undefined, "a --url notion");
    assert.ok(v.startedAfterSeconds >= 1.9 && v.startedAfterSeconds < 4, String(v.startedAfterSeconds));
    assert.deepEqual(v.suggestions.map((s: any) => [s.field, s.to]), [["healthChecks.startup.periodSeconds", 1], ["healthChecks.startup.failureThreshold", 60]]);
    assert.equal(v.suggestionsWithheld, undefined);
  });

  it("suggestTuning derives nothing from a start that was not seen, whatever the times say", () => {
    const r = resolveDeployment({ image: "x", resources: { machineType: "C4", ports: [80] }, healthChecks: { startup: { path: "/", periodSeconds: 10, failureThreshold: 6 } } });
    const seen = { mode: "exec" as const, startObserved: true, startedAfterSeconds: 0, readyAfterSeconds: 0 };
    assert.equal(suggestTuning(r, seen).length, 2, "from a start that was seen, a 0 s start is tuned");
    assert.equal(withheldSuggestions(seen), undefined);
    for (const mode of ["url", "exec"] as const) {
      const unseen = { ...seen, mode, startObserved: false };
      assert.deepEqual(suggestTuning(r, unseen), []);
      assert.match(withheldSuggestions(unseen)!, mode === "url" ? /--url/ : /already answered on its port/);
    }
    const noStartup = resolveDeployment({ image: "x", resources: { machineType: "C4", ports: [80] }, healthChecks: { readiness: { path: "/", periodSeconds: 10 } } });
    assert.equal(suggestTuning(noStartup, { ...seen, readyAfterSeconds: 25 }).length, 1);
    assert.deepEqual(suggestTuning(noStartup, { ...seen, mode: "url", startObserved: false, readyAfterSeconds: 25 }), []);
  });
});
