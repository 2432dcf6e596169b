/**
 * Reads spec files in every format Gradient tooling reads (YAML, JSON, JSONC, TOML) into plain
 * data. Knows nothing of the spec's fields: that is `parseSpec`'s job.
 *
 * Every text goes through `parseSpecText`, the one place a byte-order mark is removed; every file
 * (and standard input, `-`) through `readSpecFile`, the one place bytes become text: UTF-8, with
 * or without a BOM, and nothing else (UTF-16, UTF-32 and invalid UTF-8 are refused by name).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isUtf8 } from "node:buffer";
import { Composer, isAlias, isMap, isScalar, isSeq, Lexer, Parser, YAMLParseError, type CST, type Document } from "yaml";
import type { ParseError } from "jsonc-parser";
import { formatPath, SpecError, SpecFileError, type SpecIssue } from "./issues";

export type SpecFormat = "yaml" | "json" | "jsonc" | "toml";

/**
 * The spec files Gradient's `pspace up` and deploy-action look for, in their order: the first
 * that exists wins.
 */
export const SPEC_FILE_NAMES = [
  "paperspace.yaml",
  "paperspace.yml",
  "paperspace.json",
  "paperspace.jsonc",
  "paperspace.toml",
  ".paperspace/app.yaml",
  ".paperspace/app.yml",
  ".paperspace/app.json",
  ".paperspace/app.jsonc",
  ".paperspace/app.toml",
] as const;

/** The file name that stands for standard input (as in `kubectl apply -f -`). */
export const STDIN = "-";
/** How messages name standard input. */
export const STDIN_LABEL = "(stdin)";

/** A file name for messages: `(stdin)` for `-`, else the name as given. */
export function sourceName(file: string): string {
  return file === STDIN ? STDIN_LABEL : file;
}

/** The format of a file by its extension; unknown extensions are read as YAML, like the pspace CLI. */
export function formatOf(file: string): SpecFormat {
  switch (path.extname(file).toLowerCase()) {
    case ".json":
      return "json";
    case ".jsonc":
      return "jsonc";
    case ".toml":
      return "toml";
    default:
      return "yaml";
  }
}

/**
 * The format of a text without a file name (standard input), by its content: JSONC (JSON,
 * comments and trailing commas allowed) when it starts with `{` or a `//` or `/*` comment; TOML
 * when its first line that is not blank or a `#` comment is a TOML table header (`[resources]`)
 * or `key = value` (neither can start a YAML spec); YAML otherwise.
 */
export function formatOfText(text: string): SpecFormat {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "\uFEFF" || c === " " || c === "\t" || c === "\r" || c === "\n") i++;
    else if (text.startsWith("//", i) || text.startsWith("/*", i)) return "jsonc";
    else break;
  }
  if (text[i] === "{") return "jsonc";
  const first = text
    .slice(i)
    .split(/\r?\n/)
    .find((line) => line.trim() !== "" && !line.trim().startsWith("#"));
  const key = String.raw`(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')`;
  const tomlKeyValue = new RegExp(String.raw`^\s*${key}(?:\s*\.\s*${key})*\s*=`);
  const tomlTable = new RegExp(String.raw`^\s*\[\[?\s*${key}(?:\s*\.\s*${key})*\s*\]\]?\s*(?:#.*)?$`);
  return first !== undefined && (tomlKeyValue.test(first) || tomlTable.test(first)) ? "toml" : "yaml";
}

/**
 * A spec file's text that does not parse, or breaks a rule of its format (a key given twice, an
 * alias without its anchor), at one place: the issue says where in one line, and `excerpt` shows
 * the offending line with a caret under the column (the CLI prints it under `file:line:column`).
 */
export class SpecSyntaxError extends SpecError {
  /** The offending line, numbered, and a caret under the column: two lines. */
  readonly excerpt: string;

