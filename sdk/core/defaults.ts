/**
 * Every documented default, in one place. The README, the tests and the emitted objects all read
 * these values, so what we document and what we emit cannot drift apart.
 */

/**
 * Probe timing defaults. They are the Kubernetes API defaults (`SetDefaults_Probe`), which
 * Gradient's health-check reference documents as its own. We write every one of them out on each
 * probe, so the manifest says exactly what the kubelet will run.
 */
export const PROBE_DEFAULTS = {
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  failureThreshold: 3,
  /** Gradient has no successThreshold; Kubernetes requires 1 for liveness and startup. */
  successThreshold: 1,
} as const;

/** The scheme of HTTP probes; Gradient probes have no scheme field. */
export const PROBE_SCHEME = "HTTP";

/** `resources.replicas` when the spec leaves it out (Gradient's documented default). */
export const DEFAULT_REPLICAS = 1;

/** The spec's `enabled` and `resources.autoscaling.enabled` when left out: on. */
export const DEFAULT_ENABLED = true;

/** The container port of a legacy (v0alpha0) spec that has no top-level `port`. */
export const LEGACY_DEFAULT_PORT = 80;

/**
 * The floor of the Deployment's `progressDeadlineSeconds`: Kubernetes' own default. We raise it
 * when the probes allow a pod to take longer than this to become ready.
 */
export const MIN_PROGRESS_DEADLINE_SECONDS = 600;

/**
 * The policy pack (`model-deployment/policy`): the shortest start a GPU container's probes must
 * allow before it may be restarted or must be ready, the startup probe's window
 * (initialDelaySeconds + periodSeconds × failureThreshold) or, without one, the readiness delay.
 * Gradient's worked startup example (10 s × 6); configurable per stack (`minStartupSeconds`).
 */
export const GPU_MIN_STARTUP_SECONDS = 60;

/**
 * Time for a new GPU node to be created, join the cluster and advertise its GPUs (driver and
 * device plugin), on top of the probes' budget, when the component creates the node pool: GPU
 * nodes commonly take 5 to 10 minutes.
 */
export const DEFAULT_NODE_PROVISIONING_HEADROOM_SECONDS = 600;

/** Time allowed for pulling a (large, GPU) model-serving image on top of the probes' budget. */
export const DEFAULT_IMAGE_PULL_HEADROOM_SECONDS = 300;

/**
 * The rollout on GPU machines: no extra pod (it would need a spare GPU node), one pod down at a
 * time. With one replica, a rollout takes the endpoint down while the new pod starts.
 */
export const GPU_ROLLOUT = { maxSurge: 0, maxUnavailable: 1 } as const;

/** The rollout on CPU machines: Kubernetes' own defaults, written out. */
export const CPU_ROLLOUT = { maxSurge: "25%", maxUnavailable: "25%" } as const;

/**
 * The size of the memory-backed `/dev/shm` of pods with more than one GPU (NCCL exchanges data
 * through it; container runtimes give 64 MiB). It counts against the container's memory limit.
 */
export const SHARED_MEMORY_SIZE = "16Gi";

/** Where replicas spread (best effort, `ScheduleAnyway`): across nodes, then zones. */
export const SPREAD_TOPOLOGY_KEYS = ["kubernetes.io/hostname", "topology.kubernetes.io/zone"] as const;

/** The security profile (`securityProfile`): see `core/security.ts`. */
export const DEFAULT_SECURITY_PROFILE = "default";

/** The user our own containers run as under the `restricted` profile (distroless's `nonroot`). */
export const NON_ROOT_UID = 65532;

/** The pod's `fsGroup` under the `restricted` profile: volumes become writable by this group. */
export const RESTRICTED_FS_GROUP = 1000;

/** The pod's `terminationGracePeriodSeconds`: Kubernetes' default, written out. */
export const TERMINATION_GRACE_SECONDS = 30;

/**
 * The shortest stop the kubelet allows when it kills a container (a liveness or startup failure):
 * a shorter grace period, 0 included, is raised to 2 s before SIGKILL
 * (`minimumGracePeriodInSeconds`, https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/kuberuntime/kuberuntime_container.go).
 */
export const MINIMUM_GRACE_SECONDS = 2;

/**
 * The share of a machine's vCPU and RAM a replica requests (and is limited to). The rest is
 * headroom for what every node runs besides the model: the kubelet's and system reservations and
 * daemonsets (GPU device plugin, monitoring, CNI), so a replica of machine type X fits on a node
 * of size X. The `compute` argument overrides it.
 */
export const MACHINE_SHARE = 0.85;

/** The Service type when none is given. */
export const DEFAULT_SERVICE_TYPE = "ClusterIP";

/** The namespace the endpoint URL names when the object's namespace is left to the provider. */
export const DEFAULT_NAMESPACE = "default";

/** The name of the model-serving container in the pod. */
export const CONTAINER_NAME = "model";

/** The names given to the container ports: the first is the endpoint's port. */
export const PRIMARY_PORT_NAME = "http";

/** The `app.kubernetes.io/managed-by` label value. */
export const MANAGED_BY = "pulumi";

/** The `app.kubernetes.io/component` label value; also part of the selector. */
export const COMPONENT_LABEL = "model-server";

/** Scale-down stabilization window of every autoscaler (Gradient: scale-down over 5 minutes). */
export const SCALE_DOWN_STABILIZATION_SECONDS = 300;

/** The user name of Gradient's protected endpoints (HTTP Basic auth). */
export const BASIC_AUTH_USER = "paperspace";


/** The auth proxy's port; the next free one is taken if the app uses it. */
export const AUTH_PROXY_PORT = 8081;

/** The auth proxy's CPU and memory, requested and limited alike (Guaranteed QoS for its share). */
export const AUTH_PROXY_RESOURCES = { cpu: "100m", memory: "64Mi" } as const;

