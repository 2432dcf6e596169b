/**
 * One exec check attempt: the command's exit code decides (0 is success); a timeout is a failure
 * (the kubelet's exec prober, https://github.com/kubernetes/kubernetes/blob/master/pkg/probe/exec/exec.go).
 * A command that cannot run at all (no such binary) is an error, which the kubelet throws away
 * (https://github.com/kubernetes/kubernetes/issues/106682). The command runs in a process group
 * of its own, killed whole on a timeout or when the run ends, so no grandchild outlives it.
 */
import { spawn } from "node:child_process";
import type { AttemptOutcome } from "./httpAttempt";
import { MAX_BODY_BYTES } from "./httpAttempt";
import { signalGroup } from "./processGroup";
import { MAX_TIMER_MS } from "./clock";

export function execAttempt(command: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    let output = "";
    let done = false;
    const child = spawn(command[0], command.slice(1), { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const end = (o: Omit<AttemptOutcome, "hops">, killGroup: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if (killGroup && child.pid !== undefined) signalGroup(child.pid, "SIGKILL");
      resolve({ ...o, hops: [] });
    };
    const onAbort = () => end({ result: "error", output: "the run ended during the attempt" }, true);
    const timer = setTimeout(() => end({ result: "failure", output: `command timed out after ${timeoutMs / 1000} s` }, true), Math.min(timeoutMs, MAX_TIMER_MS));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort);
    const collect = (b: Buffer) => {
      if (output.length < MAX_BODY_BYTES) output += b.toString("utf8");
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", (e: NodeJS.ErrnoException) => {
      end({ result: "error", output: `cannot run ${command[0]}: ${e.code === "ENOENT" ? "executable file not found" : e.message}` }, false);
    });
    // Whatever the command left running in its group ends with it (and lets its pipes close).
    child.on("exit", () => child.pid !== undefined && signalGroup(child.pid, "SIGKILL"));
    child.on("close", (code, sig) => {
      const text = output.slice(0, MAX_BODY_BYTES);
      end({ result: code === 0 ? "success" : "failure", output: text || (sig ? `killed by ${sig}` : `exit code ${code}`) }, true);
    });
  });
}
