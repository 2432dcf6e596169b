/**
 * Container images for the component: build and push with `@pulumi/docker-build`, or resolve a
 * prebuilt tag to its digest with `@pulumi/docker`. Both are optional peer dependencies, loaded
 * only when used. The workload always runs what this returns, by digest when known, so new image
 * content rolls the pods and an unchanged build shows no diff.
 */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { SpecIssue, describeValue } from "../core/spec/issues";
import { checkedInput } from "./checked";
import { IMAGE_BUILD_DEFAULTS } from "../core/defaults";
import { pinnedRef, registryHost, registryHostProblem } from "../core/imageRef";

/** A private registry: where images are pushed to and pulled from. */
export interface RegistryArgs {
  /** The registry host, e.g. `ghcr.io` (checked once known: a host, no path). */
  server: pulumi.Input<string>;
  /** The login's user name. */
  username: pulumi.Input<string>;
  /** The login's password or token; a Pulumi secret (it is wrapped as one either way). */
  password: pulumi.Input<string>;
}

/** Build the image from source and push it. */
export interface ImageBuildArgs {
  /** The repository to push to, e.g. `ghcr.io/acme/llm` (checked once known). */
  repository: pulumi.Input<string>;
  /** The build context directory (checked to exist once known). */
  context: pulumi.Input<string>;
  /**
   * The Dockerfile.
   * @default "<context>/Dockerfile"
   */
  dockerfile?: pulumi.Input<string>;
  /** A build stage to stop at. */
  target?: pulumi.Input<string>;
  /** `--build-arg`s. */
  buildArgs?: Record<string, pulumi.Input<string>>;
  /**
   * The platforms to build for.
   * @default ["linux/amd64"]
   */
  platforms?: string[];
  /**
   * The tag pushed (the workload runs the pushed digest).
   * @default "latest"
   */
  tag?: pulumi.Input<string>;
  /**
   * The registry (a key of `registries`) to log in to for the push. Plain: it names an argument.
   * @default the spec's `containerRegistry`, else the registry whose `server` is the repository's host, else none (an unauthenticated push)
   */
  registry?: string;
  /**
   * Build during `pulumi preview` too. Needs a Docker daemon wherever previews run (CI).
   * @default false
   */
  buildOnPreview?: boolean;
}

/** An image repository without tag or digest, e.g. `ghcr.io/acme/llm`. */
const REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)+$|^[a-z0-9]+([._-][a-z0-9]+)*$/;

/** The rules of the image arguments, for plain values up front and for Outputs once known. */
export const IMAGE_ARG_RULES = {
  repository(value: unknown): SpecIssue | undefined {
    if (typeof value === "string" && REPOSITORY.test(value)) return undefined;
    return { path: "build.repository", message: `must be an image repository without tag, e.g. ghcr.io/acme/llm (got ${describeValue(value)})` };
  },
  context(value: unknown): SpecIssue | undefined {
    if (typeof value === "string" && fs.existsSync(value) && fs.statSync(value).isDirectory()) return undefined;
    return { path: "build.context", message: `no such directory: ${describeValue(value)}` };
  },
  server(key: string, value: unknown): SpecIssue | undefined {
    const problem = typeof value === "string" ? registryHostProblem(value) : "must be a registry host such as ghcr.io or registry.local:5000 (no scheme, no path)";
    return problem === undefined ? undefined : { path: `registries.${key}.server`, message: `${problem} (got ${describeValue(value)})` };
  },
};

function load<T>(module: string, backend: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(module) as T;
  } catch {
    throw new Error(`${backend} needs ${module}: run \`npm install ${module}\``);
  }
}

/**
 * Builds and pushes the image; returns the image resource and the pushed reference by digest.
 * `login` names the registry to log in to; without it, the registry whose server is the
 * repository's host (decided once both are known). `fail` reports a value that breaks its rule.
 */
