/**
 * Integrations (Gradient's `integrations`, and the legacy `repositories`): model files and volumes
 * that must be in the container before the app starts. Validates them and resolves each to what
 * fetches it. Pure.
 *
 * Mount path rule: an integration's content is at `<path>/<name>` (Gradient's deployment-spec and
 * integrations references), with `path` defaulting to `/opt/integrations`; a `path` that already
 * ends with the name gets a warning, since it looks written for the other reading.
 */
import { INTEGRATION_DEFAULTS, LEGACY_REPOSITORIES_PATH } from "./defaults";
import { SpecIssue, SpecWarning, describeValue } from "./spec/issues";
import { NOT_SHOWN_AFTER_SECRET, SECRET_NAME, SECRET_NAME_RULE, SECRET_REFERENCE } from "./spec/rules";

/** Gradient's documented limit (a warning: the API does not enforce it). */
export const MAX_INTEGRATIONS = 5;

/** A credential: a `secret:NAME` reference, or plain text stored in the component's Secret under `key`. */
export type Credential = { secret: string } | { inline: string; key: string };

/**
 * What names an integration's volume, container and claim (`int-<name>` as a Kubernetes name):
 * lowercase, other characters as `-`, at most 63 characters. A name that was valid keeps its
 * object names, so existing stacks see no change.
 */
export function integrationKey(name: string): string {
  return `int-${name.toLowerCase().replace(/[^a-z0-9-]/g, "-")}`.slice(0, 63).replace(/-+$/, "");
}

interface Named {
  name: string;
  /** `integrationKey(name)`: unique among the deployment's integrations. */
  key: string;
  mountPath: string;
}