/** Where the auth proxy reads its config (Caddy's default config directory). */
export const AUTH_PROXY_CONFIG_DIR = "/etc/caddy";

/**
 * The auth proxy's config file: Caddy's native JSON, which Caddy 2.6 to 2.10 read alike (the
 * Caddyfile's `basic_auth` directive is `basicauth` before 2.8).
 */
export const AUTH_PROXY_CONFIG_FILE = "caddy.json";

/**
 * Where our own containers may write: an `emptyDir` mounted here is their HOME and TMPDIR (and
 * Caddy's XDG directories), since their root filesystems are read-only.
 */
export const HELPER_SCRATCH_PATH = "/tmp";

/** bcrypt's cost factor for the protected endpoint's password hash (2^10 rounds). */
export const BCRYPT_ROUNDS = 10;

/** A PodDisruptionBudget's `maxUnavailable` (2+ replicas): a node drain never takes every replica. */
export const PDB_MAX_UNAVAILABLE = 1;

/** The Ingress path when none is given. */
export const DEFAULT_INGRESS_PATH = "/";

/** KEDA's Prometheus trigger for `requestDuration`: where Prometheus answers. */
export const KEDA_PROMETHEUS_ADDRESS = "http://prometheus-operated.monitoring.svc.cluster.local:9090";

/**
 * KEDA's Prometheus query for `requestDuration`: the average request duration over 5 minutes
 * (Gradient's window) of the OpenTelemetry HTTP server histogram, for this deployment's Service.
 * `{{namespace}}` and `{{service}}` are filled in.
 */
export const KEDA_REQUEST_DURATION_QUERY =
  'sum(rate(http_server_request_duration_seconds_sum{namespace="{{namespace}}",service="{{service}}"}[5m])) / sum(rate(http_server_request_duration_seconds_count{namespace="{{namespace}}",service="{{service}}"}[5m]))';

/**
 * The namespace whose pods may scrape the app's metrics port through a protected endpoint's
 * NetworkPolicy, for KEDA's `requestDuration` (where the default Prometheus address runs).
 */
export const KEDA_SCRAPE_NAMESPACE = "monitoring";

/** Integrations: fetched once per deployment into a shared volume, or by every replica. */
export const INTEGRATION_DEFAULTS = {
  mode: "shared" as "shared" | "per-replica",
  /** Where an integration's content goes when it names no `path` (Gradient's default): `<path>/<name>`. */
  path: "/opt/integrations",
  /** Retries of the fetch Job's pod before the Job fails. */
  backoffLimit: 3,
  /** Where a fetch helper writes, inside its own container. */
  helperDataPath: "/data",
  /** Size of the shared volume (and of each `volume` integration). */
  size: "100Gi",
  /** How long fetching may take before the Job (or init container) is given up. */
  downloadTimeoutSeconds: 1800,
  /** A shared volume is written once and read by replicas on any node. */
  accessMode: "ReadWriteMany" as const,
};

/** Where the legacy `repositories` block clones to when it names no `mountPath`. */
export const LEGACY_REPOSITORIES_PATH = "/opt/repositories";

/** Pulumi waits this much longer than the fetch Job's own deadline before it gives up on it. */
export const FETCH_JOB_AWAIT_MARGIN_SECONDS = 120;

/** Image builds (`build`): the platforms and the tag pushed when none are given. */
export const IMAGE_BUILD_DEFAULTS = { platforms: ["linux/amd64"], tag: "latest" } as const;

/** The node pool backend when none is named: nodes you already run. */
export const DEFAULT_NODE_POOL_BACKEND = "existing";

/** `model-deploy probe`: how long it runs past the probes' ready budget without `--duration`. */
export const PROBE_RUN_DEFAULTS = { extraSeconds: 30 } as const;

/**
 * The kubelet's container back-off after a crash or a probe kill (CrashLoopBackOff): the first
 * restart at once, then 10 s doubling to 300 s, forgotten after 10 minutes of running
 * (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts).
 */
export const CONTAINER_BACK_OFF = { initialSeconds: 10, maxSeconds: 300 } as const;

/**
 * The images of our own containers, pinned (each overridable with the `helperImages` arg, e.g.
 * to a mirror or a digest). Every one runs as the rendered pod says, with the real program, in the
 * test suite.
 */
export const HELPER_IMAGES = {
  /** The auth proxy: Caddy, whose binary carries the file capability `cap_net_bind_service`. */
  authProxy: "caddy:2.10.2-alpine",
  /** git with git-lfs already installed (https://github.com/alpine-docker/git). */
  git: "alpine/git:v2.47.2",
  /** The AWS CLI, for s3 and spaces. */
  aws: "amazon/aws-cli:2.22.35",
} as const;

/** The bounds of a node pool's node count, when not given. */
export const DEFAULT_MIN_NODES = 0;
export const DEFAULT_MAX_NODES = 4;

/** Defaults of the Karpenter backend. */
export const KARPENTER_DEFAULTS = {
  nodeClassGroup: "karpenter.k8s.aws",
  nodeClassKind: "EC2NodeClass",
  capacityTypes: ["on-demand"],
  consolidateAfter: "10m",
} as const;

/** Defaults of the GKE, EKS and AKS backends (docs/gke.md, docs/eks.md, docs/aks.md). */
export const CLOUD_POOL_DEFAULTS = {
  gkeGpuDriverVersion: "DEFAULT",
  gkeLocationPolicy: "ANY",
  eksGpuAmiType: "BOTTLEROCKET_x86_64_NVIDIA",
  eksCpuAmiType: "AL2023_x86_64_STANDARD",
  eksCapacityType: "ON_DEMAND",
  aksGpuDriver: "Install",
} as const;
