/**
 * The CLI's one error reporter. Every command's failure becomes a message and an exit code, the
 * same for every command: a usage problem (a missing or unreadable file, a bad flag value) is 2,
 * an invalid spec is 1 (`diff` uses 2, since its 1 means "changes", as diff(1) does), and anything
 * unexpected is an internal error (70, sysexits' EX_SOFTWARE) reported in one line. No command
 * prints a stack trace unless MODEL_DEPLOY_DEBUG is set.
 */
import { SpecError, SpecFileError } from "../core/spec/issues";
import { CliIO, EXIT } from "./io";
import { reportIssues } from "./report";

/** A problem with how the command was called: a flag value, a file that is not there. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Whether `e` is an error of class `cls`. By name too: the `probe` command runs from modules
 * outside the CLI's bundle, whose classes are other copies of the same ones.
 */
function is<T extends Error>(e: unknown, cls: abstract new (...args: never[]) => T, name: string): e is T {
  return e instanceof cls || (e instanceof Error && e.name === name);
}

/** Reports a failure and returns its exit code. `label` names the spec when the error does not. */
export function reportFailure(io: CliIO, e: unknown, label = "(spec)", invalid: number = EXIT.invalid): number {
  if (is(e, UsageError, "UsageError")) {
    io.err(`model-deploy: ${e.message}\n`);
    return EXIT.usage;
  }
  const syntax = syntaxErrorOf(e);
  if (syntax !== undefined) {
    // `file:line:column: FORMAT: reason`, then the line itself with a caret under the column.
    io.err(`${syntax.source ?? label}:${syntax.line}:${syntax.column}: ${syntax.format}: ${syntax.reason}\n${syntax.excerpt}\n`);
    return invalid;
  }
  if (is(e, SpecFileError, "SpecFileError")) {
    io.err(`model-deploy: ${e.issues.map((i) => i.message).join("; ")}\n`);
    return EXIT.usage;
  }
  if (is(e, SpecError, "SpecError")) {
    reportIssues(io, e.source ?? label, e.issues, e.warnings);
    return invalid;
  }
  const message = e instanceof Error ? e.message : String(e);
  const stack = process.env.MODEL_DEPLOY_DEBUG && e instanceof Error && e.stack ? `\n${e.stack}` : "";
  io.err(`model-deploy: internal error: ${message}${stack}\n(this is a bug in model-deploy; set MODEL_DEPLOY_DEBUG=1 for the stack trace)\n`);
  return EXIT.internal;
}

/** Runs a command and turns any failure into its exit code. */
export async function guarded(io: CliIO, command: () => number | Promise<number>, invalid: number = EXIT.invalid): Promise<number> {
  try {
    return await command();
  } catch (e) {
    return reportFailure(io, e, undefined, invalid);
  }
}

/** What the CLI prints of a spec file's syntax error. */
interface SyntaxErrorLike {
  source?: string;
  format: string;
  reason: string;
  line: number;
  column: number;
  excerpt: string;
}

/**
 * `e` when it is a `SpecSyntaxError` (of core/spec/load), matched by name and shape: importing
 * that module here would load the YAML parser for every command, `schema` and `--help` too.
 */
function syntaxErrorOf(e: unknown): SyntaxErrorLike | undefined {
  if (!(e instanceof Error) || e.name !== "SpecSyntaxError") return undefined;
  const s = e as Error & Partial<SyntaxErrorLike>;
  return typeof s.line === "number" && typeof s.column === "number" && typeof s.reason === "string" && typeof s.excerpt === "string" && typeof s.format === "string"
    ? (s as SyntaxErrorLike)
    : undefined;
}
