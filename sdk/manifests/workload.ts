/**
 * The workload's Kubernetes extras: what a platform adds to every serving workload and the spec
 * cannot say (its service account, pod labels and annotations, the Service's and the Ingress's
 * annotations, the image pull policy, `envFrom`, extra volumes and mounts, extra node selectors and
 * tolerations). Plain data as the builders see it (a value only known at deploy time is a
 * placeholder, checked once known by the same rule); checked here by the API server's rules, with
 * field paths. Pure.
 */
import { SpecIssue, describeValue, formatPath } from "../core/spec/issues";
import { DNS_1123_LABEL, ENV_VAR_NAME, LABEL_KEY_RULE, isLabelKey, labelIssues, objectNameIssue, tolerationIssues } from "../core/spec/rules";
import type { Affinity, Deployment, NodeSelectorRequirement, Toleration, VolumeMount } from "./k8s";
import { hasPlaceholder } from "./placeholders";
import { closeMatches } from "../core/spec/closeMatches";
import { KEY_TO_PATH_FIELDS, VOLUME_SOURCE_FIELDS, VOLUME_SOURCE_REQUIRED } from "./volumeSources";

/** When the kubelet pulls the model image (https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy). */
export const ImagePullPolicy = { Always: "Always", IfNotPresent: "IfNotPresent", Never: "Never" } as const;
/** When the kubelet pulls the model image (a plain string such as `"Always"` is accepted too). */
export type ImagePullPolicy = (typeof ImagePullPolicy)[keyof typeof ImagePullPolicy];
const IMAGE_PULL_POLICIES: readonly string[] = Object.values(ImagePullPolicy);

/** A ConfigMap or Secret whose keys become environment variables (`EnvFromSource`). */
export interface EnvFromRef {
  /** The ConfigMap's or Secret's name, in the deployment's namespace. */
  name: string;
  /** Start the pod even when it does not exist. @default false */
  optional?: boolean;
}

/** One `envFrom` entry: every key of a ConfigMap or a Secret as an environment variable. */
export interface EnvFromSource {
  /** A ConfigMap's keys. Give this or `secretRef`. */
  configMapRef?: EnvFromRef;
  /** A Secret's keys. Give this or `configMapRef`. */
  secretRef?: EnvFromRef;
  /** A prefix put before each key. */
  prefix?: string;
}

/** An extra pod volume as the builders see it: a name and one volume source, passed through as given. */
export type ExtraVolume = { name: string } & Record<string, unknown>;

/** The ServiceAccount the component creates for the pods. */
export interface ServiceAccountOptions {
  /** Its annotations, e.g. `eks.amazonaws.com/role-arn` (IRSA) or `iam.gke.io/gcp-service-account` (GKE Workload Identity). */
  annotations?: Record<string, string>;
}

/** The workload's extras, as the builders take them. */
export interface WorkloadOptions {
  /** The pods' `serviceAccountName`; with `serviceAccount`, the created ServiceAccount's name. */
  serviceAccountName?: string;
  /** Create a ServiceAccount for the pods (named `serviceAccountName`, else after the instance). */
  serviceAccount?: ServiceAccountOptions;
  /** Added to the pod template's labels (never to the selector). */
  podLabels?: Record<string, string>;
  /** Added to the pod template's annotations. */
  podAnnotations?: Record<string, string>;
  /** The Service's annotations. */
  serviceAnnotations?: Record<string, string>;
  /** The model container's `imagePullPolicy`. */
  imagePullPolicy?: ImagePullPolicy;
  /** The model container's `envFrom`. */
  envFrom?: EnvFromSource[];
  /** Extra pod volumes. */
  volumes?: ExtraVolume[];
  /** Extra mounts in the model container. */
  volumeMounts?: VolumeMount[];
  /** Extra entries of the pods' `nodeSelector`. */
  nodeSelector?: Record<string, string>;
  /** Extra pod tolerations, after the ones the machine and node pool need. */
  tolerations?: Toleration[];
}

