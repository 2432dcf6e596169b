/** `model-deploy validate FILE...`: every problem of every file, `path: message` per line. */
import { resolveDeployment } from "../resolve";
import { instanceNameIssues } from "../manifests/naming";
import { SpecError, SpecIssue, formatIssue } from "../spec/issues";
import { readSpecFile } from "../spec/load";
import { CliIO, EXIT } from "./io";
import { displayName, instanceName, locateSpecFile } from "./specFile";
import { SpecOptions, resolveOptionsFor } from "./load";

export type ValidateOptions = SpecOptions;

export function validateCommand(files: string[], options: ValidateOptions, io: CliIO): number {
  let failed = false;
  for (const given of files.length > 0 ? files : [undefined]) {
    let label = given ?? "(spec)";
    let errors: readonly SpecIssue[] = [];
    try {
      const file = locateSpecFile(given, io.cwd);
      label = displayName(file, io.cwd);
      const raw = readSpecFile(file);
      const issues: SpecIssue[] = [];
      try {
        const resolved = resolveDeployment(raw, resolveOptionsFor(raw, options, io.cwd));
        for (const w of resolved.warnings) io.err(`${label}: warning: ${formatIssue(w)}\n`);
      } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        issues.push(...e.issues);
      }
      // The name the objects would get (spec name or file name) must be usable too.
      issues.push(...instanceNameIssues(instanceName(options.name, raw, file), options.name !== undefined ? "--name" : "name"));
      errors = issues;
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      errors = e.issues;
    }
    if (errors.length === 0) {
      io.out(`${label}: valid\n`);
    } else {
      failed = true;
      for (const issue of errors) io.out(`${label}: ${formatIssue(issue)}\n`);
    }
  }
  return failed ? EXIT.invalid : EXIT.ok;
}
