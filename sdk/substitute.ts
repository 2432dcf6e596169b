/**
 * Puts deploy-time values (Pulumi Outputs) where the pure builders left placeholders, keeping
 * Outputs at the leaves: a leaf that is a placeholder becomes that Output; a string that embeds
 * placeholders becomes one Output of the filled-in string. Everything else stays plain.
 */
import * as pulumi from "@pulumi/pulumi";

export function substitute<T>(value: T, values: Readonly<Record<string, pulumi.Input<string>>>): T {
  const keys = Object.keys(values);
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      if (Object.prototype.hasOwnProperty.call(values, v)) return values[v];
      const present = keys.filter((k) => v.includes(k));
      if (present.length === 0) return v;
      return pulumi.all(present.map((k) => values[k])).apply((resolved) =>
        present.reduce((s, k, i) => s.split(k).join(resolved[i]), v),
      );
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
