/**
 * Resolution: a spec (any accepted shape) plus the program's options in, everything the builders
 * need out, with defaults applied. Pure. All problems of a spec, from its shape to features not
 * supported yet, are reported in one `SpecError`.
 */
import { CONTAINER_NAME, DEFAULT_SECURITY_PROFILE, HELPER_IMAGES, DEFAULT_REPLICAS, PRIMARY_PORT_NAME, SHARED_MEMORY_SIZE, TERMINATION_GRACE_SECONDS } from "./defaults";
import { computeDeadlines, DeadlineOptions } from "./deadlines";
import { execExpansionWarnings, StaticEnv } from "./expansion";
import { probeHostIssues } from "./probeHost";
import type { HelperImages, PodOptions } from "./podOptions";
import { imageReferenceProblem } from "./imageRef";
import { ResolvedRollout, resolveRollout, rolloutIssues, rolloutWaves } from "./rollout";
import { SECURITY_PROFILES, SecurityProfile } from "./security";
import { ResolvedProbes, buildProbes, readyBudgetSeconds, startupBudgetSeconds, PROBE_KINDS } from "./probes";
import { checkSpecShared } from "./spec/parse";
import { SpecError, SpecIssue, SpecWarning, describeValue, redactCredentials } from "./spec/issues";
import {
  INT32_MAX,
  LABEL_VALUE_RULE,
  SECRET_NAME,
  SECRET_NAME_RULE,
  NOT_SHOWN_AFTER_SECRET,
  SECRET_REFERENCE,
  isLabelValue,
  isPositiveQuantity,
  isValidPortName,
  isWholeNumber,
  objectNameIssue,
} from "./spec/rules";
import type { DeploymentSpec } from "./spec/types";
import { ResolvedIntegration, integrationCredentials, resolveIntegrations } from "./integrations";
import { INTEGRATION_DEFAULTS } from "./defaults";
import { CustomMachineType, MachineType, lookupMachine } from "./machines";
import { ComputeOverrides, Placement, containerResources, podScheduling } from "./scheduling";
import type { Affinity, ResourceRequirements, Toleration } from "../manifests/k8s";
import { ArgPath, placeholder } from "../manifests/placeholders";
import * as z from "zod";
import { fromZodIssues } from "./spec/zodIssues";

export interface ResolveOptions extends DeadlineOptions, PodOptions {
  /**
   * The image the program supplies; it replaces the spec's `image` (with a warning) and fills in
   * the `:image` placeholder.
   */
  image?: string;
  /**
   * What the workload runs when only the program knows it (a placeholder: a built image, or the
   * pinned digest of the spec's or the program's image).
   * @default `image`, else the spec's image
   */
  runImage?: string;
  /** Machine types for labels the catalog does not know (private hardware). */
  machineTypes?: Record<string, CustomMachineType>;
  /** CPU and memory to request instead of the machine-derived values. */
  compute?: ComputeOverrides;
  /** Where the pods must run, when a node pool decides it. */
  placement?: Placement;
  /** Names of the secrets the program provides values for (`secret:NAME` resolves to them). */
  secretNames?: string[];
  /** An existing Kubernetes Secret that holds the other `secret:NAME` keys. */
  existingSecret?: string;
  /** Enables the KEDA path for `requestDuration` autoscaling. */
  keda?: boolean;
  /** Names of the registries the program defines (the spec's `containerRegistry` picks one). */
  registries?: string[];
  /** How integrations are fetched: their time budget lengthens the rollout deadlines. */
  integrations?: { mode?: "shared" | "per-replica"; downloadTimeoutSeconds?: number; storageClassName?: string };
  /**
   * What names each option in messages, by its path: the CLI's flags (`{ image: "--image",
   * machineTypes: "--machine-types" }`; a path under a named one is `--machine-types: L4.vcpu`).
   * @default each option's own path, as the component's arguments are named
   */
  fieldNames?: FieldNames;
}

