/**
 * Benchmark: the wall time of `model-deploy render`, `validate`, `diff` and `preview` on the
 * examples against `node -e 0` on the same machine, all as fresh processes. Prints the medians and
 * their ratios (target <= 2x for render, validate and diff), what a render loaded (the binary, the
 * bundle it runs and nothing from @pulumi/*), and whether V8 took the bundle's code cache.
 *
 *   npm run bench:cli            # 30 runs each
 *   node dist/bench/cli-startup.js --runs 50
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "../..");
const BIN = path.join(REPO, "dist", "sdk", "cli", "bin.js");
const SPEC = path.join(REPO, "examples", "fastapi-model", "deployment.yaml");
const OTHER = path.join(REPO, "examples", "existing-pool", "deployment.yaml");

function timeRun(args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: REPO, stdio: ["ignore", "ignore", "ignore"] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && !(args[1] === "diff" && r.status === 1)) throw new Error(`${args.join(" ")} exited ${r.status}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const i = process.argv.indexOf("--runs");
  const runs = i >= 0 ? Number(process.argv[i + 1]) : 30;
  const commands: Array<[string, string[]]> = [
    ["node -e 0", ["-e", "0"]],
    ["model-deploy render", [BIN, "render", SPEC]],
    ["model-deploy validate", [BIN, "validate", SPEC]],
    ["model-deploy diff", [BIN, "diff", SPEC, OTHER]],
    ["model-deploy preview", [BIN, "preview", SPEC]],
  ];
  // Warm the file cache, then interleave the commands so drift hits all of them alike.
  for (const [, args] of commands) timeRun(args);
  const samples = new Map<string, number[]>(commands.map(([name]) => [name, []]));
  for (let r = 0; r < runs; r++) for (const [name, args] of commands) samples.get(name)!.push(timeRun(args));
  const baseline = median(samples.get("node -e 0")!);
  console.log(`Wall time of fresh processes, median of ${runs} runs (interleaved), node ${process.version}`);
  for (const [name] of commands) {
    const m = median(samples.get(name)!);
    console.log(`${name.padEnd(22)} ${m.toFixed(1).padStart(7)} ms   ${(m / baseline).toFixed(2)}x node -e 0`);
  }
  // What a render loads: run the binary with a hook that lists, at exit, every module file loaded
  // through require (the bundle itself runs as a vm.Script, so it is not among them).
  const hook = path.join(mkdtempSync(path.join(tmpdir(), "cli-startup-")), "hook.js");
  writeFileSync(
    hook,
    `process.on("exit", () => { const m = Object.keys(require.cache).filter((p) => p !== __filename); process.stderr.write(JSON.stringify({ modules: m.map((p) => require("node:path").relative(${JSON.stringify(REPO)}, p)), pulumi: m.filter((p) => p.includes("@pulumi")).length })); });`,
  );
  const probe = spawnSync(process.execPath, ["--require", hook, BIN, "render", SPEC], { cwd: REPO, encoding: "utf8" });
  rmSync(path.dirname(hook), { recursive: true });
  const loaded = JSON.parse(probe.stderr.trim().split("\n").pop()!) as { modules: string[]; pulumi: number };
  console.log(`render loads ${loaded.modules.join(", ")} through require, ${loaded.pulumi} from @pulumi/* (target: 0)`);
  const cache = spawnSync(
    process.execPath,
    ["-e", `const b = require(${JSON.stringify(BIN)}); const fs = require("node:fs"); process.stdout.write(String(b.loadCli(fs.readFileSync(b.CODE_CACHE)).script.cachedDataRejected));`],
    { cwd: REPO, encoding: "utf8" },
  );
  console.log(`code cache: ${cache.stdout === "false" ? "taken by V8" : `NOT taken (${cache.stdout || cache.stderr.trim()})`}`);
  for (const name of ["model-deploy render", "model-deploy validate", "model-deploy diff"]) {
    const ratio = median(samples.get(name)!) / baseline;
    console.log(`target: ${name.slice("model-deploy ".length)} <= 2x node -e 0 -> ${ratio <= 2 ? "met" : "NOT met"} (${ratio.toFixed(2)}x)`);
  }
}

main();