  constructor(
    /** `YAML`, `JSON`, `JSONC` or `TOML`. */
    readonly format: string,
    /** What is wrong, without the position. */
    readonly reason: string,
    /** 1-based. */
    readonly line: number,
    /** 1-based, in characters. */
    readonly column: number,
    lineText: string,
    source?: string,
  ) {
    super([{ path: "", message: `${format}: ${reason}, at line ${line}, column ${column}` }], source, "spec file");
    this.name = "SpecSyntaxError";
    this.excerpt = excerptOf(lineText, line, column);
    this.message = `${this.message}\n${this.excerpt}`;
  }
}

/** Parses spec text into plain data; a syntax error is a `SpecSyntaxError` with the line and column. */
export function parseSpecText(text: string, format: SpecFormat = "yaml", source?: string): unknown {
  // The one place a byte-order mark is removed, for every format (JSON parsers refuse one).
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  switch (format) {
    case "yaml":
      return parseYaml(text, source);
    case "json":
    case "jsonc":
      return parseJson(text, format, source);
    case "toml":
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return (require("smol-toml") as typeof import("smol-toml")).parse(text);
      } catch (e) {
        const err = e as Error & { line?: number; column?: number };
        const reason = oneLine(err.message).replace(/^Invalid TOML document:\s*/, "");
        if (typeof err.line === "number" && typeof err.column === "number") {
          throw new SpecSyntaxError("TOML", reason, err.line, err.column, lineAt(text, err.line), source);
        }
        throw new SpecError([{ path: "", message: `TOML: ${reason}` }], source);
      }
  }
}

/** Reads and parses one spec file (`-`: standard input) into plain data. */
export function readSpecFile(file: string): unknown {
  if (file === STDIN) {
    const text = decodeSpecBytes(readStdin(), file);
    if (text.replace(/^\uFEFF/, "").trim() === "") {
      throw new SpecFileError("standard input is empty: pipe a spec into it (e.g. `model-deploy validate - < paperspace.yaml`)", STDIN_LABEL);
    }
    return parseSpecText(text, formatOfText(text), STDIN_LABEL);
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === "ENOENT" ? "no such file" : err.code === "EISDIR" ? "is a directory" : err.message;
    throw new SpecFileError(`cannot read ${file}: ${why}`, file);
  }
  return parseSpecText(decodeSpecBytes(bytes, file), formatOf(file), file);
}

/** The first Gradient spec file found in `dir`, in Gradient's own search order. */
export function findSpecFile(dir: string): string | undefined {
  for (const name of SPEC_FILE_NAMES) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Bytes to text

/**
 * A spec's bytes as text, when they are UTF-8 (a UTF-8 byte-order mark is kept, for
 * `parseSpecText` to remove). UTF-16 and UTF-32 (by their byte-order marks, or by the NUL bytes
 * between their characters) and invalid UTF-8 are refused with what they are: decoded as UTF-8
 * they would be garbage, or characters replaced silently.
 */
function decodeSpecBytes(bytes: Buffer, file: string): string {
  const name = file === STDIN ? "standard input" : file;
  const fix = file === STDIN ? "convert it to UTF-8" : "save it as UTF-8";
  const refuse = (problem: string): never => {
    throw new SpecFileError(`cannot read ${name}: ${problem}; ${fix}`, sourceName(file));
  };
  const startsWith = (...b: number[]) => b.every((x, i) => bytes[i] === x);
  if (startsWith(0x00, 0x00, 0xfe, 0xff)) refuse("it is UTF-32 (big-endian, with a byte-order mark)");
  if (startsWith(0xff, 0xfe, 0x00, 0x00)) refuse("it is UTF-32 (little-endian, with a byte-order mark)");
  if (startsWith(0xff, 0xfe)) refuse("it is UTF-16 (little-endian, with a byte-order mark)");
  if (startsWith(0xfe, 0xff)) refuse("it is UTF-16 (big-endian, with a byte-order mark)");
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const utf16 = utf16ByteOrder(bytes);
    if (utf16 !== undefined) refuse(`it is UTF-16 (${utf16}, without a byte-order mark: NUL bytes between its characters)`);
    refuse(`it has a NUL byte at ${bytePosition(bytes, nul)}, so it is not UTF-8 text (UTF-32? a binary file?)`);
  }
  if (!isUtf8(bytes)) {
    const at = firstInvalidUtf8(bytes);
    refuse(`it is not valid UTF-8: the byte 0x${bytes[at].toString(16).toUpperCase().padStart(2, "0")} at ${bytePosition(bytes, at)} is not UTF-8 (Latin-1 or Windows-1252?)`);
  }
  return bytes.toString("utf8");
}