/** Names of options in messages, by their paths (see `ResolveOptions.fieldNames`). */
export type FieldNames = Readonly<Record<string, string>>;

/** The name of an option's `path` in messages: as `names` names it or a path it is under, else the path itself. */
export function optionPath(path: string, names: FieldNames | undefined): string {
  if (!names) return path;
  if (Object.prototype.hasOwnProperty.call(names, path)) return names[path];
  for (const [prefix, name] of Object.entries(names)) {
    if (path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`)) return `${name}: ${path.slice(prefix.length).replace(/^\./, "")}`;
  }
  return path;
}

/** Issues about options, each at its name in messages. */
export function namedOptions<T extends SpecIssue>(issues: readonly T[], names: FieldNames | undefined): T[] {
  return names ? issues.map((i) => ({ ...i, path: optionPath(i.path, names) })) : [...issues];
}

/**
 * Whether `value` stands for the argument `arg` given as an Output: the component passes its
 * placeholder, and checks the value once known. Anything else is checked here.
 */
const deployTime = (value: unknown, arg: ArgPath): boolean => value === placeholder({ kind: "arg", arg });

/** The images of our own containers, defaults applied. */
export type ResolvedHelperImages = Required<HelperImages>;

/** An environment variable: a plain value, or a key of the deployment's secrets. */
export type ResolvedEnv =
  | { name: string; value: string }
  | { name: string; secret: { key: string; from: "provided" } | { key: string; from: "existing"; secretName: string } };

/** The autoscaler: an HPA for cpu/memory, a KEDA ScaledObject when requestDuration is used. */
export interface ResolvedAutoscaling {
  engine: "hpa" | "keda";
  minReplicas: number;
  maxReplicas: number;
  metrics: Array<{ metric: "cpu" | "memory" | "requestDuration"; value: number }>;
}

/** Gradient's protected endpoint: the password comes from a provided secret or the spec itself. */
export type ResolvedBasicAuth = { secret: string } | { inline: string };

/** A container port with the name the probes and the Service refer to. */
export interface NamedPort {
  name: string;
  containerPort: number;
}

/** Everything the builders need, defaults applied. */
export interface ResolvedDeployment {
  /** The canonical spec. */
  spec: DeploymentSpec;
  image: string;
  /** Replicas to run: `resources.replicas` (default 1), or 0 when `enabled` is false. */
  replicas: number;
  containerName: string;
  /** The container ports; the first is the endpoint's. */
  ports: NamedPort[];
  command?: string[];
  env: ResolvedEnv[];
  /** Present when the replica count belongs to an autoscaler. */
  autoscaling?: ResolvedAutoscaling;
  /** Present for a protected endpoint. */
  basicAuth?: ResolvedBasicAuth;
  /** Model files and volumes, in spec order (the legacy repositories last). */
  integrations: ResolvedIntegration[];
  /** Plain-text integration credentials, by the Secret key they are stored under. */
  inlineSecrets: Record<string, string>;
  machineType: string;
  /** The machine type, from the catalog or the user's own. */
  machine: MachineType;
  /** Requests and limits of the container. */
  resources: ResourceRequirements;
  /** Tolerations and node affinity of the pod. */
  scheduling: { tolerations?: Toleration[]; affinity?: Affinity };
  probes: ResolvedProbes;
  /** Startup probe's initialDelay + period × failureThreshold, when there is a startup probe. */
  startupBudgetSeconds?: number;
  /** How long a pod may take to become ready: the probes' allowance, plus per-replica downloads. */
  readyBudgetSeconds: number;
  progressDeadlineSeconds: number;
  awaitTimeoutSeconds: number;
  /** The rolling update's surge and unavailability. */
  rollout: ResolvedRollout;
  /** How long a stopping pod may take after SIGTERM before SIGKILL. */
  terminationGracePeriodSeconds: number;
  /** The size of the memory-backed `/dev/shm`, when the pod gets one. */
  sharedMemory?: string;
  securityProfile: SecurityProfile;
  /** The images of our own containers. */
  helperImages: ResolvedHelperImages;
  runtimeClassName?: string;
  priorityClassName?: string;
  warnings: SpecWarning[];
}

/** The name of the i-th container port: `http` for the first, `http-<port>` for the others. */
export function containerPortName(port: number, index: number): string {
  return index === 0 ? PRIMARY_PORT_NAME : `${PRIMARY_PORT_NAME}-${port}`;
}

/** Resolves a spec; throws a `SpecError` listing every problem found. */
export function resolveDeployment(raw: unknown, options: ResolveOptions = {}, source?: string): ResolvedDeployment {
  const check = checkSpecShared(raw);
  const errors: SpecIssue[] = [...check.errors];
  const warnings: SpecWarning[] = [...check.warnings];
  // Checks that depend on the program's options (image, secrets, registries, KEDA) and the
  // integrations; they look at the normalised spec even when it is invalid, so that one run
  // reports everything.
  const names = options.fieldNames;
  if (check.normalized) contextIssues(check.normalized, options, errors, warnings);
  const integrations = check.normalized ? resolveIntegrations(check.normalized, options.secretNames ?? [], errors, warnings) : [];
  // The options' own problems, each named as the caller names the option (a CLI flag).
  errors.push(...namedOptions([...programImageIssues(options), ...optionIssues(options), ...podOptionIssues(options)], names));
  const machineType = isObj(check.normalized?.resources) ? check.normalized.resources.machineType : undefined;
  const custom = isObj(options.machineTypes) ? (options.machineTypes as Record<string, CustomMachineType>) : undefined;
  const lookup = typeof machineType === "string" ? lookupMachine(machineType, custom) : undefined;
  if (lookup && "error" in lookup) errors.push({ path: "resources.machineType", message: lookup.error });
  if (check.normalized) errors.push(...probePortNameIssues(check.normalized), ...probeHeaderSecretIssues(check.normalized));
  if (check.normalized) warnings.push(...probePortNumberWarnings(check.normalized));
  const spec = check.spec;
  if (!spec || !lookup || "error" in lookup || errors.length > 0) throw new SpecError(redactCredentials(errors), source, undefined, redactCredentials(warnings));
  const machine = lookup.machine;

  const ports = spec.resources.ports.map((p, i) => ({ name: containerPortName(p, i), containerPort: p }));
  const probes = buildProbes(spec.healthChecks, ports[0].containerPort);
  const replicas = spec.enabled === false ? 0 : spec.resources.replicas ?? DEFAULT_REPLICAS;
  // Per-replica downloads run in init containers, before the probes' clock starts.
  const fetches = integrations.some((x) => x.kind !== "volume");
  const perReplica = (options.integrations?.mode ?? INTEGRATION_DEFAULTS.mode) === "per-replica" && fetches;
  if (fetches && !perReplica && options.integrations?.storageClassName === undefined) {
    warnings.push({
      path: "integrations",
      message:
        "the shared mode needs a ReadWriteMany storage class (EFS, Filestore, Azure Files, NFS); the default classes of EKS, GKE and DOKS give ReadWriteOnce only and the claim would stay Pending: name one in integrations.storageClassName, or use integrations.mode per-replica",
    });
  }
  const readyBudget =
    readyBudgetSeconds(probes) + (perReplica ? (options.integrations?.downloadTimeoutSeconds ?? INTEGRATION_DEFAULTS.downloadTimeoutSeconds) : 0);
  const optionErrors: SpecIssue[] = [];
  const optionWarnings: SpecWarning[] = [];
  const rollout = resolveRollout(machine, options.rollout, optionErrors);
  // An autoscaled Deployment may be at its maximum when a rollout starts.
  const auto = spec.resources.autoscaling;
  const rolledReplicas = auto && auto.enabled !== false && spec.enabled !== false ? (auto.maxReplicas ?? replicas) : replicas;
  const deadlines = computeDeadlines(readyBudget, rolloutWaves(rollout, rolledReplicas), options, optionErrors, optionWarnings);
  errors.push(...namedOptions(optionErrors, names));
  warnings.push(...namedOptions(optionWarnings, names));
  const shm = options.sharedMemory ?? ((machine.gpu?.count ?? 0) > 1 ? SHARED_MEMORY_SIZE : false);
  const securityProfile = options.securityProfile ?? (DEFAULT_SECURITY_PROFILE as SecurityProfile);
  const grace = options.terminationGracePeriodSeconds ?? TERMINATION_GRACE_SECONDS;
  const env = (spec.env ?? []).map((e) => resolveEnv(e, options));
  const hosts = probeHostIssues(probes, securityProfile);
  errors.push(...hosts.errors);
  warnings.push(...hosts.warnings, ...execExpansionWarnings(probes, staticEnvOf(env)));
  if (errors.length > 0) throw new SpecError(redactCredentials(errors), source, undefined, redactCredentials(warnings));

  return {
    spec,
    image: options.runImage ?? options.image ?? (spec.image as string),
    replicas,
    containerName: CONTAINER_NAME,
    ports,
    ...(spec.command ? { command: [...spec.command] } : {}),
    env,
    ...autoscalingOf(spec, replicas, options),
    ...(spec.basicAuthKey !== undefined ? { basicAuth: basicAuthOf(spec.basicAuthKey) } : {}),
    integrations,
    inlineSecrets: Object.fromEntries(integrationCredentials(integrations).flatMap((c) => ("inline" in c ? [[c.key, c.inline]] : []))),
    machineType: spec.resources.machineType,
    machine,
    resources: containerResources(machine, options.compute),
    scheduling: podScheduling(machine, options.placement),
    probes,
    ...(probes.startup ? { startupBudgetSeconds: startupBudgetSeconds(probes.startup) } : {}),
    readyBudgetSeconds: readyBudget,
    ...deadlines,
    rollout,
    terminationGracePeriodSeconds: grace,
    ...(shm !== false ? { sharedMemory: shm } : {}),
    securityProfile,
    helperImages: helperImagesOf(options),
    ...(options.runtimeClassName !== undefined ? { runtimeClassName: options.runtimeClassName } : {}),
    ...(options.priorityClassName !== undefined ? { priorityClassName: options.priorityClassName } : {}),
    warnings: redactCredentials(warnings),
  };
}

/** The env as the kubelet's exec expansion sees it: literal values, and "" for Secret-backed ones. */
export function staticEnvOf(env: readonly ResolvedEnv[]): StaticEnv {
  return env.map((e) => ("value" in e ? { name: e.name, value: e.value } : { name: e.name }));
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * `secret:NAME` in an HTTP probe header: the kubelet sends probe headers exactly as written (a
 * probe cannot read a Secret), so the reference would go out literally.
 */
function probeHeaderSecretIssues(spec: Obj): SpecIssue[] {
  const checks = isObj(spec.healthChecks) ? spec.healthChecks : {};
  const issues: SpecIssue[] = [];
  for (const kind of PROBE_KINDS) {
    const check = checks[kind];
    const headers = isObj(check) && Array.isArray(check.headers) ? check.headers : [];
    headers.forEach((h, i) => {
      if (isObj(h) && typeof h.value === "string" && SECRET_REFERENCE.test(h.value)) {
        issues.push({
          path: `healthChecks.${kind}.headers[${i}].value`,
          message: "cannot be a secret:NAME reference: the kubelet sends probe headers exactly as written and cannot read a Secret; give the health check a path that needs no credential",
        });
      }
    });
  }
  return issues;
}

/**
 * Probes that name a port no container port has. Reads the normalised spec, valid or not, so the
 * problem is reported in the same run as the spec's other errors.
 */
function probePortNameIssues(spec: Obj): SpecIssue[] {
  const resources = isObj(spec.resources) ? spec.resources : {};
  const numbers = Array.isArray(resources.ports) ? resources.ports : [];
  if (!numbers.every((p) => typeof p === "number")) return [];
  const names = (numbers as number[]).map((p, i) => containerPortName(p, i));
  const checks = isObj(spec.healthChecks) ? spec.healthChecks : {};
  const issues: SpecIssue[] = [];
  for (const kind of PROBE_KINDS) {
    const check = checks[kind];
    const port = isObj(check) ? check.port : undefined;
    if (typeof port === "string" && isValidPortName(port) && !names.includes(port)) {
      issues.push({
        path: `healthChecks.${kind}.port`,
        message: `no container port is named ${describeValue(port)} (the names are ${names.join(", ")}); the kubelet would error on every check`,
      });
    }
  }
  return issues;
}

/** What a probe that never succeeds does, by kind. */
const NEVER_SUCCEEDS: Record<(typeof PROBE_KINDS)[number], string> = {
  startup: "the container is killed and restarted at the end of every startup window, and never starts",
  readiness: "the replica never becomes ready and never receives traffic",
  liveness: "the container is restarted after every failure window",
};

/**
 * Probes on a port number that is not a container port. The kubelet probes the pod's IP on that
 * port all the same, so it works when the app also listens there (an admin or health port is
 * not declared in Gradient's `ports`, which are what the endpoint exposes); when nothing listens
 * there, every check fails. A warning, since only the app knows. Reads the normalised spec.
 */
function probePortNumberWarnings(spec: Obj): SpecWarning[] {
  const resources = isObj(spec.resources) ? spec.resources : {};
  const numbers = Array.isArray(resources.ports) ? resources.ports : [];
  if (numbers.length === 0 || !numbers.every((p) => typeof p === "number")) return [];
  const checks = isObj(spec.healthChecks) ? spec.healthChecks : {};
  const warnings: SpecWarning[] = [];
  for (const kind of PROBE_KINDS) {
    const check = checks[kind];
    const port = isObj(check) ? check.port : undefined;
    if (typeof port === "number" && Number.isInteger(port) && port >= 1 && port <= 65535 && !numbers.includes(port)) {
      warnings.push({
        path: `healthChecks.${kind}.port`,
        message: `${port} is not a container port (resources.ports: ${numbers.join(", ")}): the kubelet still probes ${port} on the pod's IP, so this check passes only if the app also listens on ${port}; if it does not, every check fails and ${NEVER_SUCCEEDS[kind]}`,
      });
    }
  }
  return warnings;
}

