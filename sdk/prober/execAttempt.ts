/** One exec probe attempt: the command's exit code decides (0 is success); the timeout is a failure. */
import { spawn } from "node:child_process";
import type { AttemptOutcome } from "./httpAttempt";

export function execAttempt(command: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    let output = "";
    const child = spawn(command[0], command.slice(1), { env, stdio: ["ignore", "pipe", "pipe"] });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve({ result: "failure", output: `command timed out after ${timeoutMs / 1000} s`, hops: [] });
    }, timeoutMs);
    const collect = (b: Buffer) => {
      if (output.length < 10240) output += b.toString("utf8");
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ result: "failure", output: `cannot run ${command[0]}: ${e.message}`, hops: [] });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ result: code === 0 ? "success" : "failure", output: output.slice(0, 10240) || `exit code ${code}`, hops: [] });
    });
  });
}