/** `little-endian` or `big-endian` when the NUL bytes fall as in UTF-16 text that is mostly ASCII. */
function utf16ByteOrder(bytes: Buffer): string | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 2) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul >= pairs / 2 && evenNul <= oddNul / 8) return "little-endian";
  if (evenNul >= pairs / 2 && oddNul <= evenNul / 8) return "big-endian";
  return undefined;
}

/** The offset of the first byte that does not belong to a valid UTF-8 sequence (0 if none). */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > b.length) return i;
    for (let k = 1; k < len; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    const c1 = b[i + 1];
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return i;
    i += len;
  }
  return 0;
}

/** `line L, column C` of a byte offset, counting the characters of the (valid) text before it. */
function bytePosition(bytes: Buffer, offset: number): string {
  const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
  const line = bytes.subarray(0, lineStart).reduce((n, b) => (b === 0x0a ? n + 1 : n), 1);
  const column = [...bytes.subarray(lineStart, offset).toString("utf8")].length + 1;
  return `line ${line}, column ${column}`;
}

/** Whether standard input was read: it holds one spec, and reads as empty the second time. */
let stdinRead = false;

/**
 * All of standard input, whatever it is (a pipe, a file, a terminal): a non-blocking pipe that
 * has no data yet is waited for rather than taken for the end.
 */
function readStdin(): Buffer {
  if (stdinRead) {
    throw new SpecFileError(
      "standard input (-) was read already: it holds one spec, so give - for at most one of them (for diff: OLD or NEW, not both)",
      STDIN_LABEL,
    );
  }
  stdinRead = true;
  const chunks: Buffer[] = [];
  const chunk = Buffer.allocUnsafe(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === "EOF") break; // Windows, at the end of a pipe
      throw new SpecFileError(`cannot read standard input: ${(e as Error).message}`, STDIN_LABEL);
    }
    if (n === 0) break;
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------------------------------------
// YAML

/**
 * YAML as Gradient's tooling reads it (Go's yaml.v2/v3, PyYAML): merge keys (`<<: *probe`,
 * `<<: [*a, *b]`) applied as YAML 1.1 defines them; keys unique; aliases only after their
 * anchors, and not too many (alias bombs); no tags other than the standard ones, since nothing
 * would expand them and the value would silently be the tag's argument.
 */
function parseYaml(text: string, source: string | undefined): unknown {
  // `parseDocument`, with the nesting bounded while the text is parsed (see `yamlTokens`).
  let doc: Document.Parsed | undefined;
  for (const next of new Composer({ uniqueKeys: true, merge: true }).compose(yamlTokens(text, source), true, text.length)) {
    if (doc === undefined) doc = next;
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
      break;
    }
  }
  if (doc === undefined) throw new Error("unreachable: compose(..., true) gives a document, empty or not");
  // The first error only: the ones after it are most often its consequences.
  const first = doc.errors[0];
  if (first !== undefined) throw syntaxErrorAt("YAML", text, first.pos[0], first.message, source);
  checkYamlNodes(doc, text, source);
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
  } catch (e) {
    // Too many aliases (an alias bomb): the library throws ("Excessive alias count ...").
    const message = /alias count/i.test((e as Error).message)
      ? `more than ${MAX_ALIAS_EXPANSIONS} aliases to expand in one document: a guard against alias bombs (a few lines that expand to gigabytes); write the repeated values out`
      : oneLine((e as Error).message);
    throw new SpecError([{ path: "", message: `YAML: ${message}` }], source);
  }
}

