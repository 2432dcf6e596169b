/**
 * A probe session: runs a deployment's probes, exactly as emitted, against a running app (`--url`)
 * or an app it starts and restarts itself (`--exec`), with the kubelet's semantics, and judges
 * the run: started, ready, restarted, and the common mistakes seen on the way.
 */
import { spawn, ChildProcess } from "node:child_process";
import * as os from "node:os";
import type { Probe } from "../manifests/k8s";
import type { ProbeKind } from "../core/probes";
import type { ResolvedDeployment } from "../core/resolve";
import { Clock, RealClock } from "./clock";
import { execAttempt } from "./execAttempt";
import { AttemptOutcome, httpAttempt } from "./httpAttempt";
import { ContainerControl, KubeletEvent, KubeletSim } from "./kubelet";

export type SessionMode = { url: string } | { exec: string };

export interface SessionOptions {
  mode: SessionMode;
  /** Stop after this long at the latest (seconds). */
  durationSeconds: number;
  clock?: Clock;
  /** Called for each event as it happens (the live timeline). */
  onEvent?: (e: KubeletEvent) => void;
  /**
   * How long a stopped app may take to exit after SIGTERM before SIGKILL, as the kubelet gives a
   * container its pod's `terminationGracePeriodSeconds`.
   * @default the resolved spec's terminationGracePeriodSeconds
   */
  killGraceSeconds?: number;
}

export interface Verdict {
  ok: boolean;
  started: boolean;
  startedAfterSeconds?: number;
  startupBudgetSeconds?: number;
  ready: boolean;
  readyAfterSeconds?: number;
  /** Container restarts (exec) or restarts the kubelet would have made (url). */
  restarts: number;
  mode: "url" | "exec";
  warnings: string[];
  events: KubeletEvent[];
  /** Where the probes were sent. */
  target: string;
}

/** The first non-loopback IPv4 address of this machine, like a pod IP; else loopback. */
export function podAddress(): string {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return "127.0.0.1";
}

