/**
 * `ModelDeployment`: a Gradient deployment spec as a GPU model-serving endpoint on Kubernetes.
 * A thin Pulumi shell over the pure core: one check pass, then one child resource per entry of
 * the object model, with Outputs put in where the builders left placeholders. Everything it
 * creates is what `model-deploy render` prints.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as bcrypt from "bcryptjs";
import { ARG_RULES, argIssues } from "./argIssues";
import { DeploymentPlan, planDeployment } from "../manifests/plan";
import { DEFAULT_NAMESPACE, DEFAULT_NODE_PROVISIONING_HEADROOM_SECONDS, DEFAULT_REPLICAS } from "../core/defaults";
import { DEDICATED_POD_COMPUTE, GpuNodePool, poolCapacity } from "./GpuNodePool";
import { IMAGE_ARG_RULES, buildImage, pinDigest } from "./image";
import { checkedInput, failOn } from "./checked";
import { DeployTimeInputs } from "./deployTimeInputs";
import { WORKLOAD_FIELDS, WorkloadOptions, annotationIssues, workloadIssues } from "../manifests/workload";
import { commonLabels } from "../manifests/naming";
import { dockerConfigJson } from "../core/imageRef";
import { BCRYPT_SALT_CHARACTERS, bcryptSalt, passwordHashForProxy, saltCharacters } from "../manifests/endpoint";
import type { Service } from "../manifests/k8s";
import type { KubeObject } from "../manifests/objects";
import { ArgPath, Placeholder, argValue, mapPlaceholders, placeholder } from "../manifests/placeholders";
import { renderQuery } from "../manifests/autoscaling";
import type { IngressOptions } from "../manifests/endpoint";
import type { IngressArgs, KedaArgs, ModelDeploymentArgs } from "./ModelDeploymentArgs";
import { planNodePool } from "./nodepools/plan";
import { computeFitIssue, dedicatedPoolBounds, waitsForNodes } from "./nodepools/provisioning";
import type { ResolvedProbes } from "../core/probes";
import { ProbeTimeline, probeTimelines } from "../core/timeline";
import type { ResolvedDeployment } from "../core/resolve";
import type { Placement } from "../core/scheduling";
import { SpecError, SpecIssue, SpecWarning, describeValue, formatIssue } from "../core/spec/issues";
import { loadSpec, warningsOf } from "../core/spec/loadSpec";
import { parseSpecText } from "../core/spec/load";
import { checkSpecShared } from "../core/spec/parse";
import type { PolicyConfig } from "../policy/config";
import { readPolicyConfig } from "../policy/configFile";
import type { DeploymentSpec } from "../core/spec/types";

/** A created Kubernetes object: every one has `metadata`. */
type Created = pulumi.CustomResource & { readonly metadata: pulumi.Output<{ name: string; namespace?: string }> };

