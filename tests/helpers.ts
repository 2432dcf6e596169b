/** Shared test helpers: paths into the repository (tests run from dist/tests). */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { SpecError } from "../sdk/core/spec/issues";
import { readSpecFile } from "../sdk/core/spec/load";
import { buildObjects, objectList, type KubeObject, type ManifestOptions } from "../sdk/manifests";
import type * as k8s from "../sdk/manifests/k8s";
import type { ResolvedDeployment } from "../sdk/core/resolve";

export const REPO = path.resolve(__dirname, "../..");
export const repoPath = (...parts: string[]) => path.join(REPO, ...parts);
export const fixturePath = (name: string) => repoPath("tests", "fixtures", "gradient", name);
export const readFixture = (name: string) => readSpecFile(fixturePath(name));

/** Runs `fn`, expecting a SpecError; returns its issues as `path: message` strings. */
export function specErrors(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof SpecError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  assert.fail("expected a SpecError, but the spec was accepted");
}

/** A minimal valid modern spec, to vary one field at a time. */
export function baseSpec(): Record<string, any> {
  return {
    apiVersion: "v1",
    name: "demo",
    image: "nginx:1.27",
    resources: { machineType: "C4", ports: [8000] },
  };
}

/** The built `model-deploy` binary. */
export const CLI_BIN = path.join(REPO, "dist", "sdk", "cli", "bin.js");

/** Runs `model-deploy` in a child process, as a user would, and returns what it printed. */
export function runCli(args: string[], cwd = REPO): { code: number | null; stdout: string; stderr: string } {
  // Colour follows the environment (FORCE_COLOR, NO_COLOR): tests read plain text.
  const { FORCE_COLOR: _force, NO_COLOR: _no, ...env } = process.env;
  const r = spawnSync(process.execPath, [CLI_BIN, ...args], { cwd, encoding: "utf8", env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The object model of a resolved spec, viewed by role (what the builder tests look at), with the
 * objects in apply order as `list`.
 */
export function manifestsOf(r: ResolvedDeployment, options: ManifestOptions) {
  const entries = buildObjects(r, options);
  const one = <T extends KubeObject>(key: string) => entries.find((e) => e.key === key)?.object as T | undefined;
  const claims = entries.filter((e) => e.role === "claim").map((e) => ({ key: e.key.slice("claim:".length), claim: e.object as k8s.PersistentVolumeClaim }));
  return {
    entries,
    list: objectList(entries),
    deployment: one<k8s.Deployment>("deployment")!,
    service: one<k8s.Service>("service")!,
    secret: one<k8s.Secret>("secret"),
    authSecret: one<k8s.Secret>("authSecret"),
    pullSecret: one<k8s.Secret>("pullSecret"),
    job: one<k8s.Job>("fetchJob"),
    claims: claims.length > 0 ? claims : undefined,
    autoscaler: one<k8s.HorizontalPodAutoscaler | k8s.ScaledObject>("autoscaler"),
    pdb: one<k8s.PodDisruptionBudget>("pdb"),
    ingress: one<k8s.Ingress>("ingress"),
  };
}

/** Each example's spec, with the CLI options its program passes (its secrets, KEDA, image). */
export const EXAMPLE_RENDER_OPTIONS: Readonly<Record<string, string[]>> = {
  "fastapi-model": [],
  "existing-pool": [],
  "karpenter-pool": [],
  "digitalocean-pool": [],
  "gke-pool": [],
  "eks-pool": [],
  "aks-pool": [],
  "protected-llm": ["--keda"],
  "fastapi-build": ["--image", "ghcr.io/acme/fastapi-model@sha256:0000000000000000000000000000000000000000000000000000000000000000"],
};

/**
 * JavaScript that makes `pkg` (and its subpaths) unresolvable in the process that runs it, as for
 * a user without that optional peer installed: the preamble of a `node -e` program.
 */
export function hideModule(pkg: string): string {
  return `
    const Module = require("module");
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      if (request === ${JSON.stringify(pkg)} || request.startsWith(${JSON.stringify(pkg + "/")})) {
        const e = new Error("Cannot find module '" + request + "'"); e.code = "MODULE_NOT_FOUND"; throw e;
      }
      return resolve.call(this, request, ...rest);
    };`;
}
