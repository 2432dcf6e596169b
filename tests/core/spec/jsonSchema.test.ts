/**
 * The JSON Schema of spec files, checked with a real JSON Schema validator (ajv): it accepts every
 * spec the parser accepts (legacy spellings included), rejects the invalid ones and flags the unknown
 * keys the parser warns about, describes every field as the zod schema does, and the committed copy
 * is current.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import Ajv2020 from "ajv/dist/2020";
import * as z from "zod";
import { MACHINE_CATALOG } from "../../../sdk/core/machines";
import { API_VERSIONS } from "../../../sdk/core/spec/normalize";
import { checkSpec } from "../../../sdk/core/spec/parse";
import { deploymentSpecSchema } from "../../../sdk/core/spec/schema";
import { canonicalJsonSchema, specJsonSchema } from "../../../sdk/core/spec/jsonSchema";
import { jsonSchemaText } from "../../../scripts/spec-docs";
import { corpus } from "../../corpus";
import { baseSpec, readFixture, repoPath } from "../../helpers";

type Json = Record<string, any>;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(specJsonSchema());
const FIXTURES = fs.readdirSync(repoPath("tests", "fixtures", "gradient"));

/** A schema and the alternatives of its type (`anyOf` of typed schemas, not constraints), each a schema a value may have. */
const alternatives = (s: Json): Json[] => [s, ...((s.anyOf as Json[] | undefined) ?? []).filter((a) => a.type || a.anyOf).flatMap(alternatives)];

/** Every field of a JSON Schema, by path: the properties of every object a value may be, and of list items. */
function jsonFields(schema: Json, at = ""): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const [key, field] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
    const path = at === "" ? key : `${at}.${key}`;
    out.set(path, field);
    for (const alt of alternatives(field)) {
      for (const obj of [alt, ...(alt.items ? alternatives(alt.items) : [])]) {
        for (const [k, v] of jsonFields(obj, obj === alt ? path : `${path}[]`)) out.set(k, v);
      }
    }
  }
  return out;
}

/** Every field of the zod schema, by the same paths, with its `.meta()`. */
function zodFields(schema: z.ZodType, at = ""): Map<string, Json> {
  const out = new Map<string, Json>();
  let s = schema;
  while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  if (s instanceof z.ZodArray) return zodFields(s.element as z.ZodType, `${at}[]`);
  if (!(s instanceof z.ZodObject)) return out;
  for (const [key, field] of Object.entries(s.shape as Record<string, z.ZodType>)) {
    const path = at === "" ? key : `${at}.${key}`;
    out.set(path, field.meta() ?? {});
    for (const [k, v] of zodFields(field, path)) out.set(k, v);
  }
  return out;
}

/** The unknown-field warnings of the parser. */
const unknownFields = (raw: unknown) => checkSpec(raw).warnings.filter((w) => /unknown field/.test(w.message)).map((w) => w.path);

function withProbe(probe: unknown) {
  const s = baseSpec();
  s.healthChecks = { readiness: probe };
  return s;
}

