/** Text renderings of built objects: deterministic (sorted keys, no timestamps). */
import { stringify } from "yaml";

export type RenderFormat = "yaml" | "json";

/** Returns a copy with every mapping's keys sorted, so output never depends on build order. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    ) as T;
  }
  return value;
}

/** Multi-document YAML (or a JSON `List`) of the objects, byte-identical for the same input. */
export function renderObjects(objects: readonly object[], format: RenderFormat = "yaml"): string {
  const sorted = objects.map(sortKeys);
  if (format === "json") {
    return `${JSON.stringify({ apiVersion: "v1", kind: "List", items: sorted }, null, 2)}\n`;
  }
  return sorted.map((o) => stringify(o, { lineWidth: 0 })).join("---\n");
}
