/** What a test watches while a real program runs: every process's argv, and a directory's files. */
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

/**
 * Polls every process's command line (what `ps` shows any user) until stopped, and collects those
 * that contain one of `needles`.
 */
export function watchArgv(needles: readonly string[], everyMs = 5): { stop(): { seen: number; offending: string[] } } {
  const offending = new Set<string>();
  let seen = 0;
  const poll = () => {
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      let argv: string;
      try {
        argv = readFileSync(`/proc/${pid}/cmdline`, "latin1").split("\0").join(" ");
      } catch {
        continue; // gone meanwhile
      }
      seen++;
      if (needles.some((n) => argv.includes(n))) offending.add(argv);
    }
  };
  const timer = setInterval(poll, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      poll();
      return { seen, offending: [...offending] };
    },
  };
}

/** Each file (not directory) under `dir`, hidden ones too, by path relative to it. */
function eachFile(dir: string, visit: (relativePath: string, path: string, ino: number) => void): void {
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else visit(relative(dir, p), p, st.ino);
    }
  };
  walk(dir);
}

/** Every file under `dir` with its content. */
export function filesUnder(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  eachFile(dir, (rel, p) => (out[rel] = readFileSync(p)));
  return out;
}

/** The inode of each file under `dir`: unchanged inodes mean nothing was rewritten. */
export function inodesUnder(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  eachFile(dir, (rel, _p, ino) => (out[rel] = ino));
  return out;
}

/** Temporary directories a suite makes for its volumes, all removed by `removeAll` (its `after`). */
export function scratchDirs(prefix: string): { make(): string; removeAll(): void } {
  const dirs: string[] = [];
  return {
    make: () => {
      const d = mkdtempSync(join(tmpdir(), `${prefix}-`));
      dirs.push(d);
      return d;
    },
    removeAll: () => {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}
