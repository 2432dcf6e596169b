// Bundles the `model-deploy` CLI into one file (dist/sdk/cli/cli.bundle.js) with esbuild, and
// makes V8's code cache of it (dist/sdk/cli/cli.bundle.cache) for the binary, dist/sdk/cli/bin.js,
// to load it with (see sdk/cli/bin.ts). Its dependencies come from their ES module builds, so code
// the CLI never uses (zod's 64 locale modules, parts of yaml) is left out, and Node starts it with
// one file to read and no JavaScript to compile. The CLI never imports @pulumi/*; the build fails if
// it does. Run after tsc, which compiles bin.ts and the modules `probe` loads.
import { build } from "esbuild";
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
// fileURLToPath, not URL.pathname: a checkout under a path with spaces is %20-encoded there.
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CLI = path.join(REPO, "dist", "sdk", "cli");

const result = await build({
  entryPoints: [path.join(REPO, "sdk", "cli", "main.ts")],
  outfile: path.join(CLI, "cli.bundle.js"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  mainFields: ["module", "main"],
  // Read at run time from the installed package: its version; the parsers of JSON and TOML spec
  // files, loaded only for such files; and the `probe` command (a long-running session, loaded
  // from the unbundled modules beside this file only when it runs).
  external: ["../../../package.json", "jsonc-parser", "smol-toml"],
  plugins: [
    {
      name: "probe-command-apart",
      setup(b) {
        b.onResolve({ filter: /^\.\/probe$/ }, () => ({ path: "./probe.js", external: true }));
      },
    },
  ],
  sourcemap: "linked",
  legalComments: "linked",
  metafile: true,
  logLevel: "warning",
});
const pulled = Object.keys(result.metafile.inputs).filter((f) => f.includes("@pulumi/"));
if (pulled.length > 0) {
  console.error(`the CLI bundle must not contain @pulumi/*, but has:\n${pulled.join("\n")}`);
  process.exit(1);
}
// The bundle runs as a vm.Script, which has no loader for import(): it must use require only.
if (/\bimport\(/.test(fs.readFileSync(path.join(CLI, "cli.bundle.js"), "utf8"))) {
  console.error("the CLI bundle must not use import(): bin.ts runs it as a vm.Script");
  process.exit(1);
}

// The code cache: compile the bundle, run the commands users run most on the shipped examples (so
// the functions they call are compiled too), then ask V8 for the cache of all that was compiled.
const { loadCli, CODE_CACHE } = require(path.join(CLI, "bin.js"));
const { script, main } = loadCli();
const io = { out() {}, err() {}, cwd: REPO, color: false };
const spec = "examples/fastapi-model/deployment.yaml";
const other = "examples/existing-pool/deployment.yaml";
for (const argv of [
  ["validate", spec],
  ["validate", spec, "-o", "json"],
  ["render", spec],
  ["render", spec, "-o", "json"],
  ["preview", spec],
  ["preview", spec, "-o", "json"],
  ["diff", spec, other],
  ["diff", spec, other, "-o", "json"],
]) {
  const code = await main(argv, io);
  if (code !== 0 && !(argv[0] === "diff" && code === 1)) {
    console.error(`making the code cache: model-deploy ${argv.join(" ")} exited ${code}`);
    process.exit(1);
  }
}
process.exitCode = 0;
fs.writeFileSync(CODE_CACHE, script.createCachedData());
