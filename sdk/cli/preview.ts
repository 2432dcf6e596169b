/** `model-deploy preview [FILE]`: the resource tree and the probe timeline, offline. */
import { buildPreview, renderPreview } from "../preview";
import { SpecError, formatIssue } from "../spec/issues";
import { CliIO, EXIT } from "./io";
import { SpecOptions, loadSpecFile } from "./load";
import { styleFor } from "./style";

export interface PreviewOptions extends SpecOptions {
  output: "text" | "json";
}

export function previewCommand(file: string | undefined, options: PreviewOptions, io: CliIO): number {
  try {
    const spec = loadSpecFile(file, options, io.cwd);
    const preview = buildPreview(spec.instance, spec.resolved, spec.manifests, spec.warnings);
    io.out(options.output === "json" ? `${JSON.stringify(preview, null, 2)}\n` : renderPreview(preview, styleFor(io.color)));
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    for (const issue of e.issues) io.err(`${e.source ?? file ?? "(spec)"}: ${formatIssue(issue)}\n`);
    return EXIT.invalid;
  }
}
