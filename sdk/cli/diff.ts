/**
 * `model-deploy diff OLD NEW`: field-level changes per Kubernetes object, classified the way
 * Kubernetes and Pulumi apply them, and the probe timeline before/after.
 * Exit 0 no changes, 1 changes, 2 error, 3 with `--fail-on replace` when a change is disruptive
 * (the Deployment, Service or a fixed-name object replaced) or deletes a claim's data.
 */
import { checkDeployment, DeploymentPlan } from "../manifests/plan";
import { diffObjectModels } from "../manifests/diff";
import { probeTimelines } from "../core/timeline";
import { CliIO, EXIT } from "./io";
import { SpecOptions, specRequest } from "./load";
import { reportIssues } from "./report";
import { diffMarkdown, diffText } from "./present/diff";

export interface DiffOptions extends SpecOptions {
  output: "text" | "markdown" | "json";
  failOn?: "replace";
}

export const EXIT_REPLACE = 3;

/**
 * Checks one side; reports its problems (and, for the side that would be applied, its warnings)
 * and returns its plan, or undefined when invalid.
 */
function planOf(file: string, options: DiffOptions, io: CliIO, applied: boolean): { label: string; plan?: DeploymentPlan } {
  const spec = specRequest(file, options, io.cwd);
  const c = checkDeployment(spec.request);
  if (!c.plan) reportIssues(io, spec.label, c.errors, c.warnings);
  else if (applied) reportIssues(io, spec.label, [], c.warnings);
  return { label: spec.label, ...(c.plan ? { plan: c.plan } : {}) };
}

export function diffCommand(oldFile: string, newFile: string, options: DiffOptions, io: CliIO): number {
  const a = planOf(oldFile, options, io, false);
  const b = planOf(newFile, options, io, true);
  if (!a.plan || !b.plan) return EXIT.usage;
  const labels: [string, string] = [a.label, b.label];
  const diff = diffObjectModels(a.plan.objects, b.plan.objects, probeTimelines(a.plan.resolved.probes, a.plan.resolved), probeTimelines(b.plan.resolved.probes, b.plan.resolved));
  if (options.output === "json") io.out(`${JSON.stringify({ old: labels[0], new: labels[1], ...diff }, null, 2)}\n`);
  else if (options.output === "markdown") io.out(diffMarkdown(diff, labels));
  else if (diff.changed || diff.timeline.length > 0) io.out(diffText(diff, io.color));
  if (options.failOn === "replace" && diff.disruptive) return EXIT_REPLACE;
  return diff.changed ? EXIT.invalid : EXIT.ok;
}
