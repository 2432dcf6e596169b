/**
 * Other Pulumi languages: Pulumi's component analyzer (the one `pulumi package add` runs) accepts
 * the plugin folder `provider/`, finds both components, and loses no field of the TypeScript types
 * on the way; the package schema made from it (scripts/plugin-schema.ts: integers, secrets, unions)
 * is committed (`provider/schema.json`, rewritten with UPDATE_GOLDEN=1). The plugin runs as compiled
 * JavaScript, serves that schema over gRPC, and builds components from the engine's inputs.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { AnalyzeResult, PropertyDefinition } from "@pulumi/pulumi/provider/experimental/analyzer";
import * as ts from "typescript";
import { FRACTION_FIELDS, INTEGER_FIELDS, PLUGIN_COMPONENTS, SECRET_FIELDS, analyzePlugin, pluginSchemaText } from "../scripts/plugin-schema";
import { ModelDeploymentProvider, nextToPlugin } from "../sdk/plugin/host";
import { askPlugin } from "./pluginClient";
import { ModelDeployment } from "../sdk";
import { specFieldDocs } from "../scripts/spec-docs";
import { fixturePath, repoPath } from "./helpers";
import { installMocks, settle, valueOf } from "./mocks";

installMocks();

const PLUGIN = repoPath("provider");
const pkg = JSON.parse(fs.readFileSync(path.join(PLUGIN, "package.json"), "utf8"));
const COMPONENTS = PLUGIN_COMPONENTS;

/** Members of the TypeScript classes that other languages cannot have, and why (docs/other-languages.md). */
const TYPESCRIPT_ONLY: Record<string, string[]> = {
  ModelDeployment: ["autoscaler", "imageBuild", "probeTimelines"], // a union of resources; a class of an optional peer package; windows whose shape has unions
  GpuNodePool: ["resources"], // a list of any resource
};

let analyzed: AnalyzeResult;
function analyze(): AnalyzeResult {
  analyzed ??= analyzePlugin(PLUGIN, pkg);
  return analyzed;
}

/** The TypeScript program of the plugin, as the analyzer builds it, to compare with. */
function tsProgram() {
  const config = ts.readConfigFile(path.join(PLUGIN, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, PLUGIN);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, strictNullChecks: true } });
  return { program, checker: program.getTypeChecker() };
}

/** Every interface and class declared in the package's sources, by name (a few names, e.g. EnvVar, have two). */
function declarations(program: ts.Program): Map<string, Array<ts.InterfaceDeclaration | ts.ClassDeclaration>> {
  const found = new Map<string, Array<ts.InterfaceDeclaration | ts.ClassDeclaration>>();
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(repoPath("sdk"))) continue;
    file.forEachChild((node) => {
      if ((ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) && node.name) found.set(node.name.text, [...(found.get(node.name.text) ?? []), node]);
    });
  }
  return found;
}

