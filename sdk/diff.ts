/**
 * Compares the objects of two specs field by field and classifies each object's change the way
 * Kubernetes and the pulumi-kubernetes provider apply it. Pure.
 *
 * Replacement rules (pulumi-kubernetes `forceNew`): `metadata.name` and `metadata.namespace` of any
 * object; a Deployment's `spec.selector`; a Service's `spec.type` and `spec.clusterIP`. Any other
 * change to a Deployment's `spec.template` rolls its pods; everything else is patched in place.
 */
import diffObjects from "microdiff";
import { formatPath } from "./spec/issues";
import { timelineFigures, type ProbeTimeline } from "./timeline";

/** How an object change is applied, from least to most disruptive. */
export type ChangeClass = "in-place" | "rolling-restart" | "replace";
const SEVERITY: Record<ChangeClass, number> = { "in-place": 0, "rolling-restart": 1, replace: 2 };

export interface FieldChange {
  path: string;
  op: "add" | "remove" | "change";
  before?: unknown;
  after?: unknown;
  /** How this field's change is applied. */
  class: ChangeClass;
}

export interface ObjectDiff {
  kind: string;
  name: string;
  /** create / delete when the object exists on one side only. */
  action: "create" | "delete" | "update";
  class?: ChangeClass;
  /** The fields that decide the class, e.g. `spec.selector` for a replacement. */
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
  replaces: boolean;
}

interface K8sObject {
  kind: string;
  metadata: { name?: string };
}

const REPLACE_PATHS: Record<string, string[][]> = {
  "*": [["metadata", "name"], ["metadata", "namespace"]],
  Deployment: [["spec", "selector"]],
  Service: [["spec", "type"], ["spec", "clusterIP"]],
};
const ROLLING_PATHS: Record<string, string[][]> = { Deployment: [["spec", "template"]] };

const startsWith = (path: readonly (string | number)[], prefix: readonly string[]) => prefix.every((p, i) => path[i] === p);

/** How one changed field of an object of `kind` is applied. */
export function classifyField(kind: string, path: readonly (string | number)[]): ChangeClass {
  if ([...REPLACE_PATHS["*"], ...(REPLACE_PATHS[kind] ?? [])].some((p) => startsWith(path, p))) return "replace";
  if ((ROLLING_PATHS[kind] ?? []).some((p) => startsWith(path, p))) return "rolling-restart";
  return "in-place";
}

const REASONS: Record<ChangeClass, string> = {
  replace: "an immutable field changes",
  "rolling-restart": "the pod template changes, so every pod is replaced by a rolling update",
  "in-place": "patched in place; running pods are untouched",
};

/** Diffs two object lists (matched by kind) and two probe timelines. */
export function diffSpecs(
  before: readonly K8sObject[],
  after: readonly K8sObject[],
  timelinesBefore: readonly ProbeTimeline[],
  timelinesAfter: readonly ProbeTimeline[],
): SpecDiff {
  const kinds = [...new Set([...before.map((o) => o.kind), ...after.map((o) => o.kind)])];
  const objects: ObjectDiff[] = [];
  for (const kind of kinds) {
    const a = before.find((o) => o.kind === kind);
    const b = after.find((o) => o.kind === kind);
    if (!a || !b) {
      objects.push({ kind, name: (a ?? b)!.metadata.name ?? "", action: a ? "delete" : "create", changes: [] });
      continue;
    }
    const changes: FieldChange[] = diffObjects(a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>).map((d) => ({
      path: formatPath(d.path),
      op: d.type === "CREATE" ? "add" : d.type === "REMOVE" ? "remove" : "change",
      ...(d.type !== "CREATE" ? { before: d.oldValue } : {}),
      ...(d.type !== "REMOVE" ? { after: d.value } : {}),
      class: classifyField(kind, d.path),
    }));
    changes.sort((x, y) => SEVERITY[y.class] - SEVERITY[x.class] || x.path.localeCompare(y.path));
    if (changes.length === 0) continue;
    const cls = changes[0].class;
    const deciding = [...new Set(changes.filter((c) => c.class === cls).map((c) => topPath(kind, c.path, cls)))];
    objects.push({
      kind,
      name: b.metadata.name ?? a.metadata.name ?? "",
      action: "update",
      class: cls,
      reason: cls === "replace" ? `a change to ${deciding.join(" and ")} forces a replacement: deleted and created again` : REASONS[cls],
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
  };
}

/** The replace rule a path falls under (`spec.selector`), for the reason text. */
function topPath(kind: string, path: string, cls: ChangeClass): string {
  if (cls !== "replace") return path;
  const rule = [...REPLACE_PATHS["*"], ...(REPLACE_PATHS[kind] ?? [])].find((p) => path === p.join(".") || path.startsWith(`${p.join(".")}.`) || path.startsWith(`${p.join(".")}[`));
  return rule ? rule.join(".") : path;
}
