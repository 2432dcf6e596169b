/** `model-deploy validate FILE...`: every problem and warning of every file, `path: message` per line. */
import { checkDeployment } from "../manifests/plan";
import { reportFailure } from "./errors";
import { CliIO, EXIT } from "./io";
import { SpecOptions, specRequest } from "./load";
import { reportIssues } from "./report";

export type ValidateOptions = SpecOptions;

export function validateCommand(files: string[], options: ValidateOptions, io: CliIO): number {
  let failed = false;
  let worst: number = EXIT.ok;
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
      // A file that cannot be read or parsed: reported, and the other files are still checked.
      const code = reportFailure(io, e, label);
      worst = Math.max(worst, code);
      continue;
    }
  }
  return worst > EXIT.ok ? worst : failed ? EXIT.invalid : EXIT.ok;
}