/** The pulumi-kubernetes resource for each kind the builders emit. */
const RESOURCES: Record<KubeObject["kind"], new (name: string, args: any, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource> = {
  Namespace: k8s.core.v1.Namespace,
  ServiceAccount: k8s.core.v1.ServiceAccount,
  PersistentVolumeClaim: k8s.core.v1.PersistentVolumeClaim,
  Secret: k8s.core.v1.Secret,
  Job: k8s.batch.v1.Job,
  Deployment: k8s.apps.v1.Deployment,
  Service: k8s.core.v1.Service,
  HorizontalPodAutoscaler: k8s.autoscaling.v2.HorizontalPodAutoscaler,
  ScaledObject: k8s.apiextensions.CustomResource,
  PodDisruptionBudget: k8s.policy.v1.PodDisruptionBudget,
  Ingress: k8s.networking.v1.Ingress,
  NetworkPolicy: k8s.networking.v1.NetworkPolicy,
};

const IMAGE = placeholder({ kind: "arg", arg: "image" });

/** The string arguments that may be Outputs, by the path their placeholder names. */
function argInputs(args: ModelDeploymentArgs): Partial<Record<Exclude<ArgPath, "image" | "keda.query">, pulumi.Input<string>>> {
  return {
    namespace: args.namespace,
    kubernetesName: args.kubernetesName,
    secretName: args.secretName,
    "ingress.host": args.ingress?.host,
    "ingress.className": args.ingress?.className,
    "ingress.tlsSecretName": args.ingress?.tlsSecretName,
    "keda.prometheusAddress": args.keda?.prometheusAddress,
  };
}

/** The checks of arguments that the check pass makes of plain values, made again once an Output is known. */
const DEPLOY_TIME_CHECKS: Partial<Record<ArgPath, (value: string) => SpecIssue | undefined>> = ARG_RULES;

/** The workload's extras as the builders see them: plain data, placeholders for the Outputs inside. */
function workloadOptions(args: ModelDeploymentArgs, inputs: DeployTimeInputs): WorkloadOptions | undefined {
  const given = WORKLOAD_FIELDS.filter((f) => args[f] !== undefined && !STRUCTURE_AS_OUTPUT(f, args[f]));
  if (given.length === 0) return undefined;
  return Object.fromEntries(given.map((f) => [f, inputs.plain(args[f], [f])])) as WorkloadOptions;
}

/** A map or list given as a whole Output: refused by `argIssues` (its keys and items shape the objects). */
const STRUCTURE_AS_OUTPUT = (field: string, value: unknown): boolean =>
  field !== "serviceAccountName" && field !== "imagePullPolicy" && (pulumi.Output.isInstance(value) || value instanceof Promise);

/** The Ingress as the builders see it: plain values, placeholders for Outputs. */
function ingressOptions(ingress: IngressArgs, inputs: DeployTimeInputs): IngressOptions {
  return {
    ...(ingress.annotations !== undefined && !STRUCTURE_AS_OUTPUT("annotations", ingress.annotations)
      ? { annotations: inputs.plain(ingress.annotations, ["ingress", "annotations"]) as Record<string, string> }
      : {}),
    host: argValue("ingress.host", ingress.host),
    ...(ingress.className !== undefined ? { className: argValue("ingress.className", ingress.className) } : {}),
    ...(ingress.tlsSecretName !== undefined ? { tlsSecretName: argValue("ingress.tlsSecretName", ingress.tlsSecretName) } : {}),
    ...(ingress.path !== undefined ? { path: ingress.path } : {}),
  };
}

/** The KEDA options as the builders see them. */
function kedaSettings(keda: KedaArgs) {
  return {
    ...(keda.prometheusAddress !== undefined ? { prometheusAddress: argValue("keda.prometheusAddress", keda.prometheusAddress) } : {}),
    ...(keda.query !== undefined ? { query: argValue("keda.query", keda.query) } : {}),
    ...(keda.scrapeFrom ? { scrapeFrom: keda.scrapeFrom } : {}),
  };
}

/** The endpoint behind an Ingress: `http(s)://<host><path>`. */
function ingressUrl(ing: IngressArgs): pulumi.Input<string> {
  const path = ing.path && ing.path !== "/" ? ing.path : "/";
  const scheme = ing.tlsSecretName !== undefined && ing.tlsSecretName !== "" ? "https" : "http";
  return typeof ing.host === "string" ? `${scheme}://${ing.host}${path}` : pulumi.interpolate`${scheme}://${ing.host}${path}`;
}

/** The component's name, which names every object: Pulumi refuses a missing one with a plain Error, this with a ResourceError. */
function nameOf(name: unknown): string {
  if (typeof name === "string" && name !== "") return name;
  throw new pulumi.ResourceError(`ModelDeployment: name: required, the name of the component, which names the Kubernetes objects (got ${describeValue(name)})`, undefined);
}

/** The spec: the typed object, or the spec file's text as data (checked and normalised by the plan). */
function specOf(args: ModelDeploymentArgs): DeploymentSpec {
  const fail = (path: "spec" | "specText", message: string): never => {
    throw new SpecError([{ path, message }]);
  };
  if (typeof args !== "object" || args === null) fail("spec", "required: the arguments, with the deployment spec (spec) or a spec file's text (specText)");
  const deployTime = (v: unknown) => pulumi.Output.isInstance(v) || v instanceof Promise;
  if (args.spec !== undefined && args.specText !== undefined) fail("specText", "give spec or specText, not both");
  if (args.specText !== undefined) {
    const text: unknown = args.specText;
    if (deployTime(text)) fail("specText", "must be plain text, not an Output: the spec decides which resources exist");
    if (typeof text !== "string") fail("specText", `must be the text of a spec file (got ${describeValue(text)})`);
    let parsed: unknown;
    try {
      parsed = parseSpecText(text as string, "yaml");
    } catch (e) {
      // A syntax error: named after the argument that holds the text.
      if (e instanceof SpecError) throw new SpecError(e.issues.map((i) => ({ ...i, path: i.path === "" ? "specText" : `specText: ${i.path}` })));
      throw e;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      fail("specText", `must be the text of a spec file: a mapping of spec fields (got ${(text as string).trim() === "" ? "an empty text" : `a text that reads as ${describeValue(parsed)}`})`);
    }
    return parsed as DeploymentSpec;
  }
  const spec: unknown = args.spec;
  if (spec === undefined || spec === null) fail("spec", `required: the deployment spec (or specText, a spec file's text)${spec === null ? " (got null)" : ""}`);
  if (deployTime(spec)) fail("spec", "must be plain data, not an Output: the spec decides which resources exist");
  if (typeof spec !== "object" || Array.isArray(spec)) {
    const file = typeof spec === "string" && /\.(ya?ml|jsonc?|toml)$/i.test(spec) ? `; for a spec file, pass ModelDeployment.loadSpec(${JSON.stringify(spec)})` : "";
    fail("spec", `must be a mapping of spec fields${file} (got ${describeValue(spec)})`);
  }
  return spec as DeploymentSpec;
}

/** What the check pass decided, known before anything is created. */
interface Facts {
  image: pulumi.Input<string>;
  port: number;
  loadBalancer: boolean;
  ingressUrl?: pulumi.Input<string>;
  probes: ResolvedProbes;
  startupBudgetSeconds?: number;
  terminationGracePeriodSeconds: number;
  progressDeadlineSeconds: number;
  warnings: string[];
  digest?: pulumi.Output<string>;
  autoscaler?: k8s.autoscaling.v2.HorizontalPodAutoscaler | k8s.apiextensions.CustomResource;
  imageBuild?: pulumi.CustomResource;
  /** The `serviceAccountName` argument (an existing account, when none is created). */
  serviceAccountName?: pulumi.Input<string>;
}

/**
 * Each component's facts, outside the class: every property of a component class is an output of
 * the package schema Pulumi's analyzer makes for other languages, and these are not.
 */
const FACTS = new WeakMap<ModelDeployment, Facts>();
const factsOf = (d: ModelDeployment): Facts => FACTS.get(d)!;

/**
 * A Paperspace Gradient deployment spec as a GPU model-serving endpoint on Kubernetes: a
 * Deployment and a Service with the spec's probes, and what the spec asks for besides (autoscaler,
 * Secrets, a protected endpoint's auth proxy, integrations, an Ingress, a node pool).
 */
export class ModelDeployment extends pulumi.ComponentResource {
  /** The workload. */
  public readonly deployment: k8s.apps.v1.Deployment;
  /** The Service in front of it. */
  public readonly service: k8s.core.v1.Service;
  /** The namespace, when `createNamespace` is set. */
  public readonly namespaceResource?: k8s.core.v1.Namespace;
  /** The Secret with the provided `secret:NAME` values, when the spec uses any. */
  public readonly secret?: k8s.core.v1.Secret;
  /** The auth proxy's configuration, for a protected endpoint. */
  public readonly authSecret?: k8s.core.v1.Secret;
  /** The PodDisruptionBudget, when 2 or more replicas run. */
  public readonly podDisruptionBudget?: k8s.policy.v1.PodDisruptionBudget;
  /** The Ingress, when asked for. */
  public readonly ingress?: k8s.networking.v1.Ingress;
  /** The image pull Secret of the spec's private registry. */
  public readonly pullSecret?: k8s.core.v1.Secret;
  /** The Job that fills the shared integrations volume, when the spec has integrations to fetch. */
  public readonly fetchJob?: k8s.batch.v1.Job;
  /**
   * The ServiceAccount the pods run as, when `serviceAccount` asks the component to create one.
   * Its name is `serviceAccountName` (an output): an IRSA trust policy
   * (`system:serviceaccount:<namespace>:<name>`) or a Workload Identity binding
   * (`<project>.svc.id.goog[<namespace>/<name>]`) needs it.
   */
  public readonly serviceAccount?: k8s.core.v1.ServiceAccount;

  // The outputs below are made on access (getters on the prototype, defined after the class), so a
  // program of a thousand deployments does not pay for Outputs nobody reads.
  /** The namespace the objects live in. */
  declare public readonly namespace: pulumi.Output<string>;
  /** The Deployment's `metadata.name`. */
  declare public readonly deploymentName: pulumi.Output<string>;
  /** The Service's `metadata.name`. */
  declare public readonly serviceName: pulumi.Output<string>;
  /**
   * The URL a client calls: the Ingress's, the load balancer's address (once it has one), or the
   * Service's in-cluster DNS name.
   */
  declare public readonly endpoint: pulumi.Output<string>;
  /** The image reference the workload runs (by digest when built or pinned). */
  declare public readonly image: pulumi.Output<string>;
  /** The Kubernetes probes as emitted, every default written out. */
  declare public readonly probes: pulumi.Output<ResolvedProbes>;
  /**
   * Gradient's startup budget (initialDelay + period × failureThreshold), if there is a startup
   * probe: the upper end of when a start that never answers is killed. A start is only
   * guaranteed one period less; `probeTimelines` gives every window.
   */
  declare public readonly startupBudgetSeconds: pulumi.Output<number | undefined>;
  /** The Deployment's `progressDeadlineSeconds`. */
  declare public readonly progressDeadlineSeconds: pulumi.Output<number>;
  /** Every normalisation and warning found in the spec, as `path: message`. */
  declare public readonly warnings: pulumi.Output<string[]>;
  /** The image's digest, when built or pinned. */
  declare public readonly imageDigest: pulumi.Output<string | undefined>;
  /**
   * The service account the pods (and the shared-mode fetch Job) run as: the created
   * ServiceAccount's name (autonamed unless `serviceAccountName` is set), else the given
   * `serviceAccountName`, else undefined (the namespace's `default`). Feed it to an IRSA trust
   * policy or a Workload Identity binding in the same program.
   */
  declare public readonly serviceAccountName: pulumi.Output<string | undefined>;

  /**
   * The HorizontalPodAutoscaler or KEDA ScaledObject, when autoscaling is enabled. TypeScript
   * only: a package schema has no union of resources.
   */
  public get autoscaler(): k8s.autoscaling.v2.HorizontalPodAutoscaler | k8s.apiextensions.CustomResource | undefined {
    return factsOf(this).autoscaler;
  }
  /**
   * The image build (`@pulumi/docker-build`'s `Image`), when `build` is given. TypeScript only: it
   * comes from an optional peer package.
   */
  public get imageBuild(): pulumi.CustomResource | undefined {
    return factsOf(this).imageBuild;
  }
  /**
   * What the probes mean in time, as the kubelet acts: the first check, when a failing or hung
   * start is killed, when a failing replica leaves the load balancer and a hung one is killed,
   * each a window [from, to) (the kubelet's tick phase is random). TypeScript only (its shape
   * has unions a package schema cannot hold); `model-deploy preview` prints the same.
   */
  public get probeTimelines(): pulumi.Output<ProbeTimeline[]> {
    const f = factsOf(this);
    return pulumi.output(probeTimelines(f.probes, { terminationGracePeriodSeconds: f.terminationGracePeriodSeconds }));
  }

  /** Reads a Gradient spec file (YAML, JSON, JSONC or TOML) into a typed spec; throws on errors. */
  static loadSpec(file: string): DeploymentSpec {
    return loadSpec(file);
  }

  constructor(name: string, args: ModelDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("model-deployment:index:ModelDeployment", nameOf(name), {}, opts);

    let plan: DeploymentPlan;
    let placement: ReturnType<ModelDeployment["placementFor"]>;
    const inputs = new DeployTimeInputs();
    let workload: WorkloadOptions | undefined;
    let ingress: IngressOptions | undefined;
    try {
      args = { ...args, spec: specOf(args) };
      workload = workloadOptions(args, inputs);
      ingress = args.ingress && typeof args.ingress === "object" ? ingressOptions(args.ingress, inputs) : (args.ingress as IngressOptions | undefined);
      placement = this.placementFor(name, args);
      const policy = policyConfigOf(args.policyConfig);
      plan = planDeployment({
        spec: args.spec,
        resolve: {
          // What the checks see of the image; the workload runs what `runImage` stands for.
          image: args.build || (args.image !== undefined && typeof args.image !== "string") ? IMAGE : args.image,
          ...(args.build || args.pinImageDigest ? { runImage: IMAGE } : {}),
          registries: Object.keys(args.registries ?? {}),
          progressDeadlineSeconds: args.progressDeadlineSeconds,
          imagePullHeadroomSeconds: args.imagePullHeadroomSeconds,
          // A pool the component creates, or a shared GpuNodePool whose warm nodes cannot hold every
          // replica, makes the first rollout wait for new nodes (provisioning.ts).
          nodeProvisioningHeadroomSeconds: args.nodeProvisioningHeadroomSeconds ?? (args.dedicatedNodePool || placement.waitsForNodes ? DEFAULT_NODE_PROVISIONING_HEADROOM_SECONDS : undefined),
          rollout: args.rollout,
          terminationGracePeriodSeconds: args.terminationGracePeriodSeconds,
          sharedMemory: args.sharedMemory,
          securityProfile: args.securityProfile,
          helperImages: args.helperImages,
          runtimeClassName: args.runtimeClassName,
          priorityClassName: args.priorityClassName,
          machineTypes: args.machineTypes,
          compute: args.compute,
          placement: placement.placement,
          secretNames: Object.keys(args.secrets ?? {}),
          existingSecret: argValue("secretName", args.secretName),
          keda: args.keda?.enabled ?? false,
          integrations: args.integrations,
        },
        manifest: {
          instance: name,
          ...(args.namespace !== undefined ? { namespace: placeholder({ kind: "arg", arg: "namespace" }) } : {}),
          ...(args.kubernetesName !== undefined ? { workloadName: placeholder({ kind: "arg", arg: "kubernetesName" }) } : {}),
          createNamespace: args.createNamespace,
          networkPolicy: args.networkPolicy,
          serviceType: args.serviceType,
          ...(ingress ? { ingress } : {}),
          ...(workload ? { workload } : {}),
          ...(args.keda ? { keda: kedaSettings(args.keda) } : {}),
          integrations: args.integrations,
        },
        // The arguments' own problems are reported together with the spec's.
        issues: [...argIssues(args), ...placement.issues, ...policy.issues],
        warnings: warningsOf(args.spec!),
        ...(policy.config ? { policy: policy.config } : {}),
      });
    } catch (e) {
      if (e instanceof SpecError) throw new pulumi.ResourceError(`ModelDeployment ${name}: ${e.message}`, this);
      throw e;
    }
    const resolved = plan.resolved;
    const warnings = plan.warnings.map(formatIssue);
    for (const w of warnings) pulumi.log.warn(w, this);
    warnings.push(...(placement.warnings ?? []).map(formatIssue));

    // A shared pool given as a GpuNodePool is waited for; one given as plain data is the program's to order.
    const pool =
      (pulumi.Resource.isInstance(args.nodePool) ? args.nodePool : undefined) ??
      (args.dedicatedNodePool
        ? new GpuNodePool(`${name}-pool`, { ...this.dedicatedPoolArgs(args, resolved.machineType, resolved.replicas), ...(args.compute ? { [DEDICATED_POD_COMPUTE]: args.compute } : {}) }, { parent: this })
        : undefined);

    // The image: built and pushed, pinned by digest, or used as given.
    let image: pulumi.Input<string> = args.image ?? resolved.spec.image!;
    let digest: pulumi.Output<string> | undefined;
    let imageBuild: pulumi.CustomResource | undefined;
    if (args.build) {
      const login = args.build.registry ?? resolved.spec.containerRegistry;
      const built = buildImage(name, args.build, args.registries ?? {}, login || undefined, this, failOn(this, `ModelDeployment ${name}`));
      imageBuild = built.resource;
      image = built.ref;
      digest = built.digest;
    } else if (args.pinImageDigest) {
      const pinned = pinDigest(image, this);
      image = pinned.ref;
      digest = pinned.digest;
    }

    // One child per object, in apply order; Outputs go where the builders left placeholders.
    const created: Record<string, Created> = {};
    const values = this.deployTimeValues(name, args, resolved, image, created, inputs, this.recheck(name, workload, ingress));
    for (const entry of plan.objects) {
      const object = mapPlaceholders(entry.object, values, (parts) =>
        pulumi.all(parts.map((x) => (typeof x === "string" ? x : values(x)))).apply((xs) => xs.join("")),
      );
      const dependsOn: pulumi.Resource[] = entry.dependsOn.map((key) => created[key]);
      if (entry.role === "deployment" && pool) dependsOn.unshift(pool);
      const timeout = entry.awaitSeconds === undefined ? undefined : `${entry.awaitSeconds}s`;
      created[entry.key] = <Created>new RESOURCES[entry.object.kind](entry.resourceName, object, {
        parent: this,
        ...(dependsOn.length > 0 ? { dependsOn } : {}),
        ...(timeout ? { customTimeouts: { create: timeout, update: timeout } } : {}),
        ...(entry.aliases ? { aliases: entry.aliases.map((n) => ({ name: n })) } : {}),
      });
    }
    this.namespaceResource = created.namespace as k8s.core.v1.Namespace | undefined;
    this.pullSecret = created.pullSecret as k8s.core.v1.Secret | undefined;
    this.secret = created.secret as k8s.core.v1.Secret | undefined;
    this.authSecret = created.authSecret as k8s.core.v1.Secret | undefined;
    this.fetchJob = created.fetchJob as k8s.batch.v1.Job | undefined;
    this.serviceAccount = created.serviceAccount as k8s.core.v1.ServiceAccount | undefined;
    this.deployment = created.deployment as unknown as k8s.apps.v1.Deployment;
    this.service = created.service as unknown as k8s.core.v1.Service;
    this.podDisruptionBudget = created.pdb as k8s.policy.v1.PodDisruptionBudget | undefined;
    this.ingress = created.ingress as k8s.networking.v1.Ingress | undefined;

    const service = plan.objects.find((e) => e.role === "service")!.object as Service;
    const ing = args.ingress;
    FACTS.set(this, {
      image,
      port: service.spec.ports[0].port,
      loadBalancer: service.spec.type === "LoadBalancer",
      ...(ing ? { ingressUrl: ingressUrl(ing) } : {}),
      probes: resolved.probes,
      ...(resolved.startupBudgetSeconds !== undefined ? { startupBudgetSeconds: resolved.startupBudgetSeconds } : {}),
      terminationGracePeriodSeconds: resolved.terminationGracePeriodSeconds,
      progressDeadlineSeconds: resolved.progressDeadlineSeconds,
      warnings,
      ...(digest ? { digest } : {}),
      ...(created.autoscaler ? { autoscaler: created.autoscaler as Facts["autoscaler"] } : {}),
      ...(imageBuild ? { imageBuild } : {}),
      ...(args.serviceAccountName !== undefined ? { serviceAccountName: args.serviceAccountName } : {}),
    });
    // What the plan decided is recorded in the state; the Outputs derived from the children are
    // the properties above.
    this.registerOutputs({
      image,
      imageDigest: digest,
      probes: resolved.probes,
      startupBudgetSeconds: resolved.startupBudgetSeconds,
      progressDeadlineSeconds: resolved.progressDeadlineSeconds,
      warnings,
    });
  }

  /** What each placeholder stands for in this program: Outputs of the args and of created objects. */
  private deployTimeValues(
    name: string,
    args: ModelDeploymentArgs,
    resolved: ResolvedDeployment,
    image: pulumi.Input<string>,
    created: Record<string, Created>,
    inputs: DeployTimeInputs,
    recheck: (path: string, value: unknown) => SpecIssue | undefined,
  ): (p: Placeholder) => pulumi.Input<string> {
    const inline: Record<string, string> = { ...resolved.inlineSecrets };
    const provided = args.secrets ?? {};
    // A value that is only known at deploy time is checked then: a missing one is an error that
    // names its key, not a Secret without it.
    const known = (key: string, value: pulumi.Input<string> | undefined) =>
      pulumi.output(value).apply((v) => {
        if (v === undefined || v === null) {
          throw new pulumi.ResourceError(`ModelDeployment ${name}: secrets.${key}: no value (the secrets argument names it, but its value is undefined)`, this);
        }
        return v;
      });
    let hash: pulumi.Output<string> | undefined;
    const fail = failOn(this, `ModelDeployment ${name}`);
    const checkedInputs = new Map<string, pulumi.Output<string>>();
    const checkedArgs = new Map<string, pulumi.Input<string>>();
    // An argument given as an Output is checked once known, as a plain one is in the check pass.
    const checkedArg = (arg: Exclude<ArgPath, "image" | "keda.query">): pulumi.Input<string> => {
      const value = argInputs(args)[arg]!;
      const check = DEPLOY_TIME_CHECKS[arg];
      if (!check) return value;
      // Once per argument, however many objects use it: a bad value is reported once.
      if (!checkedArgs.has(arg)) checkedArgs.set(arg, checkedInput(value, check, fail));
      return checkedArgs.get(arg)!;
    };
    // The query's {{namespace}} and {{service}} are the Service's, once it exists.
    const kedaQuery = () =>
      pulumi
        .all([args.keda!.query!, created.service.metadata.apply((m) => m.namespace || DEFAULT_NAMESPACE), created.service.metadata.name])
        .apply(([query, namespace, service]) => renderQuery(query, { namespace, service }));
    return (p) => {
      switch (p.kind) {
        case "name":
          return created[p.of].metadata.name;
        case "namespace":
          return created.service.metadata.apply((m) => m.namespace || DEFAULT_NAMESPACE);
        case "arg":
          return p.arg === "image" ? image : p.arg === "keda.query" ? kedaQuery() : checkedArg(p.arg);
        case "secret":
          return pulumi.secret(known(p.key, provided[p.key] ?? inline[p.key]));
        case "passwordHash": {
          const auth = resolved.basicAuth!;
          const field = "secret" in auth ? `secrets.${auth.secret}` : "basicAuthKey";
          const password = pulumi.secret(known("secret" in auth ? auth.secret : "basicAuthKey", "secret" in auth ? provided[auth.secret] : auth.inline));
          hash ??= pulumi.all([password, this.authSalt(name)]).apply(([pw, salt]) => {
            if (pw === "") throw new pulumi.ResourceError(`ModelDeployment ${name}: ${field}: the protected endpoint's password must not be empty`, this);
            return passwordHashForProxy(bcrypt.hashSync(pw, bcryptSalt(saltCharacters(salt))));
          });
          return hash;
        }
        case "input": {
          // The value may be of any type (e.g. a volume's defaultMode): only its place is a string's.
          // Checked once and shared by every object that uses it, so a bad value is one error.
          let checked = checkedInputs.get(p.path);
          if (!checked) {
            checked = pulumi.output(inputs.get(p.path) as pulumi.Input<string>).apply((v) => {
              const issue = recheck(p.path, v);
              return issue ? fail(issue) : v;
            }) as pulumi.Output<string>;
            checkedInputs.set(p.path, checked);
          }
          return checked;
        }
        case "registryLogin": {
          const registry = args.registries![p.registry];
          const server = checkedInput(registry.server, (v) => IMAGE_ARG_RULES.server(p.registry, v), fail);
          return pulumi
            .secret(pulumi.all([server, registry.username, registry.password]))
            .apply(([host, user, password]) => dockerConfigJson(host, user, password));
        }
      }
    };
  }

  /**
   * The check of a value inside a structured argument once known: the up-front checks of its
   * argument, made again with the value in place of its placeholder, at its path.
   */
  private recheck(name: string, workload: WorkloadOptions | undefined, ingress: IngressOptions | undefined) {
    const own = Object.keys(commonLabels(name, undefined));
    return (path: string, value: unknown): SpecIssue | undefined => {
      const subst = <T>(x: T): T =>
        mapPlaceholders(
          x,
          (q) => (q.kind === "input" && q.path === path ? value : placeholder(q)),
          (parts) => parts.map((q) => (typeof q === "string" ? q : placeholder(q))).join(""),
        );
      const issues = [...workloadIssues(subst(workload), own), ...annotationIssues(subst(ingress?.annotations), "ingress.annotations")];
      return issues.find((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
    };
  }

  /**
   * 22 random characters for the protected endpoint's bcrypt salt, kept in the stack's state as a
   * secret (`@pulumi/random`'s RandomPassword): stable across previews, never derivable.
   */
  private authSalt(name: string): pulumi.Output<string> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const random = require("@pulumi/random") as typeof import("@pulumi/random");
    const salt = new random.RandomPassword(
      `${name}-auth-salt`,
      { length: BCRYPT_SALT_CHARACTERS, upper: true, lower: true, numeric: true, special: true, overrideSpecial: "./" },
      { parent: this },
    );
    return salt.result;
  }

  /** Where the pods must run (the given pool's placement, a dedicated pool's, or none), and the pool's problems. */
  private placementFor(name: string, args: ModelDeploymentArgs): { placement?: Placement; issues: SpecIssue[]; warnings?: SpecWarning[]; waitsForNodes?: boolean } {
    const issues: SpecIssue[] = [];
    if (!args.nodePool && !args.dedicatedNodePool) return { issues };
    // The pool's checks need the machine type and replicas before the spec is known to be valid.
    const spec = checkSpecShared(args.spec).normalized ?? {};
    const resources = (typeof spec.resources === "object" && spec.resources !== null ? spec.resources : {}) as Record<string, unknown>;
    const machineType = typeof resources.machineType === "string" ? resources.machineType : undefined;
    const replicas = spec.enabled === false ? 0 : typeof resources.replicas === "number" ? resources.replicas : DEFAULT_REPLICAS;
    let placement: Placement | undefined;
    if (args.nodePool && args.dedicatedNodePool) {
      issues.push({ path: "dedicatedNodePool", message: "give nodePool (a shared pool) or dedicatedNodePool, not both" });
    } else if (args.nodePool) {
      if (machineType !== undefined && args.nodePool.machineType !== machineType) {
        issues.push({
          path: "resources.machineType",
          message: `${describeValue(machineType)} does not match the node pool's machine type ${describeValue(args.nodePool.machineType)}`,
        });
      }
      placement = args.nodePool.placement;
      const capacity = poolCapacity(args.nodePool);
      const fit = capacity && pulumi.Resource.isInstance(args.nodePool) ? computeFitIssue(capacity, (args.nodePool as GpuNodePool).machine, args.compute) : undefined;
      if (fit) issues.push(fit);
      if (capacity && waitsForNodes(capacity, replicas)) return { ...(placement ? { placement } : {}), issues, waitsForNodes: true };
    } else if (args.dedicatedNodePool && machineType !== undefined) {
      const planned = planNodePool(`${name}-pool`, this.dedicatedPoolArgs(args, machineType, replicas), args.compute);
      // The machine type's and compute's own problems are the spec's (resources.machineType,
      // compute.cpu / compute.memory), reported there.
      issues.push(...planned.issues.filter((i) => i.path !== "machineType" && i.path !== "compute").map((i) => ({ ...i, path: i.path === "" ? "dedicatedNodePool" : `dedicatedNodePool.${i.path}` })));
      placement = planned.plan?.placement;
      // The pool's own warnings (an instance with idle GPUs): the pool logs them; the deployment's
      // `warnings` output lists them too, at their argument's path (the machine type's at the spec's).
      const warnings = (planned.plan?.warnings ?? []).map((w) => ({ ...w, path: w.path === "" ? "dedicatedNodePool" : w.path === "machineType" ? "resources.machineType" : `dedicatedNodePool.${w.path}` }));
      return { ...(placement ? { placement } : {}), issues, warnings };
    }
    return { ...(placement ? { placement } : {}), issues };
  }

  /** A dedicated pool: the spec's machine type, sized to run every replica. */
  private dedicatedPoolArgs(args: ModelDeploymentArgs, machineType: string, replicas: number) {
    const d = args.dedicatedNodePool!;
    return { ...d, machineType, machineTypes: args.machineTypes, ...dedicatedPoolBounds(d, replicas) };
  }
}

/** Defines outputs as getters on a class's prototype: made when read, and listed by the analyzer as the `declare`d properties. */
function outputsOnAccess<C>(cls: { prototype: C }, getters: { [K in keyof C]?: (self: C) => C[K] }): void {
  for (const [name, get] of Object.entries(getters) as Array<[string, (self: C) => unknown]>) {
    Object.defineProperty(cls.prototype, name, { get(this: C) { return get(this); }, configurable: true });
  }
}

outputsOnAccess(ModelDeployment, {
  namespace: (d) => d.service.metadata.apply((m) => m.namespace || DEFAULT_NAMESPACE),
  deploymentName: (d) => d.deployment.metadata.name,
  serviceName: (d) => d.service.metadata.name,
  endpoint: (d) => {
    const { port, ingressUrl, loadBalancer } = factsOf(d);
    if (ingressUrl !== undefined) return pulumi.output(ingressUrl);
    const inCluster = (m: { name: string; namespace?: string }) => `http://${m.name}.${m.namespace || DEFAULT_NAMESPACE}.svc.cluster.local:${port}`;
    if (!loadBalancer) return d.service.metadata.apply(inCluster);
    return pulumi.all([d.service.metadata, d.service.status]).apply(([m, status]) => {
      const ingress = status?.loadBalancer?.ingress?.[0];
      const host = ingress?.hostname || ingress?.ip;
      return host ? `http://${host}:${port}` : inCluster(m);
    });
  },
  image: (d) => pulumi.output(factsOf(d).image),
  probes: (d) => pulumi.output(factsOf(d).probes),
  startupBudgetSeconds: (d) => pulumi.output(factsOf(d).startupBudgetSeconds),
  progressDeadlineSeconds: (d) => pulumi.output(factsOf(d).progressDeadlineSeconds),
  warnings: (d) => pulumi.output(factsOf(d).warnings),
  imageDigest: (d) => factsOf(d).digest ?? pulumi.output(undefined),
  serviceAccountName: (d) => (d.serviceAccount ? d.serviceAccount.metadata.name : pulumi.output(factsOf(d).serviceAccountName)),
});

/** The policy pack's config file named by the `policyConfig` argument (relative to the working directory). */
function policyConfigOf(file: string | undefined): { config?: PolicyConfig; issues: SpecIssue[] } {
  if (file === undefined) return { issues: [] };
  if (typeof file !== "string" || file === "") return { issues: [{ path: "policyConfig", message: "must be the path of a policy pack config file (JSON)" }] };
  const read = readPolicyConfig(file, process.cwd());
  return "problem" in read ? { issues: [{ path: "policyConfig", message: read.problem }] } : { config: read.config, issues: [] };
}