/**
 * The YAML library's syntax tree of a text, refused as soon as it nests deeper than `MAX_NESTING`
 * collections (mappings and lists, block or flow, as the library itself reads them: brackets,
 * indentation, `- - x` on one line; not what is quoted, commented or a block scalar). Composing
 * a document recurses once per level, and a few thousand levels exhaust the stack or the memory;
 * the tree is built with an explicit stack, one token at a time, so a text is refused after the
 * first 65 levels, whatever follows them, and a spec (about six levels) costs one comparison per
 * token more.
 */
function* yamlTokens(text: string, source: string | undefined): Generator<CST.Token, void> {
  const parser = new Parser();
  for (const lexeme of new Lexer().lex(text)) {
    yield* parser.next(lexeme);
    // The stack holds the document, the open collections, and at most a scalar being read.
    if (parser.stack.length > MAX_NESTING + 1) {
      const collections = parser.stack.filter((t) => t.type === "block-map" || t.type === "block-seq" || t.type === "flow-collection");
      if (collections.length > MAX_NESTING) {
        throw syntaxErrorAt("YAML", text, collections[MAX_NESTING].offset, tooDeep, source);
      }
    }
  }
  yield* parser.end();
}

const YAML_TAG = "tag:yaml.org,2002:";
/** The standard tags a spec's values may carry, by the kind of node. */
const SCALAR_TAGS = new Set(["str", "int", "float", "bool", "null"].map((t) => YAML_TAG + t));
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/**
 * Checks what the YAML library accepts but a spec must not have, walking the document in order
 * (iteratively: a deep document must not overflow the stack): an alias before its anchor, a merge
 * key whose value is not a mapping (or list of them), a tag other than a standard one, and a
 * standard scalar tag its value does not fit (`!!int abc`). Throws the first alias or merge
 * problem, or every tag problem with its field path.
 */
function checkYamlNodes(doc: Document, text: string, source: string | undefined): void {
  const anchors = new Map<string, unknown>();
  const tagIssues: SpecIssue[] = [];
  /** Where a node's tag is: the last `!` before its value (an anchor may stand between them). */
  const tagPosition = (node: { range?: readonly number[] | null }) => {
    const start = node.range?.[0] ?? 0;
    let at = text.lastIndexOf("!", start);
    while (at > 0 && !/[\s[\]{},]/.test(text[at - 1])) at--; // to the start of `!!int`, `!e!tag`
    const { line, column } = position(text, at >= 0 ? at : start);
    return `line ${line}, column ${column}`;
  };
  /** The node an alias stands for (the node itself if not an alias); an alias before its anchor throws. */
  const resolved = (node: unknown): unknown => {
    if (!isAlias(node)) return node;
    if (!anchors.has(node.source)) {
      throw syntaxErrorAt("YAML", text, node.range?.[0] ?? 0, `Unresolved alias *${node.source}: no anchor &${node.source} before it`, source);
    }
    const target = anchors.get(node.source) as { range?: readonly number[] | null };
    const [start, , end] = target.range ?? [];
    const at = node.range?.[0] ?? 0;
    if (start !== undefined && end !== undefined && start <= at && at < end) {
      // As Go's yaml.v3 refuses it: the value would contain itself, without end.
      throw syntaxErrorAt("YAML", text, at, `the alias *${node.source} is inside its own anchor &${node.source}: the value would contain itself`, source);
    }
    return target;
  };
  const stack: Array<{ node: unknown; at: readonly PropertyKey[]; merge?: boolean }> = [{ node: doc.contents, at: [] }];
  while (stack.length > 0) {
    const { node, at, merge } = stack.pop()!;
    if (merge) {
      // Checked here, before its aliases are walked: an alias's anchor comes before the `<<`.
      const value = resolved(node);
      if (!isMap(value) && !(isSeq(value) && value.items.every((item) => isMap(resolved(item))))) throw badMerge(node as { range?: readonly number[] | null });
    }
    if (isAlias(node)) {
      resolved(node);
      continue;
    }
    if (!isMap(node) && !isSeq(node) && !isScalar(node)) continue;
    if (node.anchor) anchors.set(node.anchor, node);
    const problem = tagProblem(node);
    if (problem !== undefined) tagIssues.push({ path: formatPath(at), message: `${problem.what}, at ${tagPosition(node)}: ${problem.why}` });
    const children: Array<{ node: unknown; at: readonly PropertyKey[]; merge?: boolean }> = [];
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key;
        const isMerge = isScalar(key) && typeof key.value === "symbol";
        children.push({ node: key, at });
        children.push({ node: pair.value, at: isMerge ? at : [...at, isScalar(key) ? String(key.value) : "?"], merge: isMerge });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => children.push({ node: item, at: [...at, i] }));
    }
    // Depth-first, in document order: anchors are seen before the aliases after them.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  if (tagIssues.length > 0) throw new SpecError(tagIssues, source);

  function badMerge(node: { range?: readonly number[] | null }): SpecSyntaxError {
    return syntaxErrorAt("YAML", text, node.range?.[0] ?? 0, "a merge key (<<) takes a mapping, an alias of one, or a list of them", source);
  }
}

