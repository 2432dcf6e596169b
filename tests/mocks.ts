/** Pulumi mocks shared by the component tests: records every resource registered. */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { REPO } from "./helpers";

export interface Registered {
  type: string;
  name: string;
  inputs: any;
  provider?: string;
  /** What the mock "cloud" returned: the inputs and the outputs it filled in. */
  state?: any;
  /** What the engine would record: the URN, its parent's, and the resource options that reach it. */
  urn?: string;
  parent?: string;
  dependencies?: string[];
  customTimeouts?: { create?: string; update?: string; delete?: string };
  aliases?: unknown[];
  deleteBeforeReplace?: boolean;
}

export const registered: Registered[] = [];

/** What makes one mock stack's random values differ from another's. */
let stackSeed = "stack";

/** Pretends the next resources belong to another stack (its random values differ). */
export function setStackSeed(seed: string): void {
  stackSeed = seed;
}

/**
 * What the RandomPassword mock returns as `result`, when a test wants a mock as other programs write
 * them (e.g. the inputs echoed, without a result): undefined restores the provider-like default.
 */
let randomPasswordResult: ((inputs: any) => unknown) | undefined;

/** Makes the RandomPassword mock return `result(inputs)` (undefined: the provider-like default). */
export function setRandomPasswordResult(result: ((inputs: any) => unknown) | undefined): void {
  randomPasswordResult = result;
}

let installed = false;

/** Installs the mocks once per process. The "cluster" echoes inputs and fills in server defaults. */
export function installMocks(): void {
  if (installed) return;
  installed = true;
  recordRegistrations();
  pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        const state = { ...args.inputs };
        registered.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider, state });
        if (args.type === "random:index/randomPassword:RandomPassword") {
          // Like the provider on create: random characters of the allowed alphabet, then kept in
          // the state. Here they follow from the stack seed and the name, so "another stack" is
          // another seed and "the same stack, previewed again" the same one.
          const alphabet = `ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789${args.inputs.overrideSpecial ?? ""}`;
          const bytes = createHash("sha256").update(`${stackSeed}:${args.name}`).digest();
          state.result = Array.from({ length: args.inputs.length }, (_, i) => alphabet[bytes[i % bytes.length] % alphabet.length]).join("");
          if (randomPasswordResult) state.result = randomPasswordResult(args.inputs);
        }
        if (args.type === "docker-build:index:Image") {
          // Like a registry push: a content digest (here: of the build's inputs).
          // Independent of where the checkout is, so golden files hold in any clone.
          state.digest = `sha256:${createHash("sha256").update(JSON.stringify(args.inputs).split(REPO).join("<repo>")).digest("hex")}`;
        }
        if (args.type.startsWith("kubernetes:") && !args.type.startsWith("pulumi:providers")) {
          const meta = args.inputs.metadata ?? {};
          // Like the provider: autoname with a random suffix, default the namespace.
          state.metadata = {
            ...meta,
            name: meta.name ?? `${args.name}-1a2b3c4d`,
            ...(args.type === "kubernetes:core/v1:Namespace" ? {} : { namespace: meta.namespace ?? "default" }),
          };
        }
        return { id: `${args.name}-id`, state };
      },
      call: (args: pulumi.runtime.MockCallArgs) =>
        args.token === "docker:index/getRegistryImage:getRegistryImage"
          ? { ...args.inputs, sha256Digest: `sha256:${createHash("sha256").update(String(args.inputs.name)).digest("hex")}` }
          : args.inputs,
    },
    "project",
    "stack",
    false,
  );
}

/** The value of an Output (known under mocks outside preview). */
export function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

/** Whether an Output is marked secret. */
export function isSecret(o: pulumi.Output<unknown>): Promise<boolean> {
  return pulumi.isSecret(o);
}

