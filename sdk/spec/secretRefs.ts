/** The `secret:NAME` references of a spec (any accepted shape), to know which values to supply. */
import { SECRET_REFERENCE } from "./rules";

export interface SecretReferences {
  /** Names used by env values, in order, without repeats. */
  env: string[];
  /** The name `basicAuthKey` refers to, if any. */
  basicAuth?: string;
}

/** Lists the secret names a spec refers to; tolerant of invalid specs (it only reads strings). */
export function secretReferences(spec: unknown): SecretReferences {
  const s = (spec ?? {}) as { env?: unknown; basicAuthKey?: unknown };
  const nameOf = (v: unknown) => (typeof v === "string" ? SECRET_REFERENCE.exec(v)?.[1] : undefined);
  const env = Array.isArray(s.env) ? s.env.map((e) => nameOf((e as { value?: unknown } | null)?.value)).filter((n): n is string => n !== undefined) : [];
  const basicAuth = nameOf(s.basicAuthKey);
  return { env: [...new Set(env)], ...(basicAuth !== undefined ? { basicAuth } : {}) };
}
