/**
 * The project's scenario set for `model-deploy probe`: each scenario is a real local app (a raw
 * TCP server on 127.0.0.1 that writes exact bytes, or a process the runner starts), a spec, and
 * the outcome the kubelet would reach, derived from its source:
 * - pkg/probe/http/http.go (https://github.com/kubernetes/kubernetes/blob/master/pkg/probe/http/http.go):
 *   Go's client, status 200-399 success, at most 10 KiB of body, client errors are failures, body
 *   read errors are errors;
 * - Go's net/http/transfer.go (https://github.com/golang/go/blob/master/src/net/http/transfer.go):
 *   how a body is delimited;
 * - pkg/kubelet/prober/worker.go and prober.go: thresholds, errored results thrown away, readiness
 *   probed while the container runs;
 * - pkg/kubelet/kuberuntime/kuberuntime_container.go: the kill, its grace period and its 2 s minimum;
 * - pkg/kubelet/kubelet_pods.go and third_party/forked/golang/expansion: the container's env.
 * `runScenarios` runs them all at once and says, for each, whether the verdict agrees.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { resolveDeployment } from "../../sdk/core/resolve";
import { runProbeSession, Verdict } from "../../sdk/prober/session";
import { APP, freePort } from "./appHarness";

/**
 * What a route answers to its n-th request (from 1): raw response bytes (then the connection
 * closes), `{ stall }` (those bytes, then nothing, the connection held open), or `hang` (nothing).
 */
type Route = (n: number) => string | Buffer | { stall: string } | "hang";

/** The kubelet's outcome, as facts about the verdict. */
export interface Expected {
  ok?: boolean;
  started?: boolean;
  everReady?: boolean;
  ready?: boolean;
  restarts?: number;
  minRestarts?: number;
  /**
   * The first kill: the pod was Ready when it was decided and stayed Ready until the container
   * stopped (no `not ready` between `killed` and `stopped`), then not ready.
   */
  readyThroughKill?: boolean;
  /** The `stopped` event's detail. */
  stopped?: RegExp;
}

export interface Scenario {
  name: string;
  /** The kubelet source the expectation comes from, and why. */
  kubelet: string;
  /** One of issue 24's cases: the runner disagreed with the kubelet before it. */
  issue24?: boolean;
  checks: Record<string, unknown>;
  env?: Array<{ name: string; value: string }>;
  /** `--url` against raw routes, or `--exec` of the harness app (or a script of its own) with env. */
  app: { routes: Record<string, Route> } | { exec: "harness" | string; env?: Record<string, string> };
  durationSeconds: number;
  killGraceSeconds?: number;
  expect: Expected;
}

const ok200 = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
const status = (code: number, reason = "X") => `HTTP/1.1 ${code} ${reason}\r\nContent-Length: 0\r\n\r\n`;
const fast = (path: string) => ({ path, periodSeconds: 1 });

