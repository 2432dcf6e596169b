/**
 * The deployment spec in its canonical form: Gradient's modern (`v1`) shape, with every legacy
 * spelling already normalised away. A typed object literal of this type is what a Pulumi program
 * passes; a spec file in any Gradient shape is parsed into it by `parseSpec` / `loadSpec`.
 */
export interface DeploymentSpec {
  /** The deployment's name (Gradient: unique in the project). The CLI names objects after it. */
  name?: string;
  /**
   * The container image reference. Leave it out (or write the deploy-action's `:image`
   * placeholder) when the program supplies the image, e.g. the tag CI just built.
   */
  image?: string;
  /**
   * `false` stops the deployment: it is scaled to zero replicas, and its objects are kept.
   * @default true
   */
  enabled?: boolean;
  /** The display name of a private registry connection (not supported yet: refused). */
  containerRegistry?: string;
  /** The argv run at start-up, replacing the image's entrypoint and command. */
  command?: string[];
  /** Environment variables of the container, in order. */
  env?: EnvVar[];
  /** Gradient's undocumented region / cluster id; it has no meaning on Kubernetes and is ignored. */
  region?: string;
  /** Gradient's protected endpoint, usually `secret:NAME` (not supported yet: refused). */
  basicAuthKey?: string;
  /** Compute, ports, replicas and autoscaling. */
  resources: Resources;
  /** Liveness, readiness and startup probes. */
  healthChecks?: HealthChecks;
  /** Model files and volumes (parsed and kept; not supported yet: refused). */
  integrations?: Integration[];
  /** Legacy Gradient model-registry mounts (parsed and kept; refused). */
  models?: LegacyModel[];
  /** Legacy git repositories cloned into a dataset (parsed and kept; refused). */
  repositories?: LegacyRepositories;
}

/** One environment variable. */
export interface EnvVar {
  name: string;
  /** The value; `secret:NAME` references are not supported yet and are refused. */
  value: string;
}

/** `resources`: what the deployment runs on and how many. */
export interface Resources {
  /** A Gradient machine label such as `A100-80G` or `C5`. */
  machineType: string;
  /** Container ports; the first is the endpoint's port and the probes' default port. */
  ports: number[];
  /**
   * The fixed replica count, and the floor when autoscaling.
   * @default 1
   */
  replicas?: number;
  /** Horizontal autoscaling (parsed; only `enabled: false` is supported yet). */
  autoscaling?: Autoscaling;
}

/** `resources.autoscaling`. */
export interface Autoscaling {
  /** @default true */
  enabled?: boolean;
  /** The upper bound; `resources.replicas` is the lower one. Required when enabled. */
  maxReplicas?: number;
  /** The metrics to scale on. Required when enabled. */
  metrics?: AutoscalingMetric[];
}

/** One autoscaling metric. */
export interface AutoscalingMetric {
  metric: "cpu" | "memory" | "requestDuration";
  summary: "average";
  /** Percent (1-100) for cpu and memory; seconds (>= 0.01) for requestDuration. */
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
   * The port to probe: a number, or the name of a container port (`http` is the first port).
   * @default the deployment's first port
   */
  port?: number | string;
  /** The Host to connect to; the pod IP when left out. */
  host?: string;
  /** Extra request headers. */
  headers?: HttpHeader[];
  /** A command run in the container; exit code 0 is success. */
  exec?: ExecAction;
  /** @default 0 */
  initialDelaySeconds?: number;
  /** @default 10 */
  periodSeconds?: number;
  /** @default 1 */
  timeoutSeconds?: number;
  /** @default 3 */
  failureThreshold?: number;
}

/** An HTTP header sent with a probe. */
export interface HttpHeader {
  name: string;
  value: string;
}

/** A probe command. */
export interface ExecAction {
  command: string[];
}

/** One entry of `integrations`; its fields depend on `type`. */
export interface Integration {
  type: string;
  name?: string;
  path?: string;
  [field: string]: unknown;
}

/** One entry of the legacy `models` list. */
export interface LegacyModel {
  id: string;
  path?: string;
}

/** The legacy `repositories` block. */
export interface LegacyRepositories {
  dataset: string;
  mountPath?: string;
  repositories: LegacyRepository[];
}

/** One repository of the legacy `repositories` block. */
export interface LegacyRepository {
  url: string;
  name: string;
  ref?: string;
  username?: string;
  password?: string;
}
