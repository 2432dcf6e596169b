/**
 * `model-deploy schema`: the JSON Schema of spec files, for editors and CI validators. Prints the
 * schema the package ships (`schema/deployment-spec.schema.json`, generated from the zod schema by
 * `npm run schema`; a test keeps it current), so the CLI need not load the generator.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CliIO, EXIT } from "./io";

/** The shipped schema file: `<package>/schema/...`, from `dist/sdk/cli/`. */
export const SCHEMA_FILE = path.join(__dirname, "..", "..", "..", "schema", "deployment-spec.schema.json");

export function schemaCommand(io: CliIO): number {
  io.out(fs.readFileSync(SCHEMA_FILE, "utf8"));
  return EXIT.ok;
}
