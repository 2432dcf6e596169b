/**
 * The plugin other Pulumi languages run (`provider/`, `runtime: nodejs`): a component provider that
 * serves the committed package schema (`provider/schema.json`: integers, secrets, unions and
 * references the analyzer alone cannot write) and constructs `ModelDeployment` and `GpuNodePool`
 * from the engine's inputs. Plain JavaScript at run time: no TypeScript, ts-node or analyzer, so it
 * runs from an install without devDependencies.
 * See https://www.pulumi.com/docs/iac/build-with-pulumi/build-a-component/ and `@pulumi/pulumi/provider`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { ConstructResult, Provider } from "@pulumi/pulumi/provider";
import { GpuNodePool, GpuNodePoolArgs } from "../component/GpuNodePool";
import { ModelDeployment } from "../component/ModelDeployment";
import type { ModelDeploymentArgs } from "../component/ModelDeploymentArgs";

/** The plugin folder: `provider/` of the package (next to `dist/`). */
export const PLUGIN_DIR = path.resolve(__dirname, "..", "..", "..", "provider");

/** The components by their type token's last part. */
const COMPONENTS: Record<string, (name: string, inputs: pulumi.Inputs, opts: pulumi.ComponentResourceOptions) => pulumi.ComponentResource> = {
  ModelDeployment: (name, inputs, opts) => new ModelDeployment(name, inputs as ModelDeploymentArgs, opts),
  GpuNodePool: (name, inputs, opts) => new GpuNodePool(name, inputs as unknown as GpuNodePoolArgs, opts),
};

interface Schema {
  name: string;
  version: string;
  resources: Record<string, { properties?: Record<string, unknown> }>;
}

/** The component provider of the package. */
export class ModelDeploymentProvider implements Provider {
  readonly version: string;
  readonly schema: string;
  private readonly parsed: Schema;

  constructor(schemaFile = path.join(PLUGIN_DIR, "schema.json")) {
    this.schema = fs.readFileSync(schemaFile, "utf8");
    this.parsed = JSON.parse(this.schema) as Schema;
    this.version = this.parsed.version;
  }

  /** The type tokens of the components it constructs. */
  get components(): string[] {
    return Object.keys(this.parsed.resources);
  }

  async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<ConstructResult> {
    const resource = this.parsed.resources[type];
    const make = COMPONENTS[type.split(":")[2] ?? ""];
    if (!resource || !make || !type.startsWith(`${this.parsed.name}:index:`)) throw new Error(`unknown resource type ${type}: this package has ${this.components.join(", ")}`);
    let component: pulumi.ComponentResource;
    try {
      component = make(name, inputs, options);
    } catch (e) {
      if (e instanceof Error) e.message = nextToPlugin(e.message, PLUGIN_DIR);
      throw e;
    }
    // The outputs the schema lists, read from the component (its getters make them on access).
    const state = Object.fromEntries(Object.keys(resource.properties ?? {}).map((k) => [k, (component as unknown as Record<string, unknown>)[k]]));
    return { urn: component.urn, state };
  }
}

/**
 * A missing optional peer's message (`... needs @pulumi/gcp: run \`npm install @pulumi/gcp\``) as
 * the plugin's user needs it: the package must be installed where the plugin loads it from, the
 * folder whose `node_modules` holds `model-deployment` (not the program's folder, whose language
 * may not even be Node.js). Other messages are unchanged.
 */
export function nextToPlugin(message: string, pluginDir: string): string {
  const match = /: run `npm install (\S+)`$/.exec(message);
  if (!match) return message;
  const modules = path.dirname(path.dirname(pluginDir));
  const folder = path.basename(modules) === "node_modules" ? path.dirname(modules) : path.dirname(pluginDir);
  return `${message.slice(0, match.index)}: run \`npm install ${match[1]}\` in ${folder}, next to the plugin (the folder whose node_modules has model-deployment; see docs/other-languages.md)`;
}
