/**
 * Benchmark: the wall time of `model-deploy render` on the example spec against `node -e 0` on
 * the same machine, both as fresh processes. Prints the medians and their ratio (target <= 2x),
 * and what the render loaded (one bundled file; never @pulumi/*).
 *
 *   npm run bench:cli            # 30 runs each
 *   node dist/bench/cli-startup.js --runs 50
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "../..");
const BIN = path.join(REPO, "dist", "sdk", "cli", "main.js");
const SPEC = path.join(REPO, "examples", "fastapi-model", "deployment.yaml");

function timeRun(args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: REPO, stdio: ["ignore", "ignore", "ignore"] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}`);
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
  // What a render loads: run the binary with a hook that lists every module file at exit.
  const hook = `process.on("exit", () => { const m = Object.keys(require.cache); process.stderr.write(JSON.stringify({ modules: m.length, pulumi: m.filter((p) => p.includes("@pulumi")).length })); });`;
  const probe = spawnSync(process.execPath, ["-e", `${hook} process.argv.splice(1, 0, ${JSON.stringify(BIN)}); require(${JSON.stringify(BIN)});`, "render", SPEC], {
    cwd: REPO,
    encoding: "utf8",
  });
  const loaded = JSON.parse(probe.stderr.trim().split("\n").pop()!) as { modules: number; pulumi: number };
  console.log(`render loads ${loaded.modules} module files (the CLI is one bundle), ${loaded.pulumi} of them from @pulumi/* (target: 0)`);
  const ratio = median(samples.get("model-deploy render")!) / baseline;
  console.log(`target: render <= 2x node -e 0 -> ${ratio <= 2 ? "met" : "NOT met"} (${ratio.toFixed(2)}x)`);
}

main();
