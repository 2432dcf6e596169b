/**
 * Reads spec files in every format Gradient tooling reads (YAML, JSON, JSONC, TOML) into plain
 * data. Knows nothing of the spec's fields: that is `parseSpec`'s job.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import type { ParseError } from "jsonc-parser";
import { SpecError, SpecFileError } from "./issues";

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

/** Parses spec text into plain data; a syntax error is a `SpecError` with the line. */
export function parseSpecText(text: string, format: SpecFormat = "yaml", source?: string): unknown {
  switch (format) {
    case "yaml": {
      const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
      if (doc.errors.length > 0) {
        throw new SpecError(doc.errors.map((e) => ({ path: "", message: `YAML: ${oneLine(e.message)}` })), source);
      }
      try {
        return doc.toJS({ maxAliasCount: 100 });
      } catch (e) {
        // An alias with no anchor, or too many aliases (an alias bomb): the library throws.
        throw new SpecError([{ path: "", message: `YAML: ${oneLine((e as Error).message)}` }], source);
      }
    }
    case "json":
    case "jsonc": {
      // Loaded on use: most spec files are YAML, and the CLI's start-up time counts.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { parse: parseJsonc, printParseErrorCode, visit } = require("jsonc-parser") as typeof import("jsonc-parser");
      // The parser recurses once per level: refuse deep nesting before it overflows the stack.
      const tooDeep = nestingBeyond(text, MAX_NESTING);
      if (tooDeep !== undefined) {
        throw new SpecError([{ path: "", message: `${format.toUpperCase()}: nested more than ${MAX_NESTING} levels deep at ${lineCol(text, tooDeep)}; a spec is a few levels deep` }], source);
      }
      // JSON allows a key twice (the last one wins); a spec must not: it could swap the image.
      const duplicates: string[] = [];
      const keys: Array<Set<string>> = [];
      visit(
        text,
        {
          onObjectBegin: () => void keys.push(new Set()),
          onObjectEnd: () => void keys.pop(),
          onObjectProperty: (property, offset) => {
            const seen = keys[keys.length - 1];
            if (seen?.has(property)) duplicates.push(`${format.toUpperCase()}: the key ${JSON.stringify(property)} appears twice in one object, at ${lineCol(text, offset)}`);
            seen?.add(property);
          },
        },
        { allowTrailingComma: format === "jsonc", disallowComments: format === "json" },
      );
      if (duplicates.length > 0) throw new SpecError(duplicates.map((message) => ({ path: "", message })), source);
      const errors: ParseError[] = [];
      const value: unknown = parseJsonc(text, errors, { allowTrailingComma: format === "jsonc", disallowComments: format === "json" });
      if (errors.length > 0) {
        throw new SpecError(
          errors.map((e) => ({ path: "", message: `${format.toUpperCase()}: ${printParseErrorCode(e.error)} at ${lineCol(text, e.offset)}` })),
          source,
        );
      }
      return value;
    }
    case "toml":
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return (require("smol-toml") as typeof import("smol-toml")).parse(text);
      } catch (e) {
        throw new SpecError([{ path: "", message: `TOML: ${oneLine((e as Error).message)}` }], source);
      }
  }
}

/** Reads and parses one spec file into plain data. */
export function readSpecFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === "ENOENT" ? "no such file" : err.code === "EISDIR" ? "is a directory" : err.message;
    throw new SpecFileError(`cannot read ${file}: ${why}`, file);
  }
  return parseSpecText(text, formatOf(file), file);
}

/** The first Gradient spec file found in `dir`, in Gradient's own search order. */
export function findSpecFile(dir: string): string | undefined {
  for (const name of SPEC_FILE_NAMES) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** The deepest a JSON spec may nest (a spec needs about six levels). */
const MAX_NESTING = 64;

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

function oneLine(s: string): string {
  return s.split("\n")[0].trim();
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}
