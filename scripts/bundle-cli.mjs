// Bundles the `model-deploy` CLI into one file (dist/sdk/cli/main.js, replacing tsc's entry
// module) with esbuild: its dependencies come from their ES module builds, so code the CLI never
// uses (zod's 64 locale modules, parts of yaml) is left out, and Node starts it with one file to
// read and compile instead of about 200. The CLI never imports @pulumi/*; the build fails if it does.
import { build } from "esbuild";

const result = await build({
  entryPoints: ["sdk/cli/main.ts"],
  outfile: "dist/sdk/cli/main.js",
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
