/**
 * Colour for the CLI's output: picocolors with colour switched on or off by the caller (from
 * `CliIO.color`, decided once in `io.ts`), never by picocolors' own reading of the environment.
 */
import { createColors } from "picocolors";
import type { Style } from "./present/preview";

export function styleFor(color: boolean | undefined): Style & { green(s: string): string; red(s: string): string } {
  const c = createColors(Boolean(color));
  return { bold: c.bold, dim: c.dim, yellow: c.yellow, green: c.green, red: c.red };
}
