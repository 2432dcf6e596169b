/**
 * The property every input must have: parse -> check -> build -> render ends in a spec error or in
 * objects Kubernetes would accept, never in another exception. Shared by the seeded property test
 * (`npm test`) and `npm run fuzz` (many more cases, a fresh seed).
 */
import * as fc from "fast-check";
import { parse as parseYaml, stringify } from "yaml";
import { checkDeployment } from "../../sdk/manifests/plan";
import { objectList } from "../../sdk/manifests/objects";
import { fillPlaceholders, describePlaceholder } from "../../sdk/manifests/placeholders";
import { renderObjects } from "../../sdk/manifests/render";
import { SpecError } from "../../sdk/core/spec/issues";
import { parseSpecText } from "../../sdk/core/spec/load";
import { secretReferences } from "../../sdk/core/spec/secretRefs";
import { INT32_MAX } from "../../sdk/core/spec/rules";
import { corpus } from "../corpus";
import { K8S_MODELS } from "../k8sSchemas";

const MODELS = K8S_MODELS;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** What an input came to. */
export type Outcome = "rejected" | "accepted";

/*
 * The API server's rules, written here on their own (not imported from the package, whose rules
 * they check): names, label keys and values, quantities, Ingress hosts and paths, image
 * references as the kubelet parses them.
 */
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const QUANTITY_K8S = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const IANA_SVC_NAME = /^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/;
const IMAGE_REF =
  /^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::\w[\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/;

const isSubdomain = (s: unknown) => typeof s === "string" && s.length <= 253 && DNS_SUBDOMAIN.test(s);
const isLabelKey = (k: string) => {
  const parts = k.split("/");
  if (parts.length > 2 || (parts.length === 2 && !isSubdomain(parts[0]))) return false;
  const name = parts[parts.length - 1];
  return name.length <= 63 && QUALIFIED_NAME.test(name);
};
const isLabelValue = (v: unknown) => typeof v === "string" && v.length <= 63 && LABEL_VALUE_RE.test(v);
const isIPv4 = (s: string) => s.split(".").length === 4 && s.split(".").every((p) => /^\d+$/.test(p) && Number(p) <= 255);

/**
 * The API server's rules that the OpenAPI schemas leave out, for one object: name formats and
 * lengths per kind, unique container and volume names, int32 ranges, paths without `..`, image
 * references, label keys and values, quantities, the names objects refer to, Ingress hosts and
 * paths, tolerations. Returns the broken rules.
 */
export function apiServerProblems(o: any): string[] {
  const problems: string[] = [];
  const name: string | undefined = o.metadata?.name;
  if (name !== undefined) {
    const label = o.kind === "Service" || o.kind === "Namespace" || o.kind === "Job";
    if (label ? !(name.length <= 63 && (o.kind === "Service" ? DNS_1035 : DNS_LABEL).test(name)) : !(name.length <= 253 && DNS_SUBDOMAIN.test(name))) {
      problems.push(`${o.kind} name ${JSON.stringify(name)}`);
    }
  }
  if (o.metadata?.namespace !== undefined && !(o.metadata.namespace.length <= 63 && DNS_LABEL.test(o.metadata.namespace))) problems.push(`namespace ${JSON.stringify(o.metadata.namespace)}`);
  const walk = (v: unknown, path: string) => {
    if (typeof v === "number" && (v > INT32_MAX || v < -INT32_MAX - 1)) problems.push(`${path}: ${v} is beyond int32`);
    if (typeof v === "number" && !Number.isFinite(v)) problems.push(`${path}: ${v}`);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(o.spec, "spec");
  const labels = (where: string, map: Record<string, unknown> | undefined) => {
    for (const [k, v] of Object.entries(map ?? {})) {
      if (!isLabelKey(k)) problems.push(`${where} key ${JSON.stringify(k)}`);
      if (!isLabelValue(v)) problems.push(`${where} ${k}=${JSON.stringify(v)}`);
    }
  };
  labels("label", o.metadata?.labels);
  labels("label", o.spec?.template?.metadata?.labels);
  labels("selector", o.spec?.selector?.matchLabels ?? (o.kind === "Service" ? o.spec?.selector : undefined));
  for (const k of Object.keys(o.metadata?.annotations ?? {})) if (!isLabelKey(k)) problems.push(`annotation key ${JSON.stringify(k)}`);
  const quantity = (where: string, q: unknown, positive = false) => {
    if (!(typeof q === "string" && QUANTITY_K8S.test(q)) || (positive && !(Number.parseFloat(q) > 0))) problems.push(`${where}: quantity ${JSON.stringify(q)}`);
  };
  const port = (where: string, p: unknown) => {
    if (typeof p === "number" ? !(Number.isInteger(p) && p >= 1 && p <= 65535) : !(typeof p === "string" && IANA_SVC_NAME.test(p))) problems.push(`${where}: port ${JSON.stringify(p)}`);
  };
  const pod = o.kind === "Deployment" || o.kind === "Job" ? o.spec?.template?.spec : undefined;
  if (pod) {
    const containers = [...(pod.initContainers ?? []), ...pod.containers];
    const names = containers.map((c: any) => c.name);
    if (new Set(names).size !== names.length) problems.push(`duplicate container names ${names}`);
    for (const c of containers) {
      if (!(c.name.length <= 63 && DNS_LABEL.test(c.name))) problems.push(`container name ${JSON.stringify(c.name)}`);
      if (typeof c.image !== "string" || !IMAGE_REF.test(c.image) || c.image.length > 500) problems.push(`image ${JSON.stringify(c.image)}`);
      for (const m of c.volumeMounts ?? []) {
        if (String(m.mountPath).split("/").includes("..") || String(m.subPath ?? "").split("/").includes("..") || String(m.subPath ?? "").startsWith("/")) {
          problems.push(`mount ${m.mountPath} ${m.subPath ?? ""}`);
        }
        if (!(pod.volumes ?? []).some((vol: any) => vol.name === m.name)) problems.push(`mount of unknown volume ${m.name}`);
      }
      for (const kind of ["requests", "limits"]) for (const [r, q] of Object.entries(c.resources?.[kind] ?? {})) quantity(`${c.name} ${kind}.${r}`, q);
      for (const p of c.ports ?? []) {
        port(`${c.name} containerPort`, p.containerPort);
        if (p.name !== undefined && !IANA_SVC_NAME.test(p.name)) problems.push(`${c.name} port name ${JSON.stringify(p.name)}`);
      }
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) if (c[probe]?.httpGet) port(`${c.name} ${probe}`, c[probe].httpGet.port);
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref && !(isSubdomain(ref.name) && SECRET_KEY.test(ref.key))) problems.push(`${c.name} env ${e.name} from Secret ${JSON.stringify(ref.name)} key ${JSON.stringify(ref.key)}`);
      }
    }
    const volumes = (pod.volumes ?? []).map((v: any) => v.name);
    if (new Set(volumes).size !== volumes.length) problems.push(`duplicate volume names ${volumes}`);
    for (const v of volumes) if (!(v.length <= 63 && DNS_LABEL.test(v))) problems.push(`volume name ${JSON.stringify(v)}`);
    for (const v of pod.volumes ?? []) {
      if (v.secret && !isSubdomain(v.secret.secretName)) problems.push(`volume ${v.name}: Secret ${JSON.stringify(v.secret.secretName)}`);
      if (v.persistentVolumeClaim && !isSubdomain(v.persistentVolumeClaim.claimName)) problems.push(`volume ${v.name}: claim ${JSON.stringify(v.persistentVolumeClaim.claimName)}`);
      if (v.emptyDir?.sizeLimit !== undefined) quantity(`volume ${v.name} sizeLimit`, v.emptyDir.sizeLimit, true);
    }
    for (const s of pod.imagePullSecrets ?? []) if (!isSubdomain(s.name)) problems.push(`imagePullSecret ${JSON.stringify(s.name)}`);
    for (const f of ["runtimeClassName", "priorityClassName"]) if (pod[f] !== undefined && !isSubdomain(pod[f])) problems.push(`${f} ${JSON.stringify(pod[f])}`);
    for (const term of pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
      for (const e of term.matchExpressions ?? []) {
        if (!isLabelKey(e.key)) problems.push(`node affinity key ${JSON.stringify(e.key)}`);
        if (e.operator === "In" && !(Array.isArray(e.values) && e.values.length > 0)) problems.push(`node affinity ${e.key}: no values`);
        for (const v of e.values ?? []) if (!isLabelValue(v)) problems.push(`node affinity ${e.key} value ${JSON.stringify(v)}`);
      }
    }
    for (const t of pod.tolerations ?? []) {
      if (t.key && !isLabelKey(t.key)) problems.push(`toleration key ${JSON.stringify(t.key)}`);
      if (!t.key && t.operator !== "Exists") problems.push("toleration without a key must be Exists");
      if (t.operator === "Exists" ? t.value : !isLabelValue(t.value ?? "")) problems.push(`toleration value ${JSON.stringify(t.value)}`);
      if (t.effect && !["NoSchedule", "PreferNoSchedule", "NoExecute"].includes(t.effect)) problems.push(`toleration effect ${JSON.stringify(t.effect)}`);
    }
  }
  if (o.kind === "Job" && o.spec?.activeDeadlineSeconds !== undefined && !(Number.isInteger(o.spec.activeDeadlineSeconds) && o.spec.activeDeadlineSeconds >= 1)) problems.push(`Job activeDeadlineSeconds ${o.spec.activeDeadlineSeconds}`);
  if (o.kind === "PersistentVolumeClaim") {
    if (o.spec.storageClassName !== undefined && !isSubdomain(o.spec.storageClassName)) problems.push(`storageClassName ${JSON.stringify(o.spec.storageClassName)}`);
    quantity("claim storage", o.spec.resources?.requests?.storage, true);
  }
  if (o.kind === "Secret") {
    for (const k of Object.keys({ ...(o.stringData ?? {}), ...(o.data ?? {}) })) if (!(k.length <= 253 && SECRET_KEY.test(k))) problems.push(`Secret key ${JSON.stringify(k)}`);
  }
  if (o.kind === "Service") for (const p of o.spec.ports ?? []) port("Service targetPort", p.targetPort);
  if (o.kind === "Ingress") {
    const host = (where: string, h: unknown) => {
      const plain = typeof h === "string" && h.startsWith("*.") ? h.slice(2) : h;
      if (typeof h !== "string" || isIPv4(h) || h.length > 253 || !DNS_SUBDOMAIN.test(String(plain))) problems.push(`${where} ${JSON.stringify(h)}`);
    };
    if (o.spec.ingressClassName !== undefined && !isSubdomain(o.spec.ingressClassName)) problems.push(`ingressClassName ${JSON.stringify(o.spec.ingressClassName)}`);
    for (const t of o.spec.tls ?? []) {
      if (t.secretName && !isSubdomain(t.secretName)) problems.push(`TLS Secret ${JSON.stringify(t.secretName)}`);
      for (const h of t.hosts ?? []) host("TLS host", h);
    }
    for (const r of o.spec.rules ?? []) {
      if (r.host !== undefined) host("host", r.host);
      for (const p of r.http?.paths ?? []) {
        const path = String(p.path);
        if (!path.startsWith("/") || ["//", "/./", "/../", "%2f", "%2F"].some((x) => path.includes(x)) || path.endsWith("/.") || path.endsWith("/..")) problems.push(`Ingress path ${JSON.stringify(p.path)}`);
        port("Ingress backend", p.backend?.service?.port?.name ?? p.backend?.service?.port?.number);
      }
    }
  }
  if (o.kind === "NetworkPolicy") {
    labels("podSelector", o.spec.podSelector?.matchLabels);
    for (const rule of o.spec.ingress ?? []) {
      for (const from of rule.from ?? []) {
        labels("namespaceSelector", from.namespaceSelector?.matchLabels);
        labels("podSelector", from.podSelector?.matchLabels);
      }
      for (const p of rule.ports ?? []) port("NetworkPolicy", p.port);
    }
  }
  return problems;
}

