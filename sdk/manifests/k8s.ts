/**
 * The subset of the Kubernetes API types that our builders emit. Hand-written so the pure core has
 * no dependency on `@pulumi/*`; the tests validate every emitted object against the official
 * schemas, and the component type-checks these against `@pulumi/kubernetes`' input types.
 */

import type { PodSecurityContext, SecurityContext } from "../core/security";
import type { HttpHeader, IntOrString } from "../core/spec/types";
import type { EnvFromSource, ExtraVolume } from "./workload";

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** An HTTP header a probe sends: the spec's header, as Kubernetes' `HTTPHeader` has the same two fields. */
export type HTTPHeader = HttpHeader;

/** The scheme an HTTP probe connects with. */
export const HttpScheme = { HTTP: "HTTP", HTTPS: "HTTPS" } as const;
/** The scheme an HTTP probe connects with (a plain string is accepted too). */
export type HttpScheme = (typeof HttpScheme)[keyof typeof HttpScheme];

/** An HTTP probe (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Probe). */
export interface HTTPGetAction {
  /** The path to GET. */
  path: string;
  /** A port number or a container port's name. */
  port: IntOrString;
  /** The host to connect to; the pod IP when absent. */
  host?: string;
  /** `HTTP` or `HTTPS` (without certificate checks). */
  scheme: HttpScheme;
  /** Request headers. */
  httpHeaders?: HTTPHeader[];
}

/** A probe command. */
export interface ExecAction {
  /** The argv run in the container; exit code 0 is success. */
  command: string[];
}

/** A Kubernetes probe (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Probe). */
export interface Probe {
  /** An HTTP GET; a status of 200-399 is success. */
  httpGet?: HTTPGetAction;
  /** A command run in the container. */
  exec?: ExecAction;
  /** Seconds after the container starts before the first check. */
  initialDelaySeconds: number;
  /** Seconds between checks. */
  periodSeconds: number;
  /** Seconds a check may take. */
  timeoutSeconds: number;
  /** Successes in a row that count as passed. */
  successThreshold: number;
  /** Failures in a row that count as failed. */
  failureThreshold: number;
}

export interface ContainerPort {
  name: string;
  containerPort: number;
  protocol: "TCP";
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef: { name: string; key: string } };
}

export interface VolumeMount {
  /** The pod volume's name. */
  name: string;
  /** Where it is mounted in the container: an absolute path. */
  mountPath: string;
  /** Mount it read-only. @default false */
  readOnly?: boolean;
  /** A path within the volume to mount instead of its root. */
  subPath?: string;
}

export type Volume =
  | { name: string; secret: { secretName: string } }
  | { name: string; emptyDir: { medium?: "Memory"; sizeLimit?: string } }
  | { name: string; persistentVolumeClaim: { claimName: string; readOnly?: boolean } };

export interface PersistentVolumeClaim {
  apiVersion: "v1";
  kind: "PersistentVolumeClaim";
  metadata: ObjectMeta;
  spec: {
    accessModes: Array<"ReadWriteMany" | "ReadWriteOnce" | "ReadOnlyMany">;
    resources: { requests: { storage: string } };
    storageClassName?: string;
  };
}

export interface Job {
  apiVersion: "batch/v1";
  kind: "Job";
  metadata: ObjectMeta;
  spec: {
    backoffLimit: number;
    activeDeadlineSeconds: number;
    template: { metadata: ObjectMeta; spec: { restartPolicy: "OnFailure"; serviceAccountName?: string; securityContext?: PodSecurityContext; containers: HelperContainer[]; volumes: Volume[] } };
  };
}

export interface ResourceRequirements {
  requests: Record<string, string>;
  limits: Record<string, string>;
}

/** How a toleration matches a taint's value. */
export const TolerationOperator = { Exists: "Exists", Equal: "Equal" } as const;
/** How a toleration matches a taint's value (a plain string such as `"Exists"` is accepted too). */
export type TolerationOperator = (typeof TolerationOperator)[keyof typeof TolerationOperator];

/** What a taint does to pods that do not tolerate it. */
export const TaintEffect = { NoSchedule: "NoSchedule", PreferNoSchedule: "PreferNoSchedule", NoExecute: "NoExecute" } as const;
/** What a taint does to pods that do not tolerate it (a plain string is accepted too). */
export type TaintEffect = (typeof TaintEffect)[keyof typeof TaintEffect];

/** A pod's toleration of a node taint (https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/). */
export interface Toleration {
  /** The taint's key. */
  key: string;
  /** `Equal` (the value must match) or `Exists` (any value). */
  operator: TolerationOperator;
  /** The taint's value, for `Equal`. */
  value?: string;
  /** The taint's effect. */
  effect: TaintEffect;
}

/** How a node selector requirement compares a label's value. */
export const NodeSelectorOperator = { In: "In", NotIn: "NotIn", Exists: "Exists", DoesNotExist: "DoesNotExist", Gt: "Gt", Lt: "Lt" } as const;
/** How a node selector requirement compares a label's value (a plain string is accepted too). */
export type NodeSelectorOperator = (typeof NodeSelectorOperator)[keyof typeof NodeSelectorOperator];

