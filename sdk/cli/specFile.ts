/** Finding, reading and naming a spec file for the CLI. */
import * as path from "node:path";
import { findSpecFile, readSpecFile, SPEC_FILE_NAMES } from "../core/spec/load";
import { SpecError, SpecFileError } from "../core/spec/issues";
import { UsageError } from "./errors";
import type { CustomMachineType } from "../core/machines";

/** The file given, or the first Gradient spec file in the working directory. */
export function locateSpecFile(file: string | undefined, cwd: string): string {
  if (file !== undefined) return path.resolve(cwd, file);
  const found = findSpecFile(cwd);
  if (found === undefined) {
    throw new SpecFileError(`no spec file given, and none of ${SPEC_FILE_NAMES.join(", ")} is in ${cwd}`);
  }
  return found;
}

/**
 * The instance name the CLI uses: `--name`, else the spec's `name`, else the file's name without
 * its extension (as Gradient's CLI passes the name separately from the file).
 */
export function instanceName(explicit: string | undefined, raw: unknown, file: string): string {
  if (explicit !== undefined) return explicit;
  if (raw && typeof raw === "object" && typeof (raw as { name?: unknown }).name === "string") {
    return (raw as { name: string }).name;
  }
  return path.basename(file, path.extname(file));
}

/** A file name for messages: relative to the working directory when inside it. */
export function displayName(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel.startsWith("..") || path.isAbsolute(rel) ? file : rel;
}

/**
 * Reads a `--machine-types` file: a mapping from machine label to `{ vcpu, memoryGiB, gpu? }`
 * (YAML, JSON, JSONC or TOML). Its values are checked with the spec.
 */
export function readMachineTypes(file: string | undefined, cwd: string): Record<string, CustomMachineType> | undefined {
  if (file === undefined) return undefined;
  const full = path.resolve(cwd, file);
  let data: unknown;
  try {
    data = readSpecFile(full);
  } catch (e) {
    if (e instanceof SpecError) throw new UsageError(`--machine-types ${file}: ${e.issues.map((i) => i.message).join("; ")}`);
    throw e;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new UsageError(`--machine-types ${file}: must map machine labels to { vcpu, memoryGiB, gpu? }`);
  }
  return data as Record<string, CustomMachineType>;
}
