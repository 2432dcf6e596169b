/**
 * The JSON Schema of spec files, checked with a real JSON Schema validator (ajv): it accepts every
 * spec the parser accepts, rejects the invalid ones, and the committed copy is current.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import Ajv2020 from "ajv/dist/2020";
import { checkSpec } from "../../../sdk/core/spec/parse";
import { specJsonSchema } from "../../../sdk/core/spec/jsonSchema";
import { corpus } from "../../corpus";
import { baseSpec, readFixture, repoPath } from "../../helpers";

const validate = new Ajv2020({ allErrors: true, strict: false }).compile(specJsonSchema());
const FIXTURES = fs.readdirSync(repoPath("tests", "fixtures", "gradient"));

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
    const committed = JSON.parse(fs.readFileSync(repoPath("schema", "deployment-spec.schema.json"), "utf8"));
    assert.deepEqual(committed, specJsonSchema(), "run `npm run schema` to regenerate schema/deployment-spec.schema.json");
  });
});
