/** `model-deploy preview [FILE]`: every object `pulumi up` would create, and the probe timeline, offline. */
import { checkDeployment } from "../manifests/plan";
import { buildPreview, renderPreview } from "./present/preview";
import { formatIssue } from "../core/spec/issues";
import { CliIO, EXIT } from "./io";
import { SpecOptions, specRequest } from "./load";
import { reportIssues } from "./report";
import { styleFor } from "./style";

export interface PreviewOptions extends SpecOptions {
  output: "text" | "json";
}

export function previewCommand(file: string | undefined, options: PreviewOptions, io: CliIO): number {
  const spec = specRequest(file, options, io.cwd);
  const c = checkDeployment(spec.request);
  if (!c.plan) {
    reportIssues(io, spec.label, c.errors, c.warnings);
    return EXIT.invalid;
  }
  const preview = buildPreview(spec.instance, c.plan, c.warnings.map(formatIssue));
  io.out(options.output === "json" ? `${JSON.stringify(preview, null, 2)}\n` : renderPreview(preview, styleFor(io.color)));
  return EXIT.ok;
}
