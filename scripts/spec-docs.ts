/**
 * Field docs from one source: the zod schema's `.meta()` (description, default) and rules (range),
 * through `canonicalJsonSchema`. This writes them as the TSDoc of the spec's types (from which
 * Pulumi's analyzer makes the package schema's descriptions) and as the JSON Schema for editors.
 * `npm run schema` runs it; tests fail when either file is stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { canonicalJsonSchema, specJsonSchema } from "../sdk/core/spec/jsonSchema";

/** The repository's root, from `dist/scripts/`. */
const ROOT = path.join(__dirname, "..", "..");
export const TYPES_FILE = path.join(ROOT, "sdk", "core", "spec", "types.ts");
export const JSON_SCHEMA_FILE = path.join(ROOT, "schema", "deployment-spec.schema.json");

/** The longest line written, as in the rest of the sources. */
const WIDTH = 100;

type Json = Record<string, any>;

/** What a field's TSDoc says: the description (with its range), and its default. */
export interface FieldDoc {
  text: string;
  default?: unknown;
}

interface Field {
  type: string;
  member: ts.PropertySignature;
  doc: FieldDoc;
}

/**
 * Every field of the spec's interfaces with its doc, found by walking the types from
 * `DeploymentSpec` along the canonical JSON Schema. Throws for a field the schema lacks or leaves
 * undescribed, and for an interface the walk never reaches.
 */
function specFields(file: ts.SourceFile): Field[] {
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  for (const n of file.statements) if (ts.isInterfaceDeclaration(n)) interfaces.set(n.name.text, n);
  const fields: Field[] = [];
  const seen = new Set<string>();
  const walk = (type: string, schema: Json) => {
    if (seen.has(type)) return;
    seen.add(type);
    const decl = interfaces.get(type)!;
    const members = decl.members.filter(ts.isPropertySignature);
    const extra = Object.keys(schema.properties ?? {}).filter((k) => !members.some((m) => m.name.getText(file) === k));
    if (extra.length > 0) throw new Error(`${type}: the schema has ${extra.join(", ")}, the type does not`);
    for (const member of members) {
      const name = member.name.getText(file);
      const field: Json | undefined = schema.properties?.[name];
      if (typeof field?.description !== "string") throw new Error(`${type}.${name}: no description in the zod schema (schema.ts)`);
      fields.push({ type, member, doc: { text: field.description, ...(field.default === undefined ? {} : { default: field.default }) } });
      let node = member.type;
      let sub = field;
      if (node && ts.isArrayTypeNode(node)) [node, sub] = [node.elementType, field.items];
      if (node && ts.isTypeReferenceNode(node) && interfaces.has(node.typeName.getText(file))) walk(node.typeName.getText(file), sub);
    }
  };
  walk("DeploymentSpec", canonicalJsonSchema());
  const unreached = [...interfaces.keys()].filter((k) => !seen.has(k));
  if (unreached.length > 0) throw new Error(`${unreached.join(", ")}: not reached from DeploymentSpec`);
  return fields;
}

const parse = (source: string) => ts.createSourceFile(TYPES_FILE, source, ts.ScriptTarget.Latest, true);

/** Each spec interface's fields and their docs: interface -> field -> doc. */
export function specFieldDocs(source = fs.readFileSync(TYPES_FILE, "utf8")): Map<string, Map<string, FieldDoc>> {
  const file = parse(source);
  const out = new Map<string, Map<string, FieldDoc>>();
  for (const f of specFields(file)) {
    if (!out.has(f.type)) out.set(f.type, new Map());
    out.get(f.type)!.set(f.member.name.getText(file), f.doc);
  }
  return out;
}

/** Greedy word wrap. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.length - 1;
    if (last >= 0 && `${lines[last]} ${word}`.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** A TSDoc block for a field, its first line at `indent`. */
function tsdoc(doc: FieldDoc, indent: string): string {
  if (doc.text.includes("*/")) throw new Error(`a description may not contain */: ${doc.text}`);
  const lines = wrap(doc.text, WIDTH - indent.length - 3);
  if (doc.default !== undefined) lines.push(`@default ${JSON.stringify(doc.default)}`);
  const single = `/** ${lines[0]} */`;
  if (lines.length === 1 && indent.length + single.length <= WIDTH) return single;
  return ["/**", ...lines.map((l) => `${indent} * ${l}`), `${indent} */`].join("\n");
}

/** `types.ts` with every field's TSDoc written from the schema; the rest of the file is kept. */
export function generateTypesTsdoc(source = fs.readFileSync(TYPES_FILE, "utf8")): string {
  const file = parse(source);
  const edits = specFields(file).map(({ member, doc }) => {
    const start = member.getStart(file);
    const indent = /[ \t]*$/.exec(source.slice(0, start))![0];
    const comments = (ts.getLeadingCommentRanges(source, member.pos) ?? []).filter((c) => source.startsWith("/**", c.pos));
    const from = comments.length > 0 ? comments[0].pos : start;
    const to = comments.length > 0 ? comments[comments.length - 1].end : start;
    return { from, to, text: tsdoc(doc, indent) + (comments.length > 0 ? "" : `\n${indent}`) };
  });
  let out = source;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

/** The JSON Schema file's text. */
export const jsonSchemaText = () => `${JSON.stringify(specJsonSchema(), null, 2)}\n`;

if (require.main === module) {
  fs.writeFileSync(TYPES_FILE, generateTypesTsdoc());
  fs.writeFileSync(JSON_SCHEMA_FILE, jsonSchemaText());
}
