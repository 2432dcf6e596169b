/** Turns zod's issues into `path: rule (got value)` messages. */
import type * as z from "zod";
import { SpecIssue, describeValue, formatPath } from "./issues";

export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): SpecIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((k) => ({ path: formatPath([...path, k]), message: "unknown field" }));
    }
    return [{ path: formatPath(path), message: messageOf(issue) }];
  });
}

function messageOf(issue: z.core.$ZodIssue): string {
  const got = ` (got ${describeValue(issue.input)})`;
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "required";
      if (issue.expected === "int") return `must be a whole number${got}`;
      return `must be ${article(issue.expected)}${got}`;
    case "too_small": {
      if (issue.origin === "array") return `must have at least ${issue.minimum} ${Number(issue.minimum) === 1 ? "item" : "items"}`;
      if (issue.origin === "string") return "must not be empty";
      return `must be ${issue.inclusive ? ">=" : ">"} ${issue.minimum}${got}`;
    }
    case "too_big": {
      if (issue.origin === "array") return `must have at most ${issue.maximum} items`;
      if (issue.origin === "string") return `must be at most ${issue.maximum} characters`;
      return `must be ${issue.inclusive ? "<=" : "<"} ${issue.maximum}${got}`;
    }
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}${got}`;
    case "invalid_union":
      return `has no valid form${got}`;
    default:
      // Custom rules and regex checks carry their own wording (with the value where useful).
      return issue.message;
  }
}

function article(expected: string): string {
  const noun = expected === "object" ? "mapping" : expected === "array" ? "list" : expected;
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