const INVALID: Array<[string, unknown]> = [
  ["timeoutSeconds 0", withProbe({ path: "/", timeoutSeconds: 0 })],
  ["periodSeconds 0", withProbe({ path: "/", periodSeconds: 0 })],
  ["negative initialDelaySeconds", withProbe({ path: "/", initialDelaySeconds: -1 })],
  ["path and exec", withProbe({ path: "/", exec: { command: ["true"] } })],
  ["neither path nor exec", withProbe({ periodSeconds: 5 })],
  ["exec with a port", withProbe({ exec: { command: ["true"] }, port: 80 })],
  ["bad header name", withProbe({ path: "/", headers: [{ name: "X_Trace", value: "1" }] })],
  ["bad port name", withProbe({ path: "/", port: "HTTP" })],
  ["port name with a double dash", withProbe({ path: "/", port: "a--b" })],
  ["probe port 70000", withProbe({ path: "/", port: 70000 })],
  ["container port 0", { ...baseSpec(), resources: { machineType: "C4", ports: [0] } }],
  ["duplicate ports", { ...baseSpec(), resources: { machineType: "C4", ports: [80, 80] } }],
  ["negative replicas", { ...baseSpec(), resources: { machineType: "C4", ports: [80], replicas: -1 } }],
  ["no ports in a v1 spec", { apiVersion: "v1", image: "x", resources: { machineType: "C4" } }],
  ["no machine type", { image: "x", resources: { ports: [80] } }],
  ["unknown apiVersion", { ...baseSpec(), apiVersion: "v2" }],
  ["autoscaling without maxReplicas", { ...baseSpec(), resources: { machineType: "C4", ports: [80], autoscaling: { metrics: [{ metric: "cpu", summary: "average", value: 50 }] } } }],
  ["cpu target 150", { ...baseSpec(), resources: { machineType: "C4", ports: [80], autoscaling: { maxReplicas: 2, metrics: [{ metric: "cpu", summary: "average", value: 150 }] } } }],
  ["requestDuration 0.001", { ...baseSpec(), resources: { machineType: "C4", ports: [80], autoscaling: { maxReplicas: 2, metrics: [{ metric: "requestDuration", summary: "average", value: 0.001 }] } } }],
  ["env name with a space", { ...baseSpec(), env: [{ name: "A B", value: "1" }] }],
  ["command as a string", { ...baseSpec(), command: "python app.py" }],
];

