/**
 * `ModelDeployment`: a Gradient deployment spec as a GPU model-serving endpoint on Kubernetes.
 * A thin Pulumi shell over the pure core: it resolves the spec, builds the objects, and creates
 * each one as a child resource. Everything it creates is what `model-deploy render` prints.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { DEFAULT_NAMESPACE } from "./defaults";
import { buildManifests } from "./manifests";
import { commonLabels } from "./manifests/naming";
import type { ServiceType } from "./manifests/service";
import type { ResolvedProbes } from "./probes";
import { resolveDeployment } from "./resolve";
import { SpecError, describeValue, formatIssue } from "./spec/issues";
import { DNS_LABEL } from "./spec/rules";
import { loadSpec, warningsOf } from "./spec/loadSpec";
import type { DeploymentSpec } from "./spec/types";

/** Arguments of a `ModelDeployment`. */
export interface ModelDeploymentArgs {
  /**
   * The deployment spec: a typed object literal, or `ModelDeployment.loadSpec("deployment.yaml")`
   * for an existing Gradient spec file. Plain data rather than an `Input`, because it decides which
   * resources exist; values only known at deploy time come in through the other args (`image`).
   */
  spec: DeploymentSpec;
  /**
   * The image to run, replacing the spec's `image` (e.g. the tag or digest CI just built). Needed
   * when the spec leaves `image` empty or uses the `:image` placeholder.
   * @default the spec's `image`
   */
  image?: pulumi.Input<string>;
  /**
   * The namespace of every object.
   * @default the Kubernetes provider's namespace
   */
  namespace?: pulumi.Input<string>;
  /**
   * Create `namespace` as a child of this component instead of using an existing one.
   * @default false
   */
  createNamespace?: boolean;
  /**
   * `ClusterIP` (reachable inside the cluster) or `LoadBalancer` (a cloud load balancer). Plain,
   * so a wrong value fails before anything is created.
   * @default "ClusterIP"
   */
  serviceType?: ServiceType;
  /**
   * An explicit `metadata.name` for the Deployment and Service. By default Pulumi autonames them
   * from the component's name with a random suffix, which lets replacements create before delete.
   */
  kubernetesName?: pulumi.Input<string>;
  /**
   * The Deployment's `progressDeadlineSeconds`. It must cover the time the probes allow a pod to
   * become ready; the Pulumi await timeout follows it.
   * @default max(600, the probes' ready budget + imagePullHeadroomSeconds)
   */
  progressDeadlineSeconds?: number;
  /**
   * Time allowed for pulling the image, on top of the probes' budget.
   * @default 300
   */
  imagePullHeadroomSeconds?: number;
}

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

  /** Reads a Gradient spec file (YAML, JSON, JSONC or TOML) into a typed spec; throws on errors. */
  static loadSpec(file: string): DeploymentSpec {
    return loadSpec(file);
  }

  constructor(name: string, args: ModelDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("model-deployment:index:ModelDeployment", name, {}, opts);

    let resolved: ReturnType<typeof resolveDeployment>;
    let manifests: ReturnType<typeof buildManifests>;
    try {
      if (args.createNamespace && args.namespace === undefined) {
        throw new SpecError([{ path: "createNamespace", message: "needs namespace: the name of the namespace to create" }]);
      }
      if (typeof args.kubernetesName === "string" && !(args.kubernetesName.length <= 63 && DNS_LABEL.test(args.kubernetesName))) {
        throw new SpecError([
          { path: "kubernetesName", message: `must be a DNS label of at most 63 characters: lowercase letters, digits and '-', starting with a letter (got ${describeValue(args.kubernetesName)})` },
        ]);
      }
      resolved = resolveDeployment(args.spec, {
        image: args.image === undefined ? undefined : typeof args.image === "string" ? args.image : "(supplied by the program)",
        progressDeadlineSeconds: args.progressDeadlineSeconds,
        imagePullHeadroomSeconds: args.imagePullHeadroomSeconds,
      });
      manifests = buildManifests(resolved, { instance: name, serviceType: args.serviceType });
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

    const { deployment, service } = manifests;
    const container = deployment.spec.template.spec.containers[0];
    this.deployment = new k8s.apps.v1.Deployment(
      name,
      {
        metadata: { ...deployment.metadata, name: args.kubernetesName, namespace },
        spec: {
          ...deployment.spec,
          template: {
            ...deployment.spec.template,
            spec: { ...deployment.spec.template.spec, containers: [{ ...container, image: args.image ?? container.image }] },
          },
        },
      },
      pulumi.mergeOptions(
        { parent: this },
        { customTimeouts: { create: `${resolved.awaitTimeoutSeconds}s`, update: `${resolved.awaitTimeoutSeconds}s` } },
      ),
    );
    this.service = new k8s.core.v1.Service(
      name,
      { metadata: { ...service.metadata, name: args.kubernetesName, namespace }, spec: service.spec },
      { parent: this },
    );

    const port = service.spec.ports[0].port;
    const inCluster = (m: { name: string; namespace?: string }) =>
      `http://${m.name}.${m.namespace || DEFAULT_NAMESPACE}.svc.cluster.local:${port}`;
    this.namespace = this.service.metadata.apply((m) => m.namespace || DEFAULT_NAMESPACE);
    this.deploymentName = this.deployment.metadata.name;
    this.serviceName = this.service.metadata.name;
    this.endpoint =
      service.spec.type === "LoadBalancer"
        ? pulumi.all([this.service.metadata, this.service.status]).apply(([m, status]) => {
            const ingress = status?.loadBalancer?.ingress?.[0];
            const host = ingress?.hostname || ingress?.ip;
            return host ? `http://${host}:${port}` : inCluster(m);
          })
        : this.service.metadata.apply(inCluster);
    this.image = pulumi.output(args.image ?? resolved.image);
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
      probes: this.probes,
      startupBudgetSeconds: this.startupBudgetSeconds,
      progressDeadlineSeconds: this.progressDeadlineSeconds,
      warnings: this.warnings,
    });
  }
}
