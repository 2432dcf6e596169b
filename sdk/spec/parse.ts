/** Parsing: any accepted Gradient shape in, the canonical typed spec (and warnings) out. */
import { normalizeSpec } from "./normalize";
import { deploymentSpecSchema } from "./schema";
import { fromZodIssues } from "./zodIssues";
import { SpecError, SpecIssue, SpecWarning } from "./issues";
import type { DeploymentSpec } from "./types";

export interface ParsedSpec {
  spec: DeploymentSpec;
  warnings: SpecWarning[];
}

/** What `checkSpec` found: the spec when it parsed, and every issue either way. */
export interface SpecCheck {
  spec: DeploymentSpec | undefined;
  /** The normalised spec even when invalid, so later checks can still look at it. */
  normalized: Record<string, unknown> | undefined;
  warnings: SpecWarning[];
  errors: SpecIssue[];
}

/** Normalises and validates without throwing. */
export function checkSpec(raw: unknown): SpecCheck {
  const n = normalizeSpec(raw);
  if (n.value === undefined) return { spec: undefined, normalized: undefined, warnings: n.warnings, errors: n.errors };
  const result = deploymentSpecSchema.safeParse(n.value, { reportInput: true });
  const errors = [...n.errors, ...(result.success ? [] : fromZodIssues(result.error.issues))];
  return {
    spec: result.success && errors.length === 0 ? (result.data as DeploymentSpec) : undefined,
    normalized: n.value,
    warnings: n.warnings,
    errors,
  };
}

/**
 * Parses a spec in any shape Gradient accepts (legacy or modern, either key spelling, numeric
 * strings, a scalar `ports`) into the canonical form. Throws a `SpecError` listing every problem.
 */
export function parseSpec(raw: unknown, source?: string): ParsedSpec {
  const c = checkSpec(raw);
  if (c.spec === undefined) throw new SpecError(c.errors, source);
  return { spec: c.spec, warnings: c.warnings };
}
