/** `model-deploy render [FILE]`: the Kubernetes objects `pulumi up` would apply, offline. */
import { manifestList } from "../manifests";
import { RenderFormat, renderObjects } from "../render";
import { SpecError, formatIssue } from "../spec/issues";
import { CliIO, EXIT } from "./io";
import { SpecOptions, loadSpecFile } from "./load";

export interface RenderOptions extends SpecOptions {
  output: RenderFormat;
}

export function renderCommand(file: string | undefined, options: RenderOptions, io: CliIO): number {
  try {
    const spec = loadSpecFile(file, options, io.cwd);
    for (const w of spec.warnings) io.err(`${spec.label}: warning: ${w}\n`);
    io.out(renderObjects(manifestList(spec.manifests), options.output));
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    for (const issue of e.issues) io.err(`${e.source ?? file ?? "(spec)"}: ${formatIssue(issue)}\n`);
    return EXIT.invalid;
  }
}
