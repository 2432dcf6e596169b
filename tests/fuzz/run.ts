/**
 * `npm run fuzz`: the property of tests/fuzz/properties.ts over many generated inputs with a fresh
 * seed (or `--seed N` to replay one), printing the counts. Exit 1 on the first input that crashes
 * or is accepted although Kubernetes would refuse its objects, with fast-check's report.
 *
 *   npm run fuzz                  # 20,000 cases of each generator
 *   node dist/tests/fuzz/run.js --runs 2000 --seed 42
 */
import { runProperties } from "./properties";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
};
const runs = arg("--runs") ?? 20000;
const seed = arg("--seed") ?? Math.floor(Math.random() * 2 ** 31);
const warn = console.warn;
console.warn = () => undefined;
const start = Date.now();
try {
  const counts = runProperties(runs, seed);
  console.warn = warn;
  console.log(`seed ${seed}, ${runs} cases per generator, ${((Date.now() - start) / 1000).toFixed(0)} s`);
  for (const [label, c] of Object.entries(counts)) console.log(`${label.padEnd(20)} ${String(c.accepted).padStart(6)} accepted  ${String(c.rejected).padStart(6)} rejected with a spec error`);
  console.log("crashes: 0, accepted but invalid: 0");
} catch (e) {
  console.warn = warn;
  console.error(`seed ${seed}: ${(e as Error).message}`);
  process.exitCode = 1;
}