/** Why a node's tag is not accepted, if it is not; fixes `!!float 1` (YAML 1.2 reads it as 1.0). */
function tagProblem(node: { tag?: string; value?: unknown }): { what: string; why: string } | undefined {
  const tag = node.tag;
  if (tag === undefined || tag === "!" || tag === `${YAML_TAG}merge`) return undefined;
  const shown = tag.startsWith(YAML_TAG) ? `!!${tag.slice(YAML_TAG.length)}` : tag;
  const standard = isMap(node) ? tag === `${YAML_TAG}map` : isSeq(node) ? tag === `${YAML_TAG}seq` : SCALAR_TAGS.has(tag);
  if (!standard && (SCALAR_TAGS.has(tag) || tag === `${YAML_TAG}map` || tag === `${YAML_TAG}seq`)) {
    return { what: `the YAML tag ${shown} does not fit its value (${isMap(node) ? "a mapping" : isSeq(node) ? "a list" : "a scalar"})`, why: "give a value of that type, or drop the tag" };
  }
  if (!standard) {
    return tag.startsWith(YAML_TAG)
      ? { what: `the YAML tag ${shown} is not supported here`, why: "a spec holds strings, numbers, booleans, lists and mappings" }
      : { what: `unknown YAML tag ${shown}`, why: "Gradient does not expand tags (a Go reader refuses the value or keeps the text after the tag); write the value itself" };
  }
  if (!isScalar(node)) return undefined;
  const value = node.value;
  const fits =
    tag === `${YAML_TAG}str` ||
    (tag === `${YAML_TAG}int` && (typeof value === "number" || typeof value === "bigint")) ||
    (tag === `${YAML_TAG}float` && typeof value === "number") ||
    (tag === `${YAML_TAG}bool` && typeof value === "boolean") ||
    (tag === `${YAML_TAG}null` && value === null);
  if (fits) return undefined;
  if (tag === `${YAML_TAG}float` && typeof value === "string" && YAML_FLOAT.test(value)) {
    node.value = Number(value);
    return undefined;
  }
  return { what: `the value ${JSON.stringify(String(value))} does not fit its YAML tag ${shown}`, why: "give a value of that type, or drop the tag" };
}

// ---------------------------------------------------------------------------------------------
// JSON and JSONC

function parseJson(text: string, format: "json" | "jsonc", source: string | undefined): unknown {
  // Loaded on use: most spec files are YAML, and the CLI's start-up time counts.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse: parseJsonc, printParseErrorCode, visit } = require("jsonc-parser") as typeof import("jsonc-parser");
  const name = format.toUpperCase();
  // The parser recurses once per level: refuse deep nesting before it overflows the stack.
  const deepAt = nestingBeyond(text, MAX_NESTING);
  if (deepAt !== undefined) throw syntaxErrorAt(name, text, deepAt, tooDeep, source);
  const options = { allowTrailingComma: format === "jsonc", disallowComments: format === "json" };
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, options);
  // The first error only: the ones after it are most often its consequences.
  const first = errors[0];
  if (first !== undefined) throw syntaxErrorAt(name, text, first.offset, jsonReason(printParseErrorCode(first.error), text, first.offset, format), source);
  // JSON allows a key twice (the last one wins); a spec must not: it could swap the image.
  let duplicate: { property: string; offset: number } | undefined;
  const keys: Array<Set<string>> = [];
  visit(
    text,
    {
      onObjectBegin: () => void keys.push(new Set()),
      onObjectEnd: () => void keys.pop(),
      onObjectProperty: (property, offset) => {
        const seen = keys[keys.length - 1];
        if (seen?.has(property)) duplicate ??= { property, offset };
        seen?.add(property);
      },
    },
    options,
  );
  if (duplicate) throw syntaxErrorAt(name, text, duplicate.offset, `the key ${JSON.stringify(duplicate.property)} appears twice in one object`, source);
  return value;
}

