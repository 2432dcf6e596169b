/** A problem found in a spec, with the field path it belongs to (`healthChecks.readiness.port`). */
export interface SpecIssue {
  /** Dotted field path with `[i]` for list items; empty for the spec as a whole. */
  path: string;
  /** What is wrong and which rule it breaks, e.g. `must be >= 1 (got 0)`. */
  message: string;
  /** The policy pack's rule that found it, when one did (e.g. `images-pinned`). */
  rule?: string;
}

/** A normalisation or suspicious field: the spec is used, but the user should know. */
export type SpecWarning = SpecIssue;

/** Thrown when a spec is invalid; carries every issue found, not just the first. */
export class SpecError extends Error {
  constructor(
    readonly issues: readonly SpecIssue[],
    /** Where the spec came from (a file name), when known. */
    readonly source?: string,
    /** What was invalid, for the message's first line. */
    subject = "deployment spec",
    /** The warnings found in the same pass, so tools can show them beside the errors. */
    readonly warnings: readonly SpecWarning[] = [],
  ) {
    super(formatIssues(issues, source, subject));
    this.name = "SpecError";
  }
}

/**
 * A spec file that cannot be found or read (as opposed to one that is invalid): for the CLI, a
 * usage error.
 */
export class SpecFileError extends SpecError {
  constructor(message: string, readonly file?: string) {
    super([{ path: "", message }], file, "spec file");
    this.name = "SpecFileError";
  }
}

/**
 * Paths whose values are credentials: messages about them never show the value. The spec's
 * password and integration keys, URLs that may carry a token, and the component's `secrets` and
 * registry passwords.
 */
const CREDENTIAL_PATH =
  /^(basicAuthKey|integrations\[\d+\]\.(accessKeyId|secretAccessKey|password|url)|repositories\.repositories\[\d+\]\.(password|url)|secrets(\.|\[).+|registries(\.|\[).+\.password)$/;

const NOT_SHOWN = "(the value is not shown: it may be a credential)";

/**
 * The issues with credentials taken out of their messages, whatever a message's wording: at a
 * credential's path, the value as `(got ...)` and any quoted string (`"my password" is not a secret
 * name` must not print the password); anywhere, the user information of a URL
 * (`https://user:TOKEN@host`). Every check's issues pass through here before they are shown.
 */
export function redactCredentials<T extends SpecIssue>(issues: readonly T[]): T[] {
  return issues.map((i) => {
    let message = i.message.replace(URL_USERINFO, (_, scheme: string, end: string) => `${scheme}<${end === "@" ? "credentials" : "cut"} not shown>${end}`);
    if (CREDENTIAL_PATH.test(i.path)) message = message.replace(/ \(got [\s\S]*\)$/, ` ${NOT_SHOWN}`).replace(QUOTED, "the value (not shown: it may be a credential)");
    return message === i.message ? i : { ...i, message };
  });
}

/**
 * A URL's scheme and user information (`user:token@`), wherever it stands in a message; also an
 * authority that `describeValue` cut short (`https://user:tok...`), which may be one.
 */
const URL_USERINFO = /([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^\s/@"]*?(@|\.\.\.(?="))/g;
/** A JSON-quoted string, as `describeValue` writes values. */
const QUOTED = /"(?:[^"\\]|\\.)*"/g;

/** `a.b[1].c` from path segments. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (!/^[A-Za-z_$][\w$-]*$/.test(String(s))) out += `[${JSON.stringify(String(s))}]`;
    else out += out === "" ? String(s) : `.${String(s)}`;
  }
  return out;
}

/** `path: message`, the one line format used everywhere (CLI, Pulumi errors, warnings). */
export function formatIssue(issue: SpecIssue): string {
  return `${issue.path === "" ? "(spec)" : issue.path}: ${issue.message}`;
}

function formatIssues(issues: readonly SpecIssue[], source: string | undefined, subject: string): string {
  const head = `${source ? `${source}: ` : ""}invalid ${subject} (${issues.length} ${issues.length === 1 ? "error" : "errors"})`;
  return [head, ...issues.map((i) => `  ${formatIssue(i)}`)].join("\n");
}

/** A short, deterministic rendering of a value for messages (`"7860"`, `1.5`, `a list`). */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "a list";
  return "a mapping";
}
