/** Finding, reading and naming a spec file for the CLI. */
import * as path from "node:path";
import { findSpecFile, readSpecFile, SPEC_FILE_NAMES, STDIN, STDIN_LABEL } from "../core/spec/load";
import { SpecError, SpecFileError } from "../core/spec/issues";
import { UsageError } from "./errors";
import type { CustomMachineType } from "../core/machines";
import { WORKLOAD_FIELDS, WorkloadOptions } from "../manifests/workload";

/**
 * The file given (`-`: standard input), or the first Gradient spec file in the working directory,
 * named as messages show it: as given (a relative name stays relative) or relative to `cwd` when
 * that names the same file from this process's directory (the CLI's case), else absolute.
 */
export function locateSpecFile(file: string | undefined, cwd: string): string {
  if (file === STDIN) return STDIN;
  if (file !== undefined) return readableName(file, cwd);
  const found = findSpecFile(cwd);
  if (found === undefined) {
    throw new SpecFileError(`no spec file given, and none of ${SPEC_FILE_NAMES.join(", ")} is in ${cwd}`);
  }
  return readableName(found, cwd);
}

/** `file` as `displayName` shows it, when that is also a name this process can open it by. */
function readableName(file: string, cwd: string): string {
  const full = path.resolve(cwd, file);
  const shown = displayName(file, cwd);
  return path.resolve(shown) === full ? shown : full;
}

/**
 * The instance name the CLI uses: `--name`, else the spec's `name`, else the file's name without
 * its extension (as Gradient's CLI passes the name separately from the file). A spec read from
 * standard input has no file name: without `--name` or a `name` it is a usage error.
 */
export function instanceName(explicit: string | undefined, raw: unknown, file: string): string {
  if (explicit !== undefined) return explicit;
  if (raw && typeof raw === "object" && typeof (raw as { name?: unknown }).name === "string") {
    return (raw as { name: string }).name;
  }
  if (file === STDIN) {
    throw new UsageError("the spec read from standard input (-) has no name, and there is no file name to name its objects after: give --name NAME");
  }
  return path.basename(file, path.extname(file));
}

/**
 * A file name for messages: `(stdin)` for `-`; a relative name as given; an absolute one relative
 * to the working directory when inside it.
 */
export function displayName(file: string, cwd: string): string {
  if (file === STDIN) return STDIN_LABEL;
  if (!path.isAbsolute(file)) return file;
  const rel = path.relative(cwd, file);
  return rel === "" || rel.split(path.sep)[0] === ".." || path.isAbsolute(rel) ? file : rel;
}

/** The keys of a `--workload` file: the component's workload args, and the Ingress's annotations. */
const WORKLOAD_FILE_KEYS: readonly string[] = [...WORKLOAD_FIELDS, "ingress"];

/**
 * Reads a `--workload` file: the workload's Kubernetes extras as the component takes them
 * (`serviceAccountName`, `serviceAccount`, `podLabels`, ..., and `ingress: { annotations }`), YAML,
 * JSON, JSONC or TOML. Its values are checked with the spec, by the component's rules.
 */
export function readWorkloadFile(file: string | undefined, cwd: string): { workload?: WorkloadOptions; ingressAnnotations?: Record<string, string> } {
  if (file === undefined) return {};
  let data: unknown;
  try {
    data = readSpecFile(file === STDIN ? path.resolve(cwd, file) : readableName(file, cwd));
  } catch (e) {
    if (e instanceof SpecError) throw new UsageError(`--workload ${file}: ${e.issues.map((i) => i.message).join("; ")}`);
    throw e;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new UsageError(`--workload ${file}: must be a mapping of ${WORKLOAD_FILE_KEYS.join(", ")}`);
  const { ingress, ...rest } = data as Record<string, unknown>;
  const unknown = Object.keys(rest).filter((k) => !WORKLOAD_FILE_KEYS.includes(k));
  if (unknown.length > 0) throw new UsageError(`--workload ${file}: unknown ${unknown.join(", ")} (it takes ${WORKLOAD_FILE_KEYS.join(", ")})`);
  const ingressKeys = ingress !== undefined && typeof ingress === "object" && ingress !== null && !Array.isArray(ingress) ? Object.keys(ingress) : undefined;
  if (ingress !== undefined && !(ingressKeys && ingressKeys.every((k) => k === "annotations"))) {
    throw new UsageError(`--workload ${file}: ingress takes annotations only (the host, class and TLS Secret are --ingress-host, --ingress-class and --tls-secret)`);
  }
  const annotations = (ingress as { annotations?: Record<string, string> } | undefined)?.annotations;
  return { ...(Object.keys(rest).length > 0 ? { workload: rest as WorkloadOptions } : {}), ...(annotations !== undefined ? { ingressAnnotations: annotations } : {}) };
}

/**
 * Reads a `--machine-types` file: a mapping from machine label to `{ vcpu, memoryGiB, gpu? }`
 * (YAML, JSON, JSONC or TOML). Its values are checked with the spec.
 */
export function readMachineTypes(file: string | undefined, cwd: string): Record<string, CustomMachineType> | undefined {
  if (file === undefined) return undefined;
  let data: unknown;
  try {
    // Never standard input: `-` here is a file of that name.
    data = readSpecFile(file === STDIN ? path.resolve(cwd, file) : readableName(file, cwd));
  } catch (e) {
    if (e instanceof SpecError) throw new UsageError(`--machine-types ${file}: ${e.issues.map((i) => i.message).join("; ")}`);
    throw e;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new UsageError(`--machine-types ${file}: must map machine labels to { vcpu, memoryGiB, gpu? }`);
  }
  return data as Record<string, CustomMachineType>;
}
