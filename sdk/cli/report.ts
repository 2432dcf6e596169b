/** How every command reports a spec's problems: every error and every warning, one per line. */
import { SpecIssue, SpecWarning, formatIssue } from "../core/spec/issues";
import type { CliIO } from "./io";

/** Writes the warnings, then the errors, each as `label: [warning: ]path: message`, to stderr. */
export function reportIssues(io: CliIO, label: string, errors: readonly SpecIssue[], warnings: readonly SpecWarning[], write = io.err): void {
  for (const w of warnings) write(`${label}: warning: ${formatIssue(w)}\n`);
  for (const e of errors) write(`${label}: ${formatIssue(e)}\n`);
}
