/**
 * The subset of the Kubernetes API types that our builders emit. Hand-written so the pure core has
 * no dependency on `@pulumi/*`; the tests validate every emitted object against the official
 * schemas, and the component type-checks these against `@pulumi/kubernetes`' input types.
 */

import type { PodSecurityContext, SecurityContext } from "../core/security";

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
  value?: string;
  valueFrom?: { secretKeyRef: { name: string; key: string } };
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
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
    template: { metadata: ObjectMeta; spec: { restartPolicy: "OnFailure"; securityContext?: PodSecurityContext; containers: HelperContainer[]; volumes: Volume[] } };
  };
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
  args?: string[];
  volumeMounts?: VolumeMount[];
  securityContext?: SecurityContext;
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
  securityContext?: PodSecurityContext;
  terminationGracePeriodSeconds?: number;
  runtimeClassName?: string;
  priorityClassName?: string;
  topologySpreadConstraints?: TopologySpreadConstraint[];
  containers: Container[];
  initContainers?: HelperContainer[];
  imagePullSecrets?: Array<{ name: string }>;
  volumes?: Volume[];
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

/** Any object we emit. */
export type KubernetesObject =
  | Namespace
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
