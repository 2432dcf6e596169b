// The components other Pulumi languages use, as Pulumi's component analyzer reads their TypeScript
// types (https://www.pulumi.com/docs/iac/build-with-pulumi/build-a-component/) to make the package
// schema (scripts/plugin-schema.ts writes provider/schema.json). The plugin itself runs the
// compiled dist/sdk/plugin/main.js (package.json main), which serves that schema.
export { ModelDeployment } from "../sdk/component/ModelDeployment";
export { GpuNodePool } from "../sdk/component/GpuNodePool";