/** A requirement on a node label (https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/). */
export interface NodeSelectorRequirement {
  /** The label's key. */
  key: string;
  /** How the label's value is compared. */
  operator: NodeSelectorOperator;
  /** The values compared with. */
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
  args?: string[];
  volumeMounts?: VolumeMount[];
  securityContext?: SecurityContext;
  imagePullPolicy?: string;
  envFrom?: EnvFromSource[];
}

/** A container whose resources are left to the namespace defaults (helpers that fetch files). */
export type HelperContainer = Omit<Container, "resources" | "ports"> & { resources?: ResourceRequirements };

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: "ScheduleAnyway" | "DoNotSchedule";
  labelSelector: { matchLabels: Record<string, string> };
  matchLabelKeys?: string[];
}

export interface PodSpec {
  serviceAccountName?: string;
  securityContext?: PodSecurityContext;
  terminationGracePeriodSeconds?: number;
  runtimeClassName?: string;
  priorityClassName?: string;
  topologySpreadConstraints?: TopologySpreadConstraint[];
  containers: Container[];
  initContainers?: HelperContainer[];
  imagePullSecrets?: Array<{ name: string }>;
  volumes?: Array<Volume | ExtraVolume>;
  nodeSelector?: Record<string, string>;
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
    /** Absent while an autoscaler owns the replica count. */
    replicas?: number;
    progressDeadlineSeconds: number;
    strategy: { type: "RollingUpdate"; rollingUpdate: { maxSurge: number | string; maxUnavailable: number | string } };
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

export interface Namespace {
  apiVersion: "v1";
  kind: "Namespace";
  metadata: ObjectMeta;
}

export interface Secret {
  apiVersion: "v1";
  kind: "Secret";
  metadata: ObjectMeta;
  type: "Opaque" | "kubernetes.io/dockerconfigjson";
  stringData: Record<string, string>;
}

export interface MetricSpec {
  type: "Resource";
  resource: { name: "cpu" | "memory"; target: { type: "Utilization"; averageUtilization: number } };
}

export interface HorizontalPodAutoscaler {
  apiVersion: "autoscaling/v2";
  kind: "HorizontalPodAutoscaler";
  metadata: ObjectMeta;
  spec: {
    scaleTargetRef: { apiVersion: "apps/v1"; kind: "Deployment"; name: string };
    minReplicas: number;
    maxReplicas: number;
    metrics: MetricSpec[];
    behavior: { scaleDown: { stabilizationWindowSeconds: number } };
  };
}

export interface ScaledObject {
  apiVersion: "keda.sh/v1alpha1";
  kind: "ScaledObject";
  metadata: ObjectMeta;
  spec: {
    scaleTargetRef: { apiVersion: "apps/v1"; kind: "Deployment"; name: string };
    minReplicaCount: number;
    maxReplicaCount: number;
    advanced: { horizontalPodAutoscalerConfig: { behavior: { scaleDown: { stabilizationWindowSeconds: number } } } };
    triggers: Array<{ type: string; metricType?: "Utilization" | "AverageValue"; metadata: Record<string, string> }>;
  };
}

export interface PodDisruptionBudget {
  apiVersion: "policy/v1";
  kind: "PodDisruptionBudget";
  metadata: ObjectMeta;
  spec: { maxUnavailable: number; selector: { matchLabels: Record<string, string> } };
}

export interface Ingress {
  apiVersion: "networking.k8s.io/v1";
  kind: "Ingress";
  metadata: ObjectMeta;
  spec: {
    ingressClassName?: string;
    tls?: Array<{ hosts: string[]; secretName: string }>;
    rules: Array<{
      host: string;
      http: { paths: Array<{ path: string; pathType: "Prefix"; backend: { service: { name: string; port: { name: string } } } }> };
    }>;
  };
}

export interface NetworkPolicyPeer {
  namespaceSelector?: { matchLabels: Record<string, string> };
  podSelector?: { matchLabels: Record<string, string> };
}

export interface NetworkPolicy {
  apiVersion: "networking.k8s.io/v1";
  kind: "NetworkPolicy";
  metadata: ObjectMeta;
  spec: {
    podSelector: { matchLabels: Record<string, string> };
    policyTypes: Array<"Ingress">;
    ingress: Array<{ from?: NetworkPolicyPeer[]; ports: Array<{ protocol: "TCP"; port: number | string }> }>;
  };
}

/** The pods' identity for cloud APIs (IRSA, GKE Workload Identity): annotations only. */
export interface ServiceAccount {
  apiVersion: "v1";
  kind: "ServiceAccount";
  metadata: ObjectMeta;
}

/** Any object we emit. */
export type KubernetesObject =
  | Namespace
  | ServiceAccount
  | PersistentVolumeClaim
  | Job
  | Secret
  | Deployment
  | Service
  | HorizontalPodAutoscaler
  | ScaledObject
  | PodDisruptionBudget
  | Ingress
  | NetworkPolicy;
