/**
 * The Pulumi-free core: parse, resolve, build and render specs. This entry point
 * (`model-deployment/core`) never loads `@pulumi/*`, so tools such as the CLI stay fast.
 */
export * as defaults from "./defaults";
export type {
  DeploymentSpec,
  EnvVar,
  Resources,
  Autoscaling,
  AutoscalingMetric,
  HealthChecks,
  HealthCheck,
  HttpHeader,
  ExecAction,
  Integration,
  LegacyModel,
  LegacyRepositories,
  LegacyRepository,
  IntOrString,
} from "./spec/types";
export { AutoscalingMetricName } from "./spec/types";
export { SpecError, formatIssue } from "./spec/issues";
export type { SpecIssue, SpecWarning } from "./spec/issues";
export { parseSpec, checkSpec } from "./spec/parse";
export type { ParsedSpec, SpecCheck } from "./spec/parse";
export { parseSpecText, readSpecFile, findSpecFile, SPEC_FILE_NAMES } from "./spec/load";
export type { SpecFormat } from "./spec/load";
export { loadSpec, warningsOf } from "./spec/loadSpec";
export { buildProbe, buildProbes, startupBudgetSeconds, readyBudgetSeconds, PROBE_KINDS } from "./probes";
export type { ProbeKind, ResolvedProbes } from "./probes";
export { resolveDeployment } from "./resolve";
export type { ResolveOptions, ResolvedDeployment, NamedPort } from "./resolve";
export { buildObjects, objectList, entryOf, manifestOptionIssues } from "../manifests";
export type { ManifestOptions, ObjectEntry, ObjectRole, KubeObject } from "../manifests";
export { checkDeployment, planDeployment } from "../manifests/plan";
export type { DeploymentRequest, DeploymentPlan, DeploymentCheck } from "../manifests/plan";
export { placeholder, describePlaceholder, fillPlaceholders, collectPlaceholders } from "../manifests/placeholders";
export type { Placeholder } from "../manifests/placeholders";
export { diffObjectModels, classifyField } from "../manifests/diff";
export type { SpecDiff, ObjectDiff, FieldChange, ChangeClass, Impact } from "../manifests/diff";
export type { ServiceType } from "../manifests/service";
export type * as k8s from "../manifests/k8s";
export { renderObjects } from "../manifests/render";
export type { RenderFormat } from "../manifests/render";
export { MACHINE_CATALOG, FREE_TIER_LABELS, lookupMachine } from "./machines";
export type { MachineType, MachineGpu, GpuModel, CustomMachineType, CustomGpu, MachineLookup } from "./machines";
export {
  containerResources,
  podScheduling,
  GPU_RESOURCE,
  GPU_PRODUCT_LABEL,
  GPU_TAINT_KEY,
  POOL_LABEL,
  MACHINE_SHARE,
} from "./scheduling";
export type { ComputeOverrides, Placement } from "./scheduling";
export { secretReferences } from "./spec/secretRefs";
export type { SecretReferences } from "./spec/secretRefs";
export type { ResolvedEnv, ResolvedAutoscaling, ResolvedBasicAuth } from "./resolve";
export type { IngressOptions } from "../manifests/endpoint";
export type { HelperImages, PodOptions, QuantityOrFalse } from "./podOptions";
export type { RolloutOptions, PodCount } from "./rollout";
export { SECURITY_PROFILES, SecurityProfile } from "./security";
