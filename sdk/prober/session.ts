/**
 * A probe session: runs a deployment's probes, exactly as emitted, against a running app (`--url`)
 * or an app it starts and restarts itself (`--exec`), with the kubelet's semantics, and judges
 * how the run ended: started, ready at the end, restarted, checks that could never run, and the
 * common mistakes seen on the way.
 */
import * as net from "node:net";
import { PROBE_KINDS, killWindowsFromStart, type ProbeKind } from "../core/probes";
import type { ResolvedDeployment } from "../core/resolve";
import { staticEnvOf } from "../core/resolve";
import { containerEnvironment, expandCommand } from "../core/expansion";
import { MINIMUM_GRACE_SECONDS } from "../core/defaults";
import { probeHostIssues, probeHostKind } from "../core/probeHost";
import type { Window } from "../core/timeline";
import type { Probe } from "../manifests/k8s";
import { AppProcess, AppOutputMode } from "./appProcess";
import { Clock, RealClock } from "./clock";
import { execAttempt } from "./execAttempt";
import { AttemptOutcome, httpAttempt, KUBE_PROBE_VERSION } from "./httpAttempt";
import { podAddress } from "./podAddress";
import { ContainerControl, KubeletEvent, KubeletSim } from "./kubelet";

export { podAddress } from "./podAddress";
export type { AppOutputMode } from "./appProcess";

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
   * container its pod's `terminationGracePeriodSeconds`; less than 2 s is raised to 2 s, as the
   * kubelet raises it.
   * @default the resolved spec's terminationGracePeriodSeconds
   */
  killGraceSeconds?: number;
  /** `--exec`: the app's output, line by line (`lines`), its last lines at each exit (`tail`), or `none`. @default "tail" */
  appOutput?: AppOutputMode;
  /** `lines`: called for each line the app writes. */
  onAppOutput?: (line: string, stream: "stdout" | "stderr", container: number) => void;
  /** Ends the run early (Ctrl-C): the app and every process it started are stopped. */
  signal?: AbortSignal;
}

export interface Verdict {
  ok: boolean;
  /** Why the verdict is not OK, one reason each. */
  reasons: string[];
  started: boolean;
  /**
   * Whether the run saw the container start, so that `startedAfterSeconds` and `readyAfterSeconds`
   * (and their windows) are the app's own start-up times: with `--exec`, where the container's
   * start is the app's process start. False with `--url`: the app was started apart from the run
   * (before it, or at a moment the run cannot know), so those times count from the run's start (or
   * from a restart the kubelet would have made), and an app that is already up answers at once;
   * false too with `--exec` when something already answered on the app's port before it started.
   * Nothing is suggested from a start that was not seen.
   */
  startObserved: boolean;
  /**
   * `--url` with a startup probe: the app passed its first startup check, so it was already up
   * when the run began (its start-up time is unknown).
   */
  alreadyStarted?: boolean;
  /** From the start of the container that started (`startedContainer`) to its startup success. */
  startedAfterSeconds?: number;
  startedContainer?: number;
  /** Where that falls in a cluster, whose tick phase is random: [from, to) after the container starts. */
  startedWindow?: Window;
  startupBudgetSeconds?: number;
  /** Ready when the run ended (a replica that lost readiness is not ready). */
  ready: boolean;
  /** From the start of the container that first became ready to that moment. */
  readyAfterSeconds?: number;
  readyContainer?: number;
  readyWindow?: Window;
  /** Ready at some point of the run. */
  everReady: boolean;
  /** Container restarts (exec) or restarts the kubelet would have made (url): one per `killed`/`exited` event. */
  restarts: number;
  mode: "url" | "exec";
  /** How the run ended: settled (healthy for a full watch window), at --duration, or interrupted. */
  endedBy: "settled" | "duration" | "interrupted";
  endedAfterSeconds: number;
  /** The phase the runner's ticks use; in a cluster it is random. */
  phase: string;
  warnings: string[];
  events: KubeletEvent[];
  /** Where the probes were sent. */
  target: string;
}

const PHASE =
  "each check's ticks start at the container's start (the first tick at 0 s, or at once when startup succeeds for readiness); in a cluster the kubelet's ticks sit at a random phase, so each time is a window [from, to)";

