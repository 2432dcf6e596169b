/**
 * Compares the object models of two specs, object by object (matched by role key, so two objects
 * of one kind are told apart) and field by field, and classifies each change the way Kubernetes
 * and the pulumi-kubernetes provider apply it. Pure.
 *
 * Replacement rules: pulumi-kubernetes' `forceNew` table and Diff
 * (https://github.com/pulumi/pulumi-kubernetes/blob/master/provider/pkg/provider/diff.go): every
 * kind on `metadata.name`/`metadata.namespace`; Secret on `type`, `data` and `stringData` (the
 * default, `enableSecretMutable` off); PersistentVolumeClaim on `spec.accessModes`,
 * `spec.selector`, `spec.storageClassName`, `spec.volumeName`; Job on `spec.completions`,
 * `spec.parallelism`, `spec.selector`, `spec.template`; Deployment on `spec.selector`; Service on
 * `spec.clusterIP`. Everything else is patched in place; a Deployment's `spec.template` rolls its pods.
 *
 * Impact: the component autonames every object but the Namespace (and the Deployment and Service
 * when `kubernetesName` is set), so Pulumi replaces them create-before-delete. Replacing such an
 * object is harmless; replacing the Deployment or Service, or a fixed-name object, is disruptive;
 * deleting or replacing a claim deletes its data.
 */
import diffObjects from "microdiff";
import type { KubeObject, ObjectEntry } from "./objects";
import { formatPath } from "../core/spec/issues";
import { timelineFigures, type ProbeTimeline } from "../core/timeline";

/** How an object change is applied, from least to most disruptive. */
export type ChangeClass = "in-place" | "rolling-restart" | "replace";
const SEVERITY: Record<ChangeClass, number> = { "in-place": 0, "rolling-restart": 1, replace: 2 };

/** What a change costs: nothing, a new object beside the old, downtime, or data. */
export type Impact = "none" | "harmless" | "disruptive" | "data-loss";

export interface FieldChange {
  path: string;
  op: "add" | "remove" | "change";
  before?: unknown;
  after?: unknown;
  /** How this field's change is applied. */
  class: ChangeClass;
  /** A secret value changed: neither value is shown. */
  secret?: true;
}

export interface ObjectDiff {
  /** The object model's key: `deployment`, `secret`, `claim:int-cache`, ... */
  key: string;
  kind: string;
  name: string;
  action: "create" | "delete" | "update";
  class?: ChangeClass;
  impact: Impact;
  /** Why it is applied this way, e.g. which field forces a replacement. */
  reason?: string;
  changes: FieldChange[];
}

export interface TimelineChange {
  figure: string;
  before?: string;
  after?: string;
}

export interface SpecDiff {
  objects: ObjectDiff[];
  timeline: TimelineChange[];
  changed: boolean;
  /** Some object is replaced (deleted and created again). */
  replaces: boolean;
  /** Some change is disruptive or deletes data: what `--fail-on replace` fails on. */
  disruptive: boolean;
}

const REPLACE_PATHS: Record<string, string[][]> = {
  "*": [["metadata", "name"], ["metadata", "namespace"]],
  Secret: [["type"], ["data"], ["stringData"]],
  PersistentVolumeClaim: [["spec", "accessModes"], ["spec", "selector"], ["spec", "storageClassName"], ["spec", "volumeName"]],
  Job: [["spec", "completions"], ["spec", "parallelism"], ["spec", "selector"], ["spec", "template"]],
  Deployment: [["spec", "selector"]],
  Service: [["spec", "clusterIP"]],
};
const ROLLING_PATHS: Record<string, string[][]> = { Deployment: [["spec", "template"]] };

const startsWith = (path: readonly (string | number)[], prefix: readonly string[]) => prefix.every((p, i) => path[i] === p);
const replacePaths = (kind: string) => [...(kind === "Namespace" ? [["metadata", "name"]] : REPLACE_PATHS["*"]), ...(REPLACE_PATHS[kind] ?? [])];

/** How one changed field of an object of `kind` is applied. */
export function classifyField(kind: string, path: readonly (string | number)[]): ChangeClass {
  if (replacePaths(kind).some((p) => startsWith(path, p))) return "replace";
  if ((ROLLING_PATHS[kind] ?? []).some((p) => startsWith(path, p))) return "rolling-restart";
  return "in-place";
}

/** What replacing (or deleting) an entry costs. */
function impactOf(entry: ObjectEntry, cls: ChangeClass | "delete"): Impact {
  if (cls !== "replace" && cls !== "delete") return "none";
  if (entry.holdsData) return "data-loss";
  if (cls === "delete") return "harmless";
  return entry.role === "deployment" || entry.role === "service" || entry.role === "namespace" ? "disruptive" : "harmless";
}

const REASONS: Record<ChangeClass, string> = {
  replace: "",
  "rolling-restart": "the pod template changes, so every pod is replaced by a rolling update",
  "in-place": "patched in place; running pods are untouched",
};

const HIDDEN = "(secret value, not shown)";