/** Lets pending registrations reach the mock monitor. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * Wraps the mock monitor's registerResource so each recorded resource also carries its URN, parent
 * and the options the engine receives (dependsOn, customTimeouts, aliases): what a real stack
 * stores, so tests can prove an upgrade changes none of it.
 *
 * It also applies `transforms` as the engine does: a resource's own, then each ancestor's, in turn
 * (https://www.pulumi.com/docs/iac/concepts/options/transforms/: "the transform is applied to the
 * resource and all of its children"). Pulumi's mock monitor only hands a resource's own transforms
 * to `newResource` and applies none, so without this a component's transform would never reach its
 * children under mocks.
 */
function recordRegistrations(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks") as { MockMonitor: { prototype: any } };
  const rpc = require("@pulumi/pulumi/runtime/rpc") as { deserializeProperties(s: unknown): any; serializeProperties(label: string, props: unknown): Promise<any> };
  const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(o: unknown): unknown } };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const original = MockMonitor.prototype.registerResource;
  const transformsOf = new Map<string, pulumi.ResourceTransform[]>();
  const parentOf = new Map<string, string>();
  const record = function (this: any, req: any, callback: unknown) {
    const index = registered.length;
    const pending = original.call(this, req, callback);
    // newResource ran synchronously inside the call above and pushed the entry.
    const entry = registered[index];
    if (entry) {
      const t = req.getCustomtimeouts();
      entry.urn = this.newUrn(req.getParent(), req.getType(), req.getName());
      entry.parent = req.getParent() || undefined;
      entry.dependencies = [...req.getDependenciesList()].sort();
      if (t && (t.getCreate() || t.getUpdate() || t.getDelete())) {
        entry.customTimeouts = { ...(t.getCreate() ? { create: t.getCreate() } : {}), ...(t.getUpdate() ? { update: t.getUpdate() } : {}), ...(t.getDelete() ? { delete: t.getDelete() } : {}) };
      }
      const aliases = req.getAliasesList().map((a: any) => a.toObject());
      if (aliases.length > 0) entry.aliases = aliases;
      if (req.getDeletebeforereplace()) entry.deleteBeforeReplace = true;
    }
    return pending;
  };
  MockMonitor.prototype.registerResource = function (this: any, req: any, callback: unknown) {
    const urn: string = this.newUrn(req.getParent(), req.getType(), req.getName());
    const own = req.getTransformsList().map((cb: any) => this.transformCallbacks.get(cb.getToken())).filter((t: unknown) => t !== undefined);
    transformsOf.set(urn, own);
    if (req.getParent()) parentOf.set(urn, req.getParent());
    const chain: pulumi.ResourceTransform[] = [];
    for (let at: string | undefined = urn; at !== undefined; at = parentOf.get(at)) chain.push(...(transformsOf.get(at) ?? []));
    if (chain.length === 0) return record.call(this, req, callback);
    return (async () => {
      let props = rpc.deserializeProperties(req.getObject());
      let opts: pulumi.ResourceOptions = {};
      for (const transform of chain) {
        const out = await transform({ type: req.getType(), name: req.getName(), custom: req.getCustom(), props, opts });
        if (out) ({ props, opts } = { props: out.props, opts: out.opts });
      }
      req.setObject(Struct.fromJavaScript(await rpc.serializeProperties("transformed", props)));
      return record.call(this, req, callback);
    })();
  };
}

/** Loads a compiled Pulumi program module fresh, with `cwd` as its working directory; returns its exports. */
export function runProgram(modulePath: string, cwd: string): Record<string, pulumi.Output<unknown>> {
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    delete require.cache[require.resolve(modulePath)];
    return require(modulePath);
  } finally {
    process.chdir(previous);
  }
}

/** Mocha hooks: each test starts with no registrations and no stack config, and Pulumi's warnings silenced. */
export function freshProgramEachTest(): void {
  const warn = console.warn;
  beforeEach(() => {
    registered.length = 0;
    console.warn = () => undefined;
  });
  afterEach(() => {
    console.warn = warn;
    pulumi.runtime.setAllConfig({});
  });
}