export type ResolvedIntegration =
  | (Named & { kind: "git"; url: string; lfs: boolean; ref?: string; username?: string; password?: Credential })
  | (Named & { kind: "s3"; source: string; endpoint?: string; region?: string; accessKeyId?: Credential; secretAccessKey?: Credential })
  | (Named & { kind: "volume" });

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The Secret key a plain-text credential is stored under. */
function inlineKey(name: string, field: string): string {
  return `INTEGRATION_${name.replace(/[^A-Za-z0-9]/g, "_").toUpperCase()}_${field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

export function resolveIntegrations(
  spec: Obj,
  provided: readonly string[],
  issues: SpecIssue[],
  warnings: SpecWarning[],
): ResolvedIntegration[] {
  const out: ResolvedIntegration[] = [];
  const credential = (value: unknown, path: string, owner: string, field: string): Credential | undefined => {
    if (value !== undefined && typeof value !== "string") {
      issues.push({ path, message: `must be a string (got ${describeValue(value)})` });
      return undefined;
    }
    const v = str(value);
    if (v === undefined) return undefined;
    const m = SECRET_REFERENCE.exec(v);
    if (!m) {
      warnings.push({ path, message: "a credential written in plain text in the spec; it is kept in the deployment's Secret, but use secret:NAME" });
      return { inline: v, key: inlineKey(owner, field) };
    }
    if (!SECRET_NAME.test(m[1])) issues.push({ path, message: `${SECRET_NAME_RULE} ${NOT_SHOWN_AFTER_SECRET}` });
    else if (!provided.includes(m[1])) issues.push({ path, message: `secret ${m[1]} must be provided (the secrets arg) to fetch this integration` });
    return { secret: m[1] };
  };

  const list = Array.isArray(spec.integrations) ? spec.integrations : [];
  if (list.length > MAX_INTEGRATIONS) {
    warnings.push({ path: "integrations", message: `${list.length} integrations; Gradient allows at most ${MAX_INTEGRATIONS}` });
  }
  list.forEach((raw, i) => {
    const at = (f?: string) => `integrations[${i}]${f ? `.${f}` : ""}`;
    if (!isObj(raw)) return;
    const name = str(raw.name);
    const type = raw.type === "do-spaces" ? "spaces" : raw.type;
    if (raw.type === "do-spaces") warnings.push({ path: at("type"), message: 'read as "spaces" (the API\'s name for DigitalOcean Spaces)' });
    if (type === "model") {
      issues.push({
        path: at("type"),
        message: "Gradient's model registry exists only on Paperspace: store the model files in a bucket (type: s3 or spaces) or a Hugging Face repository (type: git-lfs) instead",
      });
      return;
    }
    if (!name) {
      issues.push({ path: at("name"), message: "required" });
      return;
    }
    if (!nameIsUsable(name, at("name"), issues, warnings)) return;
    const key = integrationKey(name);
    const base = str(raw.path) ?? INTEGRATION_DEFAULTS.path;
    if (!base.startsWith("/")) issues.push({ path: at("path"), message: `must be an absolute path (got ${describeValue(base)})` });
    else if (base.split("/").includes("..")) issues.push({ path: at("path"), message: `must not contain '..' (got ${describeValue(base)})` });
    if (base.replace(/\/+$/, "").endsWith(`/${name}`)) {
      warnings.push({
        path: at("path"),
        message: `ends with the integration's name: files land at ${base.replace(/\/+$/, "")}/${name} (content goes to <path>/<name>); drop the name from path if that is not meant`,
      });
    }
    const mountPath = `${base.replace(/\/+$/, "")}/${name}`;
    if (type === "git-lfs") {
      const given = userinfoOf(str(raw.url), at("url"), raw.secretAccessKey !== undefined, issues, warnings);
      const url = given.url;
      // Private repositories (e.g. a Hugging Face token): Gradient's docs use the s3 key fields.
      const password =
        given.password !== undefined
          ? ({ inline: given.password, key: inlineKey(name, "secretAccessKey") } as Credential)
          : credential(raw.secretAccessKey, at("secretAccessKey"), name, "secretAccessKey");
      const username = str(raw.accessKeyId) ?? given.username;
      if (username && SECRET_REFERENCE.test(username)) {
        issues.push({ path: at("accessKeyId"), message: "the git user name is not a secret; write it in plain text (the token goes in secretAccessKey)" });
      }
      if (!url || !/^https:\/\/[^/]+\/.+/.test(url)) issues.push({ path: at("url"), message: `must be an https:// repository URL (got ${describeValue(raw.url)})` });
      else out.push({ kind: "git", name, key, mountPath, url, lfs: true, ...(username ? { username } : {}), ...(password ? { password } : {}) });
    } else if (type === "s3" || type === "spaces") {
      const keys = s3KeysOf(str(raw.url), at("url"), raw.accessKeyId !== undefined || raw.secretAccessKey !== undefined, issues, warnings);
      const url = keys.url;
      let endpoint = str(raw.endpoint);
      let source: string | undefined;
      if (url !== undefined) {
        if (!/^s3:\/\/[^/]+/.test(url)) issues.push({ path: at("url"), message: `must be an s3:// URL of a bucket, e.g. s3://my-bucket/models/ (got ${describeValue(url)})` });
        else source = url;
      }
      if (endpoint !== undefined && /^https?:\/\/[^/]*@/.test(endpoint)) {
        // The endpoint is an argument of the fetch container: credentials in it would be in plain text.
        issues.push({ path: at("endpoint"), message: "must not contain credentials: give the keys in accessKeyId and secretAccessKey (as secret:NAME)" });
        endpoint = undefined;
      } else if (endpoint !== undefined && !/^https?:\/\/[^/]+\/?$/.test(endpoint)) {
        issues.push({ path: at("endpoint"), message: `must be an http(s):// endpoint URL (got ${describeValue(endpoint)})` });
      }
      if (type === "spaces") {
        if (endpoint === undefined) issues.push({ path: at("endpoint"), message: "required for spaces, e.g. https://nyc3.digitaloceanspaces.com" });
        else if (source === undefined) {
          // The API's spaces type has no url: the bucket is the endpoint's first label.
          const m = /^https?:\/\/([^.]+)\.([^.]+\.digitaloceanspaces\.com)\/?$/.exec(endpoint);
          if (m) {
            source = `s3://${m[1]}/`;
            endpoint = `https://${m[2]}`;
          } else issues.push({ path: at("url"), message: "required: s3://<bucket>/<prefix> (or an endpoint https://<bucket>.<region>.digitaloceanspaces.com)" });
        }
      } else if (url === undefined) issues.push({ path: at("url"), message: "required: s3://<bucket>/<prefix>" });
      const accessKeyId =
        keys.accessKeyId !== undefined ? ({ inline: keys.accessKeyId, key: inlineKey(name, "accessKeyId") } as Credential) : credential(raw.accessKeyId, at("accessKeyId"), name, "accessKeyId");
      const secretAccessKey =
        keys.secretAccessKey !== undefined
          ? ({ inline: keys.secretAccessKey, key: inlineKey(name, "secretAccessKey") } as Credential)
          : credential(raw.secretAccessKey, at("secretAccessKey"), name, "secretAccessKey");
      if (source) {
        out.push({
          kind: "s3",
          name,
          key,
          mountPath,
          source,
          ...(endpoint ? { endpoint } : {}),
          ...(str(raw.region) ? { region: str(raw.region) } : {}),
          ...(accessKeyId ? { accessKeyId } : {}),
          ...(secretAccessKey ? { secretAccessKey } : {}),
        });
      }
    } else if (type === "volume") {
      out.push({ kind: "volume", name, key, mountPath });
    } else {
      issues.push({ path: at("type"), message: `must be one of git-lfs, s3, spaces, volume, model (got ${describeValue(raw.type)})` });
    }
  });

  if (Array.isArray(spec.models) && spec.models.length > 0) {
    issues.push({
      path: "models",
      message: "Gradient's model registry exists only on Paperspace: put the files in a bucket (an s3 or spaces integration) or a Hugging Face repository (git-lfs) instead",
    });
  }
  const repos = spec.repositories;
  if (isObj(repos) && Array.isArray(repos.repositories)) {
    const base = (str(repos.mountPath) ?? LEGACY_REPOSITORIES_PATH).replace(/\/+$/, "");
    repos.repositories.forEach((r, i) => {
      if (!isObj(r) || !str(r.name) || !str(r.url)) return;
      if (!nameIsUsable(String(r.name), `repositories.repositories[${i}].name`, issues, warnings)) return;
      const given = userinfoOf(str(r.url), `repositories.repositories[${i}].url`, r.password !== undefined, issues, warnings);
      const password =
        given.password !== undefined
          ? ({ inline: given.password, key: inlineKey(String(r.name), "password") } as Credential)
          : credential(r.password, `repositories.repositories[${i}].password`, String(r.name), "password");
      const username = str(r.username) ?? given.username;
      out.push({
        kind: "git",
        name: String(r.name),
        key: integrationKey(String(r.name)),
        mountPath: `${base}/${String(r.name)}`,
        url: given.url ?? String(r.url),
        lfs: false,
        ...(str(r.ref) ? { ref: str(r.ref) } : {}),
        ...(username ? { username } : {}),
        ...(password ? { password } : {}),
      });
    });
  }

  const names = new Map<string, string>();
  const keys = new Map<string, string>();
  const paths = new Map<string, number>();
  out.forEach((x, i) => {
    if (names.has(x.name)) issues.push({ path: "integrations", message: `name ${describeValue(x.name)} is used twice; names must be unique` });
    else if (keys.has(x.key)) {
      issues.push({
        path: "integrations",
        message: `names ${describeValue(keys.get(x.key))} and ${describeValue(x.name)} give the same Kubernetes name ${x.key} (lowercase, other characters as '-'); rename one`,
      });
    }
    if (paths.has(x.mountPath)) issues.push({ path: "integrations", message: `two integrations land at ${x.mountPath}; paths must be unique` });
    names.set(x.name, x.name);
    keys.set(x.key, x.name);
    paths.set(x.mountPath, i);
  });
  return out;
}

