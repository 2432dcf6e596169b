/** The `secret:NAME` references of a spec (any accepted shape), to know which values to supply. */
import { SECRET_REFERENCE } from "./rules";

export interface SecretReferences {
  /** Names used by env values, in order, without repeats. */
  env: string[];
  /** The name `basicAuthKey` refers to, if any. */
  basicAuth?: string;
  /** Names used by integration credentials and legacy repository passwords. */
  integrations: string[];
}

/** Lists the secret names a spec refers to; tolerant of invalid specs (it only reads strings). */
export function secretReferences(spec: unknown): SecretReferences {
  const s = (spec ?? {}) as { env?: unknown; basicAuthKey?: unknown; integrations?: unknown; repositories?: { repositories?: unknown } };
  const nameOf = (v: unknown) => (typeof v === "string" ? SECRET_REFERENCE.exec(v)?.[1] : undefined);
  const env = Array.isArray(s.env) ? s.env.map((e) => nameOf((e as { value?: unknown } | null)?.value)).filter((n): n is string => n !== undefined) : [];
  const basicAuth = nameOf(s.basicAuthKey);
  const fields = (list: unknown, keys: string[]) =>
    Array.isArray(list) ? list.flatMap((x) => keys.map((k) => nameOf((x as Record<string, unknown> | null)?.[k]))) : [];
  const integrations = [
    ...fields(s.integrations, ["accessKeyId", "secretAccessKey"]),
    ...fields(s.repositories?.repositories, ["password"]),
  ].filter((n): n is string => n !== undefined);
  return { env: [...new Set(env)], ...(basicAuth !== undefined ? { basicAuth } : {}), integrations: [...new Set(integrations)] };
}
