/**
 * The subset of the Kubernetes API types that our builders emit. Hand-written so the pure core has
 * no dependency on `@pulumi/*`; the tests validate every emitted object against the official
 * schemas, and the component type-checks these against `@pulumi/kubernetes`' input types.
 */

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface HTTPHeader {
  name: string;
  value: string;
}

export interface HTTPGetAction {
  path: string;
  port: number | string;
  host?: string;
  scheme: "HTTP" | "HTTPS";
  httpHeaders?: HTTPHeader[];
}

export interface ExecAction {
  command: string[];
}

export interface Probe {
  httpGet?: HTTPGetAction;
  exec?: ExecAction;
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

export interface ContainerPort {
  name: string;
  containerPort: number;
  protocol: "TCP";
}

export interface EnvVar {
  name: string;
  value: string;
}

export interface ResourceRequirements {
  requests: Record<string, string>;
  limits: Record<string, string>;
}

export interface Toleration {
  key: string;
  operator: "Exists" | "Equal";
  value?: string;
  effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export interface NodeSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
  values?: string[];
}

export interface Affinity {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: Array<{ matchExpressions: NodeSelectorRequirement[] }>;
    };
  };
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  env?: EnvVar[];
  ports: ContainerPort[];
  resources: ResourceRequirements;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
}

export interface PodSpec {
  containers: Container[];
  tolerations?: Toleration[];
  affinity?: Affinity;
}

export interface PodTemplateSpec {
  metadata: ObjectMeta;
  spec: PodSpec;
}

export interface Deployment {
  apiVersion: "apps/v1";
  kind: "Deployment";
  metadata: ObjectMeta;
  spec: {
    replicas: number;
    progressDeadlineSeconds: number;
    selector: { matchLabels: Record<string, string> };
    template: PodTemplateSpec;
  };
}

export interface ServicePort {
  name: string;
  port: number;
  targetPort: number | string;
  protocol: "TCP";
}

export interface Service {
  apiVersion: "v1";
  kind: "Service";
  metadata: ObjectMeta;
  spec: {
    type: "ClusterIP" | "LoadBalancer";
    selector: Record<string, string>;
    ports: ServicePort[];
  };
}

/** Any object we emit. */
export type KubernetesObject = Deployment | Service;