/**
 * A repository URL with credentials in it (`https://user:TOKEN@host/...`): the URL without them,
 * and the user and token apart, so the token goes into the deployment's Secret instead of the
 * fetch container's plain environment. Never echoes the token.
 */
function userinfoOf(
  url: string | undefined,
  path: string,
  hasPasswordField: boolean,
  issues: SpecIssue[],
  warnings: SpecWarning[],
): { url?: string; username?: string; password?: string } {
  const m = url === undefined ? null : /^(https?:\/\/)([^/@]*)@(.*)$/.exec(url);
  if (!m) return { url };
  const [user, ...rest] = m[2].split(":");
  const token = rest.length > 0 ? percentDecoded(rest.join(":")) : undefined;
  const clean = `${m[1]}${m[3]}`;
  if (token !== undefined && hasPasswordField) {
    issues.push({ path, message: "has a token in it and the credential field is set too: keep the token in one place (the credential field, as secret:NAME)" });
    return { url: clean };
  }
  warnings.push({
    path,
    message:
      token !== undefined
        ? "has credentials in it: the token is kept in the deployment's Secret (never in the fetch container's environment); write it as secret:NAME in the credential field instead"
        : "has a user name in it: it is used as the git user name",
  });
  return { url: clean, ...(user ? { username: percentDecoded(user) } : {}), ...(token !== undefined ? { password: token } : {}) };
}

