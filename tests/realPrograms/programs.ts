/**
 * The real programs our pods run, from Debian: which are on this machine, and a skip that says
 * what is missing and the one command that installs them (CI's `.ci/run` runs it).
 */
import { existsSync } from "node:fs";
import { runnerProblems } from "./podRunner";

/** The programs, by where Debian puts them (the AWS CLI by path: another `aws` may come first on PATH). */
export const PROGRAMS = {
  caddy: "/usr/bin/caddy",
  git: "/usr/bin/git",
  gitLfs: "/usr/bin/git-lfs",
  aws: "/usr/bin/aws",
} as const;

/** What installs every program these tests run (as root). */
export const INSTALL_COMMAND = "apt-get install -y caddy git git-lfs awscli libcap2-bin util-linux";

/**
 * In a `before` hook: skips the suite, saying why, unless the runner can work and every program
 * named is installed. In CI (`CI` set, as CI runs `.ci/run`, which installs them) a missing program
 * fails instead: CI always runs these tests.
 */
export function requirePrograms(ctx: Mocha.Context, suite: string, programs: ReadonlyArray<keyof typeof PROGRAMS>): void {
  const missing = [...runnerProblems(), ...programs.filter((p) => !existsSync(PROGRAMS[p])).map((p) => PROGRAMS[p])];
  if (missing.length === 0) return;
  const why = `${suite}: needs ${missing.join(", ")}; install with: ${INSTALL_COMMAND}`;
  if (process.env.CI) throw new Error(`real programs missing in CI: ${why}`);
  console.log(`    skipped (real programs): ${why}`);
  ctx.skip();
}
