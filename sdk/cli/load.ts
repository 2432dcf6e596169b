/** The CLI's one path from a spec file to resolved data and objects, shared by every command. */
import { buildManifests, Manifests } from "../manifests";
import type { ServiceType } from "../manifests/service";
import { ResolvedDeployment, resolveDeployment } from "../resolve";
import { formatIssue } from "../spec/issues";
import { displayName, instanceName, locateSpecFile, readMachineTypes, readSpec } from "./specFile";

export interface SpecOptions {
  image?: string;
  name?: string;
  namespace?: string;
  serviceType?: ServiceType;
  machineTypes?: string;
}

export interface LoadedSpec {
  /** The file name for messages. */
  label: string;
  instance: string;
  resolved: ResolvedDeployment;
  manifests: Manifests;
  /** Warnings as `path: message`. */
  warnings: string[];
}

/** Reads, resolves and builds a spec file as `pulumi up` would (explicit names: the instance name). */
export function loadSpecFile(file: string | undefined, options: SpecOptions, cwd: string): LoadedSpec {
  const path = locateSpecFile(file, cwd);
  const label = displayName(path, cwd);
  const raw = readSpec(path);
  const resolved = resolveDeployment(raw, { image: options.image, machineTypes: readMachineTypes(options.machineTypes, cwd) }, label);
  const instance = instanceName(options.name, raw, path);
  const manifests = buildManifests(resolved, { instance, objectName: instance, namespace: options.namespace, serviceType: options.serviceType });
  return { label, instance, resolved, manifests, warnings: resolved.warnings.map(formatIssue) };
}
