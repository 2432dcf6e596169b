/**
 * Shared by the `model-deploy probe` tests: the CLI run as users run it, a real app (a node
 * process whose behaviour its env decides), free ports on 127.0.0.1.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { repoPath } from "../helpers";

const BIN = repoPath("dist", "sdk", "cli", "bin.js");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The environment of the CLI under test: ours, without colour settings (the tests read plain text). */
const CLI_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "FORCE_COLOR" && k !== "NO_COLOR"));

export function cli(args: string[], cwd: string, onSpawn?: (pid: number) => void): Promise<Run> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const p = spawn(process.execPath, [BIN, ...args], { cwd, env: CLI_ENV });
    onSpawn?.(p.pid!);
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 }));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
};
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An app: answers every path after `readyAfterMs`, until `hangAfterMs` (then never answers). */
export const APP = `
const http = require("http");
const fs = require("fs");
const start = Date.now();
if (process.env.ENV_FILE) fs.writeFileSync(process.env.ENV_FILE, JSON.stringify(process.env));
if (process.env.PID_FILE) fs.appendFileSync(process.env.PID_FILE, process.pid + "\\n");
if (process.env.ON_TERM === "ignore") process.on("SIGTERM", () => console.log("ignoring SIGTERM"));
if (process.env.ON_TERM === "slow") process.on("SIGTERM", () => setTimeout(() => process.exit(0), 600));
if (process.env.ON_TERM === "exit") process.on("SIGTERM", () => process.exit(0));
if (process.env.CHILD) {
  const c = require("child_process").spawn("sleep", ["60"], { stdio: "ignore" });
  fs.appendFileSync(process.env.PID_FILE, c.pid + "\\n");
}
if (process.env.CRASH_AFTER_MS) setTimeout(() => { console.error("boom: the model file is missing"); process.exit(3); }, Number(process.env.CRASH_AFTER_MS));
http.createServer((req, res) => {
  const age = Date.now() - start;
  if (process.env.HANG_AFTER_MS && age > Number(process.env.HANG_AFTER_MS)) return;
  res.statusCode = age >= Number(process.env.READY_AFTER_MS || 0) ? 200 : 503;
  res.end("ok");
}).listen(Number(process.env.PORT), "0.0.0.0", () => console.log("listening"));
`;

export function spec(port: number, env: Record<string, string>, checks: string): string {
  const list = Object.entries({ PORT: String(port), ...env }).map(([k, v]) => `{ name: ${k}, value: "${v}" }`);
  return `name: toy\nimage: toy:1\nenv: [${list.join(", ")}]\nresources: { machineType: C4, ports: [${port}] }\nhealthChecks:\n${checks}\n`;
}
export const FAST = `  readiness: { path: /ready, periodSeconds: 1 }\n  liveness: { path: /live, periodSeconds: 1, failureThreshold: 2 }`;


/** A temporary folder with the app, and a writer for spec files in it. */
export function workdir(prefix: string): { dir: string; write: (name: string, text: string) => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.writeFileSync(path.join(dir, "app.js"), APP);
  return { dir, write: (name, text) => fs.writeFileSync(path.join(dir, name), text) };
}
