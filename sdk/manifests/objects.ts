/**
 * The object model: every Kubernetes object of a deployment, keyed by its role, with what the
 * component needs to create it (its Pulumi name, what it waits for, its await timeout) and what
 * `diff` needs to judge a change (autonamed or fixed name, data it holds, secret values known in
 * memory). `render`, `preview`, `diff` and the component all read this one list. Pure.
 */
import { AUTH_PROXY_CONFIG_FILE, DEFAULT_SERVICE_TYPE, KEDA_PROMETHEUS_ADDRESS, KEDA_REQUEST_DURATION_QUERY, FETCH_JOB_AWAIT_MARGIN_SECONDS } from "../core/defaults";
import { FieldNames, ResolvedDeployment, namedOptions, optionPath } from "../core/resolve";
import { SpecError, SpecIssue, describeValue, redactCredentials } from "../core/spec/issues";
import { ingressHostProblem, ingressPathProblem, isPositiveQuantity, labelIssues, namespaceIssues, objectNameIssue } from "../core/spec/rules";
import { KedaSettings, buildAutoscaler } from "./autoscaling";
import { buildDeployment } from "./deployment";
import { IngressOptions, buildAuthSecret, buildIngress, buildNetworkPolicy, buildPdb } from "./endpoint";
import { IntegrationOptions, buildIntegrations, claimKey } from "./integrations";
import type { KubernetesObject, Namespace, ServiceAccount } from "./k8s";
import { AUTONAME_SUFFIX_LENGTH, Naming, commonLabels, fitName, instanceNameIssues, objectMeta, objectRefs } from "./naming";
import { ArgPath, placeholder } from "./placeholders";
import { buildPullSecret, buildSecret } from "./secrets";
import { SERVICE_TYPES, ServiceType, buildService } from "./service";
import { WorkloadOptions, annotationIssues, podClashIssues, podServiceAccountName, workloadIssues } from "./workload";
import { nonEmpty } from "./endpoint";

export interface ManifestOptions extends Naming {
  /** @default "ClusterIP" */
  serviceType?: ServiceType;
  /** An Ingress in front of the Service. */
  ingress?: IngressOptions;
  /** KEDA's Prometheus trigger for requestDuration. */
  keda?: Partial<KedaSettings>;
  /** How integrations are fetched and stored. */
  integrations?: IntegrationOptions;
  /** Create `namespace` as one of the objects (it must be given). */
  createNamespace?: boolean;
  /**
   * A protected endpoint's NetworkPolicy, which admits only the auth proxy's port (and the metrics
   * scrape behind KEDA).
   * @default true
   */
  networkPolicy?: boolean;
  /** What names each option in messages, by its path (the CLI's flags); see `ResolveOptions.fieldNames`. */
  fieldNames?: FieldNames;
  /**
   * The workload's extras: service account, pod labels and annotations, Service annotations, image
   * pull policy, envFrom, extra volumes and mounts, node selector and tolerations.
   */
  workload?: WorkloadOptions;
}

/** What an object is for. */
export type ObjectRole =
  | "namespace"
  | "serviceAccount"
  | "claim"
  | "pullSecret"
  | "secret"
  | "authSecret"
  | "fetchJob"
  | "deployment"
  | "service"
  | "autoscaler"
  | "pdb"
  | "ingress"
  | "networkPolicy";

/** Any object the builders emit. */
export type KubeObject = KubernetesObject;

/** One object of a deployment and how it is created. */
export interface ObjectEntry<T extends KubeObject = KubeObject> {
  /** Unique within a deployment and stable across spec changes: the role, or `claim:<volume>`. */
  key: string;
  role: ObjectRole;
  /** The child resource's Pulumi name (the last part of its URN). */
  resourceName: string;
  object: T;
  /** Keys of the objects that must be ready before this one is created or updated. */
  dependsOn: string[];
  /** How long Pulumi waits for the object to become ready on create and update, in seconds. */
  awaitSeconds?: number;
  /** Whether `metadata.name` is fixed; otherwise Pulumi autonames the object. */
  fixedName: boolean;
  /** Deleting or replacing this object deletes data (a volume's). */
  holdsData: boolean;
  /** Earlier Pulumi names of this object, kept as aliases so that a new name replaces nothing. */
  aliases?: string[];
  /**
   * Secret values the spec itself holds in plain text, by the `stringData` key whose value they
   * decide: known in memory so that `diff` can tell a rotation; never written into an object or
   * printed.
   */
  sensitive?: Readonly<Record<string, string>>;
}