/**
 * The service account every pod of the deployment runs as (the model pods and the shared-mode
 * fetch Job's, so an IRSA / Workload Identity download has the same identity): the created one
 * (`serviceAccountName`, else `createdRef`, its autoname), else the given name, else none (the
 * namespace's `default`).
 */
export function podServiceAccountName(w: WorkloadOptions | undefined, createdRef: string): string | undefined {
  if (w === undefined) return undefined;
  return w.serviceAccount !== undefined ? (w.serviceAccountName ?? createdRef) : w.serviceAccountName;
}

/** The workload options' fields, in the order they are checked and shown. */
export const WORKLOAD_FIELDS = [
  "serviceAccountName",
  "serviceAccount",
  "podLabels",
  "podAnnotations",
  "serviceAnnotations",
  "imagePullPolicy",
  "envFrom",
  "volumes",
  "volumeMounts",
  "nodeSelector",
  "tolerations",
] as const satisfies ReadonlyArray<keyof WorkloadOptions>;

const VOLUME_SOURCES = Object.keys(VOLUME_SOURCE_FIELDS);

/** The fields of a `VolumeMount`. */
const MOUNT_FIELDS = ["name", "mountPath", "readOnly", "recursiveReadOnly", "subPath", "subPathExpr", "mountPropagation"];
/** The fields of a `Toleration`. */
const TOLERATION_FIELDS = ["key", "operator", "value", "effect", "tolerationSeconds"];

/** The labels the component puts on its pods: the selector's and its own; a pod label may not change them. */
const CONTROLLER_LABELS = new Set(["pod-template-hash"]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
/** A value only known at deploy time: checked then, by the same rule. */
const later = (v: unknown): boolean => typeof v === "string" && hasPlaceholder(v);
const at = (path: string, key: string) => `${path}${formatPath([key]).replace(/^(?!\[)/, ".")}`;

/**
 * The keys of `o` that are not among `known`, each an issue at its path with the closest known
 * ones: without TypeScript types (the CLI's `--workload`, plain JavaScript, other languages) a
 * misspelled field would otherwise be dropped (a ServiceAccount without its IRSA annotation) or
 * reach the API server.
 */
export function unknownKeyIssues(o: Obj, known: readonly string[], path: string, what: string): SpecIssue[] {
  return Object.keys(o)
    .filter((k) => !known.includes(k))
    .map((k) => {
      const close = closeMatches(k, known, 3);
      return { path: at(path, k), message: `is not a field of ${what}${close.length > 0 ? `; did you mean ${close.join(" or ")}?` : ""} (it takes ${known.join(", ")})` };
    });
}

/** A map of annotations: qualified-name keys (as label keys) and string values. */
export function annotationIssues(annotations: unknown, path: string): SpecIssue[] {
  if (annotations === undefined) return [];
  if (!isObj(annotations)) return [{ path, message: `must be a mapping of annotation keys to string values (got ${describeValue(annotations)})` }];
  const issues: SpecIssue[] = [];
  for (const [key, value] of Object.entries(annotations)) {
    if (!isLabelKey(key)) issues.push({ path: at(path, key), message: `the key must be ${LABEL_KEY_RULE.replace("a label key", "an annotation key")} (got ${describeValue(key)})` });
    if (typeof value !== "string") issues.push({ path: at(path, key), message: `must be a string (got ${describeValue(value)})` });
  }
  return issues;
}

/** Labels whose values may be placeholders (known at deploy time): the keys are checked now, the values once known. */
function labelMapIssues(labels: unknown, path: string): SpecIssue[] {
  if (!isObj(labels)) return labelIssues(labels, path);
  return labelIssues(Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, later(v) ? "x" : v])), path);
}

