/**
 * The spec types' TSDoc is generated from the zod schema's field docs (`npm run schema`,
 * `scripts/spec-docs.ts`): the committed `types.ts` is current, and every field of every spec type
 * is reached and described.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { DEFAULT_REPLICAS, INTEGRATION_DEFAULTS, PROBE_DEFAULTS } from "../../../sdk/core/defaults";
import { TYPES_FILE, generateTypesTsdoc, specFieldDocs } from "../../../scripts/spec-docs";

const current = () => fs.readFileSync(TYPES_FILE, "utf8");

describe("field docs of the spec types (types.ts TSDoc, generated from schema.ts)", () => {
  it("types.ts's TSDoc is the one generated from the zod schema", () => {
    const text = current();
    const generated = generateTypesTsdoc(text);
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(TYPES_FILE, generated);
    assert.equal(text, generated, "sdk/core/spec/types.ts's TSDoc is stale: run `npm run schema`");
  });

  it("a stale TSDoc is rewritten and a missing one written, the rest of the file kept", () => {
    const text = current();
    const tampered = text.replace(" * Seconds between checks.", " * Old words.").replace(/ {2}\/\*\* The Host to connect to[^\n]*\n/, "");
    assert.notEqual(tampered, text);
    assert.equal(generateTypesTsdoc(tampered), text);
  });

  it("every interface of types.ts is a spec type whose every field has its description and default", () => {
    const docs = specFieldDocs();
    const interfaces = [...current().matchAll(/^export interface (\w+)/gm)].map((m) => m[1]);
    assert.deepEqual([...docs.keys()].sort(), interfaces.sort());
    const fields = [...docs.values()].flatMap((f) => [...f.values()]);
    assert.ok(fields.length > 50, `${fields.length} fields`);
    for (const doc of fields) assert.ok(doc.text.length > 10, doc.text);
    assert.deepEqual(docs.get("HealthCheck")!.get("periodSeconds"), {
      text: "Seconds between checks. A whole number from 1 to 2147483647.",
      default: PROBE_DEFAULTS.periodSeconds,
    });
    assert.equal(docs.get("Resources")!.get("replicas")!.default, DEFAULT_REPLICAS);
    assert.equal(docs.get("Integration")!.get("path")!.default, INTEGRATION_DEFAULTS.path);
  });
});
