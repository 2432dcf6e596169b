/** Text renderings of built objects: deterministic (sorted keys, no timestamps). */
import { Document, Scalar, visit } from "yaml";

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

/**
 * The patterns under which a plain scalar is not a string, for YAML 1.1 and YAML 1.2 readers
 * alike: taken from the `yaml` library's own schemas (1.1 and core). kubectl's reader and PyYAML
 * follow 1.1 (`yes`, `on`, `1:30`, `2001-12-14`); 1.2 readers take `0o14` for a number.
 */
let typedPatterns: RegExp[] | undefined;
function readsAsNonString(s: string): boolean {
  typedPatterns ??= (["1.1", "1.2"] as const).flatMap((version) =>
    new Document(null, { version }).schema.tags.flatMap((t) => (t.test && t.tag !== "tag:yaml.org,2002:str" ? [t.test] : [])),
  );
  return typedPatterns.some((re) => re.test(s));
}

/** One object as YAML that every YAML reader, 1.1 or 1.2, reads back as the same data. */
function toYaml(o: object): string {
  const doc = new Document(o);
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === "string" && !node.value.includes("\n") && readsAsNonString(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** Multi-document YAML (or a JSON `List`) of the objects, byte-identical for the same input. */
export function renderObjects(objects: readonly object[], format: RenderFormat = "yaml"): string {
  const sorted = objects.map(sortKeys);
  if (format === "json") {
    return `${JSON.stringify({ apiVersion: "v1", kind: "List", items: sorted }, null, 2)}\n`;
  }
  return sorted.map(toYaml).join("---\n");
}
