/**
 * `model-deploy diff OLD NEW`: field-level changes per Kubernetes object, classified the way
 * Kubernetes and Pulumi apply them, and the probe timeline before/after.
 * Exit 0 no changes, 1 changes, 2 error, 3 with `--fail-on replace` when a change is disruptive
 * (the Deployment, Service or a fixed-name object replaced) or deletes a claim's data.
 */
import { checkDeployment, DeploymentPlan } from "../manifests/plan";
import { ChangeClass, SpecDiff, diffObjectModels } from "../manifests/diff";
import { SpecError } from "../core/spec/issues";
import { probeTimelines } from "../core/timeline";
import { CliIO, EXIT } from "./io";
import { SpecOptions, specRequest } from "./load";
import { reportIssues } from "./report";
import { styleFor } from "./style";

export interface DiffOptions extends SpecOptions {
  output: "text" | "markdown" | "json";
  failOn?: "replace";
}

export const EXIT_REPLACE = 3;

/** Checks one side; reports its problems and returns its plan, or undefined when invalid. */
function planOf(file: string, options: DiffOptions, io: CliIO): { label: string; plan?: DeploymentPlan } {
  try {
    const spec = specRequest(file, options, io.cwd);
    const c = checkDeployment(spec.request);
    if (!c.plan) reportIssues(io, spec.label, c.errors, c.warnings);
    return { label: spec.label, ...(c.plan ? { plan: c.plan } : {}) };
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    reportIssues(io, e.source ?? file, e.issues, e.warnings);
    return { label: file };
  }
}

export function diffCommand(oldFile: string, newFile: string, options: DiffOptions, io: CliIO): number {
  const a = planOf(oldFile, options, io);
  const b = planOf(newFile, options, io);
  if (!a.plan || !b.plan) return EXIT.usage;
  const labels: [string, string] = [a.label, b.label];
  const diff = diffObjectModels(a.plan.objects, b.plan.objects, probeTimelines(a.plan.resolved.probes), probeTimelines(b.plan.resolved.probes));
  if (options.output === "json") io.out(`${JSON.stringify({ old: labels[0], new: labels[1], ...diff }, null, 2)}\n`);
  else if (options.output === "markdown") io.out(diffMarkdown(diff, labels));
  else if (diff.changed || diff.timeline.length > 0) io.out(diffText(diff, io.color));
  if (options.failOn === "replace" && diff.disruptive) return EXIT_REPLACE;
  return diff.changed ? EXIT.invalid : EXIT.ok;
}

const CLASS_TEXT: Record<ChangeClass, string> = {
  "in-place": "update in place",
  "rolling-restart": "rolling restart",
  replace: "REPLACE",
};

const IMPACT_TEXT: Record<SpecDiff["objects"][number]["impact"], string> = {
  none: "",
  harmless: " (harmless)",
  disruptive: " (disruptive)",
  "data-loss": " (DATA LOSS)",
};

const show = (v: unknown) => (v === undefined ? "(none)" : typeof v === "string" ? v : JSON.stringify(v));

function changeLine(c: SpecDiff["objects"][number]["changes"][number]): string {
  if (c.op === "add") return `+ ${c.path}: ${show(c.after)}`;
  if (c.op === "remove") return `- ${c.path}: ${show(c.before)}`;
  return `~ ${c.path}: ${show(c.before)} -> ${show(c.after)}`;
}

/** Plain (or coloured, on a terminal) text. */
export function diffText(diff: SpecDiff, color?: boolean): string {
  const st = styleFor(color);
  const out: string[] = [];
  for (const o of diff.objects) {
    const cls = `${o.class ? CLASS_TEXT[o.class] : o.action}${IMPACT_TEXT[o.impact]}`;
    const paint = o.impact === "disruptive" || o.impact === "data-loss" ? st.red : o.class === "rolling-restart" || o.class === "replace" ? st.yellow : st.green;
    out.push(`${st.bold(`${o.kind}/${o.name}`)}: ${paint(cls)}${o.reason ? ` (${o.reason})` : ""}`);
    for (const c of o.changes) out.push(`  ${changeLine(c)}`);
  }
  if (diff.timeline.length > 0) {
    out.push(st.bold("Probe timeline:"));
    for (const t of diff.timeline) out.push(`  ${t.figure}: ${t.before ?? "(none)"} -> ${t.after ?? "(none)"}`);
  }
  return `${out.join("\n")}\n`;
}

/** Markdown ready to post as a pull-request comment. */
export function diffMarkdown(diff: SpecDiff, labels: [string, string]): string {
  const out = [`### model-deploy diff: \`${labels[0]}\` → \`${labels[1]}\``, ""];
  if (!diff.changed && diff.timeline.length === 0) {
    out.push("No changes to the Kubernetes objects.");
    return `${out.join("\n")}\n`;
  }
  if (diff.objects.some((o) => o.impact === "data-loss")) out.push("> **Data loss:** a volume claim is deleted or replaced, and its data with it.", "");
  if (diff.objects.some((o) => o.impact === "disruptive")) out.push("> **Warning:** the Deployment, the Service or a fixed-name object will be **replaced** (deleted and created again).", "");
  out.push("| Object | Change | Why |", "|---|---|---|");
  for (const o of diff.objects) {
    out.push(`| \`${o.kind}/${o.name}\` | ${o.class === "replace" ? "**replace**" : o.class ? CLASS_TEXT[o.class] : o.action}${IMPACT_TEXT[o.impact]} | ${o.reason ?? ""} |`);
  }
  if (diff.timeline.length > 0) {
    out.push("", "**Probe timeline**", "", "| | Before | After |", "|---|---|---|");
    for (const t of diff.timeline) out.push(`| ${t.figure} | ${t.before ?? "—"} | ${t.after ?? "—"} |`);
  }
  for (const o of diff.objects) {
    out.push("", `<details><summary><code>${o.kind}/${o.name}</code>: ${o.changes.length} field ${o.changes.length === 1 ? "change" : "changes"}</summary>`, "", "```diff");
    for (const c of o.changes) {
      if (c.op !== "add") out.push(`- ${c.path}: ${show(c.before)}`);
      if (c.op !== "remove") out.push(`+ ${c.path}: ${show(c.after)}`);
    }
    out.push("```", "", "</details>");
  }
  return `${out.join("\n")}\n`;
}