/**
 * The Ingress host's rule (the API server's): a DNS host name, optionally with a leading `*.`, not
 * an IP address. Checked up front for a plain value, once known for an Output.
 */
export function ingressHostIssue(host: unknown): SpecIssue | undefined {
  const problem = ingressHostProblem(host);
  return problem ? { path: "ingress.host", message: `${problem} (got ${describeValue(host)})` } : undefined;
}

/** `spec.ingressClassName`: the name of an IngressClass (empty: the cluster's default class). */
export function ingressClassIssue(className: unknown): SpecIssue | undefined {
  return className === "" ? undefined : objectNameIssue("ingress.className", className, "IngressClass");
}

/** The Ingress's TLS Secret: the name of a Secret (empty: no TLS). */
export function tlsSecretIssue(secretName: unknown): SpecIssue | undefined {
  return secretName === "" ? undefined : objectNameIssue("ingress.tlsSecretName", secretName, "Secret");
}

/**
 * Whether `value` stands for the argument `arg` given as an Output (its placeholder): the
 * component checks it once known, by the same rule. Anything else is checked here.
 */
const deployTime = (value: unknown, arg: ArgPath): boolean => value === placeholder({ kind: "arg", arg });

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The Ingress options: host, class, TLS Secret and path, as the API server checks an Ingress. */
function ingressIssues(ingress: unknown): SpecIssue[] {
  if (ingress === undefined) return [];
  if (!isObj(ingress)) return [{ path: "ingress", message: `must be a mapping with host, and optionally className, tlsSecretName and path (got ${describeValue(ingress)})` }];
  const issues: SpecIssue[] = [];
  const add = (issue: SpecIssue | undefined) => issue && issues.push(issue);
  if (!deployTime(ingress.host, "ingress.host")) add(ingressHostIssue(ingress.host));
  if (ingress.className !== undefined && !deployTime(ingress.className, "ingress.className")) add(ingressClassIssue(ingress.className));
  if (ingress.tlsSecretName !== undefined && !deployTime(ingress.tlsSecretName, "ingress.tlsSecretName")) add(tlsSecretIssue(ingress.tlsSecretName));
  issues.push(...annotationIssues(ingress.annotations, "ingress.annotations"));
  if (ingress.path !== undefined) {
    const problem = ingressPathProblem(ingress.path);
    if (problem) issues.push({ path: "ingress.path", message: `${problem}: the Ingress's path, of type Prefix (got ${describeValue(ingress.path)})` });
  }
  return issues;
}

