/**
 * Reads a policy pack config file (the JSON `pulumi preview --policy-pack-config` takes), for the
 * CLI's `--policy-config` and the component's `policyConfig`. Its form is checked by the check pass.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { PolicyConfig } from "./config";

/** The config in `file` (relative to `cwd`), or why it cannot be read. */
export function readPolicyConfig(file: string, cwd: string): { config: PolicyConfig } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), "utf8");
  } catch (e) {
    return { problem: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}` };
  }
  try {
    return { config: JSON.parse(text.replace(/^\uFEFF/, "")) as PolicyConfig };
  } catch (e) {
    return { problem: `${file} is not JSON: ${(e as Error).message}` };
  }
}