function contextIssues(spec: Obj, options: ResolveOptions, errors: SpecIssue[], warnings: SpecWarning[]): void {
  if (options.image !== undefined) {
    if (programImageIssues(options).length === 0 && typeof spec.image === "string" && spec.image !== options.image) {
      warnings.push({ path: "image", message: `${describeValue(spec.image)} is replaced by the image the program supplies` });
    }
  } else if (spec.image === undefined) {
    errors.push({
      path: "image",
      message:
        "required: set image in the spec, or have the program supply it (the ModelDeployment `image` arg, or `--image` on the CLI) when the spec uses the ':image' placeholder or leaves it empty",
    });
  }

  if (typeof spec.containerRegistry === "string" && !(options.registries ?? []).includes(spec.containerRegistry)) {
    const known = options.registries ?? [];
    errors.push({
      path: "containerRegistry",
      message: `no registry named ${describeValue(spec.containerRegistry)} in the registries arg${known.length ? ` (it has ${known.join(", ")})` : ""}: define its server and credentials there`,
    });
  }
  const provided = new Set(options.secretNames ?? []);
  const checkSecretRef = (value: unknown, path: string, needsValue: boolean) => {
    const m = typeof value === "string" ? SECRET_REFERENCE.exec(value) : null;
    if (!m) return;
    const name = m[1];
    if (!SECRET_NAME.test(name)) {
      errors.push({ path, message: `${SECRET_NAME_RULE} ${NOT_SHOWN_AFTER_SECRET}` });
    } else if (!provided.has(name) && (needsValue || options.existingSecret === undefined)) {
      errors.push({
        path,
        message: needsValue
          ? `secret ${name} must be provided with its value (the secrets arg) to generate the endpoint's credentials`
          : `no secret ${name}: provide it in the secrets arg, or name an existing Kubernetes Secret that has the key ${name} (secretName)`,
      });
    }
  };
  if (Array.isArray(spec.env)) {
    const seen = new Map<string, number>();
    spec.env.forEach((e, i) => {
      if (!isObj(e)) return;
      if (typeof e.name === "string") {
        const first = seen.get(e.name);
        if (first !== undefined) {
          warnings.push({ path: `env[${i}].name`, message: `${describeValue(e.name)} is also env[${first}]; Kubernetes uses the last value` });
        } else {
          seen.set(e.name, i);
        }
      }
      checkSecretRef(e.value, `env[${i}].value`, false);
    });
  }
  if (typeof spec.basicAuthKey === "string") {
    if (SECRET_REFERENCE.test(spec.basicAuthKey)) checkSecretRef(spec.basicAuthKey, "basicAuthKey", true);
    else warnings.push({ path: "basicAuthKey", message: "is written in plain text in the spec; use secret:NAME and pass the value in the secrets arg" });
  }
  const resources = isObj(spec.resources) ? spec.resources : {};
  const auto = resources.autoscaling;
  if (isObj(auto) && auto.enabled !== false && spec.enabled !== false) {
    if (typeof resources.replicas === "number" && resources.replicas < 1) {
      errors.push({ path: "resources.replicas", message: `must be >= 1 while autoscaling: it is the autoscaler's minimum (got ${resources.replicas})` });
    }
    if (Array.isArray(auto.metrics) && !options.keda) {
      auto.metrics.forEach((m, i) => {
        if (isObj(m) && m.metric === "requestDuration") {
          errors.push({
            path: `resources.autoscaling.metrics[${i}].metric`,
            message:
              "requestDuration needs KEDA (a plain HPA cannot scale on it): pass keda: { enabled: true } (--keda in the CLI), with KEDA and Prometheus running in the cluster",
          });
        }
      });
    }
  }
  if (spec.region !== undefined) {
    warnings.push({ path: "region", message: "has no meaning on Kubernetes; ignored" });
  }
}