describe("JSON Schema of spec files (ajv)", () => {
  it("describes every field, legacy spellings included", () => {
    const fields = jsonFields(specJsonSchema());
    const undescribed = [...fields].filter(([, f]) => typeof f.description !== "string" || f.description.trim() === "").map(([p]) => p);
    assert.deepEqual(undescribed, []);
    assert.ok(fields.size > 100, `${fields.size} fields`);
  });

  it("each field's description, default and range are the zod schema's (schema.ts)", () => {
    const published = jsonFields(specJsonSchema());
    const source = zodFields(deploymentSpecSchema);
    const canonical = jsonFields(canonicalJsonSchema());
    assert.ok(source.size > 50, `${source.size} zod fields`);
    for (const [path, meta] of source) {
      const field = published.get(path);
      assert.ok(field, `${path} is in the JSON Schema`);
      assert.equal(typeof meta.description, "string", `${path}: a description in schema.ts`);
      assert.ok(field.description.startsWith(meta.description), `${path}: ${field.description}`);
      assert.deepEqual(field.default, meta.default, `${path}: default`);
      // The range zod states is the schema's, and the description says it.
      const numbers = alternatives(field).flatMap((a) => [a, ...(a.items ? alternatives(a.items) : [])]).filter((a) => a.minimum !== undefined);
      const zodRange = canonical.get(path)!;
      const own = zodRange.type === "array" ? zodRange.items : zodRange;
      if (own.minimum !== undefined) {
        assert.ok(numbers.some((n) => n.minimum === own.minimum && n.maximum === own.maximum), `${path}: range ${own.minimum}-${own.maximum}`);
        assert.ok(field.description.includes(own.maximum === undefined ? `at least ${own.minimum}` : `from ${own.minimum} to ${own.maximum}`), `${path}: ${field.description}`);
      }
    }
    assert.equal(published.get("healthChecks.readiness.periodSeconds")!.default, 10);
    assert.match(published.get("healthChecks.readiness.periodSeconds")!.description, /^Seconds between checks\. A whole number from 1 to 2147483647\.$/);
  });

  it("flags the unknown keys the parser warns about (periodSecond, healthCheck, ...)", () => {
    const typos: Array<[string, Json]> = [
      ["healthChecks.readiness.periodSecond", { ...baseSpec(), healthChecks: { readiness: { path: "/", periodSecond: 5 } } }],
      ["healthCheck", { ...baseSpec(), healthCheck: { readiness: { path: "/" } } }],
      ["resources.replica", { ...baseSpec(), resources: { ...baseSpec().resources, replica: 2 } }],
      ["env[0].vale", { ...baseSpec(), env: [{ name: "A", value: "1", vale: "1" }] }],
    ];
    for (const [path, raw] of typos) {
      assert.deepEqual(unknownFields(raw), [path], "the parser warns");
      assert.deepEqual(checkSpec(raw).errors, [], "and accepts it");
      assert.equal(validate(raw), false, `the schema flags ${path}`);
      assert.ok(validate.errors!.some((e) => e.keyword === "additionalProperties"), JSON.stringify(validate.errors));
    }
  });

  it("every fixture the parser accepts validates, legacy spellings and every apiVersion included; one with unknown keys is flagged", () => {
    const published = new Set(jsonFields(specJsonSchema()).keys());
    const legacy = [...published].filter((p) => !jsonFields(canonicalJsonSchema()).has(p) && !/\[\]|^healthchecks\./.test(p));
    const used = new Set<string>();
    let validated = 0;
    for (const f of FIXTURES) {
      const raw = readFixture(f) as Json;
      if (checkSpec(raw).errors.length > 0) continue;
      assert.equal(validate(raw), unknownFields(raw).length === 0, `${f}: ${JSON.stringify(validate.errors)}`);
      validated += 1;
      for (const p of legacy) if (p.split(".").reduce<any>((o, k) => o?.[k], raw) !== undefined) used.add(p);
      for (const apiVersion of API_VERSIONS) {
        const variant = { ...raw, apiVersion };
        if (checkSpec(variant).errors.length === 0) assert.ok(validate(variant), `${f} as ${apiVersion}: ${JSON.stringify(validate.errors)}`);
      }
    }
    assert.equal(validated, FIXTURES.length);
    // Every legacy spelling the schema allows is exercised by a fixture the parser accepts.
    assert.deepEqual([...used].sort(), legacy.sort());
    assert.deepEqual(legacy.sort(), ["$schema", "apiVersion", "healthchecks", "port", "resources.instanceType"]);
  });

  it("machineType (and instanceType) offer the catalog's labels and allow custom ones", () => {
    const res = specJsonSchema().properties.resources.properties;
    for (const key of ["machineType", "instanceType"]) {
      assert.deepEqual(res[key].anyOf[0].enum, [...MACHINE_CATALOG.keys()]);
    }
    assert.ok(MACHINE_CATALOG.size > 20);
    assert.ok(validate({ ...baseSpec(), resources: { machineType: "my-own-box", ports: [80] } }));
    assert.equal(validate({ ...baseSpec(), resources: { machineType: "", ports: [80] } }), false);
  });

  it("accepts every spec the parser accepts: fixtures and corpus", () => {
    const accepted = [...FIXTURES.map((f) => [f, readFixture(f)] as const), ...corpus().map((e) => [e.name, e.raw] as const)];
    for (const [name, raw] of accepted) {
      assert.deepEqual(checkSpec(raw).errors, [], `${name} should parse`);
      assert.ok(validate(raw), `${name}: ${JSON.stringify(validate.errors)}`);
    }
  });

  for (const [name, raw] of INVALID) {
    it(`rejects what the parser rejects: ${name}`, () => {
      assert.notDeepEqual(checkSpec(raw).errors, [], `the parser should reject ${name}`);
      assert.equal(validate(raw), false, `the schema should reject ${name}`);
    });
  }

  it("the committed schema file is the generated one", () => {
    const committed = fs.readFileSync(repoPath("schema", "deployment-spec.schema.json"), "utf8");
    assert.equal(committed, jsonSchemaText(), "run `npm run schema` to regenerate schema/deployment-spec.schema.json");
  });
});
