/** The CLI's one path from a spec file to the checked object model, shared by every command. */
import { DeploymentRequest } from "../manifests/plan";
import type { ManifestOptions } from "../manifests/objects";
import type { ServiceType } from "../manifests/service";
import type { FieldNames, ResolveOptions } from "../core/resolve";
import type { SecurityProfile } from "../core/security";
import { readSpecFile } from "../core/spec/load";
import { secretReferences } from "../core/spec/secretRefs";
import { readPolicyConfig } from "../policy/configFile";
import { UsageError } from "./errors";
import { displayName, instanceName, locateSpecFile, readMachineTypes, readWorkloadFile } from "./specFile";
import { WORKLOAD_FIELDS } from "../manifests/workload";

export interface SpecOptions {
  image?: string;
  name?: string;
  namespace?: string;
  createNamespace?: boolean;
  serviceType?: ServiceType;
  machineTypes?: string;
  /** A file of the workload's Kubernetes extras (service account, pod labels, volumes, ...). */
  workload?: string;
  /** An existing Secret for env `secret:NAME` references (else the program provides them). */
  secretName?: string;
  /** Enable the KEDA path for requestDuration. */
  keda?: boolean;
  ingressHost?: string;
  maxSurge?: string;
  maxUnavailable?: string;
  terminationGracePeriod?: string;
  progressDeadline?: string;
  imagePullHeadroom?: string;
  nodeProvisioningHeadroom?: string;
  sharedMemory?: string;
  securityProfile?: SecurityProfile;
  runtimeClass?: string;
  priorityClass?: string;
  /** commander's `--no-network-policy` sets this to false. */
  networkPolicy?: boolean;
  integrationsMode?: "shared" | "per-replica";
  ingressClass?: string;
  tlsSecret?: string;
  /** The policy pack's config file: each rule's enforcement level and settings. */
  policyConfig?: string;
  /** Warnings are errors. */
  strict?: boolean;
  authProxyImage?: string;
  gitImage?: string;
  awsImage?: string;
}

/** A spec file read and turned into a check request, as `pulumi up` would see it. */
export interface SpecRequest {
  /** The file name for messages. */
  label: string;
  instance: string;
  request: DeploymentRequest;
}

/**
 * The flag that sets each option, by the option's path: the check pass names them so in its
 * messages (`--ingress-class: must be the name of an IngressClass ...`).
 */
export const FLAG_NAMES: FieldNames = {
  image: "--image",
  machineTypes: "--machine-types",
  secretName: "--secret-name",
  rollout: "--max-surge/--max-unavailable",
  "rollout.maxSurge": "--max-surge",
  "rollout.maxUnavailable": "--max-unavailable",
  terminationGracePeriodSeconds: "--termination-grace-period",
  progressDeadlineSeconds: "--progress-deadline",
  imagePullHeadroomSeconds: "--image-pull-headroom",
  nodeProvisioningHeadroomSeconds: "--node-provisioning-headroom",
  sharedMemory: "--shared-memory",
  runtimeClassName: "--runtime-class",
  priorityClassName: "--priority-class",
  securityProfile: "--security-profile",
  "integrations.mode": "--integrations-mode",
  "helperImages.authProxy": "--auth-proxy-image",
  "helperImages.git": "--git-image",
  "helperImages.aws": "--aws-image",
  namespace: "--namespace",
  createNamespace: "--create-namespace",
  networkPolicy: "--no-network-policy",
  serviceType: "--service-type",
  "ingress.host": "--ingress-host",
  "ingress.className": "--ingress-class",
  "ingress.tlsSecretName": "--tls-secret",
  "ingress.annotations": "--workload ingress.annotations",
  ...Object.fromEntries(WORKLOAD_FIELDS.map((f) => [f, `--workload ${f}`])),
};

/**
 * A flag's whole number as a number; anything else as the text given, which the check pass
 * refuses with the text in its message (`Number` would read "" as 0, "0x1F" as 31, "abc" as NaN).
 */
const wholeNumber = (v: string): number => (/^\d+$/.test(v) ? Number(v) : (v as unknown as number));

/**
 * The resolve options of the CLI. Offline, secret values are never known: they render as
 * placeholders of what the program provides, or come from the Secret named with --secret-name.
 */
