/** Where a command writes; injectable so tests can run commands in-process. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  /** Colour the output (see `colorWanted`). */
  color?: boolean;
}

/**
 * Whether to colour the output, by the usual conventions: `NO_COLOR` set to anything but the
 * empty string disables colour, whatever else is set (no-color.org); otherwise `FORCE_COLOR`
 * decides when set: `0` or `false` disables, any other value (`1`, `2`, `3`, `true`, empty)
 * enables, on a terminal or not (as Node.js and most tools read it); otherwise colour only when
 * stdout is a terminal, and not `TERM=dumb`.
 */
export function colorWanted(env: Readonly<Record<string, string | undefined>>, isTTY: boolean | undefined): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  return Boolean(isTTY) && env.TERM !== "dumb";
}

export const processIO: CliIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  color: colorWanted(process.env, process.stdout.isTTY),
};

/** Exit codes shared by every command (see `errors.ts`). */
export const EXIT = { ok: 0, invalid: 1, usage: 2, internal: 70 } as const;
