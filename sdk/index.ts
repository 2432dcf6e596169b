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
export { NodePoolBackendName } from "./component/nodepools/options";
export type {
  NodePoolRef,
  KarpenterNodeClassRef,
  NodePoolOptions,
  ExistingPoolOptions,
  KarpenterPoolOptions,
  DigitalOceanPoolOptions,
} from "./component/nodepools/options";
export { buildKarpenterNodePool } from "./component/nodepools/karpenterPlan";
export { KARPENTER_DEFAULTS, DEFAULT_MIN_NODES, DEFAULT_MAX_NODES } from "./core/defaults";
export { DIGITALOCEAN_GPU_SIZES, DIGITALOCEAN_SIZE_OF, digitalOceanPoolArgs, nearestDigitalOceanSizes } from "./component/nodepools/digitaloceanPlan";
export * from "./core";