export function buildImage(
  name: string,
  build: ImageBuildArgs,
  registries: Record<string, RegistryArgs>,
  login: string | undefined,
  parent: pulumi.Resource,
  fail: (issue: SpecIssue) => never,
): { resource: pulumi.CustomResource; ref: pulumi.Output<string>; digest: pulumi.Output<string> } {
  const dockerBuild = load<typeof import("@pulumi/docker-build")>("@pulumi/docker-build", "building images (the build arg)");
  const repository = checkedInput(build.repository, IMAGE_ARG_RULES.repository, fail);
  const context = checkedInput(build.context, IMAGE_ARG_RULES.context, fail);
  const tagOf = (r: string, t: string | undefined) => `${r}:${t ?? IMAGE_BUILD_DEFAULTS.tag}`;
  const tag = typeof repository === "string" && (build.tag === undefined || typeof build.tag === "string") ? tagOf(repository, build.tag) : pulumi.all([repository, build.tag]).apply(([r, t]) => tagOf(r, t));
  const dockerfile = build.dockerfile ?? (typeof context === "string" ? dockerfileIn(context) : pulumi.output(context).apply(dockerfileIn));
  const image = new dockerBuild.Image(
    `${name}-image`,
    {
      context: { location: context },
      dockerfile: { location: dockerfile },
      ...(build.target ? { target: build.target } : {}),
      ...(build.buildArgs ? { buildArgs: build.buildArgs } : {}),
      platforms: (build.platforms ?? [...IMAGE_BUILD_DEFAULTS.platforms]) as never,
      tags: [tag],
      push: true,
      buildOnPreview: build.buildOnPreview ?? false,
      ...pushLogin(repository, registries, login, fail),
    },
    { parent },
  );
  return { resource: image, digest: image.digest, ref: pulumi.all([tag, image.digest]).apply(([t, d]) => pinnedRef(t, d)) };
}

function dockerfileIn(context: string): string {
  return `${context.replace(/\/$/, "")}/Dockerfile`;
}

/**
 * docker-build's `registries`: the named login, or the one whose server is the repository's host.
 * When the repository or a server is an Output, the match is made once they are known.
 */
function pushLogin(repository: pulumi.Input<string>, registries: Record<string, RegistryArgs>, login: string | undefined, fail: (issue: SpecIssue) => never) {
  const server = (key: string) => checkedInput(registries[key].server, (v) => IMAGE_ARG_RULES.server(key, v), fail);
  const entry = (key: string) => ({ address: server(key), username: registries[key].username, password: pulumi.secret(registries[key].password) });
  if (login !== undefined) return registries[login] ? { registries: [entry(login)] } : {};
  const keys = Object.keys(registries);
  if (typeof repository === "string" && keys.every((k) => typeof registries[k].server === "string")) {
    const found = registryFor(repository, registries);
    return found ? { registries: [entry(keys.find((k) => registries[k] === found)!)] } : {};
  }
  if (keys.length === 0) return {};
  const logins = pulumi.all(keys.map((k) => pulumi.all([server(k), registries[k].username, pulumi.secret(registries[k].password)])));
  return {
    registries: pulumi.all([repository, logins]).apply(([r, all]) => {
      const found = all.find(([address]) => address === registryHost(r));
      return found ? [{ address: found[0], username: found[1], password: found[2] }] : [];
    }),
  };
}

/** Resolves a prebuilt reference to `repository@sha256:...` with the registry's API. */
export function pinDigest(ref: pulumi.Input<string>, parent: pulumi.Resource): { ref: pulumi.Output<string>; digest: pulumi.Output<string> } {
  const docker = load<typeof import("@pulumi/docker")>("@pulumi/docker", "pinning images by digest (pinImageDigest)");
  const found = docker.getRegistryImageOutput({ name: ref }, { parent });
  return {
    digest: found.sha256Digest,
    ref: pulumi.all([ref, found.sha256Digest]).apply(([r, d]) => pinnedRef(r, d)),
  };
}

/** The registry whose credentials fit an image reference, by server name. */
export function registryFor(ref: string, registries: Record<string, RegistryArgs>): RegistryArgs | undefined {
  const host = registryHost(ref);
  return Object.values(registries).find((r) => r.server === host);
}