/** KEDA's Prometheus address: an http(s) URL of the server. */
const PROMETHEUS_ADDRESS = /^https?:\/\/[^\s/?#]+(\/\S*)?$/;

/** The KEDA options: the Prometheus address and query, and who scrapes the metrics (a namespace and pod labels). */
function kedaIssues(keda: unknown): SpecIssue[] {
  if (keda === undefined) return [];
  if (!isObj(keda)) return [{ path: "keda", message: `must be a mapping of KEDA options (got ${describeValue(keda)})` }];
  const issues: SpecIssue[] = [];
  const { prometheusAddress: address, query, scrapeFrom } = keda;
  if (address !== undefined && !deployTime(address, "keda.prometheusAddress") && !(typeof address === "string" && PROMETHEUS_ADDRESS.test(address))) {
    issues.push({ path: "keda.prometheusAddress", message: `must be the http(s) URL of a Prometheus server, e.g. http://prometheus.monitoring:9090 (got ${describeValue(address)})` });
  }
  if (query !== undefined && !deployTime(query, "keda.query") && !(typeof query === "string" && query.trim() !== "")) {
    issues.push({ path: "keda.query", message: `must be a Prometheus query (got ${describeValue(query)})` });
  }
  if (scrapeFrom !== undefined) {
    if (!isObj(scrapeFrom)) issues.push({ path: "keda.scrapeFrom", message: `must be a mapping with namespace and podLabels (got ${describeValue(scrapeFrom)})` });
    else {
      // The NetworkPolicy selects the scrapers' namespace by its name label, and their pods by these labels.
      if (scrapeFrom.namespace !== undefined) issues.push(...namespaceIssues(scrapeFrom.namespace, "keda.scrapeFrom.namespace"));
      issues.push(...labelIssues(scrapeFrom.podLabels, "keda.scrapeFrom.podLabels"));
    }
  }
  return issues;
}

/** Problems with the manifest options: the instance name, Service type, Ingress, namespace, KEDA and the volumes' size. */
export function manifestOptionIssues(options: ManifestOptions, nameField = "name"): SpecIssue[] {
  const issues = instanceNameIssues(options.instance, nameField);
  const type = options.serviceType ?? DEFAULT_SERVICE_TYPE;
  if (!SERVICE_TYPES.includes(type)) {
    issues.push({ path: "serviceType", message: `must be one of ${SERVICE_TYPES.join(", ")} (got ${describeValue(type)})` });
  }
  // The component passes a placeholder for a value only known at deploy time, and checks it then.
  issues.push(...ingressIssues(options.ingress), ...kedaIssues(options.keda));
  // The pods' own labels (the selector's among them) are the component's: a pod label cannot change them.
  issues.push(...workloadIssues(options.workload, Object.keys(commonLabels(options.instance, undefined))));
  if (options.namespace !== undefined && !deployTime(options.namespace, "namespace")) issues.push(...namespaceIssues(options.namespace));
  if (options.createNamespace && options.namespace === undefined) {
    issues.push({ path: "createNamespace", message: `needs ${optionPath("namespace", options.fieldNames)}: the name of the namespace to create` });
  }
  for (const field of ["createNamespace", "networkPolicy"] as const) {
    const v: unknown = options[field];
    if (v !== undefined && typeof v !== "boolean") issues.push({ path: field, message: `must be true or false (got ${describeValue(v)})` });
  }
  // The claims' size: the shared volume's and each volume integration's (the resolution checks the other integration options).
  const size = isObj(options.integrations) ? options.integrations.size : undefined;
  if (size !== undefined && !isPositiveQuantity(size)) {
    issues.push({ path: "integrations.size", message: `must be a positive Kubernetes quantity such as "100Gi": the volumes' storage request (got ${describeValue(size)})` });
  }
  return redactCredentials(namedOptions(issues, options.fieldNames));
}

/**
 * Every object of a resolved deployment, in apply order. The options must have passed
 * `manifestOptionIssues` (the check pass does that); a `SpecError` guards against skipping it.
 */
export function buildObjects(r: ResolvedDeployment, manifestOptions: ManifestOptions): ObjectEntry[] {
  const issues = manifestOptionIssues(manifestOptions);
  if (issues.length > 0) throw new SpecError(issues);
  // Objects in a namespace we create refer to it by the created Namespace's name.
  const options =
    manifestOptions.createNamespace && manifestOptions.objectName === undefined
      ? { ...manifestOptions, namespace: placeholder({ kind: "name", of: "namespace" }) }
      : manifestOptions;
  const instance = options.instance;
  const keda: KedaSettings = {
    prometheusAddress: options.keda?.prometheusAddress ?? KEDA_PROMETHEUS_ADDRESS,
    query: options.keda?.query ?? KEDA_REQUEST_DURATION_QUERY,
    ...(options.keda?.scrapeFrom ? { scrapeFrom: options.keda.scrapeFrom } : {}),
  };
  const entries: ObjectEntry[] = [];
  const add = <T extends KubeObject>(
    key: string,
    role: ObjectRole,
    suffix: string,
    object: T | undefined,
    extra: Partial<Pick<ObjectEntry, "dependsOn" | "awaitSeconds" | "holdsData" | "sensitive">> & { maxName?: number } = {},
  ) => {
    if (object === undefined) return;
    // An autonamed object's name is its Pulumi name plus Pulumi's suffix: it must fit its kind's limit.
    const resourceName = extra.maxName === undefined || object.metadata.name !== undefined ? `${instance}${suffix}` : fitName(instance, suffix, extra.maxName - AUTONAME_SUFFIX_LENGTH);
    entries.push({
      key,
      role,
      resourceName,
      ...(resourceName !== `${instance}${suffix}` ? { aliases: [`${instance}${suffix}`] } : {}),
      object,
      dependsOn: extra.dependsOn ?? [],
      ...(extra.awaitSeconds !== undefined ? { awaitSeconds: extra.awaitSeconds } : {}),
      fixedName: object.metadata.name !== undefined,
      holdsData: extra.holdsData ?? false,
      ...(extra.sensitive && Object.keys(extra.sensitive).length > 0 ? { sensitive: extra.sensitive } : {}),
    });
  };

  if (manifestOptions.createNamespace && manifestOptions.namespace !== undefined) {
    add("namespace", "namespace", "-namespace", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: manifestOptions.namespace, labels: commonLabels(instance, r.spec.name) },
    } satisfies Namespace);
  }
  const workload = options.workload ?? {};
  if (workload.serviceAccount !== undefined) {
    add("serviceAccount", "serviceAccount", "", {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: objectMeta(options, commonLabels(instance, r.spec.name), nonEmpty(workload.serviceAccount.annotations), workload.serviceAccountName ?? options.objectName),
    } satisfies ServiceAccount);
  }
  const integ = buildIntegrations(r, options, options.integrations, podServiceAccountName(workload, objectRefs(options).serviceAccount));
  const claimKeys = (integ?.claims ?? []).map((c) => claimKey(c.key));
  for (const c of integ?.claims ?? []) add(claimKey(c.key), "claim", `-${c.key}`, c.claim, { holdsData: true });
  add("pullSecret", "pullSecret", "-registry", buildPullSecret(r, options));
  const secret = buildSecret(r, options);
  add("secret", "secret", "-secrets", secret, { sensitive: r.inlineSecrets });
  add("authSecret", "authSecret", "-auth", buildAuthSecret(r, options), {
    // The config embeds the hash of the password: the password decides the config's value.
    ...(r.basicAuth && "inline" in r.basicAuth ? { sensitive: { [AUTH_PROXY_CONFIG_FILE]: r.basicAuth.inline } } : {}),
  });
  if (integ?.job) {
    add("fetchJob", "fetchJob", "-fetch", integ.job, {
      // Its pod runs as the created ServiceAccount, when there is one: it must exist first.
      dependsOn: [...(workload.serviceAccount !== undefined ? ["serviceAccount"] : []), ...claimKeys, ...(secret ? ["secret"] : [])],
      awaitSeconds: integ.job.spec.activeDeadlineSeconds + FETCH_JOB_AWAIT_MARGIN_SECONDS,
      // A Job's name is also the value of its pods' job-name label: at most 63 characters.
      maxName: 63,
    });
  }
  const deployment = buildDeployment(r, options, integ?.pod, workload);
  // The extras meet the component's own pod spec only here: what the API server would refuse is an error.
  const clashes = podClashIssues(deployment, options.workload);
  if (clashes.length > 0) throw new SpecError(namedOptions(clashes, options.fieldNames));
  add("deployment", "deployment", "", deployment, {
    dependsOn: [...(workload.serviceAccount !== undefined ? ["serviceAccount"] : []), ...claimKeys, ...(integ?.job ? ["fetchJob"] : [])],
    awaitSeconds: r.awaitTimeoutSeconds,
  });
  add("service", "service", "", buildService(r, options, options.serviceType ?? DEFAULT_SERVICE_TYPE, workload.serviceAnnotations));
  const autoscaler = buildAutoscaler(r, options, keda);
  // KEDA takes over the Deployment's replica count: it waits for the Deployment to exist.
  add("autoscaler", "autoscaler", "", autoscaler, autoscaler?.kind === "ScaledObject" ? { dependsOn: ["deployment"] } : {});
  add("pdb", "pdb", "", buildPdb(r, options));
  add("ingress", "ingress", "", buildIngress(r, options, options.ingress));
  if (options.networkPolicy !== false) add("networkPolicy", "networkPolicy", "", buildNetworkPolicy(r, options, keda));
  return entries;
}

/** The objects alone, in apply order (what `render` prints). */
export function objectList(entries: readonly ObjectEntry[]): KubeObject[] {
  return entries.map((e) => e.object);
}

/** The entry with `key`, typed by the caller. */
export function entryOf<T extends KubeObject>(entries: readonly ObjectEntry[], key: string): ObjectEntry<T> | undefined {
  return entries.find((e) => e.key === key) as ObjectEntry<T> | undefined;
}
