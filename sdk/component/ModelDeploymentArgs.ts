/** The public arguments of `ModelDeployment`: hand-written interfaces of `pulumi.Input`s. */
import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import type { Toleration } from "../manifests/k8s";
import type { ImagePullPolicy } from "../manifests/workload";
import type { ImageBuildArgs, RegistryArgs } from "./image";
import type { CustomMachineType } from "../core/machines";
import type { IntegrationOptions } from "../manifests/integrations";
import type { MetricsScraper } from "../manifests/autoscaling";
import type { ServiceType } from "../manifests/service";
import type { NodePoolOptions, NodePoolRef } from "./nodepools/options";
import type { PodOptions } from "../core/podOptions";
import type { ComputeOverrides } from "../core/scheduling";
import type { DeploymentSpec } from "../core/spec/types";

/**
 * The workload's Kubernetes extras, what a platform adds to every serving workload. Maps and lists
 * are plain (their keys and items shape the objects); the values in them may be Outputs, checked
 * once known by the same rules as plain ones.
 */
export interface WorkloadArgs {
  /**
   * The pods' service account: an existing one, or with `serviceAccount` the name of the one the
   * component creates. A DNS subdomain name.
   * @default the namespace's `default` service account (or the created one's autoname)
   */
  serviceAccountName?: pulumi.Input<string>;
  /**
   * Create a ServiceAccount for the pods (named `serviceAccountName`, else autonamed after the
   * component), e.g. with the IRSA or GKE Workload Identity annotation for pulling model files
   * from a bucket. Plain: it decides whether the ServiceAccount exists.
   */
  serviceAccount?: ServiceAccountArgs;
  /**
   * Labels added to the pods (not to the Deployment's selector, which stays the component's: the
   * component's own label keys are refused).
   */
  podLabels?: Record<string, pulumi.Input<string>>;
  /** Annotations added to the pods (a changed one rolls them). */
  podAnnotations?: Record<string, pulumi.Input<string>>;
  /**
   * The Service's annotations, e.g. an internal load balancer's
   * (`service.beta.kubernetes.io/aws-load-balancer-internal: "true"`,
   * `networking.gke.io/load-balancer-type: Internal`).
   */
  serviceAnnotations?: Record<string, pulumi.Input<string>>;
  /**
   * The model container's `imagePullPolicy`.
   * @default Kubernetes' default: `Always` for a `:latest` or untagged image, else `IfNotPresent`
   */
  imagePullPolicy?: pulumi.Input<ImagePullPolicy>;
  /** ConfigMaps and Secrets whose every key becomes an environment variable of the model container (`env` entries win). */
  envFrom?: EnvFromArgs[];
  /** Extra pod volumes (any Kubernetes volume source), mounted with `volumeMounts`. */
  volumes?: k8s.types.input.core.v1.Volume[];
  /** Extra mounts in the model container, of `volumes` or the component's own volumes. */
  volumeMounts?: k8s.types.input.core.v1.VolumeMount[];
  /** Extra entries of the pods' `nodeSelector`, on top of the GPU placement. */
  nodeSelector?: Record<string, pulumi.Input<string>>;
  /** Extra pod tolerations, after the ones the GPU and the node pool need. Plain. */
  tolerations?: Toleration[];
}

/** The ServiceAccount the component creates for the pods. */
export interface ServiceAccountArgs {
  /**
   * Its annotations: `eks.amazonaws.com/role-arn` (IRSA, https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html)
   * or `iam.gke.io/gcp-service-account` (https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity).
   */
  annotations?: Record<string, pulumi.Input<string>>;
}

/** A ConfigMap or Secret of the deployment's namespace, by name. */
export interface EnvFromRefArgs {
  /** Its name. */
  name: pulumi.Input<string>;
  /**
   * Start the pods even when it does not exist.
   * @default false
   */
  optional?: boolean;
}

