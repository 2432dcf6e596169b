/**
 * The package schema other Pulumi languages get (`provider/schema.json`): Pulumi's component
 * analyzer (the one `pulumi package add` runs on a source plugin,
 * https://www.pulumi.com/docs/iac/build-with-pulumi/build-a-component/) run on the plugin's
 * TypeScript types, taught what it cannot say by itself:
 * - unions it refuses: `IntOrString` as `oneOf` integer or string (as pulumi-kubernetes' own schema
 *   writes IntOrString), `QuantityOrFalse` as `oneOf` string or boolean;
 * - `@pulumi/kubernetes` input types (a volume, a mount) as references into the kubernetes package's
 *   schema, instead of copies;
 * - whole numbers (ports, replicas, seconds, counts) as `integer`, so Go gets `int`, not `float64`;
 * - `secret: true` on passwords and keys, so every language's SDK keeps them as secrets;
 * - `Integration.type` as an enum; the publisher, repository and each language's package name.
 * Run with UPDATE_GOLDEN=1 (tests/provider.test.ts) to rewrite the committed file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { Analyzer, AnalyzeResult, PropertyDefinition } from "@pulumi/pulumi/provider/experimental/analyzer";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateSchema } = require("@pulumi/pulumi/provider/experimental/schema") as { generateSchema: (...args: unknown[]) => PackageSchema };

/** The components the plugin serves. */
export const PLUGIN_COMPONENTS = ["ModelDeployment", "GpuNodePool"];

/** The fields that hold whole numbers, as `Type.field` (a component's inputs and outputs by its args' or its own name). */
export const INTEGER_FIELDS: ReadonlySet<string> = new Set([
  "ModelDeploymentArgs.progressDeadlineSeconds",
  "ModelDeploymentArgs.imagePullHeadroomSeconds",
  "ModelDeploymentArgs.nodeProvisioningHeadroomSeconds",
  "ModelDeploymentArgs.terminationGracePeriodSeconds",
  "ModelDeployment.startupBudgetSeconds",
  "ModelDeployment.progressDeadlineSeconds",
  "GpuNodePoolArgs.minNodes",
  "GpuNodePoolArgs.maxNodes",
  "Resources.ports[]",
  "Resources.replicas",
  "Autoscaling.maxReplicas",
  "HealthCheck.initialDelaySeconds",
  "HealthCheck.periodSeconds",
  "HealthCheck.timeoutSeconds",
  "HealthCheck.failureThreshold",
  "DedicatedNodePoolArgs.minNodes",
  "DedicatedNodePoolArgs.maxNodes",
  "CustomGpu.count",
  "IntegrationOptions.downloadTimeoutSeconds",
  "Probe.initialDelaySeconds",
  "Probe.periodSeconds",
  "Probe.timeoutSeconds",
  "Probe.successThreshold",
  "Probe.failureThreshold",
  "MachineGpu.count",
  "InstanceGpu.count",
  "CloudInstanceType.vcpu",
]);

/** The fields that may be fractions: every other number of the schema is a whole number (the test holds the two lists). */
export const FRACTION_FIELDS: ReadonlySet<string> = new Set([
  "AutoscalingMetric.value", // seconds of request duration, e.g. 0.5
  "CustomMachineType.vcpu",
  "CustomMachineType.memoryGiB",
  "CustomGpu.memoryGiB",
  "MachineType.vcpu",
  "MachineType.memoryGiB",
  "MachineGpu.memoryGiB",
  "CloudInstanceType.memoryGiB",
  "InstanceGpu.memoryGiB",
]);

/** Credentials, as `Type.field`: secrets in every language's SDK and in the state. */
export const SECRET_FIELDS: ReadonlySet<string> = new Set([
  "ModelDeploymentArgs.secrets",
  "RegistryArgs.password",
  "DeploymentSpec.basicAuthKey",
  "Integration.accessKeyId",
  "Integration.secretAccessKey",
  "LegacyRepository.password",
]);

