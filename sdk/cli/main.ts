#!/usr/bin/env node
/** Entry point of the `model-deploy` binary. */
import { reportFailure } from "./errors";
import { processIO } from "./io";
import { run } from "./program";

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.exitCode = reportFailure(processIO, e);
  },
);