/** One `envFrom` entry: a ConfigMap's or a Secret's keys as environment variables. Give one of the two refs. */
export interface EnvFromArgs {
  /** A ConfigMap's keys. */
  configMapRef?: EnvFromRefArgs;
  /** A Secret's keys. */
  secretRef?: EnvFromRefArgs;
  /** A prefix put before each key. */
  prefix?: string;
}

/** Arguments of a `ModelDeployment`. */
export interface ModelDeploymentArgs extends PodOptions, WorkloadArgs {
  /**
   * The deployment spec: a typed object literal, or `ModelDeployment.loadSpec("deployment.yaml")`
   * for an existing Gradient spec file. Plain data rather than an `Input`, because it decides which
   * resources exist; values only known at deploy time come in through the other args (`image`).
   * Give this or `specText`.
   */
  spec?: DeploymentSpec;
  /**
   * The text of a Gradient spec file (YAML or JSON, in any shape Gradient accepts), instead of
   * `spec`: how a program in another Pulumi language keeps its spec file, e.g. Python's
   * `open("deployment.yaml").read()`. Plain, like `spec`.
   */
  specText?: string;
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
   * Create `namespace` (which must then be given) as a child of this component instead of using
   * an existing one. Plain: it decides whether the Namespace exists.
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
  /**
   * Time for a new GPU node to join and advertise its GPUs, on top of the probes' budget, in the
   * progress deadline and the await timeout.
   * @default 600 with `dedicatedNodePool` (the component creates the nodes), or with a `GpuNodePool` as `nodePool` whose kept nodes cannot hold every replica (minNodes 0, or Karpenter), else 0
   */
  nodeProvisioningHeadroomSeconds?: number;
  /**
   * A node pool to run on, shared with other deployments: a `GpuNodePool` (the Deployment then
   * depends on it), or in other Pulumi languages its machine type and placement as plain data.
   * Its machine type must be the spec's.
   * @default pods select their GPU by `nvidia.com/gpu.product` on any node
   */
  nodePool?: NodePoolRef;
  /**
   * Create a node pool for this deployment alone (`<name>-pool`), sized from its replicas. Plain:
   * it decides which resources the pool creates.
   */
  dedicatedNodePool?: DedicatedNodePoolArgs;
  /** Machine types for labels the catalog does not know (private hardware). */
  machineTypes?: Record<string, CustomMachineType>;
  /**
   * CPU and memory requests (and limits) instead of the machine-derived 85 % of the machine.
   * @default 85 % of the machine type's vCPU and RAM
   */
  compute?: ComputeOverrides;
  /**
   * Values of the spec's `secret:NAME` references (env values, `basicAuthKey`, integration and
   * legacy repository credentials), by NAME. They are kept as Pulumi secrets and stored in one
   * autonamed Kubernetes Secret (the `basicAuthKey` password only as a bcrypt hash in the auth
   * proxy's config): a changed value creates a new Secret and rolls the pods.
   */
  secrets?: Record<string, pulumi.Input<string>>;
  /**
   * An existing Kubernetes Secret holding the env `secret:NAME` keys that `secrets` does not
   * provide. `basicAuthKey` and integration credentials must be in `secrets`.
   */
  secretName?: pulumi.Input<string>;
  /**
   * The KEDA path for `requestDuration` autoscaling: a `ScaledObject` with a Prometheus trigger.
   * Needs KEDA and Prometheus in the cluster.
   */
  keda?: KedaArgs;
  /**
   * For a protected endpoint (`basicAuthKey`), a NetworkPolicy that admits traffic to the pods
   * only on the auth proxy's port (and, with KEDA's `requestDuration`, the metrics scrape from
   * `keda.scrapeFrom`), so nothing in the cluster reaches the model past the proxy. Needs a CNI that
   * enforces NetworkPolicies; policies are additive, so another policy selecting these pods can
   * reopen the port. Plain: it decides whether the NetworkPolicy exists.
   * @default true
   */
  networkPolicy?: boolean;
  /** An Ingress in front of the Service; the endpoint is then `http(s)://<host>/`. */
  ingress?: IngressArgs;
  /**
   * Build the image from source and push it (`@pulumi/docker-build`); the workload then runs the
   * pushed image by digest. Replaces the spec's `image` and fills its `:image` placeholder.
   */
  build?: ImageBuildArgs;
  /**
   * Private registries by name: the spec's `containerRegistry` names one, and the component creates
   * a `kubernetes.io/dockerconfigjson` pull Secret for it; `build.registry` names the push login.
   */
  registries?: Record<string, RegistryArgs>;
  /**
   * The policy pack's config file (the JSON `pulumi preview --policy-pack-config` takes, relative to
   * the program's working directory): each rule's enforcement level and settings. The pack's rules
   * run on the Deployment before anything is created: a mandatory rule's violation is an error, an
   * advisory one a warning. Plain: it decides what is created.
   * @default the pack's defaults (mandatory only where Kubernetes refuses the object or the rollout cannot succeed)
   */
  policyConfig?: string;
  /**
   * Resolve a prebuilt image tag to its digest (`@pulumi/docker` `getRegistryImage`) and run it by
   * digest, so a re-pushed tag rolls the pods at the next `pulumi up`. Plain: it decides whether
   * the look-up exists.
   * @default false
   */
  pinImageDigest?: boolean;
  /**
   * How the spec's integrations (model files, volumes) are fetched and stored: `shared` (default)
   * fills one ReadWriteMany PersistentVolumeClaim with a Job the Deployment waits for, once per
   * deployment; `per-replica` downloads in an init container into each pod's `emptyDir`.
   * `storageClassName` (default the cluster's), `size` (default 100Gi) and `downloadTimeoutSeconds`
   * (default 1800) are options too; the fetchers' images are `helperImages`.
   */
  integrations?: IntegrationOptions;
}