/** Validates objects as the API server would: their kind's schema, then `apiServerProblems`. */
export function assertValidObjects(objects: readonly any[], what: string): void {
  for (const o of objects) {
    if (o.kind !== "ScaledObject") {
      const Model = MODELS[o.kind];
      if (!Model) throw new Error(`${what}: no schema for ${o.kind}`);
      try {
        new Model(o as never).validate();
      } catch (e) {
        throw new Error(`${what}: accepted, but the ${o.kind} breaks its schema: ${(e as Error).message}`);
      }
    }
    const problems = apiServerProblems(o);
    if (problems.length > 0) throw new Error(`${what}: accepted, but the API server would refuse ${o.kind}: ${problems.join("; ")}`);
  }
}

/**
 * Runs one input through the whole path. Throws (the property fails) on any exception other
 * than a spec error, and on an accepted spec whose objects Kubernetes would refuse.
 */
export function checkInput(input: { text?: string; format?: "yaml" | "json"; raw?: unknown }): Outcome {
  let raw = input.raw;
  try {
    if (input.text !== undefined) raw = parseSpecText(input.text, input.format);
  } catch (e) {
    if (e instanceof SpecError) return "rejected";
    throw e;
  }
  const refs = secretReferences(raw);
  const resolve = { secretNames: [...refs.env, ...(refs.basicAuth ? [refs.basicAuth] : []), ...refs.integrations], image: "ghcr.io/acme/from-ci:1", keda: true, registries: ["ghcr", "My-Example-GHCR"] };
  const c = checkDeployment({
    spec: raw,
    resolve,
    manifest: { instance: "fuzz", objectName: "fuzz", ingress: { host: "model.example.com" } },
  });
  if (!c.plan) {
    if (c.errors.length === 0) throw new Error("no plan and no error");
    return "rejected";
  }
  const objects = objectList(c.plan.objects).map((o) => fillPlaceholders(o, describePlaceholder));
  assertValidObjects(objects, "spec");
  // As the component names them: Pulumi autonames each object `<resource name>-<8 characters>`.
  const instance = typeof (raw as { name?: unknown }).name === "string" && /^[a-z]([-a-z0-9]{0,52}[a-z0-9])?$/.test((raw as { name: string }).name) ? (raw as { name: string }).name : "fuzz";
  const auto = checkDeployment({ spec: raw, resolve, manifest: { instance, ingress: { host: "model.example.com" } } });
  for (const e of auto.plan?.objects ?? []) {
    if (e.object.metadata.name !== undefined) continue;
    const limit = e.object.kind === "Service" || e.object.kind === "Job" ? 63 : 253;
    if (e.resourceName.length + 9 > limit) throw new Error(`the autonamed ${e.object.kind} ${e.resourceName}-xxxxxxxx is longer than ${limit} characters`);
  }
  const yaml = renderObjects(objects);
  if (yaml !== renderObjects(objects)) throw new Error("render is not deterministic");
  const expected = JSON.stringify(objects.map((o) => JSON.parse(JSON.stringify(o))).map(sortDeep));
  for (const version of ["1.1", "1.2"] as const) {
    const back = yaml.split(/^---\n/m).map((d) => sortDeep(parseYaml(d, { version })));
    if (JSON.stringify(back) !== expected) throw new Error(`a YAML ${version} reader reads the render back differently`);
  }
  return "accepted";
}

