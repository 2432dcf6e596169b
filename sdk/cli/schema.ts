/** `model-deploy schema`: the JSON Schema of spec files, for editors and CI validators. */
import { specJsonSchema } from "../core/spec/jsonSchema";
import { CliIO, EXIT } from "./io";

export function schemaCommand(io: CliIO): number {
  io.out(`${JSON.stringify(specJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
