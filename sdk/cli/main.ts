/** The CLI's entry function: runs one command line and sets the process's exit code. */
import { reportFailure } from "./errors";
import { CliIO, processIO } from "./io";
import { run } from "./program";

/** Runs `argv` (without node and the script) as `model-deploy` does; resolves to the exit code. */
export function main(argv: string[], io: CliIO = processIO): Promise<number> {
  return run(argv, io).then(
    (code) => (process.exitCode = code),
    (e: unknown) => (process.exitCode = reportFailure(io, e)),
  );
}
