/** The diff as text for a terminal and as Markdown for a pull-request comment. Pure. */
import type { ChangeClass, SpecDiff } from "../../manifests/diff";
import { styleFor } from "../style";

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
