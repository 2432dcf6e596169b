/**
 * Typed placeholders for values known only at deploy time. The pure builders write them where such
 * a value goes (a whole string, or inside one); the component replaces each with a Pulumi Output,
 * and the CLI with readable text. They are strings, so the objects keep their Kubernetes types.
 */

/** A value only the Pulumi program (or the cluster) knows. */
export type Placeholder =
  /** `metadata.name` of another object of the deployment (autonamed by Pulumi), by its key. */
  | { kind: "name"; of: string }
  /** The namespace the objects end up in, when left to the provider. */
  | { kind: "namespace" }
  /** A value the program passes as a component argument (possibly an Output), by its path. */
  | { kind: "arg"; arg: ArgPath }
  /** The value of a secret by its key in the deployment's Secret. */
  | { kind: "secret"; key: string }
  /** The bcrypt hash of the protected endpoint's password, base64-encoded (as the proxy's config takes it). */
  | { kind: "passwordHash" }
  /** A `.dockerconfigjson` with the login of one of the program's registries. */
  | { kind: "registryLogin"; registry: string }
  /**
   * A value inside a structured argument (a workload extra, e.g. `podAnnotations["x"]` or
   * `volumes[0].secret.secretName`) given as an Output, by its path.
   */
  | { kind: "input"; path: string };

/**
 * The component arguments that may be Outputs and end up inside an object. `keda.query` stands
 * for the query with `{{namespace}}` and `{{service}}` filled in.
 */
export type ArgPath =
  | "image"
  | "kubernetesName"
  | "namespace"
  | "secretName"
  | "ingress.host"
  | "ingress.className"
  | "ingress.tlsSecretName"
  | "keda.prometheusAddress"
  | "keda.query";

/**
 * A string argument as the builders see it: a plain string as it is (checked up front), anything
 * else (an Output or a Promise) as the placeholder of its path (checked once known).
 */
export function argValue<T>(arg: ArgPath, value: T): undefined extends T ? string | undefined : string {
  return (typeof value === "string" || value === undefined ? value : placeholder({ kind: "arg", arg })) as undefined extends T ? string | undefined : string;
}

const PATTERN = /\u0000(\{[^\u0000]*\})\u0000/g;

/** The placeholder as a string to put in an object. */
export function placeholder(p: Placeholder): string {
  const fields = Object.keys(p)
    .sort()
    .map((k) => [k, (p as Record<string, string>)[k]]);
  return `\u0000${JSON.stringify(Object.fromEntries(fields))}\u0000`;
}

/** Whether a string holds at least one placeholder. */
export function hasPlaceholder(s: string): boolean {
  return s.includes("\u0000");
}

/** The placeholders in a string, in order. */
export function placeholdersIn(s: string): Placeholder[] {
  return [...s.matchAll(PATTERN)].map((m) => JSON.parse(m[1]) as Placeholder);
}

/** Every placeholder anywhere in a value (objects and arrays walked), without repeats. */
export function collectPlaceholders(value: unknown): Placeholder[] {
  const found = new Map<string, Placeholder>();
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      if (hasPlaceholder(v)) for (const p of placeholdersIn(v)) found.set(placeholder(p), p);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(value);
  return [...found.values()];
}

/**
 * Replaces placeholders through `fill`: a string that is exactly one placeholder becomes whatever
 * `whole` returns for it (any type, e.g. an Output); a string that embeds placeholders becomes
 * `embed(parts)`, the literal pieces and placeholders in order. Everything else is kept as is
 * (shared with the input where nothing changed).
 */
export function mapPlaceholders<T>(
  value: T,
  whole: (p: Placeholder) => unknown,
  embed: (parts: Array<string | Placeholder>) => unknown,
): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      if (!hasPlaceholder(v)) return v;
      const parts: Array<string | Placeholder> = [];
      let at = 0;
      for (const m of v.matchAll(PATTERN)) {
        if (m.index! > at) parts.push(v.slice(at, m.index));
        parts.push(JSON.parse(m[1]) as Placeholder);
        at = m.index! + m[0].length;
      }
      if (at < v.length) parts.push(v.slice(at));
      return parts.length === 1 && typeof parts[0] !== "string" ? whole(parts[0]) : embed(parts);
    }
    // Subtrees without placeholders are returned as they are, not copied.
    if (Array.isArray(v)) {
      const out = v.map(walk);
      return out.some((x, i) => x !== v[i]) ? out : v;
    }
    if (v && typeof v === "object") {
      let out: Record<string, unknown> | undefined;
      for (const [k, x] of Object.entries(v)) {
        const y = walk(x);
        if (y !== x) (out ??= { ...(v as Record<string, unknown>) })[k] = y;
      }
      return out ?? v;
    }
    return v;
  };
  return walk(value) as T;
}

/** Replaces every placeholder with text, e.g. for `render`. */
export function fillPlaceholders<T>(value: T, text: (p: Placeholder) => string): T {
  return mapPlaceholders(value, text, (parts) => parts.map((x) => (typeof x === "string" ? x : text(x))).join(""));
}

/** What a placeholder stands for, in words (what `render` prints in its place). */
export function describePlaceholder(p: Placeholder): string {
  const deployTime = (what: string) => `<${what}: supplied by the program at deploy time>`;
  switch (p.kind) {
    case "name":
      return `<name of the ${p.of} object: chosen by Pulumi at deploy time>`;
    case "namespace":
      return "<namespace: the provider's at deploy time>";
    case "arg":
      return deployTime(`the ${p.arg} argument`);
    case "secret":
      return deployTime(`secret ${p.key}`);
    case "passwordHash":
      return deployTime("base64 of the bcrypt hash of the basicAuthKey secret");
    case "registryLogin":
      return deployTime(`login of registry ${p.registry}`);
    case "input":
      return deployTime(`the ${p.path} argument`);
  }
}
