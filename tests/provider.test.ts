/**
 * Other Pulumi languages: Pulumi's component analyzer (the one `pulumi package add` runs) accepts
 * the plugin folder `provider/`, finds both components, and loses no field of the TypeScript types
 * on the way; the package schema it makes is committed (`provider/schema.json`, rewritten with
 * UPDATE_GOLDEN=1). A component built the way the plugin host builds it (from the engine's inputs)
 * reports its outputs.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Analyzer, AnalyzeResult, PropertyDefinition } from "@pulumi/pulumi/provider/experimental/analyzer";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental/provider";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateSchema } = require("@pulumi/pulumi/provider/experimental/schema") as { generateSchema: (...args: unknown[]) => unknown };
import * as ts from "typescript";
import { GpuNodePool, ModelDeployment } from "../sdk";
import { specFieldDocs } from "../scripts/spec-docs";
import { fixturePath, repoPath } from "./helpers";
import { installMocks, settle, valueOf } from "./mocks";

installMocks();

const PLUGIN = repoPath("provider");
const pkg = JSON.parse(fs.readFileSync(path.join(PLUGIN, "package.json"), "utf8"));
const COMPONENTS = ["ModelDeployment", "GpuNodePool"];

/** Members of the TypeScript classes that other languages cannot have, and why (docs/other-languages.md). */
const TYPESCRIPT_ONLY: Record<string, string[]> = {
  ModelDeployment: ["autoscaler", "imageBuild", "probeTimelines"], // a union of resources; a class of an optional peer package; windows whose shape has unions
  GpuNodePool: ["resources"], // a list of any resource
};

let analyzed: AnalyzeResult;
function analyze(): AnalyzeResult {
  analyzed ??= new Analyzer(PLUGIN, pkg.name, pkg, new Set(COMPONENTS)).analyze();
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

  it("the committed package schema is the analyzer's", () => {
    const r = analyze();
    const schema = generateSchema(pkg.name, pkg.version, pkg.description, r.components, r.typeDefinitions, r.dependencies, undefined);
    const text = `${JSON.stringify(schema, null, 2)}\n`;
    const file = path.join(PLUGIN, "schema.json");
    assert.equal(pkg.version, JSON.parse(fs.readFileSync(repoPath("package.json"), "utf8")).version, "the plugin's version is the package's");
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, text);
    assert.equal(fs.readFileSync(file, "utf8"), text, "provider/schema.json is stale: run UPDATE_GOLDEN=1 npm test");
  });

  it("the plugin host builds a ModelDeployment from a spec file's text and reports its outputs", async () => {
    const provider = new ComponentProvider({ dirname: PLUGIN, name: pkg.name, components: [ModelDeployment as never, GpuNodePool as never] });
    const specText = fs.readFileSync(fixturePath("seed-example.yaml"), "utf8");
    const built = await provider.construct("from-text", "model-deployment:index:ModelDeployment", { specText, namespace: pulumi.output("models") } as never, {});
    const state = built.state as Record<string, pulumi.Output<unknown>>;
    assert.equal(await valueOf(state.endpoint as pulumi.Output<string>), "http://from-text-1a2b3c4d.models.svc.cluster.local:8000");
    assert.ok(Object.keys(state).includes("probes"));
    await settle();
  });

  it("the plugin loads as Pulumi's plugin host loads it: ts-node registered, the folder required by its package.json main", () => {
    // As @pulumi/pulumi/cmd/run-plugin/run.js does before `require(program)` and getPulumiComponents.
    const script = `
      const ts = require("typescript");
      const own = ts.readConfigFile("tsconfig.json", ts.sys.readFile).config.compilerOptions;
      require("ts-node").register({ typeCheck: true, compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...own } });
      const { getPulumiComponents } = require("@pulumi/pulumi/provider/experimental/provider");
      process.stdout.write(JSON.stringify(getPulumiComponents(require(process.cwd())).map((c) => c.name)));
    `;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: PLUGIN, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), COMPONENTS);
  });

  it("spec and specText: exactly one", () => {
    const spec = ModelDeployment.loadSpec(fixturePath("seed-example.yaml"));
    assert.throws(() => new ModelDeployment("both", { spec, specText: "image: x" }), /specText: give spec or specText, not both/);
    assert.throws(() => new ModelDeployment("none", {}), /spec: required/);
    assert.throws(() => new ModelDeployment("bad", { specText: "image: [" }), /ModelDeployment bad: invalid deployment spec \(1 error\)\n  specText: YAML: /);
  });
});