export async function runProbeSession(r: ResolvedDeployment, options: SessionOptions): Promise<Verdict> {
  const clock = options.clock ?? new RealClock();
  const mode = "url" in options.mode ? "url" : "exec";
  const primary = r.ports[0].containerPort;
  let host: string;
  let scheme: "http" | "https" = "http";
  let primaryPort = primary;
  if ("url" in options.mode) {
    const u = new URL(options.mode.url);
    host = u.hostname.replace(/^\[|\]$/g, "");
    scheme = u.protocol === "https:" ? "https" : "http";
    primaryPort = Number(u.port || (scheme === "https" ? 443 : 80));
  } else {
    host = podAddress();
  }
  const warnings = new Set<string>();
  const env = { ...process.env, ...Object.fromEntries(r.env.flatMap((e) => ("value" in e ? [[e.name, e.value]] : []))) };

  const portOf = (p: Probe): number => {
    const port = p.httpGet!.port;
    const n = typeof port === "number" ? port : r.ports.find((x) => x.name === port)!.containerPort;
    return n === primary ? primaryPort : n;
  };

  const lastResult: Partial<Record<ProbeKind, string>> = {};
  const run = async (kind: ProbeKind, p: Probe): Promise<{ result: AttemptOutcome["result"]; output: string }> => {
    let o: AttemptOutcome;
    if (p.exec) {
      o = await execAttempt(p.exec.command, p.timeoutSeconds * 1000, env);
    } else {
      const g = p.httpGet!;
      const target = { scheme, host: g.host ?? host, port: portOf(p), path: g.path, headers: g.httpHeaders };
      o = await httpAttempt(target, p.timeoutSeconds * 1000);
      if (o.result === "failure" && /ECONNREFUSED/.test(o.output) && target.host !== "127.0.0.1" && mode === "exec") {
        const loop = await httpAttempt({ ...target, host: "127.0.0.1" }, p.timeoutSeconds * 1000);
        if (loop.result === "success" || loop.result === "warning") {
          warnings.add(`the app answers on 127.0.0.1 but not on ${target.host}: it is bound to loopback only, and the kubelet probes the pod IP (bind to 0.0.0.0)`);
        }
      }
      const [first, second] = o.hops;
      if (first && second && [301, 302, 307, 308].includes(first.status ?? 0)) {
        const a = new URL(first.url).pathname;
        const b = new URL(second.url).pathname;
        if (a !== b && a.replace(/\/$/, "") === b.replace(/\/$/, "")) {
          warnings.add(`the ${kind} probe path ${a} redirects to ${b}: use ${b} in the spec to save a request per check`);
        }
      }
    }
    if (kind === "liveness" && o.result === "failure" && lastResult.readiness === "success") {
      warnings.add("the liveness probe failed while readiness passed: a liveness check stricter than readiness restarts healthy replicas");
    }
    lastResult[kind] = o.result === "warning" ? "success" : o.result;
    return { result: o.result, output: o.output };
  };

  let child: ChildProcess | undefined;
  let sim: KubeletSim | undefined;
  let killing = false;
  const container: ContainerControl = {
    start() {
      if ("exec" in options.mode) {
        const c = spawn(options.mode.exec, { shell: true, env, stdio: "ignore", detached: true });
        child = c;
        c.on("error", () => undefined);
        // A process that ends by itself is a crashed container (unless we killed it).
        c.on("exit", (code, signal) => {
          if (child === c && !killing) sim?.containerExited(signal ? `signal ${signal}` : `exit code ${code}`);
        });
      }
    },
    async kill() {
      if (!child || child.exitCode !== null || child.pid === undefined) return;
      const c = child;
      killing = true;
      const exited = new Promise<void>((res) => c.once("exit", () => res()));
      try {
        process.kill(-c.pid!, "SIGTERM");
      } catch {
        /* already gone */
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((res) => (timer = setTimeout(res, (options.killGraceSeconds ?? r.terminationGracePeriodSeconds) * 1000)));
      await Promise.race([exited, timeout]);
      clearTimeout(timer);
      try {
        process.kill(-c.pid!, "SIGKILL");
      } catch {
        /* gone */
      }
      killing = false;
    },
  };

  sim = new KubeletSim(r.probes, run, container, clock);
  const seen = new Map<string, string>();
  const start = clock.now();
  await sim.start();
  const livenessNeeded = Boolean(r.probes.liveness);
  // Once started and ready, keep watching long enough for any probe to reach its failure threshold.
  const watch = Math.max(1, ...[r.probes.liveness, r.probes.readiness].flatMap((p) => (p ? [p.periodSeconds * p.failureThreshold + p.timeoutSeconds] : [])));
  let emitted = 0;
  await new Promise<void>((resolve) => {
    let settledAt: number | undefined;
    const poll = () => {
      // Emit new events: container changes, and probe results that differ from the previous one.
      for (; emitted < sim.events.length; emitted++) {
        const e = sim.events[emitted];
        const key = e.kind;
        if (e.kind === "container" || (e.kind === "startup" && e.event === "started") || seen.get(key) !== e.event) options.onEvent?.(e);
        if (e.kind !== "container") seen.set(key, e.event);
      }
      const elapsed = (clock.now() - start) / 1000;
      const livenessOk = !livenessNeeded || sim.events.some((e) => e.kind === "liveness" && e.event === "success");
      if (sim.started && sim.ready && livenessOk) settledAt ??= elapsed;
      if (elapsed >= options.durationSeconds || (settledAt !== undefined && elapsed - settledAt >= watch)) return resolve();
      clock.setTimeout(poll, 100);
    };
    poll();
  });
  sim.stop();
  if (clock instanceof RealClock) clock.clearAll();
  await container.kill("session over");

  const budget = r.startupBudgetSeconds;
  if (budget !== undefined && sim.startedAfter !== undefined && sim.startedAfter > 0.8 * budget) {
    warnings.add(`start-up took ${sim.startedAfter.toFixed(1)} s, more than 80 % of the ${budget} s startup budget: a slower start (a bigger model, a cold node) will be killed`);
  }
  const started = sim.startedAfter !== undefined;
  const ready = sim.readyAfter !== undefined;
  return {
    ok: started && ready && sim.restarts === 0,
    started,
    ...(sim.startedAfter !== undefined ? { startedAfterSeconds: Math.round(sim.startedAfter * 1000) / 1000 } : {}),
    ...(budget !== undefined ? { startupBudgetSeconds: budget } : {}),
    ready,
    ...(sim.readyAfter !== undefined ? { readyAfterSeconds: Math.round(sim.readyAfter * 1000) / 1000 } : {}),
    restarts: sim.restarts,
    mode,
    warnings: [...warnings],
    events: sim.events,
    target: "url" in options.mode ? options.mode.url : `${host} (the app started with: ${options.mode.exec})`,
  };
}