/** The KEDA path's options. */
export interface KedaArgs {
  /**
   * Scale on `requestDuration` with a KEDA `ScaledObject`. Plain: it decides which autoscaler
   * exists.
   * @default false
   */
  enabled?: boolean;
  /**
   * The Prometheus server KEDA queries.
   * @default "http://prometheus-operated.monitoring.svc.cluster.local:9090"
   */
  prometheusAddress?: pulumi.Input<string>;
  /**
   * The Prometheus query for the average request duration, with `{{namespace}}` and `{{service}}`.
   * @default the OpenTelemetry `http_server_request_duration_seconds` histogram over 5 minutes
   */
  query?: pulumi.Input<string>;
  /**
   * Who scrapes the app's metrics for the query: a protected endpoint's NetworkPolicy admits pods
   * of this namespace (with these labels, when given) on the app's port.
   * @default { namespace: "monitoring" }
   */
  scrapeFrom?: MetricsScraper;
}

/**
 * An Ingress in front of the Service. `host`, `className` and `tlsSecretName` may come from other
 * resources; `path` is plain.
 */
export interface IngressArgs {
  /** The host name clients call; a DNS host name (checked once known). */
  host: pulumi.Input<string>;
  /**
   * `spec.ingressClassName`.
   * @default the cluster's default class
   */
  className?: pulumi.Input<string>;
  /** A TLS Secret for the host (the endpoint is then https). */
  tlsSecretName?: pulumi.Input<string>;
  /**
   * The path routed to the Service.
   * @default "/"
   */
  path?: string;
  /** The Ingress's annotations, e.g. cert-manager's `cert-manager.io/cluster-issuer` or the controller's settings. */
  annotations?: Record<string, pulumi.Input<string>>;
}

/** A dedicated pool's options: a `GpuNodePool`'s, with the machine type taken from the spec. */
export interface DedicatedNodePoolArgs extends NodePoolOptions {
  /**
   * The fewest nodes the pool keeps.
   * @default resources.replicas (0 when the deployment is disabled)
   */
  minNodes?: number;
  /**
   * The most nodes the pool runs.
   * @default the largest of minNodes, resources.replicas and 1
   */
  maxNodes?: number;
}
