/**
 * The app of `model-deploy probe --exec`, run like a container's processes: in a process group
 * of its own; stopped as the kubelet stops a container (SIGTERM, then SIGKILL once the grace
 * period is over,
 * https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination); and when
 * the app exits by itself, whatever it left running ends with it, as a container's processes end
 * with its PID 1.
 */
import { spawn, ChildProcess } from "node:child_process";
import * as readline from "node:readline";
import { groupAlive, signalGroup, waitForGroup } from "./processGroup";

/** How the app's output is shown: each line as it comes, its last lines at each exit, or not at all. */
export type AppOutputMode = "lines" | "tail" | "none";

/** Lines kept for `tail`. */
export const TAIL_LINES = 20;

export interface StopResult {
  /** The app (its whole group) ended within the grace period after SIGTERM. */
  onTerm: boolean;
  /** The app's own exit: a signal that ended it, or its exit code. */
  signal?: NodeJS.Signals | null;
  code?: number | null;
  detail: string;
  tail?: string[];
}

/**
 * The shell line that runs `command`: `exec`'d when it is one simple command, so the app itself
 * (not a wrapping shell) is the process that gets SIGTERM and whose exit is seen.
 */
export function shellLine(command: string): string {
  const compound = /[;&|\n]|^\s*[({!]|^\s*(if|for|while|until|case|exec)\b/.test(command);
  const assignment = /^\s*[A-Za-z_][A-Za-z0-9_]*=/.test(command);
  return compound || assignment ? command : `exec ${command}`;
}

export class AppProcess {
  /** The app exited by itself (not stopped by us): a crashed container. */
  onCrash?: (detail: string, tail?: string[]) => void;
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private stopping = false;
  private exit?: { code: number | null; signal: NodeJS.Signals | null };
  private readonly exited: Promise<void>;
  /** The command was `exec`'d: the group's leader is the app itself. */
  readonly direct: boolean;

  constructor(
    command: string,
    env: NodeJS.ProcessEnv,
    private readonly mode: AppOutputMode,
    onLine: (line: string, stream: "stdout" | "stderr") => void,
  ) {
    const line = shellLine(command);
    this.direct = line !== command;
    this.child = spawn("/bin/sh", ["-c", line], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    for (const stream of ["stdout", "stderr"] as const) {
      readline.createInterface({ input: this.child[stream]! }).on("line", (line) => {
        this.lines.push(line);
        if (this.lines.length > TAIL_LINES) this.lines.shift();
        if (mode === "lines") onLine(line, stream);
      });
    }
    this.exited = new Promise((resolve) => {
      this.child.on("error", () => undefined);
      this.child.on("exit", (code, signal) => {
        this.exit = { code, signal };
        resolve();
        if (this.stopping) return;
        if (this.child.pid !== undefined) signalGroup(this.child.pid, "SIGKILL");
        // Let the last lines arrive before the exit is reported.
        setImmediate(() => this.onCrash?.(signal ? `signal ${signal}` : `exit code ${code}`, this.tail()));
      });
    });
  }

  private tail(): string[] | undefined {
    return this.mode === "tail" ? [...this.lines] : undefined;
  }

  /**
   * SIGTERM to the app's group; SIGKILL to what is left after `graceSeconds`. Undefined when
   * nothing was left to stop (the app had exited and its group was gone).
   */
  stop(graceSeconds: number): Promise<StopResult | undefined> {
    // A stop under way (a liveness kill in its grace period when the run ends) is the one stop:
    // a later call waits for it and reports nothing of its own.
    if (this.stopRun) return this.stopRun.then(() => undefined);
    this.stopRun = this.stopOnce(graceSeconds);
    return this.stopRun;
  }

  private stopRun: Promise<StopResult | undefined> | undefined;

  private async stopOnce(graceSeconds: number): Promise<StopResult | undefined> {
    const pid = this.child.pid;
    if (pid === undefined || (this.exit && !groupAlive(pid))) return undefined;
    this.stopping = true;
    const t0 = performance.now();
    signalGroup(pid, "SIGTERM");
    const onTerm = await waitForGroup(pid, graceSeconds * 1000);
    if (!onTerm) signalGroup(pid, "SIGKILL");
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, 2000))]);
    const took = ((performance.now() - t0) / 1000).toFixed(1);
    const how = this.exit ? (this.exit.signal ? `killed by ${this.exit.signal}` : `exit code ${this.exit.code}`) : "gone";
    return {
      onTerm,
      ...(this.exit ? { signal: this.exit.signal, code: this.exit.code } : {}),
      detail: onTerm ? `stopped ${took} s after SIGTERM (${how})` : `SIGKILL after the ${graceSeconds} s grace period (${how})`,
      ...(this.tail() ? { tail: this.tail() } : {}),
    };
  }

  /** Last resort on the way out of the CLI: SIGKILL to the whole group, synchronously. */
  killNow(): void {
    if (this.child.pid !== undefined) signalGroup(this.child.pid, "SIGKILL");
  }
}