/** Problems with the workload options, by the API server's rules, at `path`s named after the component's args. */
export function workloadIssues(w: WorkloadOptions | undefined, ownLabels: readonly string[]): SpecIssue[] {
  if (w === undefined) return [];
  const issues: SpecIssue[] = [];
  if (w.serviceAccountName !== undefined && !later(w.serviceAccountName)) {
    const issue = objectNameIssue("serviceAccountName", w.serviceAccountName, "ServiceAccount");
    if (issue) issues.push(issue);
  }
  if (w.serviceAccount !== undefined) {
    if (!isObj(w.serviceAccount)) issues.push({ path: "serviceAccount", message: `must be a mapping with annotations (got ${describeValue(w.serviceAccount)})` });
    else issues.push(...unknownKeyIssues(w.serviceAccount, ["annotations"], "serviceAccount", "serviceAccount"), ...annotationIssues(w.serviceAccount.annotations, "serviceAccount.annotations"));
  }
  issues.push(...labelMapIssues(w.podLabels, "podLabels"));
  for (const key of isObj(w.podLabels) ? Object.keys(w.podLabels) : []) {
    if (ownLabels.includes(key) || CONTROLLER_LABELS.has(key)) {
      issues.push({ path: at("podLabels", key), message: `is a label the component (or the Deployment controller) sets on its pods; the selector depends on it, so it cannot be given` });
    }
  }
  issues.push(...annotationIssues(w.podAnnotations, "podAnnotations"), ...annotationIssues(w.serviceAnnotations, "serviceAnnotations"));
  if (w.imagePullPolicy !== undefined && !later(w.imagePullPolicy) && !IMAGE_PULL_POLICIES.includes(w.imagePullPolicy as string)) {
    issues.push({ path: "imagePullPolicy", message: `must be one of ${IMAGE_PULL_POLICIES.join(", ")} (got ${describeValue(w.imagePullPolicy)})` });
  }
  issues.push(...envFromIssues(w.envFrom), ...volumeIssues(w.volumes), ...mountIssues(w.volumeMounts));
  issues.push(...labelMapIssues(w.nodeSelector, "nodeSelector"), ...tolerationIssues(w.tolerations, "tolerations"));
  if (Array.isArray(w.tolerations)) w.tolerations.forEach((t, i) => isObj(t) && issues.push(...unknownKeyIssues(t, TOLERATION_FIELDS, `tolerations[${i}]`, "a toleration")));
  return issues;
}

function envFromIssues(list: unknown): SpecIssue[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) return [{ path: "envFrom", message: `must be a list of ConfigMap or Secret references (got ${describeValue(list)})` }];
  const issues: SpecIssue[] = [];
  list.forEach((e, i) => {
    const path = `envFrom[${i}]`;
    if (!isObj(e)) return void issues.push({ path, message: `must be a mapping with configMapRef or secretRef (got ${describeValue(e)})` });
    issues.push(...unknownKeyIssues(e, ["configMapRef", "secretRef", "prefix"], path, "an envFrom entry"));
    const refs = (["configMapRef", "secretRef"] as const).filter((k) => e[k] !== undefined);
    if (refs.length !== 1) issues.push({ path, message: `give configMapRef or secretRef, exactly one (got ${refs.length === 0 ? "neither" : "both"})` });
    for (const k of refs) {
      const ref = e[k];
      if (!isObj(ref)) issues.push({ path: `${path}.${k}`, message: `must be a mapping with name (got ${describeValue(ref)})` });
      else {
        issues.push(...unknownKeyIssues(ref, ["name", "optional"], `${path}.${k}`, `a ${k}`));
        if (!later(ref.name)) {
          const issue = objectNameIssue(`${path}.${k}.name`, ref.name, k === "secretRef" ? "Secret" : "ConfigMap");
          if (issue) issues.push(issue);
        }
        if (ref.optional !== undefined && typeof ref.optional !== "boolean") issues.push({ path: `${path}.${k}.optional`, message: `must be true or false (got ${describeValue(ref.optional)})` });
      }
    }
    if (e.prefix !== undefined && !later(e.prefix) && !(typeof e.prefix === "string" && (e.prefix === "" || ENV_VAR_NAME.test(e.prefix)))) {
      issues.push({ path: `${path}.prefix`, message: `must be the start of an environment variable name: letters, digits, '_', '-' and '.', not starting with a digit (got ${describeValue(e.prefix)})` });
    }
  });
  return issues;
}