export async function runProbeSession(r: ResolvedDeployment, options: SessionOptions): Promise<Verdict> {
  const clock = options.clock ?? new RealClock();
  const mode = "url" in options.mode ? "url" : "exec";
  const primary = r.ports[0].containerPort;
  const warnings = new Set<string>();
  let host: string;
  let primaryPort = primary;
  if ("url" in options.mode) {
    const u = new URL(options.mode.url);
    host = u.hostname.replace(/^\[|\]$/g, "");
    primaryPort = Number(u.port || (u.protocol === "https:" ? 443 : 80));
    if (u.protocol === "https:") {
      warnings.add(
        `${options.mode.url} is https, but Gradient checks have no scheme field and the kubelet speaks plain HTTP to the port: the checks were sent as plain HTTP to ${host}:${primaryPort}`,
      );
    }
  } else {
    host = podAddress();
  }
  const staticEnv = staticEnvOf(r.env);
  // The app and exec checks see the container's environment as the kubelet makes it: each value's
  // $(VAR) expanded from the entries before it. A Secret-backed entry takes the value this
  // machine's environment gives it, if any.
  const env = { ...process.env, ...containerEnvironment(staticEnv, (name) => process.env[name]) };

  const portOf = (p: Probe): number => {
    const port = p.httpGet!.port;
    const n = typeof port === "number" ? port : r.ports.find((x) => x.name === port)!.containerPort;
    return n === primary ? primaryPort : n;
  };

  // Decided once per check: the exec command as the kubelet expands it, and whether an HTTP
  // check's `host` can be reached from the node at all (its warning is the spec's own).
  const commands: Partial<Record<ProbeKind, string[]>> = {};
  const unreachable: Partial<Record<ProbeKind, string>> = {};
  for (const kind of PROBE_KINDS) {
    const p = r.probes[kind];
    if (p?.exec) commands[kind] = expandCommand(p.exec.command, staticEnv);
    const h = p?.httpGet?.host;
    const hostKind = h ? probeHostKind(h) : undefined;
    if (hostKind === "loopback") unreachable[kind] = `${h} is the node's loopback, not the pod`;
    if (hostKind === "cluster-name") unreachable[kind] = `lookup ${h}: no such host (the node's resolver)`;
  }
  for (const w of probeHostIssues(r.probes, r.securityProfile).warnings) warnings.add(`${w.path}: ${w.message}`);

  const lastResult: Partial<Record<ProbeKind, string>> = {};
  const erroredExec: Partial<Record<ProbeKind, string>> = {};
  const attempt = async (kind: ProbeKind, p: Probe, signal: AbortSignal): Promise<AttemptOutcome> => {
    if (p.exec) {
      const o = await execAttempt(commands[kind]!, p.timeoutSeconds * 1000, env, signal);
      if (o.result === "error" && !signal.aborted) erroredExec[kind] = o.output;
      return o;
    }
    const g = p.httpGet!;
    const target = { scheme: "http" as const, host: g.host || host, port: portOf(p), path: g.path, headers: g.httpHeaders };
    const why = unreachable[kind];
    // Where the kubelet would connect, the check fails: say so instead of reaching this machine.
    if (why) return { result: "failure", output: `Get "http://${g.host}:${target.port}${g.path}": ${why}`, hops: [] };
    const o = await httpAttempt(target, p.timeoutSeconds * 1000, KUBE_PROBE_VERSION, signal);
    if (o.result === "failure" && /ECONNREFUSED/.test(o.output) && target.host !== "127.0.0.1" && mode === "exec" && !g.host) {
      const loop = await httpAttempt({ ...target, host: "127.0.0.1" }, p.timeoutSeconds * 1000, KUBE_PROBE_VERSION, signal);
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
    return o;
  };
  const run = async (kind: ProbeKind, p: Probe, signal: AbortSignal) => {
    const o = await attempt(kind, p, signal);
    if (kind === "liveness" && o.result === "failure" && lastResult.readiness === "success") {
      warnings.add("the liveness probe failed while readiness passed: a liveness check stricter than readiness restarts healthy replicas");
    }
    if (o.result !== "error") lastResult[kind] = o.result === "warning" ? "success" : o.result;
    return { result: o.result, output: o.output };
  };

  // The kubelet always allows at least 2 s between SIGTERM and SIGKILL
  // (minimumGracePeriodInSeconds in pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer).
  const grace = Math.max(MINIMUM_GRACE_SECONDS, options.killGraceSeconds ?? r.terminationGracePeriodSeconds);
  let sim: KubeletSim | undefined;
  let app: AppProcess | undefined;
  let interrupted = false;
  /** Reports the events logged so far (set once the session runs: `emit` below). */
  let flushEvents = (): void => undefined;
  const container: ContainerControl = {
    start() {
      if (!("exec" in options.mode)) return;
      // The kubelet numbers the container once it has started: this one is the next.
      const number = (sim?.containerId ?? 0) + 1;
      // Events logged before a line of output come first (the kill before the app's "got SIGTERM").
      app = new AppProcess(options.mode.exec, env, options.appOutput ?? "tail", (line, stream) => {
        flushEvents();
        options.onAppOutput?.(line, stream, number);
      });
      const current = app;
      current.onCrash = (detail, tail) => {
        if (app === current) sim?.containerExited(detail, tail);
      };
    },
    async kill() {
      if (!app) return;
      // Interrupted (Ctrl-C), the user wants out: 2 s at most.
      const g = interrupted ? Math.min(grace, 2) : grace;
      const stopped = await app.stop(g);
      if (!stopped) return;
      if (!stopped.onTerm) {
        warnings.add(
          `the app did not stop within the ${g} s grace period after SIGTERM and was killed: every restart and rollout waits that long. Handle SIGTERM (in a container the app is PID 1, which ignores SIGTERM unless it installs a handler)`,
        );
      } else if (stopped.signal === "SIGTERM" && app.direct) {
        warnings.add(
          `the app has no SIGTERM handler (it died of the signal's default action): in a container it runs as PID 1, which ignores SIGTERM without a handler, so each stop would wait the whole ${grace} s grace period and end in SIGKILL. Handle SIGTERM, or run it under an init (tini, dumb-init)`,
        );
      }
      sim?.note("container", "stopped", stopped.detail, stopped.tail);
    },
  };

  // --exec: whatever answers on the checks' ports before the app starts is not the app, and
  // checks answered by it would time a start that was never seen (e.g. an earlier instance left
  // running, which the new one then fails to replace).
  let startObserved = mode === "exec";
  if (mode === "exec") {
    for (const target of httpTargets(r.probes, host, portOf)) {
      if (await answers(target.host, target.port)) {
        startObserved = false;
        warnings.add(
          `something already accepted connections on ${target.host}:${target.port} before the app was started: the checks may reach it rather than the app, so this run did not see the app start (stop it, or probe it with --url)`,
        );
      }
    }
  }

  sim = new KubeletSim(r.probes, run, container, clock);
  const start = clock.now();
  const onAbort = () => {
    interrupted = true;
  };
  options.signal?.addEventListener("abort", onAbort);
  // On any way out of the process, the app's whole group goes with it.
  const lastResort = () => app?.killNow();
  process.on("exit", lastResort);
  await sim.start();
  const livenessNeeded = Boolean(r.probes.liveness);
  // Once healthy, keep watching long enough for any probe to reach its failure threshold.
  const watch = Math.max(
    1,
    ...[r.probes.liveness, r.probes.readiness].flatMap((p) => (p ? [Math.max(p.periodSeconds, p.timeoutSeconds) * p.failureThreshold + p.timeoutSeconds] : [])),
  );
  let emitted = 0;
  const seen = new Map<string, string>();
  const emit = () => {
    // New events: container changes, and probe results that differ from the previous one.
    for (; emitted < sim!.events.length; emitted++) {
      const e = sim!.events[emitted];
      if (e.kind === "container" || (e.kind === "startup" && e.event === "started") || seen.get(e.kind) !== e.event) options.onEvent?.(e);
      if (e.kind !== "container") seen.set(e.kind, e.event);
    }
  };
  flushEvents = emit;
  let endedBy: Verdict["endedBy"] = "duration";
  await new Promise<void>((resolve) => {
    let settledAt: number | undefined;
    let awaited: { done: boolean } | undefined;
    const poll = () => {
      emit();
      const elapsed = (clock.now() - start) / 1000;
      const livenessOk = !livenessNeeded || sim!.livenessSucceeded();
      // Healthy: running, started, ready, liveness answered, and no failure streak under way.
      const healthy = sim!.running && !sim!.terminating && sim!.started && sim!.ready && livenessOk && sim!.failureStreaks().length === 0;
      settledAt = healthy ? (settledAt ?? elapsed) : undefined;
      if (!healthy) awaited = undefined;
      if (interrupted || options.signal?.aborted) {
        endedBy = "interrupted";
        return resolve();
      }
      if (settledAt !== undefined && elapsed - settledAt >= watch) {
        // Attempts in flight now (a hang that began just before) must be counted first: the
        // kubelet will see their results. Once they are in, the next poll judges again; a failure
        // among them has started a streak, so the run goes on watching.
        if (awaited === undefined) {
          const flights = sim!.inFlight();
          if (flights) {
            const mark: { done: boolean } = { done: false };
            awaited = mark;
            void flights.then(() => (mark.done = true));
          }
        }
        if (awaited === undefined || awaited.done) {
          endedBy = "settled";
          return resolve();
        }
      }
      if (elapsed >= options.durationSeconds) return resolve();
      clock.setTimeout(poll, Math.min(100, Math.max(1, (options.durationSeconds - elapsed) * 1000)));
    };
    poll();
  });
  const endedAfter = (clock.now() - start) / 1000;
  const readyAtEnd = sim.ready;
  const streaks = sim.failureStreaks();
  sim.stop();
  if (clock instanceof RealClock) clock.clearAll();
  await container.kill("session over");
  process.removeListener("exit", lastResort);
  options.signal?.removeEventListener("abort", onAbort);
  emit();

  for (const [kind, reason] of Object.entries(erroredExec)) warnings.add(erroredExecWarning(kind as ProbeKind, reason, r));
  if (mode === "url" && sim.events.some((e) => e.event === "killed")) {
    // The app is not ours to stop: its exit after a kill is unknown (docs/cli.md, `--url`).
    warnings.add(
      `with --url the app is not stopped, so this run counted the container gone at each kill decision; in a cluster it keeps running, Ready and in the Service's endpoints, until it exits after SIGTERM (up to the ${grace} s grace period): use --exec to see that time`,
    );
  }
  const budget = r.startupBudgetSeconds;
  const guaranteed = r.probes.startup ? killWindowsFromStart(r.probes.startup).failing.from : undefined;
  if (guaranteed !== undefined && sim.startedAfter !== undefined && sim.startedAfter > 0.8 * guaranteed) {
    const took = startObserved
      ? `start-up took ${sim.startedAfter.toFixed(1)} s`
      : `the startup check passed only ${sim.startedAfter.toFixed(1)} s after ${sim.startedContainer! > 1 ? "the restart the kubelet would have made" : "the run began"} (not the app's start-up time: its start was not seen; as if its container had started then)`;
    warnings.add(
      `${took}, more than 80 % of the ${guaranteed} s a start is guaranteed (the startup budget is ${budget} s, but the kubelet's tick phase may kill a start after ${guaranteed} s): a slower start (a bigger model, a cold node) will be killed`,
    );
  }
  const started = sim.startedAfter !== undefined;
  // --url: the first startup check passed, so the app was up before the run (nothing of its start was seen).
  const firstStartup = sim.events.find((e) => e.kind === "startup" && e.event !== "errored");
  const alreadyStarted = mode === "url" && r.probes.startup !== undefined ? started && firstStartup?.container === 1 && firstStartup.event !== "failure" : undefined;
  const everReady = sim.readyAfter !== undefined;
  const reasons = verdictReasons(r, sim, { started, everReady, readyAtEnd, streaks });
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    ok: reasons.length === 0,
    reasons,
    started,
    startObserved,
    ...(alreadyStarted !== undefined ? { alreadyStarted } : {}),
    ...(sim.startedAfter !== undefined
      ? { startedAfterSeconds: round(sim.startedAfter), startedContainer: sim.startedContainer!, startedWindow: clusterWindow(sim, "startup", r.probes.startup) }
      : {}),
    ...(budget !== undefined ? { startupBudgetSeconds: budget } : {}),
    ready: readyAtEnd,
    ...(sim.readyAfter !== undefined
      ? { readyAfterSeconds: round(sim.readyAfter), readyContainer: sim.readyContainer!, readyWindow: clusterWindow(sim, "readiness", r.probes.readiness) }
      : {}),
    everReady,
    restarts: sim.restarts,
    mode,
    endedBy,
    endedAfterSeconds: round(endedAfter),
    phase: PHASE,
    warnings: [...warnings],
    events: sim.events,
    target: "url" in options.mode ? options.mode.url : `${host} (the app started with: ${options.mode.exec})`,
  };
}

