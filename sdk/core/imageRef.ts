/** Container image references: parse, pin by digest, and name the registry they live in. Pure. */

export interface ImageRef {
  /** e.g. `ghcr.io/acme/llm` (without tag or digest). */
  repository: string;
  tag?: string;
  digest?: string;
}

/** Splits `registry/repo:tag@sha256:...` into its parts (a port in the host is not a tag). */
export function parseImageRef(ref: string): ImageRef {
  const [nameAndTag, digest] = ref.split("@", 2);
  const slash = nameAndTag.lastIndexOf("/");
  const colon = nameAndTag.lastIndexOf(":");
  const hasTag = colon > slash;
  return {
    repository: hasTag ? nameAndTag.slice(0, colon) : nameAndTag,
    ...(hasTag ? { tag: nameAndTag.slice(colon + 1) } : {}),
    ...(digest ? { digest } : {}),
  };
}

/** `repository@digest`: the image by content, so new content rolls the pods and nothing else does. */
export function pinnedRef(ref: string, digest: string): string {
  return `${parseImageRef(ref).repository}@${digest}`;
}

/** The registry host of a reference (`docker.io` when it names none). */
export function registryHost(ref: string): string {
  const first = parseImageRef(ref).repository.split("/")[0];
  return first.includes(".") || first.includes(":") || first === "localhost" ? first : "docker.io";
}

/** The `.dockerconfigjson` of a registry login (what `kubectl create secret docker-registry` writes). */
export function dockerConfigJson(server: string, username: string, password: string): string {
  const auth = Buffer.from(`${username}:${password}`).toString("base64");
  return JSON.stringify({ auths: { [server]: { username, password, auth } } });
}
