import * as os from "node:os";

/** The first non-loopback IPv4 address of this machine, like a pod IP; else loopback. */
export function podAddress(): string {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return "127.0.0.1";
}