export function resolveOptionsFor(raw: unknown, options: SpecOptions, cwd: string): ResolveOptions {
  const refs = secretReferences(raw);
  return {
    fieldNames: FLAG_NAMES,
    image: options.image,
    machineTypes: readMachineTypes(options.machineTypes, cwd),
    secretNames: [...(options.secretName === undefined ? refs.env : []), ...(refs.basicAuth ? [refs.basicAuth] : []), ...refs.integrations],
    existingSecret: options.secretName,
    keda: options.keda ?? false,
    ...(options.maxSurge !== undefined || options.maxUnavailable !== undefined
      ? { rollout: { ...(options.maxSurge !== undefined ? { maxSurge: podCount(options.maxSurge) } : {}), ...(options.maxUnavailable !== undefined ? { maxUnavailable: podCount(options.maxUnavailable) } : {}) } }
      : {}),
    ...(options.terminationGracePeriod !== undefined ? { terminationGracePeriodSeconds: wholeNumber(options.terminationGracePeriod) } : {}),
    ...(options.progressDeadline !== undefined ? { progressDeadlineSeconds: wholeNumber(options.progressDeadline) } : {}),
    ...(options.imagePullHeadroom !== undefined ? { imagePullHeadroomSeconds: wholeNumber(options.imagePullHeadroom) } : {}),
    ...(options.nodeProvisioningHeadroom !== undefined ? { nodeProvisioningHeadroomSeconds: wholeNumber(options.nodeProvisioningHeadroom) } : {}),
    ...(options.sharedMemory !== undefined ? { sharedMemory: options.sharedMemory === "false" ? false : options.sharedMemory } : {}),
    ...(options.runtimeClass !== undefined ? { runtimeClassName: options.runtimeClass } : {}),
    ...(options.securityProfile !== undefined ? { securityProfile: options.securityProfile } : {}),
    ...(options.priorityClass !== undefined ? { priorityClassName: options.priorityClass } : {}),
    integrations: { mode: options.integrationsMode },
    ...(options.authProxyImage !== undefined || options.gitImage !== undefined || options.awsImage !== undefined
      ? { helperImages: { authProxy: options.authProxyImage, git: options.gitImage, aws: options.awsImage } }
      : {}),
    // The program defines the registry's login; offline it renders as a placeholder.
    registries: typeof (raw as { containerRegistry?: unknown })?.containerRegistry === "string" ? [(raw as { containerRegistry: string }).containerRegistry] : [],
  };
}

/** A `--max-surge` / `--max-unavailable` value: a whole number, or kept as text (a percentage). */
const podCount = (v: string) => (/^\d+$/.test(v) ? Number(v) : v);

/** The manifest options of the CLI: explicit names (the instance name), so output can be applied. */
export function manifestOptionsFor(instance: string, options: SpecOptions, cwd = process.cwd()): ManifestOptions {
  const { workload, ingressAnnotations } = readWorkloadFile(options.workload, cwd);
  // Like --ingress-class: annotations of an Ingress that is not there would do nothing.
  if (ingressAnnotations !== undefined && options.ingressHost === undefined) {
    throw new UsageError(`--workload ${options.workload}: ingress.annotations are the annotations of the Ingress of --ingress-host, which is not given (without it there is no Ingress)`);
  }
  return {
    ...(workload ? { workload } : {}),
    fieldNames: FLAG_NAMES,
    instance,
    objectName: instance,
    namespace: options.namespace,
    createNamespace: options.createNamespace,
    networkPolicy: options.networkPolicy,
    serviceType: options.serviceType,
    integrations: { mode: options.integrationsMode },
    ...(options.ingressHost !== undefined
      ? { ingress: { host: options.ingressHost, className: options.ingressClass, tlsSecretName: options.tlsSecret, ...(ingressAnnotations ? { annotations: ingressAnnotations } : {}) } }
      : {}),
  };
}

/** Reads a spec file into the request the check pass takes. */
export function specRequest(file: string | undefined, options: SpecOptions, cwd: string): SpecRequest {
  const path = locateSpecFile(file, cwd);
  const label = displayName(path, cwd);
  const raw = readSpecFile(path);
  const instance = instanceName(options.name, raw, path);
  return {
    label,
    instance,
    request: {
      spec: raw,
      resolve: resolveOptionsFor(raw, options, cwd),
      manifest: manifestOptionsFor(instance, options, cwd),
      nameField: options.name !== undefined ? "--name" : "name",
      source: label,
      ...policyOptionsFor(options, cwd),
    },
  };
}

/** The policy pack's config (`--policy-config`) and `--strict`; an unreadable config is a usage error. */
function policyOptionsFor(options: SpecOptions, cwd: string): Pick<DeploymentRequest, "policy" | "policyField" | "strict"> {
  const read = options.policyConfig !== undefined ? readPolicyConfig(options.policyConfig, cwd) : undefined;
  if (read && "problem" in read) throw new UsageError(`--policy-config: ${read.problem}`);
  return { ...(read ? { policy: read.config, policyField: "--policy-config" } : {}), ...(options.strict ? { strict: true } : {}) };
}