describe("other Pulumi languages (the component analyzer on provider/)", function () {
  this.timeout(120000);

  it("finds both components, each with a description, and every input, output and field described", () => {
    const r = analyze();
    assert.deepEqual(Object.keys(r.components).sort(), [...COMPONENTS].sort());
    const undescribed: string[] = [];
    for (const [name, c] of Object.entries(r.components)) {
      if (!c.description) undescribed.push(name);
      for (const [k, v] of Object.entries({ ...c.inputs, ...c.outputs })) if (!v.description) undescribed.push(`${name}.${k}`);
    }
    for (const [name, t] of Object.entries(r.typeDefinitions)) {
      for (const [k, v] of Object.entries(t.properties ?? {})) if (!v.description) undescribed.push(`${name}.${k}`);
    }
    assert.deepEqual(undescribed, []);
    // Resource references only to @pulumi packages (the analyzer refuses others).
    assert.deepEqual(r.dependencies.map((d) => d.name), ["kubernetes"]);
  });

  it("the spec types' field descriptions are the zod schema's (schema.ts, the one source of field docs)", () => {
    const r = analyze();
    const words = (s: string | undefined) => (s ?? "").replace(/\s+/g, " ").trim();
    let checked = 0;
    for (const [type, fields] of specFieldDocs()) {
      for (const [field, doc] of fields) {
        assert.equal(words(r.typeDefinitions[type].properties![field].description), words(doc.text), `${type}.${field}`);
        checked += 1;
      }
    }
    assert.ok(checked > 50, `${checked} fields`);
  });

  it("loses no field: every input, output and type has exactly the TypeScript type's properties, and none has an index signature", () => {
    const r = analyze();
    const { program, checker } = tsProgram();
    const decls = declarations(program);
    const names = (t: ts.Type) => checker.getPropertiesOfType(t).map((p) => p.getName()).sort();
    // Component inputs: the args interface's properties; outputs: the class's public members but the TypeScript-only ones.
    for (const [component, argsName] of [["ModelDeployment", "ModelDeploymentArgs"], ["GpuNodePool", "GpuNodePoolArgs"]]) {
      assert.deepEqual(Object.keys(r.components[component].inputs).sort(), names(checker.getTypeAtLocation(decls.get(argsName)![0])), `${component} inputs`);
      const cls = decls.get(component)![0] as ts.ClassDeclaration;
      const members = cls.members
        .filter((m) => (ts.isPropertyDeclaration(m) || ts.isGetAccessorDeclaration(m)) && m.name && ts.isIdentifier(m.name))
        .filter((m) => !ts.getCombinedModifierFlags(m as ts.Declaration) || !(ts.getCombinedModifierFlags(m as ts.Declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected | ts.ModifierFlags.Static)))
        .map((m) => (m.name as ts.Identifier).text)
        .filter((n) => !TYPESCRIPT_ONLY[component].includes(n));
      assert.deepEqual(Object.keys(r.components[component].outputs).sort(), members.sort(), `${component} outputs`);
    }
    const objects = Object.entries(r.typeDefinitions).filter(([, t]) => !t.enum);
    assert.ok(objects.length > 30, `only ${objects.length} object types`);
    for (const [name, t] of objects) {
      const candidates = (decls.get(name) ?? []).map((d) => checker.getTypeAtLocation(d));
      const fields = Object.keys(t.properties ?? {}).sort();
      const type = candidates.find((c) => JSON.stringify(names(c)) === JSON.stringify(fields));
      assert.ok(type, `${name}'s fields ${fields.join(", ")} are not those of any TypeScript ${name} (${candidates.map((c) => names(c).join(", ")).join(" / ")})`);
      assert.equal(checker.getIndexInfosOfType(type).length, 0, `${name} has an index signature, whose fields the schema would drop`);
    }
  });

  it("string choices are enums that keep their values, and the spec's typed object is a type of its own", () => {
    const r = analyze();
    const values = (name: string) => r.typeDefinitions[name].enum!.map((e) => e.value).sort();
    assert.deepEqual(values("AutoscalingMetricName"), ["cpu", "memory", "requestDuration"]);
    assert.deepEqual(values("ServiceType"), ["ClusterIP", "LoadBalancer"]);
    assert.deepEqual(values("NodePoolBackendName"), ["aks", "digitalocean", "eks", "existing", "gke", "karpenter"]);
    assert.deepEqual(values("GkeGpuDriverVersion"), ["DEFAULT", "INSTALLATION_DISABLED", "LATEST"]);
    assert.deepEqual(values("SecurityProfile"), ["default", "hardened", "none", "restricted"]);
    const inputs = r.components.ModelDeployment.inputs;
    const ref = (p: PropertyDefinition) => ("$ref" in p ? p.$ref : p.type);
    assert.equal(ref(inputs.spec), "#/types/model-deployment:index:DeploymentSpec");
    assert.equal(ref(inputs.specText), "string");
    // Wiring arguments are Inputs (not plain) in every language.
    for (const k of ["namespace", "secretName", "image", "kubernetesName"]) assert.equal(inputs[k].plain, undefined, k);
    for (const [type, field] of [["IngressArgs", "host"], ["KedaArgs", "query"], ["ImageBuildArgs", "repository"], ["RegistryArgs", "server"], ["KarpenterNodeClassRef", "name"], ["DigitalOceanPoolOptions", "size"], ["GkePoolOptions", "cluster"], ["EksPoolOptions", "subnetIds"], ["AksPoolOptions", "clusterName"]]) {
      assert.equal(r.typeDefinitions[type].properties![field].plain, undefined, `${type}.${field}`);
    }
  });

  it("the committed package schema is the analyzer's, refined", () => {
    const text = pluginSchemaText(PLUGIN);
    const file = path.join(PLUGIN, "schema.json");
    assert.equal(pkg.version, JSON.parse(fs.readFileSync(repoPath("package.json"), "utf8")).version, "the plugin's version is the package's");
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, text);
    assert.equal(fs.readFileSync(file, "utf8"), text, "provider/schema.json is stale: run UPDATE_GOLDEN=1 npm test");
  });

  it("the schema says integer, secret, one of, and one type per concept, with no Any", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(PLUGIN, "schema.json"), "utf8"));
    const prefix = `${pkg.name}:index:`;
    // Every property of every type and component, as `Type.field` (a component's inputs by its args' name).
    const fields = new Map<string, any>();
    for (const [token, t] of Object.entries<any>(schema.types)) for (const [k, v] of Object.entries<any>(t.properties ?? {})) fields.set(`${token.slice(prefix.length)}.${k}`, v);
    for (const name of COMPONENTS) {
      for (const [k, v] of Object.entries<any>(schema.resources[prefix + name].inputProperties)) fields.set(`${name}Args.${k}`, v);
      for (const [k, v] of Object.entries<any>(schema.resources[prefix + name].properties)) fields.set(`${name}.${k}`, v);
    }
    const numbers: string[] = [];
    const integers: string[] = [];
    const walk = (where: string, p: any) => {
      if (!p || typeof p !== "object") return;
      assert.notEqual(p.$ref, "pulumi.json#/Any", `${where} is Any`);
      if (p.type === "number") numbers.push(where);
      if (p.type === "integer") integers.push(where);
      if (p.items) walk(`${where}[]`, p.items);
      if (p.additionalProperties) walk(`${where} values`, p.additionalProperties);
    };
    for (const [where, p] of fields) walk(where, p);
    // Every number is either a whole number (integer) or a listed fraction.
    assert.deepEqual(numbers.sort(), [...FRACTION_FIELDS].sort());
    assert.deepEqual(integers.sort(), [...INTEGER_FIELDS].sort());
    for (const f of ["ModelDeploymentArgs.terminationGracePeriodSeconds", "Resources.ports[]", "Resources.replicas", "HealthCheck.periodSeconds", "GpuNodePoolArgs.maxNodes"]) assert.ok(integers.includes(f), f);
    for (const f of SECRET_FIELDS) assert.equal(fields.get(f)?.secret, true, `${f} is a secret`);
    // IntOrString and QuantityOrFalse: one of two types, as pulumi-kubernetes writes IntOrString.
    assert.deepEqual(fields.get("HealthCheck.port").oneOf, [{ type: "integer" }, { type: "string" }]);
    assert.deepEqual(fields.get("RolloutOptions.maxSurge").oneOf, [{ type: "integer" }, { type: "string" }]);
    assert.deepEqual(fields.get("ModelDeploymentArgs.sharedMemory").oneOf, [{ type: "string" }, { type: "boolean" }]);
    // One header type; Integration.type an enum; Kubernetes' own volume types by reference.
    assert.deepEqual(Object.keys(schema.types).filter((t) => /header/i.test(t)), [`${prefix}HttpHeader`]);
    assert.equal(fields.get("Integration.type").$ref, `#/types/${prefix}IntegrationType`);
    assert.deepEqual(schema.types[`${prefix}IntegrationType`].enum.map((e: any) => e.value), ["git-lfs", "s3", "spaces", "volume"]);
    assert.match(fields.get("ModelDeploymentArgs.volumes").items.$ref, /^\/kubernetes\/v[\d.]+\/schema\.json#\/types\/kubernetes:core%2Fv1:Volume$/);
    // Who publishes it, and each language's package name.
    assert.equal(schema.publisher, pkg.author);
    assert.equal(schema.language.python.packageName, "pulumi_model_deployment");
    assert.ok(schema.language.go.importBasePath && schema.language.csharp.rootNamespace && schema.language.java.basePackage && schema.language.nodejs.packageName);
  });

  it("the plugin host builds a ModelDeployment from a spec file's text and reports its outputs", async () => {
    const provider = new ModelDeploymentProvider();
    assert.deepEqual(provider.components, COMPONENTS.map((c) => `${pkg.name}:index:${c}`));
    const specText = fs.readFileSync(fixturePath("seed-example.yaml"), "utf8");
    const built = await provider.construct("from-text", "model-deployment:index:ModelDeployment", { specText, namespace: pulumi.output("models") }, {});
    const state = built.state as Record<string, pulumi.Output<unknown>>;
    assert.equal(await valueOf(state.endpoint as pulumi.Output<string>), "http://from-text-1a2b3c4d.models.svc.cluster.local:8000");
    assert.ok(Object.keys(state).includes("probes"));
    await assert.rejects(provider.construct("x", "model-deployment:index:Nope", {}, {}), /unknown resource type model-deployment:index:Nope: this package has model-deployment:index:ModelDeployment, model-deployment:index:GpuNodePool/);
    await settle();
  });

  it("the plugin runs as the engine runs it, from compiled JavaScript: it serves the committed schema and its version over gRPC", async function () {
    assert.match(pkg.main, /\.js$/, "the plugin's main is JavaScript: no ts-node at run time");
    const answers = await askPlugin(PLUGIN);
    assert.equal(answers.schema, fs.readFileSync(path.join(PLUGIN, "schema.json"), "utf8"));
    assert.equal(answers.version, pkg.version);
  });

  it("a missing optional peer's message says to install it next to the plugin, in the folder that holds model-deployment", () => {
    const dir = path.join("/srv", "tools", "model-deployment", "node_modules", "model-deployment", "provider");
    assert.equal(
      nextToPlugin('the "gke" node pool backend needs @pulumi/gcp: run `npm install @pulumi/gcp`', dir),
      'the "gke" node pool backend needs @pulumi/gcp: run `npm install @pulumi/gcp` in /srv/tools/model-deployment, next to the plugin (the folder whose node_modules has model-deployment; see docs/other-languages.md)',
    );
    assert.equal(nextToPlugin("spec: must be given", dir), "spec: must be given");
  });

  it("spec and specText: exactly one", () => {
    const spec = ModelDeployment.loadSpec(fixturePath("seed-example.yaml"));
    assert.throws(() => new ModelDeployment("both", { spec, specText: "image: x" }), /specText: give spec or specText, not both/);
    assert.throws(() => new ModelDeployment("none", {}), /spec: required/);
    assert.throws(() => new ModelDeployment("bad", { specText: "image: [" }), /ModelDeployment bad: invalid deployment spec \(1 error\)\n  specText: YAML: /);
  });
});
