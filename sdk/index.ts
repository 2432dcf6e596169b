/** model-deployment: Gradient deployment specs as GPU model-serving endpoints on Kubernetes. */
export { ModelDeployment } from "./ModelDeployment";
export type { ModelDeploymentArgs } from "./ModelDeployment";
export * from "./core";
