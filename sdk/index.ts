/** model-deployment: Gradient deployment specs as GPU model-serving endpoints on Kubernetes. */
export { ModelDeployment } from "./component/ModelDeployment";
export type { ModelDeploymentArgs, DedicatedNodePoolArgs, KedaArgs, IngressArgs, WorkloadArgs, ServiceAccountArgs, EnvFromArgs, EnvFromRefArgs } from "./component/ModelDeploymentArgs";
export { ImagePullPolicy } from "./manifests/workload";
export type { ImageBuildArgs, RegistryArgs } from "./component/image";
export { ServiceType } from "./manifests/service";
export { IntegrationMode } from "./manifests/integrations";
export type { IntegrationOptions } from "./manifests/integrations";
export type { MetricsScraper } from "./manifests/autoscaling";
export { TolerationOperator, TaintEffect, NodeSelectorOperator, HttpScheme } from "./manifests/k8s";
export type { Toleration, NodeSelectorRequirement, Probe } from "./manifests/k8s";
export type { ResolvedProbes } from "./core/probes";
export type { Placement, ComputeOverrides } from "./core/scheduling";
export { GpuNodePool } from "./component/GpuNodePool";
export type { GpuNodePoolArgs } from "./component/GpuNodePool";
export { NODE_POOL_BACKENDS } from "./component/nodepools/backends";
export { NODE_POOL_PLANNERS, planNodePool } from "./component/nodepools/plan";
export type { NodePoolBackend, PoolPlanner, PoolCreator, PoolRequest, PoolPlan } from "./component/nodepools/plan";
export { NodePoolBackendName, GkeGpuDriverVersion, EksCapacityType, AksGpuDriver } from "./component/nodepools/options";
export type {
  NodePoolRef,
  KarpenterNodeClassRef,
  NodePoolOptions,
  ExistingPoolOptions,
  KarpenterPoolOptions,
  DigitalOceanPoolOptions,
  GkePoolOptions,
  EksPoolOptions,
  AksPoolOptions,
} from "./component/nodepools/options";
export { CLOUD_INSTANCE_TYPES } from "./component/nodepools/cloudInstances";
export type { Cloud, CloudInstanceType, InstanceGpu } from "./component/nodepools/cloudInstances";
export { chooseInstance, nearestInstances } from "./component/nodepools/instanceChoice";
export type { InstanceChoice } from "./component/nodepools/instanceChoice";
export { gkePoolArgs } from "./component/nodepools/gkePlan";
export { eksNodeGroupArgs, EKS_NVIDIA_AMI_TYPES } from "./component/nodepools/eksPlan";
export { aksAgentPoolArgs } from "./component/nodepools/aksPlan";
export { buildKarpenterNodePool } from "./component/nodepools/karpenterPlan";
export { KARPENTER_DEFAULTS, DEFAULT_MIN_NODES, DEFAULT_MAX_NODES } from "./core/defaults";
export { DIGITALOCEAN_GPU_SIZES, DIGITALOCEAN_SIZE_OF, digitalOceanPoolArgs, nearestDigitalOceanSizes } from "./component/nodepools/digitaloceanPlan";
export * from "./core";
