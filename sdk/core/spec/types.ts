/**
 * The deployment spec in its canonical form: Gradient's modern (`v1`) shape, with every legacy
 * spelling already normalised away. A typed object literal of this type is what a Pulumi program
 * passes; a spec file in any Gradient shape is parsed into it by `parseSpec` / `loadSpec`.
 */
export interface DeploymentSpec {
  /** The deployment's name (Gradient: unique in the project). The CLI names objects after it. */
  name?: string;
  /**
   * The container image reference. Leave it out (or write the deploy-action's `:image` placeholder)
   * when the program supplies the image, e.g. the tag CI just built.
   */
  image?: string;
  /**
   * `false` stops the deployment: it is scaled to zero replicas with no autoscaler, and its other
   * objects are kept.
   * @default true
   */
  enabled?: boolean;
  /**
   * The private registry to pull `image` from, by its name in the program's `registries` arg (a
   * name missing there is an error). The component turns that login into the pods' image pull
   * Secret; the CLI renders the Secret with a placeholder login.
   */
  containerRegistry?: string;
  /** The argv run at start-up, replacing the image's entrypoint and command. */
  command?: string[];
  /** Environment variables of the container, in order. */
  env?: EnvVar[];
  /**
   * Gradient's undocumented region / cluster id; it has no meaning on Kubernetes and is ignored.
   */
  region?: string;
  /**
   * The password of a protected endpoint: an auth-proxy sidecar makes the Service require HTTP
   * Basic auth (user `paperspace`). Write `secret:NAME` and provide the value in the `secrets` arg;
   * a plain-text password works, with a warning. Probes bypass the proxy.
   */
  basicAuthKey?: string;
  /** Compute, ports, replicas and autoscaling. */
  resources: Resources;
  /** Liveness, readiness and startup probes. */
  healthChecks?: HealthChecks;
  /**
   * Model files and volumes, in the container at `<path>/<name>` before the app starts: `git-lfs`
   * repositories and `s3`/`spaces` buckets are downloaded, `volume`s are PersistentVolumeClaims.
   */
  integrations?: Integration[];
  /**
   * Legacy Gradient model-registry mounts: refused, since that registry exists only on Paperspace;
   * the error suggests an `s3`/`spaces` bucket or a `git-lfs` repository.
   */
  models?: LegacyModel[];
  /**
   * Legacy git repositories: each is cloned (shallow, without LFS files) into `<mountPath>/<name>`
   * before the app starts, like a `git-lfs` integration.
   */
  repositories?: LegacyRepositories;
}

/** One environment variable. */
export interface EnvVar {
  /** The variable's name: letters, digits, '_', '-' and '.', not starting with a digit. */
  name: string;
  /**
   * A plain value, or `secret:NAME`: read from a Secret key NAME, whose value comes from the
   * `secrets` arg or from the existing Secret named by `secretName` (`--secret-name` in the CLI).
   */
  value: string;
}

/** `resources`: what the deployment runs on and how many. */
export interface Resources {
  /**
   * A Gradient machine label such as `A100-80G` or `C5` (or one from the `machineTypes` arg). It
   * sets the container's CPU, memory and GPU requests and limits, and the nodes its pods may use.
   */
  machineType: string;
  /**
   * Container ports; the first is the endpoint's port and the probes' default port. Each a whole
   * number from 1 to 65535.
   */
  ports: number[];
  /**
   * The fixed replica count, and the autoscaler's minimum (then at least 1) when autoscaling. A
   * whole number from 0 to 2147483647.
   * @default 1
   */
  replicas?: number;
  /**
   * Horizontal autoscaling: an HPA for `cpu`/`memory`, or a KEDA `ScaledObject` when
   * `requestDuration` is used (needs the `keda` arg, `--keda` in the CLI).
   */
  autoscaling?: Autoscaling;
}

/** `resources.autoscaling`. */
export interface Autoscaling {
  /**
   * `false` turns autoscaling off: `replicas` is then fixed, and `maxReplicas` and `metrics` may be
   * left out.
   * @default true
   */
  enabled?: boolean;
  /**
   * The upper bound; `resources.replicas` is the lower one. Required when enabled. A whole number
   * from 1 to 2147483647.
   */
  maxReplicas?: number;
  /** The metrics to scale on. Required when enabled. */
  metrics?: AutoscalingMetric[];
}

/**
 * What an autoscaling metric measures: `cpu` and `memory` (percent of the requests, an HPA) or
 * `requestDuration` (average seconds per request, KEDA).
 */
export const AutoscalingMetricName = {
  /** CPU use, percent of the container's request. */
  Cpu: "cpu",
  /** Memory use, percent of the container's request. */
  Memory: "memory",
  /** Average request duration, seconds (KEDA and Prometheus). */
  RequestDuration: "requestDuration",
} as const;
/** What an autoscaling metric measures (a plain string such as `"cpu"` is accepted too). */
export type AutoscalingMetricName = (typeof AutoscalingMetricName)[keyof typeof AutoscalingMetricName];

