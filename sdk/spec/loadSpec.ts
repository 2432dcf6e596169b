/**
 * `loadSpec`: a spec file to the canonical typed spec. The warnings found while loading are kept
 * with the returned object, so a `ModelDeployment` given that object logs them on `pulumi preview`.
 */
import { readSpecFile } from "./load";
import { parseSpec } from "./parse";
import type { SpecWarning } from "./issues";
import type { DeploymentSpec } from "./types";

const loadWarnings = new WeakMap<object, readonly SpecWarning[]>();

/** Reads, normalises and validates a spec file (YAML, JSON, JSONC or TOML). Throws `SpecError`. */
export function loadSpec(file: string): DeploymentSpec {
  const { spec, warnings } = parseSpec(readSpecFile(file), file);
  loadWarnings.set(spec, warnings);
  return spec;
}

/** The warnings `loadSpec` found for a spec object it returned (empty for any other object). */
export function warningsOf(spec: object): readonly SpecWarning[] {
  return loadWarnings.get(spec) ?? [];
}