/** A label value the schema of a custom machine type checks (GPU products and the AWS GPU name become node-affinity values). */
const labelValue = z.string().refine(isLabelValue, { error: (iss) => `must be ${LABEL_VALUE_RULE} (got ${describeValue(iss.input)})` });

/**
 * The most vCPU and GiB a custom machine type may have: the requests made of them stay whole
 * millicores and MiB a Kubernetes quantity holds (a million vCPU, an exbibyte).
 */
const MAX_VCPU = 1_000_000;
const MAX_MEMORY_GIB = 1024 ** 3;

const customMachineTypeSchema = z.object({
  vcpu: z.number().positive().max(MAX_VCPU),
  memoryGiB: z.number().positive().max(MAX_MEMORY_GIB),
  gpu: z
    .object({
      count: z.number().int().min(1).max(INT32_MAX),
      model: z.string().min(1),
      memoryGiB: z.number().positive().max(MAX_MEMORY_GIB),
      products: z.array(labelValue.refine((v) => v !== "", { error: "must not be empty" })).min(1),
      awsGpuName: labelValue.refine((v) => v !== "", { error: "must not be empty" }).optional(),
    })
    .optional(),
});

/** Checks the pod options' form, so they are reported with the spec's problems in one run. */
function podOptionIssues(options: ResolveOptions): SpecIssue[] {
  const rollout: unknown = options.rollout;
  const issues =
    rollout === undefined || isObj(rollout)
      ? rolloutIssues(options.rollout)
      : [{ path: "rollout", message: `must be a mapping with maxSurge and maxUnavailable (got ${describeValue(rollout)})` }];
  const shm = options.sharedMemory;
  if (shm !== undefined && shm !== false && !isPositiveQuantity(shm)) {
    issues.push({ path: "sharedMemory", message: `must be a positive Kubernetes quantity such as "16Gi", or false (got ${describeValue(shm)})` });
  }
  const runtimeClass = options.runtimeClassName !== undefined ? objectNameIssue("runtimeClassName", options.runtimeClassName, "RuntimeClass") : undefined;
  if (runtimeClass) issues.push(runtimeClass);
  const priorityClass = options.priorityClassName !== undefined ? objectNameIssue("priorityClassName", options.priorityClassName, "PriorityClass") : undefined;
  if (priorityClass) issues.push(priorityClass);
  if (options.securityProfile !== undefined && !SECURITY_PROFILES.includes(options.securityProfile)) {
    issues.push({ path: "securityProfile", message: `must be one of ${SECURITY_PROFILES.join(", ")} (got ${describeValue(options.securityProfile)})` });
  }
  issues.push(...helperImageIssues(options));
  const grace = options.terminationGracePeriodSeconds;
  if (grace !== undefined && !isWholeNumber(grace, 0, INT32_MAX)) {
    issues.push({ path: "terminationGracePeriodSeconds", message: `must be a whole number of seconds from 0 to ${INT32_MAX} (got ${describeValue(grace)})` });
  }
  return issues;
}