/**
 * A number or a string: a probe's port number or port name, a pod count or percentage, as
 * Kubernetes' `IntOrString`. The package schema for other languages says the same with `oneOf`
 * (provider/schema.json).
 */
export type IntOrString = number | string;

/** One autoscaling metric. */
export interface AutoscalingMetric {
  /** What to measure: `cpu`, `memory` or `requestDuration`. */
  metric: AutoscalingMetricName;
  /** How the metric is summarised: always `average`, the only summary Gradient has. */
  summary: string;
  /**
   * The target: percent (1-100) of the container's requests for cpu and memory; seconds (>= 0.01)
   * of average request duration for requestDuration.
   */
  value: number;
}

/** `healthChecks`: each probe is optional. */
export interface HealthChecks {
  /** Restarts the container when it fails. */
  liveness?: HealthCheck;
  /** Takes the replica out of the Service's endpoints while it fails. */
  readiness?: HealthCheck;
  /** Gates liveness and readiness until it succeeds; restarts the container when it fails. */
  startup?: HealthCheck;
}

/**
 * One probe: an HTTP GET (`path`, with optional `port`, `host`, `headers`) or a command
 * (`exec`), never both. Timing fields default to the Kubernetes defaults (see `PROBE_DEFAULTS`).
 */
export interface HealthCheck {
  /** The HTTP path to GET; a status of 200-399 is success. */
  path?: string;
  /**
   * The port to probe: a number, or the name of a container port (`http` for the first port,
   * `http-<port>` for the others). The deployment's first port when left out.
   */
  port?: IntOrString;
  /** The Host to connect to; the pod IP when left out. */
  host?: string;
  /** Extra request headers. */
  headers?: HttpHeader[];
  /** A command run in the container; exit code 0 is success. Give `path` or `exec`, not both. */
  exec?: ExecAction;
  /**
   * Seconds after the container starts before the first check. A whole number from 0 to 2147483647.
   * @default 0
   */
  initialDelaySeconds?: number;
  /**
   * Seconds between checks. A whole number from 1 to 2147483647.
   * @default 10
   */
  periodSeconds?: number;
  /**
   * Seconds a check may take. A whole number from 1 to 2147483647.
   * @default 1
   */
  timeoutSeconds?: number;
  /**
   * Failures in a row that count as failed. A whole number from 1 to 2147483647.
   * @default 3
   */
  failureThreshold?: number;
}

/** An HTTP header sent with a probe. */
export interface HttpHeader {
  /** The header's name: letters, digits and '-'. */
  name: string;
  /** The header's value, sent as written. */
  value: string;
}

/** A probe command. */
export interface ExecAction {
  /** The argv to run. */
  command: string[];
}

/**
 * One entry of `integrations`; which other fields apply depends on `type`. Write credentials as
 * `secret:NAME`, with values in the `secrets` arg (plain text is kept in the deployment's Secret,
 * with a warning).
 */
export interface Integration {
  /**
   * `git-lfs` (a Hugging Face or other https git repository), `s3` or `spaces` (a bucket), or
   * `volume` (an empty PersistentVolumeClaim). `model` is refused: that registry is Paperspace's.
   */
  type: string;
  /** Required and unique; the content lands in `<path>/<name>`. */
  name?: string;
  /**
   * The directory the content lands under (as `<path>/<name>`).
   * @default "/opt/integrations"
   */
  path?: string;
  /**
   * `git-lfs`: the https repository URL; `s3` and `spaces`: the bucket as `s3://<bucket>/<prefix>`.
   */
  url?: string;
  /**
   * `s3` and `spaces`: the S3 endpoint URL (required for `spaces`, e.g.
   * https://nyc3.digitaloceanspaces.com).
   */
  endpoint?: string;
  /** `s3`: the bucket's region. */
  region?: string;
  /** `s3` and `spaces`: the access key id (`secret:NAME`); `git-lfs`: the git user name. */
  accessKeyId?: string;
  /** `s3` and `spaces`: the secret access key; `git-lfs`: the token. Write `secret:NAME`. */
  secretAccessKey?: string;
}

/** One entry of the legacy `models` list: a Paperspace model id (refused, see `models`). */
export interface LegacyModel {
  /** The Paperspace model id. */
  id: string;
  /** Where Gradient mounted it. */
  path?: string;
}

/** The legacy `repositories` block. */
export interface LegacyRepositories {
  /** The Gradient dataset the clones went into; required, but not used here. */
  dataset: string;
  /**
   * The directory the clones land under.
   * @default "/opt/repositories"
   */
  mountPath?: string;
  /** The repositories to clone. */
  repositories: LegacyRepository[];
}

/** One repository of the legacy `repositories` block. */
export interface LegacyRepository {
  /** The repository's https URL. */
  url: string;
  /** The clone's directory under `mountPath`. */
  name: string;
  /** A branch or tag to check out (a shallow clone); the default branch when left out. */
  ref?: string;
  /** The git user name, for a private repository. */
  username?: string;
  /** `secret:NAME` with its value in the `secrets` arg; plain text works, with a warning. */
  password?: string;
}