/** A URL's user information, percent-decoded where it is well-formed (else as written). */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * A bucket URL with keys in it (`s3://KEY:SECRET@bucket/prefix`): the URL without them, and the
 * keys apart, so they go into the deployment's Secret instead of the fetch container's arguments
 * (the AWS CLI would take `KEY:SECRET@bucket` for a bucket name anyway). Never echoes a key.
 */
function s3KeysOf(
  url: string | undefined,
  path: string,
  hasKeyFields: boolean,
  issues: SpecIssue[],
  warnings: SpecWarning[],
): { url?: string; accessKeyId?: string; secretAccessKey?: string } {
  const m = url === undefined ? null : /^s3:\/\/([^/@]*)@(.*)$/.exec(url);
  if (!m) return { url };
  const clean = `s3://${m[2]}`;
  const [id, ...rest] = m[1].split(":");
  if (hasKeyFields) {
    issues.push({ path, message: "has keys in it and accessKeyId or secretAccessKey is set too: keep the keys in one place (the key fields, as secret:NAME)" });
    return { url: clean };
  }
  if (rest.length === 0 || id === "") {
    issues.push({ path, message: "has credentials in it that are not KEY:SECRET; give the keys in accessKeyId and secretAccessKey (as secret:NAME)" });
    return { url: clean };
  }
  warnings.push({
    path,
    message: "has keys in it: they are kept in the deployment's Secret (never in the fetch container's arguments); write them as secret:NAME in accessKeyId and secretAccessKey instead",
  });
  return { url: clean, accessKeyId: percentDecoded(id), secretAccessKey: percentDecoded(rest.join(":")) };
}

/**
 * Whether an integration's name can name a directory and Kubernetes objects: it may not leave the
 * mount base (`/`, `.`, `..`) and must keep a letter or digit once made a Kubernetes name; a name
 * that is not one already is used in its Kubernetes form, with a warning.
 */
function nameIsUsable(name: string, path: string, issues: SpecIssue[], warnings: SpecWarning[]): boolean {
  if (name.includes("/") || name === "." || name === "..") {
    issues.push({ path, message: `must not contain '/' or be '.' or '..': it names a directory under the integration's path (got ${describeValue(name)})` });
    return false;
  }
  const key = integrationKey(name);
  if (!/[a-z0-9]/.test(key.slice(4))) {
    issues.push({ path, message: `must contain a letter or digit (a-z, 0-9): it names the integration's volume and container (got ${describeValue(name)})` });
    return false;
  }
  if (key !== `int-${name}`) {
    warnings.push({ path, message: `is not a valid Kubernetes name: its volume and container are named ${key} (the files still land under ${describeValue(name)})` });
  }
  return true;
}

/** Every credential an integration needs from the deployment's Secret. */
export function integrationCredentials(list: readonly ResolvedIntegration[]): Credential[] {
  return list.flatMap((x) =>
    x.kind === "s3" ? [x.accessKeyId, x.secretAccessKey].filter((c): c is Credential => c !== undefined) : x.kind === "git" && x.password ? [x.password] : [],
  );
}
