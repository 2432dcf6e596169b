/** Parsing: any accepted Gradient shape in, the canonical typed spec (and warnings) out. */
import { normalizeSpec } from "./normalize";
import { deploymentSpecSchema } from "./schema";
import { fromZodIssues } from "./zodIssues";
import { SpecError, SpecIssue, SpecWarning, redactCredentials } from "./issues";
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

/**
 * The last few checks, by the spec's content: `loadSpec` and the component (and N components of
 * one spec) then parse a spec once. Keyed by content, not identity, so a spec changed after
 * loading is parsed again.
 */
const recent = new Map<string, SpecCheck>();
const RECENT_MAX = 16;

/** Normalises and validates without throwing. */
export function checkSpec(raw: unknown): SpecCheck {
  const c = checkSpecShared(raw);
  return { ...c, spec: c.spec && structuredClone(c.spec), normalized: c.normalized && structuredClone(c.normalized) };
}

/** A key that tells apart every input the checks tell apart, or undefined when unsure. */
function contentKey(raw: unknown): string | undefined {
  try {
    return JSON.stringify(raw, function (this: Record<string, unknown>, key: string, value: unknown) {
      const original = this[key];
      if (original === undefined) return "\u0000undefined";
      if (typeof original === "number" && !Number.isFinite(original)) return `\u0000number:${original}`;
      if (typeof original === "function" || typeof original === "symbol" || typeof original === "bigint") throw new Error("not plain data");
      if (typeof original === "object" && original !== null && !Array.isArray(original)) {
        const proto = Object.getPrototypeOf(original);
        if (proto !== Object.prototype && proto !== null) throw new Error("not plain data");
      }
      return value;
    });
  } catch {
    return undefined; // cycles, class instances, BigInt: checked every time
  }
}

/** `checkSpec` without copying: the result is shared, so callers must treat it as read-only. */
export function checkSpecShared(raw: unknown): SpecCheck {
  const key = contentKey({ raw });
  const hit = key === undefined ? undefined : recent.get(key);
  if (hit) return hit;
  const result = checkUncached(raw);
  if (key !== undefined) remember(key, result);
  return result;
}

function remember(key: string, result: SpecCheck): void {
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value as string);
  recent.set(key, result);
}

function checkUncached(raw: unknown): SpecCheck {
  const n = normalizeSpec(raw);
  if (n.value === undefined) return { spec: undefined, normalized: undefined, warnings: redactCredentials(n.warnings), errors: redactCredentials(n.errors) };
  const result = deploymentSpecSchema.safeParse(n.value, { reportInput: true });
  const errors = [...n.errors, ...(result.success ? [] : fromZodIssues(result.error.issues))];
  return {
    spec: result.success && errors.length === 0 ? (result.data as DeploymentSpec) : undefined,
    normalized: n.value,
    warnings: redactCredentials(n.warnings),
    errors: redactCredentials(errors),
  };
}

/**
 * Parses a spec in any shape Gradient accepts (legacy or modern, either key spelling, numeric
 * strings, a scalar `ports`) into the canonical form. Throws a `SpecError` listing every problem.
 */
export function parseSpec(raw: unknown, source?: string): ParsedSpec {
  const c = checkSpecShared(raw);
  if (c.spec === undefined) throw new SpecError(c.errors, source, undefined, c.warnings);
  // The canonical form is a fixed point of the checks: remember it, so that passing the parsed
  // spec on (to a ModelDeployment) does not parse it again.
  const key = contentKey({ raw: c.spec });
  if (key !== undefined && !recent.has(key)) remember(key, { spec: c.spec, normalized: c.spec as unknown as Record<string, unknown>, warnings: [], errors: [] });
  return { spec: structuredClone(c.spec), warnings: c.warnings };
}