function sortDeep(v: any): any {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep(v[k])]));
  return v;
}

/** Values that have broken things before: nothing, the wrong kind, huge or odd numbers, tricky strings. */
const interesting = fc.oneof(
  fc.constantFrom(null, undefined, {}, [], [null], "", " ", true, 0, -1, 1.5, 65536, 32768, 2147483647, 2147483648, 1e300, Number.NaN),
  fc.constantFrom("yes", "no", "on", "off", "y", "1:30", "2001-12-14", "0o14", "0x1F", "~", ".inf", " nginx ", "ngi nx", "../../etc", "---", ".", "名前", "my_model", "Falcon", "secret:TOKEN", "secret:", "https://u:tok@huggingface.co/x/y"),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.dictionary(fc.constantFrom("path", "port", "name", "type", "value", "enabled", "metric"), fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -5, max: 70000 })), { maxKeys: 3 }),
);

/** Every path of a value, for picking one to change. */
function pathsOf(v: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = at.length > 0 ? [at] : [];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...pathsOf(x, [...at, i])));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push(...pathsOf(x, [...at, k]));
  return out;
}

function setAt(root: any, path: Array<string | number>, value: unknown, remove: boolean): void {
  let node = root;
  for (const p of path.slice(0, -1)) node = node?.[p];
  if (!node || typeof node !== "object") return;
  const last = path[path.length - 1];
  if (remove) delete node[last];
  else node[last] = value;
}

