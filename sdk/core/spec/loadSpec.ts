/**
 * `loadSpec`: a spec file to the canonical typed spec. The warnings found while loading travel
 * with the returned object (under a symbol key, which object spreads copy), so a
 * `ModelDeployment` given that object, or `{ ...spec, enabled: false }`, logs them on
 * `pulumi preview`.
 */
import { readSpecFile, sourceName } from "./load";
import { parseSpec } from "./parse";
import type { SpecWarning } from "./issues";
import type { DeploymentSpec } from "./types";

/** The symbol key under which `loadSpec` keeps a spec's load warnings. */
export const LOAD_WARNINGS: unique symbol = Symbol.for("model-deployment.loadWarnings");

/**
 * Reads, normalises and validates a spec file (YAML, JSON, JSONC or TOML, in UTF-8; `-` reads
 * standard input, its format told by its content). Throws `SpecError` (`SpecFileError` for a file
 * that cannot be read or is not UTF-8, `SpecSyntaxError` for one that does not parse).
 */
export function loadSpec(file: string): DeploymentSpec {
  const { spec, warnings } = parseSpec(readSpecFile(file), sourceName(file));
  Object.defineProperty(spec, LOAD_WARNINGS, { value: warnings, enumerable: true, writable: false, configurable: true });
  return spec;
}

/** The warnings `loadSpec` found for a spec it returned, or a spread copy of one (else empty). */
export function warningsOf(spec: object): readonly SpecWarning[] {
  const w = (spec as { [LOAD_WARNINGS]?: unknown })[LOAD_WARNINGS];
  return Array.isArray(w) ? (w as SpecWarning[]) : [];
}