function volumeIssues(list: unknown): SpecIssue[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) return [{ path: "volumes", message: `must be a list of pod volumes (got ${describeValue(list)})` }];
  const issues: SpecIssue[] = [];
  list.forEach((v, i) => {
    const path = `volumes[${i}]`;
    if (!isObj(v)) return void issues.push({ path, message: `must be a pod volume: a name and one volume source (got ${describeValue(v)})` });
    if (!later(v.name) && !(typeof v.name === "string" && v.name.length <= 63 && DNS_1123_LABEL.test(v.name))) {
      issues.push({ path: `${path}.name`, message: `must be a DNS label of at most 63 characters: lowercase letters, digits and '-' (got ${describeValue(v.name)})` });
    }
    const sources = Object.keys(v).filter((k) => k !== "name");
    const unknown = sources.filter((k) => !VOLUME_SOURCES.includes(k));
    if (unknown.length > 0) {
      for (const k of unknown) {
        const close = closeMatches(k, VOLUME_SOURCES, 3);
        issues.push({ path, message: `${describeValue(k)} is not a volume source${close.length > 0 ? `; did you mean ${close.join(" or ")}?` : ""} (configMap, secret, persistentVolumeClaim, csi, emptyDir, ...)` });
      }
    } else if (sources.length !== 1) issues.push({ path, message: `must have exactly one volume source (got ${sources.length === 0 ? "none" : sources.join(", ")})` });
    else issues.push(...volumeSourceIssues(sources[0], v[sources[0]], `${path}.${sources[0]}`));
  });
  return issues;
}

/** One volume source's fields: known ones only, the required ones given, `items` as `KeyToPath`s. */
function volumeSourceIssues(kind: string, source: unknown, path: string): SpecIssue[] {
  if (later(source)) return [];
  if (!isObj(source)) return [{ path, message: `must be a mapping (got ${describeValue(source)})` }];
  const issues = unknownKeyIssues(source, VOLUME_SOURCE_FIELDS[kind], path, `a ${kind} volume source`);
  for (const k of VOLUME_SOURCE_REQUIRED[kind] ?? []) {
    if (source[k] === undefined || source[k] === "") issues.push({ path: at(path, k), message: `is required by a ${kind} volume source` });
  }
  if (Array.isArray(source.items)) source.items.forEach((item, j) => isObj(item) && issues.push(...unknownKeyIssues(item, KEY_TO_PATH_FIELDS, `${path}.items[${j}]`, "an item")));
  return issues;
}

function mountIssues(list: unknown): SpecIssue[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) return [{ path: "volumeMounts", message: `must be a list of volume mounts (got ${describeValue(list)})` }];
  const issues: SpecIssue[] = [];
  list.forEach((m, i) => {
    const path = `volumeMounts[${i}]`;
    if (!isObj(m)) return void issues.push({ path, message: `must be a mapping with name and mountPath (got ${describeValue(m)})` });
    issues.push(...unknownKeyIssues(m, MOUNT_FIELDS, path, "a volume mount"));
    if (typeof m.name !== "string" || m.name === "") issues.push({ path: `${path}.name`, message: `must be the name of a pod volume (got ${describeValue(m.name)})` });
    if (!later(m.mountPath) && !(typeof m.mountPath === "string" && m.mountPath.startsWith("/") && !m.mountPath.includes(":"))) {
      issues.push({ path: `${path}.mountPath`, message: `must be an absolute path in the container, without ':' (got ${describeValue(m.mountPath)})` });
    }
    if (m.readOnly !== undefined && typeof m.readOnly !== "boolean") issues.push({ path: `${path}.readOnly`, message: `must be true or false (got ${describeValue(m.readOnly)})` });
  });
  return issues;
}

