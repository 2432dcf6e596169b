/** model-deployment: Gradient deployment specs as GPU model-serving endpoints on Kubernetes. */
export { ModelDeployment } from "./component/ModelDeployment";
export type { ModelDeploymentArgs, DedicatedNodePoolArgs, KedaArgs } from "./component/ModelDeploymentArgs";
export { GpuNodePool } from "./component/GpuNodePool";
export type { GpuNodePoolArgs } from "./component/GpuNodePool";
export { NODE_POOL_BACKENDS } from "./component/nodepools/backends";
export { NODE_POOL_PLANNERS, planNodePool } from "./component/nodepools/plan";
export type { NodePoolBackend, PoolPlanner, PoolCreator, PoolRequest, PoolPlan } from "./component/nodepools/plan";
export type {
  NodePoolBackendName,
  NodePoolOptions,
  ExistingPoolOptions,
  KarpenterPoolOptions,
  DigitalOceanPoolOptions,
} from "./component/nodepools/options";
export { buildKarpenterNodePool } from "./component/nodepools/karpenterPlan";
export { KARPENTER_DEFAULTS, DEFAULT_MIN_NODES, DEFAULT_MAX_NODES } from "./core/defaults";
export { DIGITALOCEAN_GPU_SIZES, DIGITALOCEAN_SIZE_OF, digitalOceanPoolArgs, nearestDigitalOceanSizes } from "./component/nodepools/digitaloceanPlan";
export * from "./core";