const HELPER_IMAGE_KEYS = ["authProxy", "git", "aws"] as const;

/** The helper images: those given, else the pinned defaults. */
function helperImagesOf(options: ResolveOptions): ResolvedHelperImages {
  return Object.fromEntries(HELPER_IMAGE_KEYS.map((key) => [key, options.helperImages?.[key] ?? HELPER_IMAGES[key]])) as ResolvedHelperImages;
}

/** Why `value` is not an image reference a container runtime accepts, as an issue at `path`. */
function imageIssue(path: string, value: unknown): SpecIssue | undefined {
  const problem = typeof value === "string" ? imageReferenceProblem(value) : "must be a string";
  return problem ? { path, message: `${problem} (got ${describeValue(value)})` } : undefined;
}

/** Each helper image given is an image reference a container runtime accepts. */
function helperImageIssues(options: ResolveOptions): SpecIssue[] {
  const images: unknown = options.helperImages;
  if (images === undefined) return [];
  if (!isObj(images)) return [{ path: "helperImages", message: `must be a mapping of authProxy, git and aws to image references (got ${describeValue(images)})` }];
  return HELPER_IMAGE_KEYS.flatMap((key) => {
    const issue = images[key] === undefined ? undefined : imageIssue(`helperImages.${key}`, images[key]);
    return issue ? [issue] : [];
  });
}

