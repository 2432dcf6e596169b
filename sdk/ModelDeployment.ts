/**
 * `ModelDeployment`: a Gradient deployment spec as a GPU model-serving endpoint on Kubernetes.
 * A thin Pulumi shell over the pure core: it resolves the spec, builds the objects, and creates
 * each one as a child resource. Everything it creates is what `model-deploy render` prints.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as bcrypt from "bcryptjs";
import { argIssues } from "./argIssues";
import { DEFAULT_NAMESPACE } from "./defaults";
import { GpuNodePool } from "./GpuNodePool";
import { buildImage, pinDigest, registryFor } from "./image";
import { dockerConfigJson } from "./imageRef";
import { buildManifests } from "./manifests";
import { authProxyPort, bcryptSalt, caddyfile } from "./manifests/endpoint";
import { claimPlaceholder } from "./manifests/integrations";
import { REF_PLACEHOLDERS, commonLabels } from "./manifests/naming";
import { providedSecretKeys } from "./manifests/secrets";
import type { ModelDeploymentArgs } from "./ModelDeploymentArgs";
import { planNodePool } from "./nodepools";
import type { ResolvedProbes } from "./probes";
import { resolveDeployment } from "./resolve";
import { Placement, podScheduling } from "./scheduling";
import { SpecError, SpecIssue, describeValue, formatIssue } from "./spec/issues";
import { loadSpec, warningsOf } from "./spec/loadSpec";
import type { DeploymentSpec } from "./spec/types";
import { substitute } from "./substitute";

export class ModelDeployment extends pulumi.ComponentResource {
  /** The namespace the objects live in. */
  public readonly namespace: pulumi.Output<string>;
  /** The Deployment's `metadata.name`. */
  public readonly deploymentName: pulumi.Output<string>;
  /** The Service's `metadata.name`. */
  public readonly serviceName: pulumi.Output<string>;
  /** The URL a client calls: in-cluster DNS, or the load balancer's address. */
  public readonly endpoint: pulumi.Output<string>;
  /** The image reference the workload runs. */
  public readonly image: pulumi.Output<string>;
  /** The Kubernetes probes as emitted, every default written out. */
  public readonly probes: pulumi.Output<ResolvedProbes>;
  /** The startup probe's budget (initialDelay + period × failureThreshold), if it has one. */
  public readonly startupBudgetSeconds: pulumi.Output<number | undefined>;
  /** The Deployment's `progressDeadlineSeconds`. */
  public readonly progressDeadlineSeconds: pulumi.Output<number>;
  /** Every normalisation and warning found in the spec, as `path: message`. */
  public readonly warnings: pulumi.Output<string[]>;
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
  /** The HorizontalPodAutoscaler or KEDA ScaledObject, when autoscaling is enabled. */
  public readonly autoscaler?: k8s.autoscaling.v2.HorizontalPodAutoscaler | k8s.apiextensions.CustomResource;
  /** The PodDisruptionBudget, when 2 or more replicas run. */
  public readonly podDisruptionBudget?: k8s.policy.v1.PodDisruptionBudget;
  /** The Ingress, when asked for. */
  public readonly ingress?: k8s.networking.v1.Ingress;
  /** The image pull Secret of the spec's private registry. */
  public readonly pullSecret?: k8s.core.v1.Secret;
  /** The image build, when `build` is given. */
  public readonly imageBuild?: pulumi.CustomResource;
  /** The Job that fills the shared integrations volume, when the spec has integrations to fetch. */
  public readonly fetchJob?: k8s.batch.v1.Job;
  /** The image's digest, when built or pinned. */
  public readonly imageDigest: pulumi.Output<string | undefined>;

  /** Reads a Gradient spec file (YAML, JSON, JSONC or TOML) into a typed spec; throws on errors. */
  static loadSpec(file: string): DeploymentSpec {
    return loadSpec(file);
  }

  constructor(name: string, args: ModelDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("model-deployment:index:ModelDeployment", name, {}, opts);

    let resolved: ReturnType<typeof resolveDeployment>;
    let manifests: ReturnType<typeof buildManifests>;
    let placement: Placement | undefined;
    try {
      // The arguments' own problems are reported together with the spec's.
      const ownIssues = argIssues(args);
      try {
        resolved = resolveDeployment(args.spec, {
          image: args.build ? "(built by the program)" : args.image === undefined ? undefined : typeof args.image === "string" ? args.image : "(supplied by the program)",
          registries: Object.keys(args.registries ?? {}),
          progressDeadlineSeconds: args.progressDeadlineSeconds,
          imagePullHeadroomSeconds: args.imagePullHeadroomSeconds,
          machineTypes: args.machineTypes,
          compute: args.compute,
          secretNames: Object.keys(args.secrets ?? {}),
          existingSecret: args.secretName,
          keda: args.keda?.enabled ?? false,
          integrations: args.integrations,
        });
      } catch (e) {
        if (e instanceof SpecError && ownIssues.length > 0) throw new SpecError([...ownIssues, ...e.issues]);
        throw e;
      }
      if (ownIssues.length > 0) throw new SpecError(ownIssues);
      placement = this.placementFor(name, args, resolved);
      if (placement) resolved = { ...resolved, scheduling: podScheduling(resolved.machine, placement) };
      manifests = buildManifests(resolved, {
        instance: name,
        serviceType: args.serviceType,
        ingress: args.ingress,
        keda: args.keda,
        integrations: args.integrations,
      });
    } catch (e) {
      if (e instanceof SpecError) throw new pulumi.ResourceError(`ModelDeployment ${name}: ${e.message}`, this);
      throw e;
    }

    const warnings = [...warningsOf(args.spec), ...resolved.warnings].map(formatIssue);
    for (const w of warnings) pulumi.log.warn(w, this);

    let namespace: pulumi.Input<string> | undefined = args.namespace;
    if (args.createNamespace) {
      this.namespaceResource = new k8s.core.v1.Namespace(
        `${name}-namespace`,
        { metadata: { name: args.namespace, labels: commonLabels(name, resolved.spec.name) } },
        { parent: this },
      );
      namespace = this.namespaceResource.metadata.name;
    }

    const pool =
      args.nodePool ??
      (args.dedicatedNodePool
        ? new GpuNodePool(`${name}-pool`, this.dedicatedPoolArgs(args, resolved), { parent: this })
        : undefined);

    const { deployment, service } = manifests;
    const refs: Record<string, pulumi.Input<string>> = {};

    // The image: built and pushed, pinned by digest, or used as given.
    let image: pulumi.Input<string> = args.image ?? resolved.image;
    let digest: pulumi.Output<string | undefined> = pulumi.output(undefined);
    if (args.build) {
      const login = args.build.registry ?? resolved.spec.containerRegistry;
      const built = buildImage(name, args.build, login ? args.registries?.[login] : registryFor(args.build.repository, args.registries ?? {}), this);
      this.imageBuild = built.resource;
      image = built.ref;
      digest = built.digest;
    } else if (args.pinImageDigest) {
      const pinned = pinDigest(image, this);
      image = pinned.ref;
      digest = pinned.digest;
    }
    this.imageDigest = digest;

    if (manifests.pullSecret) {
      const registry = args.registries![resolved.spec.containerRegistry!];
      this.pullSecret = new k8s.core.v1.Secret(
        `${name}-registry`,
        {
          metadata: { ...manifests.pullSecret.metadata, namespace },
          type: "kubernetes.io/dockerconfigjson",
          stringData: {
            ".dockerconfigjson": pulumi
              .secret(pulumi.all([registry.username, registry.password]))
              .apply(([user, password]) => dockerConfigJson(registry.server, user, password)),
          },
        },
        { parent: this },
      );
      refs[REF_PLACEHOLDERS.pullSecret] = this.pullSecret.metadata.name;
    }
    if (manifests.secret) {
      const values = args.secrets ?? {};
      this.secret = new k8s.core.v1.Secret(
        `${name}-secrets`,
        {
          metadata: { ...manifests.secret.metadata, namespace },
          type: "Opaque",
          stringData: Object.fromEntries(providedSecretKeys(resolved).map((k) => [k, pulumi.secret(values[k] ?? resolved.inlineSecrets[k])])),
        },
        { parent: this },
      );
      refs[REF_PLACEHOLDERS.secret] = this.secret.metadata.name;
    }
    if (manifests.authSecret && resolved.basicAuth) {
      const password = pulumi.secret(
        "secret" in resolved.basicAuth ? (args.secrets ?? {})[resolved.basicAuth.secret] : resolved.basicAuth.inline,
      );
      const listen = authProxyPort(resolved);
      const appPort = resolved.ports[0].containerPort;
      this.authSecret = new k8s.core.v1.Secret(
        `${name}-auth`,
        {
          metadata: { ...manifests.authSecret.metadata, namespace },
          type: "Opaque",
          stringData: {
            Caddyfile: password.apply((pw) => caddyfile(bcrypt.hashSync(pw, bcryptSalt(pw, name)), listen, appPort)),
          },
        },
        { parent: this },
      );
      refs[REF_PLACEHOLDERS.authSecret] = this.authSecret.metadata.name;
    }

    // Integrations: their volumes, and the Job that fills the shared one before the pods start.
    const waitFor: pulumi.Resource[] = [];
    for (const { key, claim } of manifests.claims ?? []) {
      const pvc = new k8s.core.v1.PersistentVolumeClaim(`${name}-${key}`, { metadata: { ...claim.metadata, namespace }, spec: claim.spec }, { parent: this });
      refs[claimPlaceholder(key)] = pvc.metadata.name;
      waitFor.push(pvc);
    }
    if (manifests.job) {
      const budget = manifests.job.spec.activeDeadlineSeconds + 120;
      this.fetchJob = new k8s.batch.v1.Job(
        `${name}-fetch`,
        { metadata: { ...manifests.job.metadata, namespace }, spec: substitute(manifests.job.spec, refs) },
        { parent: this, dependsOn: [...waitFor, ...(this.secret ? [this.secret] : [])], customTimeouts: { create: `${budget}s`, update: `${budget}s` } },
      );
      waitFor.push(this.fetchJob);
    }

    const podSpec = substitute(deployment.spec.template.spec, refs);
    const [app, ...sidecars] = podSpec.containers;
    this.deployment = new k8s.apps.v1.Deployment(
      name,
      {
        metadata: { ...deployment.metadata, name: args.kubernetesName, namespace },
        spec: {
          ...deployment.spec,
          template: {
            ...deployment.spec.template,
            spec: { ...podSpec, containers: [{ ...app, image }, ...sidecars] },
          },
        },
      },
      pulumi.mergeOptions(
        { parent: this, dependsOn: [...(pool ? [pool] : []), ...waitFor] },
        { customTimeouts: { create: `${resolved.awaitTimeoutSeconds}s`, update: `${resolved.awaitTimeoutSeconds}s` } },
      ),
    );
    this.service = new k8s.core.v1.Service(
      name,
      { metadata: { ...service.metadata, name: args.kubernetesName, namespace }, spec: service.spec },
      { parent: this },
    );
    refs[REF_PLACEHOLDERS.deployment] = this.deployment.metadata.name;
    refs[REF_PLACEHOLDERS.service] = this.service.metadata.name;
    refs[REF_PLACEHOLDERS.namespace] = this.service.metadata.namespace.apply((ns) => ns || DEFAULT_NAMESPACE);

    const a = manifests.autoscaler;
    if (a) {
      const meta = { ...a.metadata, namespace };
      this.autoscaler =
        a.kind === "HorizontalPodAutoscaler"
          ? new k8s.autoscaling.v2.HorizontalPodAutoscaler(name, { metadata: meta, spec: substitute(a.spec, refs) }, { parent: this })
          : new k8s.apiextensions.CustomResource(
              name,
              { apiVersion: a.apiVersion, kind: a.kind, metadata: meta, spec: substitute(a.spec, refs) },
              { parent: this, dependsOn: [this.deployment] },
            );
    }
    if (manifests.pdb) {
      this.podDisruptionBudget = new k8s.policy.v1.PodDisruptionBudget(
        name,
        { metadata: { ...manifests.pdb.metadata, namespace }, spec: manifests.pdb.spec },
        { parent: this },
      );
    }
    if (manifests.ingress) {
      this.ingress = new k8s.networking.v1.Ingress(
        name,
        { metadata: { ...manifests.ingress.metadata, namespace }, spec: substitute(manifests.ingress.spec, refs) },
        { parent: this },
      );
    }

    const port = service.spec.ports[0].port;
    const inCluster = (m: { name: string; namespace?: string }) =>
      `http://${m.name}.${m.namespace || DEFAULT_NAMESPACE}.svc.cluster.local:${port}`;
    this.namespace = this.service.metadata.apply((m) => m.namespace || DEFAULT_NAMESPACE);
    this.deploymentName = this.deployment.metadata.name;
    this.serviceName = this.service.metadata.name;
    const ing = args.ingress;
    this.endpoint = ing
      ? pulumi.output(`${ing.tlsSecretName ? "https" : "http"}://${ing.host}${ing.path && ing.path !== "/" ? ing.path : "/"}`)
      : service.spec.type === "LoadBalancer"
        ? pulumi.all([this.service.metadata, this.service.status]).apply(([m, status]) => {
            const ingress = status?.loadBalancer?.ingress?.[0];
            const host = ingress?.hostname || ingress?.ip;
            return host ? `http://${host}:${port}` : inCluster(m);
          })
        : this.service.metadata.apply(inCluster);
    this.image = pulumi.output(image);
    this.probes = pulumi.output(resolved.probes);
    this.startupBudgetSeconds = pulumi.output(resolved.startupBudgetSeconds);
    this.progressDeadlineSeconds = pulumi.output(resolved.progressDeadlineSeconds);
    this.warnings = pulumi.output(warnings);

    this.registerOutputs({
      namespace: this.namespace,
      deploymentName: this.deploymentName,
      serviceName: this.serviceName,
      endpoint: this.endpoint,
      image: this.image,
      imageDigest: this.imageDigest,
      probes: this.probes,
      startupBudgetSeconds: this.startupBudgetSeconds,
      progressDeadlineSeconds: this.progressDeadlineSeconds,
      warnings: this.warnings,
    });
  }

  /** Where the pods must run: the given pool's placement, a dedicated pool's, or none. */
  private placementFor(name: string, args: ModelDeploymentArgs, resolved: ReturnType<typeof resolveDeployment>): Placement | undefined {
    const issues: SpecIssue[] = [];
    let placement: Placement | undefined;
    if (args.nodePool && args.dedicatedNodePool) {
      issues.push({ path: "dedicatedNodePool", message: "give nodePool (a shared pool) or dedicatedNodePool, not both" });
    } else if (args.nodePool) {
      if (args.nodePool.machineType !== resolved.machineType) {
        issues.push({
          path: "resources.machineType",
          message: `${describeValue(resolved.machineType)} does not match the node pool's machine type ${describeValue(args.nodePool.machineType)}`,
        });
      }
      placement = args.nodePool.placement;
    } else if (args.dedicatedNodePool) {
      const planned = planNodePool(`${name}-pool`, this.dedicatedPoolArgs(args, resolved));
      issues.push(...planned.issues.map((i) => ({ ...i, path: i.path === "" ? "dedicatedNodePool" : `dedicatedNodePool.${i.path}` })));
      placement = planned.plan?.placement;
    }
    if (issues.length > 0) throw new SpecError(issues);
    return placement;
  }

  /** A dedicated pool: the spec's machine type, sized to run every replica. */
  private dedicatedPoolArgs(args: ModelDeploymentArgs, resolved: ReturnType<typeof resolveDeployment>) {
    const d = args.dedicatedNodePool!;
    return {
      ...d,
      machineType: resolved.machineType,
      machineTypes: args.machineTypes,
      minNodes: d.minNodes ?? resolved.replicas,
      maxNodes: d.maxNodes ?? Math.max(resolved.replicas, 1),
    };
  }
}
