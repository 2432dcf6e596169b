/** The CLI's one path from a spec file to resolved data and objects, shared by every command. */
import { buildManifests, Manifests } from "../manifests";
import type { ServiceType } from "../manifests/service";
import { ResolveOptions, ResolvedDeployment, resolveDeployment } from "../resolve";
import { formatIssue } from "../spec/issues";
import { readSpecFile } from "../spec/load";
import { secretReferences } from "../spec/secretRefs";
import { displayName, instanceName, locateSpecFile, readMachineTypes } from "./specFile";

export interface SpecOptions {
  image?: string;
  name?: string;
  namespace?: string;
  serviceType?: ServiceType;
  machineTypes?: string;
  /** An existing Secret for env `secret:NAME` references (else the program provides them). */
  secretName?: string;
  /** Enable the KEDA path for requestDuration. */
  keda?: boolean;
  ingressHost?: string;
  integrationsMode?: "shared" | "per-replica";
  ingressClass?: string;
  tlsSecret?: string;
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

/**
 * The resolve options of the CLI. Offline, secret values are never known: they render as
 * placeholders of what the program provides, or come from the Secret named with --secret-name.
 */
export function resolveOptionsFor(raw: unknown, options: SpecOptions, cwd: string): ResolveOptions {
  const refs = secretReferences(raw);
  return {
    image: options.image,
    machineTypes: readMachineTypes(options.machineTypes, cwd),
    secretNames: [...(options.secretName === undefined ? refs.env : []), ...(refs.basicAuth ? [refs.basicAuth] : []), ...refs.integrations],
    existingSecret: options.secretName,
    keda: options.keda ?? false,
    integrations: { mode: options.integrationsMode },
    // The program defines the registry's login; offline it renders as a placeholder.
    registries: typeof (raw as { containerRegistry?: unknown })?.containerRegistry === "string" ? [(raw as { containerRegistry: string }).containerRegistry] : [],
  };
}

/** Reads, resolves and builds a spec file as `pulumi up` would (explicit names: the instance name). */
export function loadSpecFile(file: string | undefined, options: SpecOptions, cwd: string): LoadedSpec {
  const path = locateSpecFile(file, cwd);
  const label = displayName(path, cwd);
  const raw = readSpecFile(path);
  const resolved = resolveDeployment(raw, resolveOptionsFor(raw, options, cwd), label);
  const instance = instanceName(options.name, raw, path);
  const manifests = buildManifests(resolved, {
    instance,
    objectName: instance,
    namespace: options.namespace,
    serviceType: options.serviceType,
    integrations: { mode: options.integrationsMode },
    ...(options.ingressHost !== undefined
      ? { ingress: { host: options.ingressHost, className: options.ingressClass, tlsSecretName: options.tlsSecret } }
      : {}),
  });
  return { label, instance, resolved, manifests, warnings: resolved.warnings.map(formatIssue) };
}
