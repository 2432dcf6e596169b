#!/usr/bin/env node
/**
 * The `model-deploy` binary. It loads the CLI from its one-file bundle (`cli.bundle.js`) with the V8
 * code cache made when the package was built (`cli.bundle.cache`), so a start does not compile
 * the bundle's ~800 KB of JavaScript again. V8 rejects a cache made by another V8 version or with
 * other flags, and then compiles the bundle as usual: the cache only ever saves time.
 * See https://nodejs.org/api/vm.html#new-vmscriptcode-options (`cachedData`).
 *
 * This file imports nothing of the CLI, so that loading it costs nothing; `scripts/bundle-cli.mjs`
 * uses `loadCli` to make the cache.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";
import type { main } from "./main";

/** The bundle of `sdk/cli/main.ts` and its dependencies. */
export const BUNDLE = path.join(__dirname, "cli.bundle.js");
/** V8's code cache of `BUNDLE`, made at build time. */
export const CODE_CACHE = path.join(__dirname, "cli.bundle.cache");

/** The bundle, compiled (with `cachedData` when given) and run as a CommonJS module. */
export interface LoadedCli {
  script: vm.Script;
  main: typeof main;
}

/** Compiles and runs the bundle as Node runs a CommonJS module, with its own `require`. */
export function loadCli(cachedData?: Buffer): LoadedCli {
  const source = fs.readFileSync(BUNDLE, "utf8");
  // The wrapper Node's CommonJS loader puts around a module (https://nodejs.org/api/modules.html#the-module-wrapper).
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: BUNDLE, cachedData });
  const module = { exports: {} as { main: typeof main } };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, __dirname);
  return { script, main: module.exports.main };
}

function readCodeCache(): Buffer | undefined {
  try {
    return fs.readFileSync(CODE_CACHE);
  } catch {
    return undefined; // not built with a cache: compile as usual
  }
}

if (require.main === module) {
  void loadCli(readCodeCache()).main(process.argv.slice(2));
}