/** The distinct addresses the HTTP checks connect to (those sent to the pod, not to a `host` of their own). */
function httpTargets(probes: ResolvedDeployment["probes"], host: string, portOf: (p: Probe) => number): Array<{ host: string; port: number }> {
  const ports = new Set(PROBE_KINDS.flatMap((kind) => (probes[kind]?.httpGet && !probes[kind]!.httpGet!.host ? [portOf(probes[kind]!)] : [])));
  return [...ports].map((port) => ({ host, port }));
}

/** Whether something accepts a TCP connection on host:port (a refusal, an error or 1 s of silence: no). */
function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (yes: boolean) => {
      socket.destroy();
      resolve(yes);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * Where the first success of `kind` would fall in a cluster, after its container's start: not
 * before the check's delay nor the last failure seen before it, and less than one period after
 * the success seen here (the kubelet's phase is anywhere in a period).
 */
function clusterWindow(sim: KubeletSim, kind: ProbeKind, p: Probe | undefined): Window | undefined {
  const success = sim.firstSuccess(kind);
  if (!p || !success) return undefined;
  const from = Math.max(p.initialDelaySeconds, success.lastFailure ?? 0);
  return { from: round1(from), to: round1(success.at + p.periodSeconds) };
}
const round1 = (n: number) => Math.round(n * 10) / 10;

function erroredExecWarning(kind: ProbeKind, reason: string, r: ResolvedDeployment): string {
  const effect =
    kind === "liveness"
      ? "it never restarts anything, even a hung app"
      : kind === "readiness"
        ? "the replica never becomes ready"
        : `the container is never started nor restarted, so the rollout stalls until its progress deadline (${r.progressDeadlineSeconds} s)`;
  return `the ${kind} check cannot run (${reason}): the kubelet discards such results (kubernetes/kubernetes#106682), so ${effect}. Check that the command exists in the image`;
}

function verdictReasons(
  r: ResolvedDeployment,
  sim: KubeletSim,
  s: { started: boolean; everReady: boolean; readyAtEnd: boolean; streaks: ProbeKind[] },
): string[] {
  const out: string[] = [];
  const tally = sim.tally();
  if (!s.started) {
    const last = [...sim.events].reverse().find((e) => e.kind === "startup");
    out.push(
      last === undefined
        ? `never started: the startup check never ran (its initialDelaySeconds is ${r.probes.startup?.initialDelaySeconds} s)`
        : last.event === "errored"
          ? `never started: every startup attempt errored (${last.detail ?? "no reason"}), and the kubelet discards errored results`
          : `never started: the startup check kept failing (${last.detail ?? "no output"})`,
    );
  }
  if (!s.readyAtEnd) {
    if (s.everReady) {
      const lost = [...sim.events].reverse().find((e) => e.kind === "container" && e.event === "not ready");
      out.push(`not ready at the end: readiness was lost${lost ? ` at ${lost.t.toFixed(1)} s` : ""}`);
    } else if (s.started) {
      const last = [...sim.events].reverse().find((e) => e.kind === "readiness");
      out.push(`never became ready${last?.detail ? `: the readiness check said ${last.detail.split("\n")[0].slice(0, 120)}` : ""}`);
    } else out.push("never became ready");
  }
  if (sim.restarts > 0) out.push(`${sim.restarts} restart(s): ${sim.events.filter((e) => e.event === "killed" || e.event === "exited").map((e) => e.detail).join("; ")}`);
  for (const kind of s.streaks) out.push(`the ${kind} check was failing when the run ended (a failure streak below its threshold)`);
  for (const [kind, t] of Object.entries(tally)) {
    if (t && t.counted === 0 && t.errored > 0) out.push(`the ${kind} check never gave a result: every attempt errored (${t.lastError})`);
  }
  return out;
}
