/**
 * Process groups for the runner: the app and each exec check run in a group of their own, so a
 * stop reaches every process they started (a wrapping shell, workers, background children), as
 * a container's processes all end with it.
 */
import * as fs from "node:fs";

/** Sends `signal` to every process of group `pgid`; false when the group is empty. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether a live (not zombie) process is left in group `pgid`. Reads /proc where there is one,
 * because a zombie still answers signal 0 until its parent reaps it.
 */
export function groupAlive(pgid: number): boolean {
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return signalGroup(pgid, 0);
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid && fields[0] !== "Z" && fields[0] !== "X") return true;
  }
  return false;
}

/** Resolves when group `pgid` has no live process (true), or after `timeoutMs` (false). */
export async function waitForGroup(pgid: number, timeoutMs: number, pollMs = 25): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    if (!groupAlive(pgid)) return true;
    const left = end - performance.now();
    if (left <= 0) return false;
    await new Promise((r) => setTimeout(r, Math.min(pollMs, left)));
  }
}
