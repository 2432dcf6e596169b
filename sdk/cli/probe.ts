/**
 * `model-deploy probe FILE (--url URL | --exec CMD)`: the spec's health checks, run locally
 * exactly as the kubelet would run them. Exit 0 when the app started, was ready when the run
 * ended, was never restarted and every check could run; 1 otherwise (an invalid spec included);
 * 2 for usage errors; 130 when interrupted (Ctrl-C), after the app and its processes are stopped.
 */
import { runProbeSession, Verdict, AppOutputMode } from "../prober/session";
import { suggestTuning, withheldSuggestions } from "../prober/suggest";
import { MAX_TIMER_MS } from "../prober/clock";
import { PROBE_RUN_DEFAULTS } from "../core/defaults";
import { readyBudgetSeconds } from "../core/probes";
import type { Window } from "../core/timeline";
import { CliIO, EXIT } from "./io";
import { checkDeployment } from "../manifests/plan";
import { SpecOptions, specRequest } from "./load";
import { reportIssues } from "./report";
import { styleFor } from "./style";

/**
 * The spec options `probe` takes (program.ts's `spec` scope): what it takes to read and check the
 * spec, and the pod settings a run uses (`terminationGracePeriod`: how long a stopped app may take
 * to exit after SIGTERM before SIGKILL, as the kubelet gives a container). The options of the
 * objects (rollout, naming, ...) are not probe's: it emits no objects.
 */
export const PROBE_SPEC_OPTIONS = ["image", "name", "machineTypes", "keda", "terminationGracePeriod", "securityProfile", "policyConfig", "strict"] as const;
export type ProbeSpecOptions = Pick<SpecOptions, (typeof PROBE_SPEC_OPTIONS)[number]>;

export interface ProbeOptions extends ProbeSpecOptions {
  url?: string;
  exec?: string;
  duration?: string;
  output: "text" | "json";
  suggest?: boolean;
  appOutput?: AppOutputMode;
}

/** 128 + SIGINT, the shell's convention for a run ended by Ctrl-C. */
const EXIT_INTERRUPTED = 130;
const MAX_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

/** A usage problem with --url, or undefined when it is an http(s) URL with a valid port. */
function urlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `--url must be an http:// or https:// URL with a valid host and port (got ${JSON.stringify(url)})`;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return `--url must be an http:// or https:// URL (got ${JSON.stringify(url)})`;
  if (u.hostname === "") return `--url has no host (got ${JSON.stringify(url)})`;
  return undefined;
}

