/**
 * The shipped field lists of the pod volume sources are those of `@pulumi/kubernetes`'s
 * `input.core.v1.Volume` type (derived again here with the TypeScript compiler), and every
 * required field the list names is a field of its source.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as ts from "typescript";
import { KEY_TO_PATH_FIELDS, VOLUME_SOURCE_FIELDS, VOLUME_SOURCE_REQUIRED } from "../../sdk/manifests/volumeSources";

/** Each property of `input.core.v1.<name>`, with the fields of its object type. */
let program: ts.Program | undefined;
const INPUT_TYPES = path.join(path.dirname(require.resolve("@pulumi/kubernetes/package.json")), "types", "input.d.ts");

function pulumiFields(name: string): Record<string, string[]> {
  const file = INPUT_TYPES;
  program ??= ts.createProgram([file], {});
  const checker = program.getTypeChecker();
  let found: ts.InterfaceDeclaration | undefined;
  const visit = (n: ts.Node, ns: string): void => {
    if (ts.isModuleDeclaration(n)) {
      const inner = ns ? `${ns}.${n.name.text}` : n.name.text;
      if (n.body) ts.forEachChild(n.body, (c) => visit(c, inner));
      return;
    }
    if (ts.isInterfaceDeclaration(n) && ns === "core.v1" && n.name.text === name) found = n;
    ts.forEachChild(n, (c) => visit(c, ns));
  };
  visit(program.getSourceFile(file)!, "");
  assert.ok(found, `input.core.v1.${name} in @pulumi/kubernetes`);
  const out: Record<string, string[]> = {};
  for (const p of checker.getTypeAtLocation(found).getProperties()) {
    const t = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(p, found));
    // Input<T> is T | Promise<T> | OutputInstance<T>: T is the member that is neither.
    const object = (t.isUnion() ? t.types : [t]).find((m) => !m.getProperty("then") && !m.getProperty("apply") && m.getProperties().length > 0);
    out[p.name] = object ? object.getProperties().map((q) => q.name).sort() : [];
  }
  return out;
}

describe("volume source fields", () => {
  it("are @pulumi/kubernetes's input.core.v1.Volume sources, field for field", () => {
    const { name: _name, ...sources } = pulumiFields("Volume");
    assert.deepEqual(
      Object.fromEntries(Object.entries(VOLUME_SOURCE_FIELDS).map(([k, v]) => [k, [...v].sort()])),
      sources,
    );
    assert.deepEqual([...KEY_TO_PATH_FIELDS].sort(), Object.keys(pulumiFields("KeyToPath")).sort());
  });

  it("every required field is a field of its source", () => {
    for (const [source, required] of Object.entries(VOLUME_SOURCE_REQUIRED)) {
      for (const f of required) assert.ok(VOLUME_SOURCE_FIELDS[source].includes(f), `${source}.${f}`);
    }
  });
});
