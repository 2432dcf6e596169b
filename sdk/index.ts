/** model-deployment: Gradient deployment specs as GPU model-serving endpoints on Kubernetes. */
export { ModelDeployment } from "./ModelDeployment";
export type { ModelDeploymentArgs, DedicatedNodePoolArgs, KedaArgs } from "./ModelDeploymentArgs";
export { GpuNodePool } from "./GpuNodePool";
export type { GpuNodePoolArgs } from "./GpuNodePool";
export { NODE_POOL_BACKENDS, planNodePool, DEFAULT_MIN_NODES, DEFAULT_MAX_NODES } from "./nodepools";
export type { NodePoolBackend, PoolRequest, PoolPlan } from "./nodepools";
export type {
  NodePoolBackendName,
  NodePoolOptions,
  ExistingPoolOptions,
  KarpenterPoolOptions,
  DigitalOceanPoolOptions,
} from "./nodepools/options";
export { buildKarpenterNodePool, KARPENTER_DEFAULTS } from "./nodepools/karpenter";
export { DIGITALOCEAN_GPU_SIZES, DIGITALOCEAN_SIZE_OF, digitalOceanPoolArgs, nearestDigitalOceanSizes } from "./nodepools/digitalocean";
export * from "./core";
