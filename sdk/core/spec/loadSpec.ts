/**
 * `loadSpec`: a spec file to the canonical typed spec. The warnings found while loading travel
 * with the returned object (under a symbol key, which object spreads copy), so a
 * `ModelDeployment` given that object, or `{ ...spec, enabled: false }`, logs them on
 * `pulumi preview`.
 */
import { readSpecFile } from "./load";
import { parseSpec } from "./parse";
import type { SpecWarning } from "./issues";
import type { DeploymentSpec } from "./types";

/** The symbol key under which `loadSpec` keeps a spec's load warnings. */
export const LOAD_WARNINGS: unique symbol = Symbol.for("model-deployment.loadWarnings");

/** Reads, normalises and validates a spec file (YAML, JSON, JSONC or TOML). Throws `SpecError`. */
export function loadSpec(file: string): DeploymentSpec {
  const { spec, warnings } = parseSpec(readSpecFile(file), file);
  Object.defineProperty(spec, LOAD_WARNINGS, { value: warnings, enumerable: true, writable: false, configurable: true });
  return spec;
}

/** The warnings `loadSpec` found for a spec it returned, or a spread copy of one (else empty). */
export function warningsOf(spec: object): readonly SpecWarning[] {
  const w = (spec as { [LOAD_WARNINGS]?: unknown })[LOAD_WARNINGS];
  return Array.isArray(w) ? (w as SpecWarning[]) : [];
}
