/** `model-deploy validate FILE...`: every problem and warning of every file, `path: message` per line. */
import { checkDeployment } from "../manifests/plan";
import { SpecError } from "../core/spec/issues";
import { CliIO, EXIT } from "./io";
import { SpecOptions, specRequest } from "./load";
import { reportIssues } from "./report";

export type ValidateOptions = SpecOptions;

export function validateCommand(files: string[], options: ValidateOptions, io: CliIO): number {
  let failed = false;
  for (const given of files.length > 0 ? files : [undefined]) {
    let label = given ?? "(spec)";
    try {
      const spec = specRequest(given, options, io.cwd);
      label = spec.label;
      const c = checkDeployment(spec.request);
      // Warnings go to stderr with every run; errors to stdout, one per line.
      reportIssues(io, label, [], c.warnings);
      if (c.errors.length === 0) {
        io.out(`${label}: valid\n`);
        continue;
      }
      failed = true;
      reportIssues(io, label, c.errors, [], io.out);
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      failed = true;
      reportIssues(io, label, [], e.warnings);
      reportIssues(io, e.source ?? label, e.issues, [], io.out);
    }
  }
  return failed ? EXIT.invalid : EXIT.ok;
}