/**
 * What the API server refuses once the extras meet the component's own pod spec: two volumes of
 * one name, a mount of a volume the pod does not have, two mounts at one path.
 */
export function podClashIssues(d: Deployment, w: WorkloadOptions | undefined): SpecIssue[] {
  if (!w) return [];
  const issues: SpecIssue[] = [];
  const pod = d.spec.template.spec;
  // deployment.ts puts the extras after the component's own volumes and mounts.
  const allVolumes = pod.volumes ?? [];
  const own = allVolumes.slice(0, allVolumes.length - (w.volumes ?? []).length).map((v) => v.name);
  (w.volumes ?? []).forEach((v, i) => {
    // A name known only at deploy time cannot be compared now.
    if (later(v.name)) return;
    if (own.includes(v.name)) issues.push({ path: `volumes[${i}].name`, message: `${describeValue(v.name)} is the name of one of the component's own volumes (${own.join(", ")})` });
    else if ((w.volumes ?? []).findIndex((x) => x.name === v.name) !== i) issues.push({ path: `volumes[${i}].name`, message: `${describeValue(v.name)} is given twice` });
  });
  issues.push(...selectorAffinityIssues(pod.nodeSelector, pod.affinity));
  const names = new Set((pod.volumes ?? []).map((v) => v.name));
  const model = pod.containers[0];
  const allMounts = model.volumeMounts ?? [];
  const ownPaths = allMounts.slice(0, allMounts.length - (w.volumeMounts ?? []).length).map((m) => m.mountPath);
  (w.volumeMounts ?? []).forEach((m, i) => {
    if (later(m.name) || later(m.mountPath) || [...names].some(later)) return;
    if (!names.has(m.name)) issues.push({ path: `volumeMounts[${i}].name`, message: `${describeValue(m.name)} is not a volume of the pod (give it in volumes)` });
    if (ownPaths.includes(m.mountPath)) issues.push({ path: `volumeMounts[${i}].mountPath`, message: `${describeValue(m.mountPath)} is where the component mounts one of its own volumes` });
    else if ((w.volumeMounts ?? []).findIndex((x) => x.mountPath === m.mountPath) !== i) issues.push({ path: `volumeMounts[${i}].mountPath`, message: `${describeValue(m.mountPath)} is mounted twice` });
  });
  return issues;
}

/**
 * A `nodeSelector` entry no node the GPU placement requires can carry: the pods could never be
 * scheduled. The node affinity's terms are ORed and each term's expressions ANDed; a node must
 * match the selector and one term
 * (https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity), so an
 * entry that every term excludes (its key `In` other values, `NotIn` this one, or `DoesNotExist`)
 * leaves no node.
 */
function selectorAffinityIssues(selector: Record<string, string> | undefined, affinity: Affinity | undefined): SpecIssue[] {
  const terms = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  if (!selector || terms.length === 0) return [];
  const issues: SpecIssue[] = [];
  for (const [key, value] of Object.entries(selector)) {
    if (later(value)) continue;
    const excluding = terms.map((t) => t.matchExpressions.find((e) => e.key === key && excludes(e, value)));
    if (excluding.every((e) => e !== undefined)) {
      const rule = excluding.map((e) => `${e!.operator}${e!.values ? ` [${e!.values.join(", ")}]` : ""}`).join(" or ");
      issues.push({
        path: at("nodeSelector", key),
        message: `${describeValue(value)} contradicts the GPU placement's node affinity, which requires ${key} ${rule}: no node can match both, so the pods would never be scheduled`,
      });
    }
  }
  return issues;
}

/** Whether a node whose label `key` is `value` fails the requirement. */
function excludes(e: NodeSelectorRequirement, value: string): boolean {
  switch (e.operator) {
    case "In":
      return !(e.values ?? []).includes(value);
    case "NotIn":
      return (e.values ?? []).includes(value);
    case "DoesNotExist":
      return true;
    default:
      return false;
  }
}