/** The set. */
export const SCENARIOS: Scenario[] = [
  // --- issue 24: Go's client reads bodies by their framing, not Node's ---
  {
    name: "liveness 500 whose body is longer than its Content-Length",
    kubelet: "transfer.go reads exactly Content-Length bytes; http.go: 500 is Failure; worker.go: F failures kill",
    issue24: true,
    checks: { liveness: { path: "/live", periodSeconds: 1, failureThreshold: 2 } },
    app: { routes: { "/live": () => "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\nerror: model not loaded" } },
    durationSeconds: 5,
    expect: { minRestarts: 1, ok: false },
  },
  {
    name: "readiness 200 whose Content-Length counts characters, not UTF-8 bytes",
    kubelet: "transfer.go: the body is the first Content-Length bytes, the rest never read; http.go: 200 is Success",
    issue24: true,
    checks: { readiness: fast("/ready") },
    app: { routes: { "/ready": () => Buffer.concat([Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n"), Buffer.from("prêt ✓", "utf8")]) } },
    durationSeconds: 8,
    expect: { ok: true, ready: true, restarts: 0 },
  },
  {
    name: "readiness 204 with a stray body",
    kubelet: "transfer.go: no body for 204 (bodyAllowedForStatus); http.go: 204 is Success",
    issue24: true,
    checks: { readiness: fast("/ready") },
    app: { routes: { "/ready": () => "HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\nignored" } },
    durationSeconds: 8,
    expect: { ok: true, ready: true },
  },
  {
    name: "readiness 304 with a stray body",
    kubelet: "transfer.go: no body for 304; http.go: 304 (not followed) is Warning, counted as Success",
    issue24: true,
    checks: { readiness: fast("/ready") },
    app: { routes: { "/ready": () => "HTTP/1.1 304 Not Modified\r\n\r\nstray" } },
    durationSeconds: 8,
    expect: { ok: true, ready: true },
  },
  {
    name: "readiness chunked 200 with bytes after the last chunk, behind a 100 Continue",
    kubelet: "transport.go skips 1xx; chunked.go decodes and stops at the last chunk; http.go: Success",
    issue24: true,
    checks: { readiness: fast("/ready") },
    app: { routes: { "/ready": () => "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\nleftover" } },
    durationSeconds: 8,
    expect: { ok: true, ready: true },
  },
  {
    name: "a liveness kill: the pod stays Ready through the grace period, until the container exits",
    kubelet: "kuberuntime_container.go killContainer stops the container over its grace period; worker.go probes readiness while the container is Running",
    issue24: true,
    // The startup check holds liveness until the app listens (and handles SIGTERM).
    checks: { startup: fast("/ready"), readiness: fast("/ready"), liveness: { path: "/live", periodSeconds: 1, failureThreshold: 1 } },
    app: { exec: "harness", env: { LIVE_FAIL_AFTER_MS: "1500", ON_TERM: "slow" } },
    durationSeconds: 5,
    expect: { minRestarts: 1, readyThroughKill: true },
  },
  {
    name: "env values that refer to earlier entries, as the app sees them",
    kubelet: "kubelet_pods.go makeEnvironmentVariables expands $(VAR) from the entries before it (expansion.Expand)",
    issue24: true,
    checks: { readiness: fast("/ready") },
    env: [
      { name: "A", value: "a" },
      { name: "B", value: "$(A)x" },
    ],
    app: { exec: "harness", env: { READY_IF_ENV: "B=ax" } },
    durationSeconds: 8,
    expect: { ok: true, ready: true },
  },
  {
    name: "env values that refer to earlier entries, as an exec check sees them",
    kubelet: "the exec check runs in the container, whose env the kubelet expanded (kubelet_pods.go)",
    issue24: true,
    checks: { readiness: { exec: { command: ["sh", "-c", 'test "$B" = ax'] }, periodSeconds: 1 } },
    env: [
      { name: "A", value: "a" },
      { name: "B", value: "$(A)x" },
    ],
    app: { exec: "harness" },
    durationSeconds: 8,
    expect: { ok: true, ready: true },
  },
  {
    name: "grace period 0: SIGKILL only after the kubelet's 2 s minimum",
    kubelet: "kuberuntime_container.go killContainer: gracePeriod < minimumGracePeriodInSeconds (2) is raised to 2",
    issue24: true,
    checks: { startup: fast("/ready"), liveness: { path: "/live", periodSeconds: 1, failureThreshold: 1 } },
    app: { exec: "harness", env: { LIVE_FAIL_AFTER_MS: "1000", ON_TERM: "ignore" } },
    killGraceSeconds: 0,
    durationSeconds: 6,
    expect: { minRestarts: 1, stopped: /^SIGKILL after the 2 s grace period/ },
  },
  {
    name: "a liveness check that hangs shortly before the run would settle",
    kubelet: "worker.go counts the attempt when its timeout ends; with failureThreshold 1 that kills",
    issue24: true,
    checks: { readiness: fast("/ready"), liveness: { path: "/live", periodSeconds: 1, timeoutSeconds: 4, failureThreshold: 1 } },
    // The run would settle at about 8 s (watch 4 x 1 + 4); the 7th check (about 6 s) hangs to 10 s.
    app: { routes: { "/ready": () => ok200, "/live": (n) => (n >= 7 ? "hang" : ok200) } },
    durationSeconds: 12,
    expect: { minRestarts: 1, ok: false },
  },
  // --- cases the runner already agreed on ---
  {
    name: "two different Content-Lengths on a liveness answer",
    kubelet: "transfer.go: client.Do fails (multiple Content-Length); http.go: a client error is Failure",
    checks: { liveness: { path: "/live", periodSeconds: 1, failureThreshold: 2 } },
    app: { routes: { "/live": () => "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nokk" } },
    durationSeconds: 5,
    expect: { minRestarts: 1 },
  },
  {
    name: "an app that becomes ready after a delay",
    kubelet: "worker.go: readiness starts Failure and turns Success at its first success",
    checks: { readiness: fast("/ready"), liveness: fast("/live") },
    app: { routes: { "/ready": (n) => (n > 2 ? ok200 : status(503)), "/live": () => ok200 } },
    durationSeconds: 10,
    expect: { ok: true, ready: true, restarts: 0 },
  },
  {
    name: "liveness 500 from the second check",
    kubelet: "http.go: 500 is Failure; worker.go: F consecutive failures kill",
    checks: { liveness: { path: "/live", periodSeconds: 1, failureThreshold: 2 } },
    app: { routes: { "/live": (n) => (n > 1 ? status(500) : ok200) } },
    durationSeconds: 5,
    expect: { minRestarts: 1, ok: false },
  },
  {
    name: "a startup check that never passes",
    kubelet: "worker.go: startup Failure after F kills; liveness and readiness never run",
    checks: { startup: { path: "/startup", periodSeconds: 1, failureThreshold: 2 }, readiness: fast("/ready") },
    app: { routes: { "/startup": () => status(503), "/ready": () => ok200 } },
    durationSeconds: 4,
    expect: { started: false, everReady: false, minRestarts: 1 },
  },
  {
    name: "readiness lost after being ready",
    kubelet: "worker.go: readiness Failure after F sets not ready; it never restarts anything",
    checks: { readiness: { path: "/ready", periodSeconds: 1, failureThreshold: 2 } },
    app: { routes: { "/ready": (n) => (n > 2 ? status(503) : ok200) } },
    durationSeconds: 6,
    expect: { everReady: true, ready: false, restarts: 0 },
  },
  {
    name: "a cross-host redirect on readiness",
    kubelet: "http.go RedirectChecker: another host is not followed, the 3xx is Warning, counted as Success",
    checks: { readiness: fast("/ready") },
    app: { routes: { "/ready": () => "HTTP/1.1 302 Found\r\nLocation: http://elsewhere.invalid/\r\nContent-Length: 0\r\n\r\n" } },
    durationSeconds: 8,
    expect: { ok: true, ready: true },
  },
  {
    name: "a same-host redirect to a 500",
    kubelet: "http.go: same-host redirects are followed; the target's 500 is Failure",
    checks: { readiness: fast("/ready") },
    app: { routes: { "/ready": () => "HTTP/1.1 301 Moved\r\nLocation: /bad\r\nContent-Length: 0\r\n\r\n", "/bad": () => status(500) } },
    durationSeconds: 4,
    expect: { everReady: false },
  },
  {
    name: "a body cut short of its Content-Length on liveness",
    kubelet: "transfer.go: unexpected EOF reading the body; http.go returns the error; worker.go throws errored results away",
    checks: { liveness: { path: "/live", periodSeconds: 1, failureThreshold: 1 } },
    app: { routes: { "/live": () => "HTTP/1.1 500 X\r\nContent-Length: 100\r\n\r\nshort" } },
    durationSeconds: 4,
    expect: { restarts: 0, ok: false },
  },
  {
    name: "a liveness check whose headers never come",
    kubelet: "http.go: the client timeout before headers is a client error, Failure; F failures kill",
    checks: { liveness: { path: "/live", periodSeconds: 1, failureThreshold: 2 } },
    app: { routes: { "/live": () => "hang" } },
    durationSeconds: 5,
    expect: { minRestarts: 1 },
  },
  {
    name: "a readiness body that stalls after the headers",
    kubelet: "http.go: the body read fails at the deadline, an error; prober.go retries 3 times; worker.go throws it away",
    checks: { readiness: fast("/ready") },
    app: { routes: { "/ready": () => ({ stall: "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial" }) } },
    durationSeconds: 4,
    expect: { everReady: false, restarts: 0 },
  },
  {
    name: "an exec liveness check that outlasts its timeout",
    kubelet: "pkg/probe/exec: a command that times out is Failure; F failures kill",
    checks: { readiness: fast("/ready"), liveness: { exec: { command: ["sleep", "5"] }, periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 2 } },
    app: { exec: "harness" },
    durationSeconds: 5,
    expect: { minRestarts: 1 },
  },
  {
    name: "an app that crashes",
    kubelet: "the container exits by itself; the kubelet restarts it (back-off)",
    checks: { readiness: fast("/ready") },
    app: { exec: "harness", env: { CRASH_AFTER_MS: "500" } },
    durationSeconds: 3,
    expect: { minRestarts: 1, ok: false },
  },
  {
    name: "a liveness exec check whose binary is missing",
    kubelet: "prober.go: the exec error is an error, not a failure; worker.go throws it away (kubernetes#106682)",
    checks: { readiness: fast("/ready"), liveness: { exec: { command: ["no-such-binary-here"] }, periodSeconds: 1, failureThreshold: 1 } },
    app: { exec: "harness" },
    durationSeconds: 3,
    expect: { restarts: 0, ok: false },
  },
  {
    name: "a readiness check with host: localhost",
    kubelet: "http.go dials the host from the node: its loopback, not the pod's",
    checks: { readiness: { path: "/ready", host: "localhost", periodSeconds: 1 } },
    app: { routes: { "/ready": () => ok200 } },
    durationSeconds: 3,
    expect: { everReady: false },
  },
];

/** A raw HTTP app: each request's path picks its route; unknown paths get a 404. */
async function rawApp(routes: Record<string, Route>): Promise<{ port: number; close: () => void }> {
  const counts = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((c) => {
    sockets.add(c);
    c.on("error", () => undefined);
    let head = "";
    c.on("data", (d) => {
      if (head.includes("\r\n\r\n")) return;
      head += d.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      const target = head.split(" ")[1] ?? "/";
      const n = (counts.get(target) ?? 0) + 1;
      counts.set(target, n);
      const answer = routes[target]?.(n) ?? status(404);
      if (answer === "hang") return;
      if (typeof answer === "object" && "stall" in answer) c.write(answer.stall);
      else c.end(answer);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

export interface ScenarioResult {
  scenario: Scenario;
  verdict: Verdict;
  /** Where the verdict differs from the kubelet's outcome; empty when they agree. */
  mismatches: string[];
}

/** Where a verdict differs from the expected outcome. */
export function compare(v: Verdict, e: Expected): string[] {
  const out: string[] = [];
  for (const key of ["ok", "started", "everReady", "ready", "restarts"] as const) {
    if (e[key] !== undefined && v[key] !== e[key]) out.push(`${key}: ${v[key]}, the kubelet: ${e[key]}`);
  }
  if (e.minRestarts !== undefined && v.restarts < e.minRestarts) out.push(`restarts: ${v.restarts}, the kubelet: at least ${e.minRestarts}`);
  const container = v.events.filter((x) => x.kind === "container").map((x) => x.event);
  if (e.readyThroughKill) {
    const killed = container.indexOf("killed");
    const stopped = container.indexOf("stopped", killed);
    const before = container.slice(0, killed).filter((x) => x === "ready" || x === "not ready").pop();
    const during = container.slice(killed, stopped === -1 ? undefined : stopped);
    if (killed === -1 || stopped === -1 || before !== "ready" || during.includes("not ready") || container[stopped + 1] !== "not ready") {
      out.push(`events ${container.join(", ")}: the kubelet keeps a Ready pod Ready from "killed" until the container has stopped`);
    }
  }
  if (e.stopped) {
    const stopped = v.events.find((x) => x.kind === "container" && x.event === "stopped");
    if (!stopped || !e.stopped.test(stopped.detail ?? "")) out.push(`stopped: ${stopped?.detail}, the kubelet: ${e.stopped}`);
  }
  return out;
}

/** Runs one scenario against its real app. */
export async function runScenario(s: Scenario, dir: string): Promise<ScenarioResult> {
  const port = "routes" in s.app ? 8000 : await freePort();
  const raw = "routes" in s.app ? await rawApp(s.app.routes) : undefined;
  const appEnv = "exec" in s.app ? Object.entries({ PORT: String(port), ...(s.app.env ?? {}) }).map(([name, value]) => ({ name, value })) : [];
  const spec = {
    name: "scenario",
    image: "scenario:1",
    env: [...(s.env ?? []), ...appEnv],
    resources: { machineType: "C4", ports: [port] },
    healthChecks: s.checks,
  };
  const r = resolveDeployment(spec);
  const app = "exec" in s.app ? (s.app.exec === "harness" ? `node ${path.join(dir, "app.js")}` : s.app.exec) : undefined;
  try {
    const verdict = await runProbeSession(r, {
      mode: raw ? { url: `http://127.0.0.1:${raw.port}` } : { exec: app! },
      durationSeconds: s.durationSeconds,
      appOutput: "none",
      ...(s.killGraceSeconds !== undefined ? { killGraceSeconds: s.killGraceSeconds } : {}),
    });
    return { scenario: s, verdict, mismatches: compare(verdict, s.expect) };
  } finally {
    raw?.close();
  }
}

/** The harness app, with the extra behaviours the scenarios use. */
export const SCENARIO_APP = APP.replace(
  "http.createServer((req, res) => {",
  `http.createServer((req, res) => {
  if (process.env.LIVE_FAIL_AFTER_MS && req.url === "/live" && Date.now() - start > Number(process.env.LIVE_FAIL_AFTER_MS)) { res.statusCode = 500; return res.end("dead"); }
  if (process.env.READY_IF_ENV && req.url === "/ready") { const [k, v] = process.env.READY_IF_ENV.split("="); res.statusCode = process.env[k] === v ? 200 : 503; return res.end(String(process.env[k])); }`,
);

/** Runs every scenario at once (they mostly wait on timers); `only` filters by name. */
export async function runScenarios(only?: (s: Scenario) => boolean): Promise<ScenarioResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-scenarios-"));
  fs.writeFileSync(path.join(dir, "app.js"), SCENARIO_APP);
  // Each session adds an exit listener (its app's last-resort kill); they all run at once here.
  process.setMaxListeners(Math.max(process.getMaxListeners(), SCENARIOS.length + 10));
  try {
    return await Promise.all(SCENARIOS.filter(only ?? (() => true)).map((s) => runScenario(s, dir)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
