/** The official Kubernetes schemas (kubernetes-models) of every kind we emit, for validation in tests. */
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { Job } from "kubernetes-models/batch/v1/Job";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";

/** The model class of each built-in kind (the KEDA ScaledObject's is ESM-only: imported where used). */
export const K8S_MODELS: Record<string, new (o: never) => { validate(): void }> = {
  Deployment,
  Service,
  Secret,
  HorizontalPodAutoscaler,
  PodDisruptionBudget,
  Ingress,
  Job,
  PersistentVolumeClaim,
  Namespace,
  NetworkPolicy,
  ServiceAccount,
};
