/** Where a command writes; injectable so tests can run commands in-process. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  /** Colour the output: only on a terminal, and never with NO_COLOR set. */
  color?: boolean;
}

export const processIO: CliIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  color: Boolean(process.stdout.isTTY) && !("NO_COLOR" in process.env),
};

/** Exit codes shared by every command (see `errors.ts`). */
export const EXIT = { ok: 0, invalid: 1, usage: 2, internal: 70 } as const;