/** jsonc-parser's error code in words, with what to do for the common ones. */
function jsonReason(code: string, text: string, offset: number, format: "json" | "jsonc"): string {
  const before = text.slice(0, offset).trimEnd();
  if (format === "json" && (code === "PropertyNameExpected" || code === "ValueExpected") && before.endsWith(",")) {
    return "a trailing comma (JSON has none; a .jsonc file may)";
  }
  if (code === "InvalidCommentToken") return "a comment (JSON has none; a .jsonc file may)";
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/**
 * How many alias expansions a YAML document may make (the yaml library's `maxAliasCount`,
 * https://eemeli.org/yaml/#tojs-options): a spec uses a few, an alias bomb millions.
 */
const MAX_ALIAS_EXPANSIONS = 100;

/** The deepest a YAML, JSON or JSONC spec may nest (a spec needs about six levels; smol-toml has a limit of its own). */
const MAX_NESTING = 64;
const tooDeep = `nested more than ${MAX_NESTING} levels deep; a spec is a few levels deep`;

/** The offset where `[`/`{` nesting outside strings first goes past `max`, if it does. */
function nestingBeyond(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[" || c === "{") {
      if (++depth > max) return i;
    } else if (c === "]" || c === "}") depth--;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Positions

function oneLine(s: string): string {
  return s.split("\n")[0].trim();
}

/** 1-based line and column (in characters) of an offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.min(offset, text.length)).split("\n");
  return { line: before.length, column: [...before[before.length - 1]].length + 1 };
}

/** Line `line` (1-based) of `text`, without its line break. */
function lineAt(text: string, line: number): string {
  return (text.split("\n")[line - 1] ?? "").replace(/\r$/, "");
}

/**
 * A `SpecSyntaxError` at an offset. An offset at the end of the text, on a blank last line (an
 * unclosed bracket), points just after the last character instead.
 */
function syntaxErrorAt(format: string, text: string, offset: number, reason: string, source: string | undefined): SpecSyntaxError {
  let at = Math.max(0, Math.min(offset, text.length));
  if (text.slice(at).trim() === "") at = text.trimEnd().length;
  const { line, column } = position(text, at);
  return new SpecSyntaxError(format, oneLine(reason), line, column, lineAt(text, line), source);
}

/** The widest excerpt shown: the whole line, unless it is longer (minified JSON). */
const EXCERPT_WIDTH = 200;

/** `  3 | the line` and a caret under the column (tabs kept, so the caret lines up). */
function excerptOf(lineText: string, line: number, column: number): string {
  let chars = [...lineText];
  let col = column;
  let lead = "";
  let tail = "";
  if (chars.length > EXCERPT_WIDTH) {
    const start = Math.max(0, Math.min(col - 1 - EXCERPT_WIDTH / 2, chars.length - EXCERPT_WIDTH));
    if (start > 0) lead = "...";
    if (start + EXCERPT_WIDTH < chars.length) tail = "...";
    chars = chars.slice(start, start + EXCERPT_WIDTH);
    col -= start;
  }
  const gutter = String(line);
  const pad = " ".repeat(gutter.length);
  const under = chars
    .slice(0, col - 1)
    .map((c) => (c === "\t" ? "\t" : " "))
    .join("");
  return `  ${gutter} | ${lead}${chars.join("")}${tail}\n  ${pad} | ${" ".repeat(lead.length)}${under}^`;
}