/** `Integration.type`'s values (the spec's integration types; `model` is refused with an error). */
const INTEGRATION_TYPES = [
  { name: "GitLfs", value: "git-lfs", description: "A Hugging Face or other https git repository, with its LFS files." },
  { name: "S3", value: "s3", description: "An S3 bucket." },
  { name: "Spaces", value: "spaces", description: "A DigitalOcean Spaces bucket." },
  { name: "Volume", value: "volume", description: "An empty PersistentVolumeClaim." },
];

type Schema = Record<string, unknown> & { types: Record<string, { properties?: Record<string, PropertyDefinition & { secret?: boolean }> }>; resources: Record<string, Record<string, unknown>> };
export type PackageSchema = Schema;

interface Context {
  component?: string;
  typeName?: string;
  property?: string;
  inputOutput?: number;
}
type AnalyzeType = (context: Context, type: ts.Type, location: ts.Node, optional?: boolean, docString?: string) => PropertyDefinition;

/** The kubernetes package's version, for references into its schema. */
function kubernetesVersion(): string {
  return (JSON.parse(fs.readFileSync(require.resolve("@pulumi/kubernetes/package.json"), "utf8")) as { version: string }).version;
}

/** `core.v1.Volume` for a type declared in `@pulumi/kubernetes/types/input`, else undefined. */
function kubernetesInputType(checker: ts.TypeChecker, type: ts.Type): { group: string; version: string; kind: string } | undefined {
  const symbol = type.aliasSymbol ?? type.getSymbol();
  const file = symbol?.declarations?.[0]?.getSourceFile().fileName ?? "";
  if (!/@pulumi\/kubernetes\/types\/input\.d\.ts$/.test(file)) return undefined;
  const parts = checker.getFullyQualifiedName(symbol!).split(".").slice(-3);
  return parts.length === 3 ? { group: parts[0], version: parts[1], kind: parts[2] } : undefined;
}

/** The analyzer's result for the plugin's components, with the refinements above. */
export function analyzePlugin(pluginDir: string, pkg: { name: string; version: string }): AnalyzeResult {
  const analyzer = new Analyzer(pluginDir, pkg.name, { ...pkg, main: "components.ts" }, new Set(PLUGIN_COMPONENTS));
  const internals = analyzer as unknown as { analyzeType: AnalyzeType; checker: ts.TypeChecker };
  const original = internals.analyzeType.bind(analyzer);
  const checker = internals.checker;
  const k8sVersion = kubernetesVersion();
  // The analyzer recurses through `this.analyzeType`: this override sees every type it meets.
  internals.analyzeType = (context, type, location, optional = false, docString) => {
    const field = `${context.typeName ?? context.component}.${context.property}`;
    if (type.isUnion()) {
      const members = type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
      const optionalUnion = optional || members.length < type.types.length;
      const prop = (p: Record<string, unknown>): PropertyDefinition =>
        ({ ...p, ...(optionalUnion ? { optional: true } : {}), ...(context.inputOutput === 0 ? { plain: true } : {}), ...(docString ? { description: docString } : {}) }) as PropertyDefinition;
      const has = (f: ts.TypeFlags) => members.some((t) => t.flags & f);
      if (members.length === 2 && has(ts.TypeFlags.Number) && has(ts.TypeFlags.String)) return prop({ oneOf: [{ type: "integer" }, { type: "string" }] });
      if (members.length === 2 && has(ts.TypeFlags.String) && has(ts.TypeFlags.BooleanLiteral)) return prop({ oneOf: [{ type: "string" }, { type: "boolean" }] });
    }
    const prop = (p: Record<string, unknown>): PropertyDefinition =>
      ({ ...p, ...(optional ? { optional: true } : {}), ...(context.inputOutput === 0 ? { plain: true } : {}), ...(docString ? { description: docString } : {}) }) as PropertyDefinition;
    const k8s = kubernetesInputType(checker, type);
    if (k8s) return prop({ $ref: `/kubernetes/v${k8sVersion}/schema.json#/types/kubernetes:${k8s.group}%2F${k8s.version}:${k8s.kind}` });
    const out = original(context, type, location, optional, docString);
    if ("type" in out && out.type === "number" && INTEGER_FIELDS.has(field)) return { ...out, type: "integer" } as PropertyDefinition;
    if ("type" in out && out.type === "array" && out.items && "type" in out.items && out.items.type === "number" && INTEGER_FIELDS.has(`${field}[]`)) {
      return { ...out, items: { ...out.items, type: "integer" } } as PropertyDefinition;
    }
    return out;
  };
  const result = analyzer.analyze();
  // The analyzer records a reference to the kubernetes package only for resources: the types need it too.
  if (!result.dependencies.some((d) => d.name === "kubernetes")) result.dependencies.push({ name: "kubernetes", version: k8sVersion } as never);
  return result;
}

