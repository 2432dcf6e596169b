/**
 * `npm run fuzz`: the property of tests/fuzz/ over many generated inputs with a fresh seed (or
 * `--seed N` to replay one), printing the counts per generator. Exit 1 on the first input that
 * crashes or is accepted although Kubernetes would refuse its objects, with fast-check's report.
 *
 *   npm run fuzz                                  # 20,000 cases of each generator (2,000 component cases)
 *   node dist/tests/fuzz/run.js --runs 2000 --seed 42
 *   node dist/tests/fuzz/run.js --only "CLI flags"
 */
import { runProperties } from "./all";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(arg("--runs") ?? 20000);
const seed = Number(arg("--seed") ?? Math.floor(Math.random() * 2 ** 31));
const only = arg("--only")?.split(",");
const GENERATORS = ["mutated specs", "mutated texts", "near-valid specs", "structural attacks", "credentials", "CLI flags", "component args"];

async function main(): Promise<void> {
  const warn = console.warn;
  const log = console.log;
  const out: string[] = [];
  const start = Date.now();
  try {
    for (const label of GENERATORS.filter((g) => only === undefined || only.includes(g))) {
      const t = Date.now();
      // Pulumi's log goes to the console: quiet while the cases run.
      console.warn = () => undefined;
      console.log = () => undefined;
      const counts = await runProperties(runs, seed, [label]);
      console.warn = warn;
      console.log = log;
      const c = counts[label] ?? { accepted: 0, rejected: 0 };
      out.push(`${label.padEnd(20)} ${String(c.accepted + c.rejected).padStart(6)} cases ${String(c.accepted).padStart(6)} accepted ${String(c.rejected).padStart(6)} rejected  ${((Date.now() - t) / 1000).toFixed(0).padStart(4)} s`);
      log(out[out.length - 1]);
    }
    log(`seed ${seed}, --runs ${runs}, ${((Date.now() - start) / 1000).toFixed(0)} s`);
    log("crashes: 0, accepted but invalid: 0");
  } catch (e) {
    console.warn = warn;
    console.log = log;
    const cause = (e as Error & { cause?: unknown }).cause;
    console.error(`seed ${seed}: ${(e as Error).message}${cause ? `\n\nthe error: ${(cause as Error)?.message ?? cause}` : ""}`);
    process.exitCode = 1;
  }
}

void main();
