/**
 * The object model: every Kubernetes object of a deployment, keyed by its role, with what the
 * component needs to create it (its Pulumi name, what it waits for, its await timeout) and what
 * `diff` needs to judge a change (autonamed or fixed name, data it holds, secret values known in
 * memory). `render`, `preview`, `diff` and the component all read this one list. Pure.
 */
import { AUTH_PROXY_CONFIG_FILE, DEFAULT_SERVICE_TYPE, KEDA_PROMETHEUS_ADDRESS, KEDA_REQUEST_DURATION_QUERY, FETCH_JOB_AWAIT_MARGIN_SECONDS } from "../core/defaults";
import type { ResolvedDeployment } from "../core/resolve";
import { SpecError, SpecIssue, describeValue } from "../core/spec/issues";
import { namespaceIssues } from "../core/spec/rules";
import { KedaSettings, buildAutoscaler } from "./autoscaling";
import { buildDeployment } from "./deployment";
import { IngressOptions, buildAuthSecret, buildIngress, buildNetworkPolicy, buildPdb } from "./endpoint";
import { IntegrationOptions, buildIntegrations, claimKey } from "./integrations";
import type { KubernetesObject, Namespace } from "./k8s";
import { AUTONAME_SUFFIX_LENGTH, Naming, commonLabels, fitName, instanceNameIssues } from "./naming";
import { hasPlaceholder, placeholder } from "./placeholders";
import { buildPullSecret, buildSecret } from "./secrets";
import { SERVICE_TYPES, ServiceType, buildService } from "./service";

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
}

/** What an object is for. */
export type ObjectRole =
  | "namespace"
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

/** The Ingress host's rule: a DNS host name, optionally with a leading `*.`. */
export function ingressHostIssue(host: unknown): SpecIssue | undefined {
  if (typeof host === "string" && /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(host)) return undefined;
  return { path: "ingress.host", message: `must be a DNS host name (got ${describeValue(host)})` };
}

/** Problems with the manifest options: the instance name, Service type and Ingress host. */
export function manifestOptionIssues(options: ManifestOptions, nameField = "name"): SpecIssue[] {
  const issues = instanceNameIssues(options.instance, nameField);
  const type = options.serviceType ?? DEFAULT_SERVICE_TYPE;
  if (!SERVICE_TYPES.includes(type)) {
    issues.push({ path: "serviceType", message: `must be one of ${SERVICE_TYPES.join(", ")} (got ${describeValue(type)})` });
  }
  // The component passes a placeholder for a host only known at deploy time, and checks it then.
  const host = options.ingress?.host;
  if (options.ingress !== undefined && !(typeof host === "string" && hasPlaceholder(host))) {
    const problem = ingressHostIssue(host);
    if (problem) issues.push(problem);
  }
  // The component passes a placeholder when the namespace is its argument: it checks that itself.
  if (options.namespace !== undefined && !hasPlaceholder(options.namespace)) issues.push(...namespaceIssues(options.namespace));
  if (options.createNamespace && options.namespace === undefined) {
    issues.push({ path: "createNamespace", message: "needs namespace: the name of the namespace to create" });
  }
  return issues;
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
  const integ = buildIntegrations(r, options, options.integrations);
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
      dependsOn: [...claimKeys, ...(secret ? ["secret"] : [])],
      awaitSeconds: integ.job.spec.activeDeadlineSeconds + FETCH_JOB_AWAIT_MARGIN_SECONDS,
      // A Job's name is also the value of its pods' job-name label: at most 63 characters.
      maxName: 63,
    });
  }
  add("deployment", "deployment", "", buildDeployment(r, options, integ?.pod), {
    dependsOn: [...claimKeys, ...(integ?.job ? ["fetchJob"] : [])],
    awaitSeconds: r.awaitTimeoutSeconds,
  });
  add("service", "service", "", buildService(r, options, options.serviceType ?? DEFAULT_SERVICE_TYPE));
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
