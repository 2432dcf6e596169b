/**
 * Container images for the component: build and push with `@pulumi/docker-build`, or resolve a
 * prebuilt tag to its digest with `@pulumi/docker`. Both are optional peer dependencies, loaded
 * only when used. The workload always runs what this returns, by digest when known, so new image
 * content rolls the pods and an unchanged build shows no diff.
 */
import * as pulumi from "@pulumi/pulumi";
import { IMAGE_BUILD_DEFAULTS } from "../core/defaults";
import { pinnedRef, registryHost } from "../core/imageRef";

/** A private registry: where images are pushed to and pulled from. */
export interface RegistryArgs {
  /** e.g. `ghcr.io`. */
  server: string;
  username: pulumi.Input<string>;
  /** A Pulumi secret (it is wrapped as one either way). */
  password: pulumi.Input<string>;
}

/** Build the image from source and push it. */
export interface ImageBuildArgs {
  /** The repository to push to, e.g. `ghcr.io/acme/llm`. */
  repository: string;
  /** The build context directory. */
  context: string;
  /** @default "<context>/Dockerfile" */
  dockerfile?: string;
  /** A build stage to stop at. */
  target?: string;
  /** `--build-arg`s. */
  buildArgs?: Record<string, pulumi.Input<string>>;
  /** @default ["linux/amd64"] */
  platforms?: string[];
  /** @default "latest" */
  tag?: string;
  /**
   * The registry (a key of `registries`) to log in to for the push.
   * @default the spec's `containerRegistry`, else none (an unauthenticated push)
   */
  registry?: string;
  /**
   * Build during `pulumi preview` too. Needs a Docker daemon wherever previews run (CI).
   * @default false
   */
  buildOnPreview?: boolean;
}

function load<T>(module: string, backend: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(module) as T;
  } catch {
    throw new Error(`${backend} needs ${module}: run \`npm install ${module}\``);
  }
}

/** Builds and pushes the image; returns the image resource and the pushed reference by digest. */
export function buildImage(
  name: string,
  build: ImageBuildArgs,
  registry: RegistryArgs | undefined,
  parent: pulumi.Resource,
): { resource: pulumi.CustomResource; ref: pulumi.Output<string>; digest: pulumi.Output<string> } {
  const dockerBuild = load<typeof import("@pulumi/docker-build")>("@pulumi/docker-build", "building images (the build arg)");
  const tag = `${build.repository}:${build.tag ?? IMAGE_BUILD_DEFAULTS.tag}`;
  const image = new dockerBuild.Image(
    `${name}-image`,
    {
      context: { location: build.context },
      dockerfile: { location: build.dockerfile ?? `${build.context.replace(/\/$/, "")}/Dockerfile` },
      ...(build.target ? { target: build.target } : {}),
      ...(build.buildArgs ? { buildArgs: build.buildArgs } : {}),
      platforms: (build.platforms ?? [...IMAGE_BUILD_DEFAULTS.platforms]) as never,
      tags: [tag],
      push: true,
      buildOnPreview: build.buildOnPreview ?? false,
      ...(registry
        ? { registries: [{ address: registry.server, username: registry.username, password: pulumi.secret(registry.password) }] }
        : {}),
    },
    { parent },
  );
  return { resource: image, digest: image.digest, ref: image.digest.apply((d) => pinnedRef(tag, d)) };
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
