/**
 * `model-deploy probe FILE (--url URL | --exec CMD)`: the spec's health checks, run locally
 * exactly as the kubelet would run them. Exit 0 when the app started, became ready and was never
 * restarted; 1 otherwise (an invalid spec included); 2 for usage errors.
 */
import { runProbeSession, Verdict } from "../prober/session";
import { suggestTuning } from "../prober/suggest";
import { PROBE_RUN_DEFAULTS } from "../core/defaults";
import { CliIO, EXIT } from "./io";
import { SpecOptions, loadSpecFile } from "./load";
import { styleFor } from "./style";

export interface ProbeOptions extends SpecOptions {
  url?: string;
  exec?: string;
  duration?: string;
  output: "text" | "json";
  suggest?: boolean;
  /** Overrides the pod's terminationGracePeriodSeconds when stopping the app (--exec). */
  terminationGrace?: string;
}

export async function probeCommand(file: string | undefined, options: ProbeOptions, io: CliIO): Promise<number> {
  if ((options.url === undefined) === (options.exec === undefined)) {
    io.err("model-deploy probe: give exactly one of --url URL (a running app) or --exec COMMAND (start the app)\n");
    return EXIT.usage;
  }
  if (options.url !== undefined && !/^https?:\/\/[^/]+/.test(options.url)) {
    io.err(`model-deploy probe: --url must be an http:// or https:// URL (got ${JSON.stringify(options.url)})\n`);
    return EXIT.usage;
  }
  const spec = loadSpecFile(file, options, io.cwd);
  const r = spec.plan.resolved;
  if (Object.keys(r.probes).length === 0) {
    io.err(`${spec.label}: the spec has no health checks to run\n`);
    return EXIT.usage;
  }
  const duration = options.duration !== undefined ? Number(options.duration) : r.readyBudgetSeconds + PROBE_RUN_DEFAULTS.extraSeconds;
  if (!Number.isFinite(duration) || duration <= 0) {
    io.err(`model-deploy probe: --duration must be a positive number of seconds (got ${options.duration})\n`);
    return EXIT.usage;
  }
  const grace = options.terminationGrace !== undefined ? Number(options.terminationGrace) : undefined;
  if (grace !== undefined && !(Number.isFinite(grace) && grace >= 0)) {
    io.err(`model-deploy probe: --termination-grace must be a number of seconds >= 0 (got ${options.terminationGrace})\n`);
    return EXIT.usage;
  }
  const st = styleFor(io.color);
  const text = options.output === "text";
  if (text) io.out(`${st.bold("Probing")} ${options.url ?? `the app started with: ${options.exec}`} for up to ${duration} s, as the kubelet would\n`);
  const verdict = await runProbeSession(r, {
    mode: options.url !== undefined ? { url: options.url } : { exec: options.exec! },
    durationSeconds: duration,
    ...(grace !== undefined ? { killGraceSeconds: grace } : {}),
    onEvent: (e) => {
      if (text) io.out(`${e.t.toFixed(1).padStart(7)} s  ${e.kind.padEnd(9)}  ${e.event}${e.detail ? st.dim(`  ${e.detail.split("\n")[0].slice(0, 100)}`) : ""}\n`);
    },
  });
  const suggestions = options.suggest ? suggestTuning(r, verdict) : [];
  if (text) io.out(renderVerdict(verdict, suggestions, st));
  else io.out(`${JSON.stringify({ ...verdict, ...(options.suggest ? { suggestions } : {}) }, null, 2)}\n`);
  return verdict.ok ? EXIT.ok : EXIT.invalid;
}

function renderVerdict(v: Verdict, suggestions: ReturnType<typeof suggestTuning>, st: ReturnType<typeof styleFor>): string {
  const out = ["", st.bold("Verdict:")];
  out.push(
    v.started
      ? `  started after ${v.startedAfterSeconds!.toFixed(1)} s${v.startupBudgetSeconds !== undefined ? ` of a ${v.startupBudgetSeconds} s startup budget` : ""}`
      : "  never started (the startup probe never succeeded)",
  );
  out.push(v.ready ? `  ready after ${v.readyAfterSeconds!.toFixed(1)} s` : "  never became ready");
  out.push(
    v.restarts === 0
      ? "  no restarts"
      : v.mode === "url"
        ? `  the kubelet would have restarted the container ${v.restarts} time(s)`
        : `  restarted ${v.restarts} time(s)`,
  );
  out.push(v.ok ? st.green("  OK: the health checks and the app agree") : st.red("  NOT OK"));
  if (v.warnings.length > 0) {
    out.push("", st.bold("Warnings:"));
    for (const w of v.warnings) out.push(`  ${st.yellow(w)}`);
  }
  if (suggestions.length > 0) {
    out.push("", st.bold("Suggestions:"));
    for (const s of suggestions) out.push(`  ${s.field}: ${s.from} -> ${s.to}  (${s.why})`);
  }
  return `${out.join("\n")}\n`;
}