/** The package schema, as committed in `provider/schema.json`. */
export function pluginSchema(pluginDir: string): PackageSchema {
  const pkg = JSON.parse(fs.readFileSync(path.join(pluginDir, "package.json"), "utf8")) as {
    name: string;
    version: string;
    description: string;
    author: string;
    license: string;
    keywords: string[];
    homepage?: string;
    repository?: string | { url: string };
  };
  const r = analyzePlugin(pluginDir, pkg);
  const schema = generateSchema(pkg.name, pkg.version, pkg.description, r.components, r.typeDefinitions, r.dependencies, undefined);
  const name = (type: string) => `${pkg.name}:index:${type}`;
  // Secrets: the field itself, or each value of a map of credentials.
  const secret = (p: PropertyDefinition & { secret?: boolean }) => ({ ...p, secret: true });
  for (const field of SECRET_FIELDS) {
    const [type, prop] = field.split(".");
    const inputs = type === "ModelDeploymentArgs" ? (schema.resources[name("ModelDeployment")].inputProperties as Record<string, PropertyDefinition>) : schema.types[name(type)]?.properties;
    if (!inputs?.[prop]) throw new Error(`plugin schema: no field ${field}`);
    inputs[prop] = secret(inputs[prop]);
  }
  const integration = schema.types[name("Integration")].properties!;
  integration.type = { ...integration.type, $ref: `#/types/${name("IntegrationType")}` } as PropertyDefinition;
  delete (integration.type as { type?: string }).type;
  schema.types[name("IntegrationType")] = { type: "string", enum: INTEGRATION_TYPES, description: "What an integration fetches." } as never;
  const repository = typeof pkg.repository === "string" ? pkg.repository : pkg.repository?.url;
  return {
    ...schema,
    displayName: "Model Deployment",
    publisher: pkg.author,
    license: pkg.license,
    keywords: pkg.keywords,
    ...(pkg.homepage ? { homepage: pkg.homepage } : {}),
    ...(repository ? { repository } : {}),
    // Local names: `pulumi package add` generates each SDK into the program's own folder, no
    // registry involved. None claims a registry scope or a domain; whoever publishes a generated
    // SDK sets names they own here first (docs/other-languages.md, "Package names").
    language: {
      ...(schema.language as Record<string, object>),
      nodejs: { respectSchemaVersion: true, packageName: "model-deployment-sdk" },
      python: { respectSchemaVersion: true, packageName: "pulumi_model_deployment" },
      go: { respectSchemaVersion: true, importBasePath: "model-deployment/sdk/go/modeldeployment", generateResourceContainerTypes: true },
      csharp: { respectSchemaVersion: true, rootNamespace: "ModelDeployment" },
      java: { respectSchemaVersion: true, basePackage: "modeldeployment" },
    },
  };
}

/** The schema as the committed file's text. */
export function pluginSchemaText(pluginDir: string): string {
  return `${JSON.stringify(pluginSchema(pluginDir), null, 2)}\n`;
}
