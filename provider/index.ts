// The plugin's entry point: the components other Pulumi languages use through
// `pulumi package add`. Pulumi's component analyzer reads their TypeScript types from here
// (https://www.pulumi.com/docs/iac/build-with-pulumi/build-a-component/); the classes are the
// package's own, so every language gets the same component.
export { ModelDeployment } from "../sdk/component/ModelDeployment";
export { GpuNodePool } from "../sdk/component/GpuNodePool";