/**
 * The image the program supplies is an image reference a container runtime accepts, by the same
 * grammar as the spec's `image` (one only known at deploy time is a placeholder here).
 */
function programImageIssues(options: ResolveOptions): SpecIssue[] {
  if (options.image === undefined || deployTime(options.image, "image")) return [];
  const issue = imageIssue("image", options.image);
  return issue ? [issue] : [];
}

const INTEGRATION_MODES = ["shared", "per-replica"];

/** Checks the program's options: custom machine types, compute overrides, the existing Secret, integrations. */
function optionIssues(options: ResolveOptions): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const types: unknown = options.machineTypes;
  if (types !== undefined && !isObj(types)) {
    issues.push({ path: "machineTypes", message: `must be a mapping of machine labels to { vcpu, memoryGiB, gpu? } (got ${describeValue(types)})` });
  }
  for (const [label, type] of Object.entries(isObj(types) ? types : {})) {
    const r = customMachineTypeSchema.safeParse(type, { reportInput: true });
    if (!r.success) issues.push(...fromZodIssues(r.error.issues, ["machineTypes", label]));
  }
  for (const field of ["cpu", "memory"] as const) {
    const q = options.compute?.[field];
    if (q !== undefined && !isPositiveQuantity(q)) {
      issues.push({ path: `compute.${field}`, message: `must be a positive Kubernetes quantity such as ${field === "cpu" ? '"4" or "3500m"' : '"24Gi"'} (got ${describeValue(q)})` });
    }
  }
  // The existing Secret the env's secret:NAME keys come from: the Deployment refers to it by name.
  if (options.existingSecret !== undefined && !deployTime(options.existingSecret, "secretName")) {
    const issue = objectNameIssue("secretName", options.existingSecret, "Secret");
    if (issue) issues.push(issue);
  }
  issues.push(...integrationOptionIssues(options.integrations));
  return issues;
}

