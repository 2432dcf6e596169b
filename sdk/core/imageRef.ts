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

/*
 * The distribution reference grammar, as container runtimes and the kubelet parse image references
 * (https://github.com/distribution/reference/blob/main/reference.go, `ParseNormalizedNamed`):
 * `[host[:port]/]path[:tag][@digest]`, path components lowercase, a tag of at most 128 word
 * characters, dots and dashes. The kubelet refuses anything else (InvalidImageName).
 */
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = "[\\w][\\w.-]{0,127}";
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`);
/** Docker's limit on the length of a repository name. */
const NAME_MAX = 255;

/** Why `ref` is not an image reference a container runtime accepts, or undefined when it is one. */
export function imageReferenceProblem(ref: string): string | undefined {
  const m = REFERENCE.exec(ref);
  if (!m) {
    // The same reference with its name in lowercase would do: say so.
    const at = ref.search(/[@]|:(?=[^/]*$)/);
    const lowered = at < 0 ? ref.toLowerCase() : `${ref.slice(0, at).toLowerCase()}${ref.slice(at)}`;
    if (lowered !== ref && REFERENCE.test(lowered)) return "the repository path must be lowercase";
    return "is not an image reference: [registry[:port]/]path[:tag][@sha256:<64 hex digits>], the path lowercase";
  }
  if (m[1].length > NAME_MAX) return `the repository name is longer than ${NAME_MAX} characters`;
  // `ParseNormalizedNamed` takes 64 hex digits alone for an image id, not a name.
  if (/^[a-f0-9]{64}$/.test(ref)) return "is a 64-digit hex image id, not an image reference";
  const digest = m[3];
  if (digest?.startsWith("sha256:") && !/^sha256:[0-9a-f]{64}$/.test(digest)) return "a sha256 digest is 64 lowercase hex digits";
  return undefined;
}

/** Why `tag` is not an image tag (at most 128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-`), or undefined. */
export function imageTagProblem(tag: string): string | undefined {
  return new RegExp(`^${TAG}$`).test(tag) ? undefined : "must be an image tag: at most 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'";
}

/** Why `server` is not a registry host (`ghcr.io`, `registry.local:5000`: no scheme, no path), or undefined. */
export function registryHostProblem(server: string): string | undefined {
  return new RegExp(`^${DOMAIN}$`).test(server) ? undefined : "must be a registry host such as ghcr.io or registry.local:5000 (no scheme, no path)";
}