const FIELDS = ["name", "image", "enabled", "env", "command", "resources", "healthChecks", "integrations", "basicAuthKey", "containerRegistry", "region", "port", "instanceType"];

/** A spec from the corpus, changed in a few places (structure kept or broken). */
export const mutatedSpec = fc
  .record({
    base: fc.constantFrom(...corpus().map((e) => e.raw)),
    edits: fc.array(
      fc.record({ pick: fc.nat(), value: interesting, remove: fc.boolean(), field: fc.constantFrom(...FIELDS), deeper: fc.boolean() }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ base, edits }) => {
    const spec = structuredClone(base) as any;
    for (const e of edits) {
      const paths = pathsOf(spec);
      const path = e.deeper && paths.length > 0 ? paths[e.pick % paths.length] : [e.field];
      setAt(spec, path, structuredClone(e.value), e.remove && path.length > 1);
    }
    return spec;
  });

const TRICKY = ["yes", "no", "on", "off", "y", "1:30", "2001-12-14", "0o14", "0x1F", "~", "null", " x ", "a b", "../../etc", "---", ".", "名前", "my_model", "my-model", "Falcon", "falcon", "x".repeat(70), "-lead", "trail-"];

/** A valid spec changed in the ways real files differ: tricky names and values, huge numbers. */
export const nearValidSpec = fc
  .record({
    base: fc.constantFrom(...corpus().filter((e) => Object.keys(e.options).length === 0).map((e) => e.raw)),
    name: fc.oneof(fc.constant(undefined), fc.constantFrom("a".repeat(54), "llm-api", "no", "yes", "x1")),
    env: fc.array(fc.record({ name: fc.constantFrom(...TRICKY, "A.B", "_X"), value: fc.constantFrom(...TRICKY, "") }), { maxLength: 3 }),
    integrations: fc.array(
      fc.record({ type: fc.constantFrom("volume", "git-lfs", "s3"), name: fc.constantFrom(...TRICKY), path: fc.constantFrom(undefined, "/models", "/m/../x", "/a") }),
      { maxLength: 3 },
    ),
    probe: fc.record({ periodSeconds: fc.constantFrom(1, 10, 65536, 2147483647), failureThreshold: fc.constantFrom(1, 3, 32768, 2147483647), initialDelaySeconds: fc.constantFrom(0, 100, 2147483647), timeoutSeconds: fc.constantFrom(1, 5, 2147483647) }),
    image: fc.constantFrom("nginx:1.27", " nginx ", `ghcr.io/acme/m@sha256:${"a".repeat(64)}`, "ghcr.io/acme/m@sha256:abc", "ghcr.io/Acme/M:1", "a\tb"),
    replicas: fc.constantFrom(undefined, 0, 1, 3, 2147483647),
  })
  .map((g) => {
    const spec = structuredClone(g.base) as any;
    if (g.name !== undefined) spec.name = g.name;
    spec.image = g.image;
    if (g.env.length > 0) spec.env = g.env;
    if (g.integrations.length > 0) {
      spec.integrations = g.integrations.map((x) => ({
        type: x.type,
        name: x.name,
        ...(x.path ? { path: x.path } : {}),
        ...(x.type === "git-lfs" ? { url: "https://huggingface.co/org/model" } : x.type === "s3" ? { url: "s3://bucket/p/" } : {}),
      }));
    }
    spec.healthChecks = { startup: { path: "/startup", ...g.probe }, readiness: { path: "/ready" } };
    if (g.replicas !== undefined && spec.resources && typeof spec.resources === "object") spec.resources.replicas = g.replicas;
    return spec;
  });

/** A spec's text, changed character by character (YAML or JSON). */
export const mutatedText = fc
  .record({
    base: fc.constantFrom(...corpus().map((e) => e.raw)),
    format: fc.constantFrom("yaml" as const, "json" as const),
    cuts: fc.array(fc.record({ at: fc.nat(), drop: fc.nat({ max: 3 }), insert: fc.constantFrom("", "*a", "&a", "{", "[", "]", "}", ":", "\n", "  ", '"', ",", "- ", "null", "~", "{{{{") }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ base, format, cuts }) => {
    let text = format === "json" ? JSON.stringify(base, null, 2) : stringify(base);
    for (const c of cuts) {
      const at = c.at % (text.length + 1);
      text = text.slice(0, at) + c.insert + text.slice(at + c.drop);
    }
    return { text, format };
  });

/** Structural attacks: deep nesting, duplicate keys, alias bombs and dangling aliases. */
export const attackText = fc.oneof(
  fc.integer({ min: 1, max: 30000 }).map((n) => ({ text: `${"[".repeat(n)}${"]".repeat(n)}`, format: "json" as const })),
  fc.integer({ min: 1, max: 5000 }).map((n) => ({ text: `${"a:\n".repeat(1)}${"  ".repeat(Math.min(n, 200))}b: 1\n`, format: "yaml" as const })),
  fc.constantFrom(
    { text: '{"image":"a","image":"b","resources":{"machineType":"C4","ports":[80]}}', format: "json" as const },
    { text: "image: *x\nresources: {machineType: C4, ports: [80]}\n", format: "yaml" as const },
    { text: 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n', format: "yaml" as const },
  ),
);