/**
 * The integration options the resolution uses: the mode, the fetch's time budget (the fetch Job's
 * `activeDeadlineSeconds`) and the shared volume's storage class. (`size` is the manifests'.)
 */
function integrationOptionIssues(integrations: unknown): SpecIssue[] {
  if (integrations === undefined) return [];
  if (!isObj(integrations)) return [{ path: "integrations", message: `must be a mapping of integration options (got ${describeValue(integrations)})` }];
  const issues: SpecIssue[] = [];
  const { mode, downloadTimeoutSeconds: timeout, storageClassName: storageClass } = integrations;
  if (mode !== undefined && !INTEGRATION_MODES.includes(mode as string)) {
    issues.push({ path: "integrations.mode", message: `must be one of ${INTEGRATION_MODES.join(", ")} (got ${describeValue(mode)})` });
  }
  if (timeout !== undefined && !isWholeNumber(timeout, 1, INT32_MAX)) {
    issues.push({ path: "integrations.downloadTimeoutSeconds", message: `must be a whole number of seconds from 1 to ${INT32_MAX}: the fetch's deadline (got ${describeValue(timeout)})` });
  }
  if (storageClass === "") {
    issues.push({
      path: "integrations.storageClassName",
      message: "must not be empty: leave it out for the cluster's default storage class, or name a class (to Kubernetes an empty class means none at all, only pre-provisioned volumes)",
    });
  } else if (storageClass !== undefined) {
    const issue = objectNameIssue("integrations.storageClassName", storageClass, "StorageClass");
    if (issue) issues.push(issue);
  }
  return issues;
}

function resolveEnv(e: { name: string; value: string }, options: ResolveOptions): ResolvedEnv {
  const m = SECRET_REFERENCE.exec(e.value);
  if (!m) return { name: e.name, value: e.value };
  return (options.secretNames ?? []).includes(m[1])
    ? { name: e.name, secret: { key: m[1], from: "provided" } }
    : { name: e.name, secret: { key: m[1], from: "existing", secretName: options.existingSecret! } };
}

function autoscalingOf(spec: DeploymentSpec, replicas: number, options: ResolveOptions): { autoscaling?: ResolvedAutoscaling } {
  const a = spec.resources.autoscaling;
  if (!a || a.enabled === false || spec.enabled === false) return {};
  const metrics = (a.metrics ?? []).map((m) => ({ metric: m.metric, value: m.value }));
  return {
    autoscaling: {
      engine: options.keda && metrics.some((m) => m.metric === "requestDuration") ? "keda" : "hpa",
      minReplicas: replicas,
      maxReplicas: a.maxReplicas!,
      metrics,
    },
  };
}

function basicAuthOf(key: string): ResolvedBasicAuth {
  const m = SECRET_REFERENCE.exec(key);
  return m ? { secret: m[1] } : { inline: key };
}
