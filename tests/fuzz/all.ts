/**
 * Every generator of the property, run together: spec contents (mutated specs and texts,
 * near-valid specs, structural attacks), CLI flags, component arguments and credentials. Shared by
 * the seeded property test (`npm test`) and `npm run fuzz`.
 */
import * as fc from "fast-check";
import { type Outcome, attackText, checkInput, mutatedSpec, mutatedText, nearValidSpec } from "./properties";
import { checkCli, checkComponent, checkCredentials, cliInvocation, componentArgs, credentialSpec } from "./inputs";

export type Counts = Record<string, Record<Outcome, number>>;

/**
 * Runs `runs` cases of each spec and CLI generator (a tenth as many component cases, each a
 * component under the mocks, and structural attacks); returns the outcomes per generator. Throws
 * fast-check's report (the seed, the path and the shrunk case) on the first case that crashes or
 * is accepted although Kubernetes would refuse it.
 */
export async function runProperties(runs: number, seed: number, only?: readonly string[]): Promise<Counts> {
  const counts: Counts = {};
  const count = (label: string, o: Outcome) => {
    counts[label] ??= { rejected: 0, accepted: 0 };
    counts[label][o]++;
  };
  const want = (label: string) => only === undefined || only.includes(label);
  const tenth = Math.max(20, Math.floor(runs / 10));
  if (want("mutated specs")) fc.assert(fc.property(mutatedSpec, (raw) => void count("mutated specs", checkInput({ raw }))), { numRuns: runs, seed });
  if (want("mutated texts")) fc.assert(fc.property(mutatedText, (t) => void count("mutated texts", checkInput(t))), { numRuns: runs, seed: seed + 1 });
  if (want("near-valid specs")) fc.assert(fc.property(nearValidSpec, (raw) => void count("near-valid specs", checkInput({ raw }))), { numRuns: runs, seed: seed + 3 });
  if (want("structural attacks")) fc.assert(fc.property(attackText, (t) => void count("structural attacks", checkInput(t))), { numRuns: tenth, seed: seed + 2 });
  if (want("credentials")) fc.assert(fc.property(credentialSpec, (raw) => void count("credentials", checkCredentials(raw))), { numRuns: runs, seed: seed + 4 });
  if (want("CLI flags")) await fc.assert(fc.asyncProperty(cliInvocation, async (argv) => void count("CLI flags", await checkCli(argv))), { numRuns: runs, seed: seed + 5 });
  if (want("component args")) await fc.assert(fc.asyncProperty(componentArgs, async (c) => void count("component args", await checkComponent(c))), { numRuns: tenth, seed: seed + 6 });
  return counts;
}