export async function probeCommand(file: string | undefined, options: ProbeOptions, io: CliIO): Promise<number> {
  if ((options.url === undefined) === (options.exec === undefined)) {
    io.err("model-deploy probe: give exactly one of --url URL (a running app) or --exec COMMAND (start the app)\n");
    return EXIT.usage;
  }
  const problem = options.url !== undefined ? urlProblem(options.url) : undefined;
  if (problem) {
    io.err(`model-deploy probe: ${problem}\n`);
    return EXIT.usage;
  }
  if (options.appOutput !== undefined && options.exec === undefined) {
    io.err("model-deploy probe: --app-output needs --exec (with --url the app's output is not ours to show)\n");
    return EXIT.usage;
  }
  // Only the options probe takes reach the check pass: the others keep their defaults.
  const specOptions: ProbeSpecOptions = Object.fromEntries(PROBE_SPEC_OPTIONS.flatMap((k) => (options[k] !== undefined ? [[k, options[k]]] : [])));
  const spec = specRequest(file, specOptions, io.cwd);
  // The check pass's errors and warnings, as every command shows them (warnings on stderr).
  const checked = checkDeployment(spec.request);
  reportIssues(io, spec.label, checked.errors, checked.warnings);
  if (!checked.plan) return EXIT.invalid;
  const r = checked.plan.resolved;
  if (Object.keys(r.probes).length === 0) {
    io.err(`${spec.label}: the spec has no health checks to run\n`);
    return EXIT.usage;
  }
  // The probes' own ready budget: downloads before the container starts are not part of a run.
  const duration = options.duration !== undefined ? Number(options.duration) : Math.min(readyBudgetSeconds(r.probes) + PROBE_RUN_DEFAULTS.extraSeconds, MAX_SECONDS);
  if (!Number.isFinite(duration) || duration <= 0 || duration > MAX_SECONDS) {
    io.err(`model-deploy probe: --duration must be a number of seconds above 0 and at most ${MAX_SECONDS} (what a timer holds, about 24.8 days) (got ${options.duration})\n`);
    return EXIT.usage;
  }
  const st = styleFor(io.color);
  const text = options.output === "text";
  const appOutput = options.appOutput ?? (text ? "lines" : "tail");
  if (text) io.out(`${st.bold("Probing")} ${options.url ?? `the app started with: ${options.exec}`} for up to ${duration} s, as the kubelet would\n`);

  // Ctrl-C or SIGTERM end the run; the session then stops the app and its whole process tree.
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let verdict: Verdict;
  try {
    verdict = await runProbeSession(r, {
      mode: options.url !== undefined ? { url: options.url } : { exec: options.exec! },
      durationSeconds: duration,
      appOutput,
      signal: interrupt.signal,
      onAppOutput: (line, stream, container) => {
        if (text) io.out(`${st.dim(`    app #${container} ${stream === "stderr" ? "!" : "|"}`)} ${line}\n`);
        else io.err(`app #${container} ${stream}: ${line}\n`);
      },
      onEvent: (e) => {
        if (!text) return;
        io.out(`${e.t.toFixed(1).padStart(7)} s  ${e.kind.padEnd(9)}  ${e.event}${e.detail ? st.dim(`  ${e.detail.split("\n")[0].slice(0, 100)}`) : ""}\n`);
        for (const line of e.output ?? []) io.out(`${st.dim(`    app #${e.container} |`)} ${line}\n`);
      },
    });
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
  const suggestions = options.suggest ? suggestTuning(r, verdict) : [];
  const withheld = options.suggest ? withheldSuggestions(verdict) : undefined;
  if (text) io.out(renderVerdict(verdict, suggestions, withheld, st));
  else io.out(`${JSON.stringify({ ...verdict, ...(options.suggest ? { suggestions, ...(withheld ? { suggestionsWithheld: withheld } : {}) } : {}) }, null, 2)}\n`);
  if (verdict.endedBy === "interrupted") return EXIT_INTERRUPTED;
  return verdict.ok ? EXIT.ok : EXIT.invalid;
}

const win = (w: Window | undefined) => (w ? ` (in a cluster: ${w.from}-${w.to} s, the kubelet's tick phase being random)` : "");

/** When `kind`'s first `event` happened, in seconds since the run began. */
const firstAt = (v: Verdict, kind: string, event: string) => v.events.find((e) => e.kind === kind && e.event === event)?.t;

function renderVerdict(v: Verdict, suggestions: ReturnType<typeof suggestTuning>, withheld: string | undefined, st: ReturnType<typeof styleFor>): string {
  const out = ["", st.bold("Verdict:")];
  const which = (n: number | undefined) => (n !== undefined && n > 1 ? ` of container #${n}` : "");
  const budget = v.startupBudgetSeconds !== undefined ? ` (startup budget ${v.startupBudgetSeconds} s)` : "";
  if (v.startObserved) {
    out.push(v.started ? `  started ${v.startedAfterSeconds!.toFixed(1)} s after the start${which(v.startedContainer)}${budget}${win(v.startedWindow)}` : "  never started");
    out.push(
      v.everReady
        ? `  ready ${v.readyAfterSeconds!.toFixed(1)} s after the start${which(v.readyContainer)}${win(v.readyWindow)}${v.ready ? "" : "; not ready when the run ended"}`
        : "  never became ready",
    );
  } else {
    // The app's start was not seen: times from the run's start, never called its start-up.
    const notSeen = v.mode === "url" ? "--url does not see the app's start" : "this run did not see the app start";
    const startedAt = firstAt(v, "startup", "started");
    out.push(
      !v.started
        ? "  never started"
        : v.alreadyStarted
          ? `  already started when the run began (its first startup check passed): ${notSeen}, so its start-up time is unknown`
          : startedAt !== undefined
            ? `  started ${startedAt.toFixed(1)} s after the run began${budget}: not its start-up time, as ${notSeen}`
            : `  started when the run began (no startup probe: the kubelet counts a running container as started); ${notSeen}`,
    );
    const readyAt = firstAt(v, "container", "ready");
    out.push(v.everReady && readyAt !== undefined ? `  ready ${readyAt.toFixed(1)} s after the run began${v.ready ? "" : "; not ready when the run ended"}` : "  never became ready");
  }
  out.push(
    v.restarts === 0
      ? "  no restarts"
      : v.mode === "url"
        ? `  the kubelet would have restarted the container ${v.restarts} time(s)`
        : `  restarted ${v.restarts} time(s)`,
  );
  const ended = v.endedBy === "settled" ? "healthy for a full failure window" : v.endedBy === "interrupted" ? "interrupted" : "--duration reached";
  out.push(st.dim(`  run ended after ${v.endedAfterSeconds.toFixed(1)} s (${ended}); ${v.phase}`));
  if (v.ok) out.push(st.green("  OK: the health checks and the app agree"));
  else {
    out.push(st.red("  NOT OK:"));
    for (const reason of v.reasons) out.push(st.red(`    ${reason}`));
  }
  if (v.warnings.length > 0) {
    out.push("", st.bold("Warnings:"));
    for (const w of v.warnings) out.push(`  ${st.yellow(w)}`);
  }
  if (withheld) out.push("", `${st.bold("Suggestions:")} ${withheld}`);
  else if (suggestions.length > 0) {
    out.push("", st.bold("Suggestions:"));
    for (const s of suggestions) out.push(`  ${s.field}: ${s.from} -> ${s.to}  (${s.why})`);
  }
  return `${out.join("\n")}\n`;
}
