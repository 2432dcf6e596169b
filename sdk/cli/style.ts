/** Colour for terminals only (picocolors with colour forced on or off by the caller). */
import { createColors } from "picocolors";
import type { Style } from "./present/preview";

export function styleFor(color: boolean | undefined): Style & { green(s: string): string; red(s: string): string } {
  const c = createColors(Boolean(color));
  return { bold: c.bold, dim: c.dim, yellow: c.yellow, green: c.green, red: c.red };
}