/** Field changes of one object, secret values compared in memory and never shown. */
function fieldChanges(a: ObjectEntry, b: ObjectEntry): FieldChange[] {
  const kind = b.object.kind;
  const changes: FieldChange[] = diffObjects(a.object as unknown as Record<string, unknown>, b.object as unknown as Record<string, unknown>).map((d) => ({
    path: formatPath(d.path),
    op: d.type === "CREATE" ? "add" : d.type === "REMOVE" ? "remove" : "change",
    ...(d.type !== "CREATE" ? { before: d.oldValue } : {}),
    ...(d.type !== "REMOVE" ? { after: d.value } : {}),
    class: classifyField(kind, d.path),
  }));
  const sa = a.sensitive ?? {};
  const sb = b.sensitive ?? {};
  for (const key of [...new Set([...Object.keys(sa), ...Object.keys(sb)])].sort()) {
    if (sa[key] === sb[key] || !(key in sa) || !(key in sb)) continue; // an added or removed key shows as a field change already
    const path = ["stringData", key];
    changes.push({ path: formatPath(path), op: "change", before: HIDDEN, after: HIDDEN, class: classifyField(kind, path), secret: true });
  }
  return changes;
}

/** Paths in `value` where the string `name` stands (how an object refers to another by name). */
function pathsOf(value: unknown, name: string, at: Array<string | number> = []): Array<Array<string | number>> {
  if (value === name) return [at];
  if (Array.isArray(value)) return value.flatMap((v, i) => pathsOf(v, name, [...at, i]));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => (k === "metadata" && at.length === 0 ? [] : pathsOf(v, name, [...at, k])));
  return [];
}

/** Diffs two object models and two probe timelines. */
export function diffObjectModels(
  before: readonly ObjectEntry[],
  after: readonly ObjectEntry[],
  timelinesBefore: readonly ProbeTimeline[],
  timelinesAfter: readonly ProbeTimeline[],
): SpecDiff {
  const byKey = (list: readonly ObjectEntry[]) => new Map(list.map((e) => [e.key, e]));
  const [old, now] = [byKey(before), byKey(after)];
  const keys = [...new Set([...before.map((e) => e.key), ...after.map((e) => e.key)])];
  const changesOf = new Map<string, FieldChange[]>();
  for (const key of keys) {
    const a = old.get(key);
    const b = now.get(key);
    if (a && b) changesOf.set(key, fieldChanges(a, b));
  }
  // An autonamed object that is replaced gets a new name: whatever refers to it changes too.
  for (const key of keys) {
    const a = old.get(key);
    const b = now.get(key);
    const replaced = a && b && changesOf.get(key)!.some((c) => c.class === "replace");
    if (!replaced || b.role === "namespace" || b.role === "deployment" || b.role === "service") continue;
    const name = b.object.metadata.name;
    if (name === undefined) continue;
    for (const other of after) {
      if (other.key === key || !old.has(other.key)) continue;
      for (const path of pathsOf(other.object, name)) {
        changesOf.get(other.key)!.push({
          path: formatPath(path),
          op: "change",
          before: name,
          after: `(the new name of the replaced ${b.object.kind} ${name})`,
          class: classifyField(other.object.kind, path),
        });
      }
    }
  }

  const objects: ObjectDiff[] = [];
  for (const key of keys) {
    const a = old.get(key);
    const b = now.get(key);
    const entry = (b ?? a)!;
    const o: KubeObject = entry.object;
    const name = o.metadata.name ?? key;
    if (!a || !b) {
      const impact = a ? impactOf(a, "delete") : "none";
      objects.push({
        key,
        kind: o.kind,
        name,
        action: a ? "delete" : "create",
        impact,
        ...(impact === "data-loss" ? { reason: "deleting the claim deletes the volume's data" } : {}),
        changes: [],
      });
      continue;
    }
    const changes = changesOf.get(key)!;
    if (changes.length === 0) continue;
    changes.sort((x, y) => SEVERITY[y.class] - SEVERITY[x.class] || x.path.localeCompare(y.path));
    const cls = changes[0].class;
    const impact = impactOf(b, cls);
    const deciding = [...new Set(changes.filter((c) => c.class === cls).map((c) => topPath(b.object.kind, c.path, cls)))];
    const how =
      impact === "data-loss"
        ? "the claim is deleted with its data and created empty"
        : impact === "disruptive"
          ? "deleted and created again"
          : "a new object is created before the old one is deleted";
    objects.push({
      key,
      kind: o.kind,
      name,
      action: "update",
      class: cls,
      impact,
      reason: cls === "replace" ? `a change to ${deciding.join(" and ")} forces a replacement: ${how}` : REASONS[cls],
      changes,
    });
  }
  const fb = timelineFigures(timelinesBefore);
  const fa = timelineFigures(timelinesAfter);
  const timeline: TimelineChange[] = [...new Set([...Object.keys(fb), ...Object.keys(fa)])]
    .filter((k) => fb[k] !== fa[k])
    .map((figure) => ({ figure, ...(fb[figure] !== undefined ? { before: fb[figure] } : {}), ...(fa[figure] !== undefined ? { after: fa[figure] } : {}) }));
  return {
    objects,
    timeline,
    changed: objects.length > 0,
    replaces: objects.some((o) => o.class === "replace"),
    disruptive: objects.some((o) => o.impact === "disruptive" || o.impact === "data-loss"),
  };
}

/** The replace rule a path falls under (`spec.selector`), for the reason text. */
function topPath(kind: string, path: string, cls: ChangeClass): string {
  if (cls !== "replace") return path;
  const rule = replacePaths(kind).find((p) => path === p.join(".") || path.startsWith(`${p.join(".")}.`) || path.startsWith(`${p.join(".")}[`));
  return rule ? rule.join(".") : path;
}
