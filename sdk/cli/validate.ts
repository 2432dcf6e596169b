/**
 * `model-deploy validate FILE...`: every problem and warning of every file, `path: message` per
 * line, or (`-o json`) one JSON document with each problem's path, message and policy rule.
 */
import { checkDeployment } from "../manifests/plan";
import { SpecError, type SpecIssue } from "../core/spec/issues";
import { reportFailure } from "./errors";
import { CliIO, EXIT } from "./io";
import { SpecOptions, specRequest } from "./load";
import { reportIssues } from "./report";

export interface ValidateOptions extends SpecOptions {
  output?: "text" | "json";
}

/** One file's outcome, as `validate -o json` prints it. */
export interface ValidateFileResult {
  file: string;
  valid: boolean;
  errors: SpecIssue[];
  warnings: SpecIssue[];
}

export function validateCommand(files: string[], options: ValidateOptions, io: CliIO): number {
  const json = options.output === "json";
  const results: ValidateFileResult[] = [];
  let worst: number = EXIT.ok;
  for (const given of files.length > 0 ? files : [undefined]) {
    let label = given ?? "(spec)";
    try {
      const spec = specRequest(given, options, io.cwd);
      label = spec.label;
      const c = checkDeployment(spec.request);
      results.push({ file: label, valid: c.errors.length === 0, errors: c.errors, warnings: c.warnings });
      if (json) continue;
      // Warnings go to stderr with every run; errors to stdout, one per line.
      reportIssues(io, label, [], c.warnings);
      if (c.errors.length === 0) io.out(`${label}: valid\n`);
      else reportIssues(io, label, c.errors, [], io.out);
    } catch (e) {
      // A file that cannot be read or parsed: reported, and the other files are still checked.
      if (json) {
        // The same exit code as in text; the problems with their paths where the error has them.
        const lines: string[] = [];
        worst = Math.max(worst, reportFailure({ ...io, err: (s: string) => lines.push(s), color: false }, e, label));
        const spec = e instanceof SpecError ? e : undefined;
        const errors = spec ? [...spec.issues] : [{ path: "", message: lines.join("").trim().replace(/^model-deploy: /, "") }];
        results.push({ file: spec?.source ?? label, valid: false, errors, warnings: spec ? [...spec.warnings] : [] });
      } else {
        worst = Math.max(worst, reportFailure(io, e, label));
      }
    }
  }
  if (json) io.out(`${JSON.stringify({ valid: results.every((r) => r.valid), files: results }, null, 2)}\n`);
  const failed = results.some((r) => !r.valid);
  return worst > EXIT.ok ? worst : failed ? EXIT.invalid : EXIT.ok;
}
