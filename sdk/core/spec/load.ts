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
      return doc.toJS({ maxAliasCount: 100 });
    }
    case "json":
    case "jsonc": {
      // Loaded on use: most spec files are YAML, and the CLI's start-up time counts.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { parse: parseJsonc, printParseErrorCode } = require("jsonc-parser") as typeof import("jsonc-parser");
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

function oneLine(s: string): string {
  return s.split("\n")[0].trim();
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}
