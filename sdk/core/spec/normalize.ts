/**
 * Gradient spec files come in several shapes (legacy `v0alpha0`, modern `v1`, and the mixtures real
 * files contain). This maps each legacy spelling to the canonical modern form and says so in a
 * warning; it never drops a field silently. Values it does not recognise are left for the schema
 * to reject with a precise message.
 */
import * as z from "zod";
import { closeMatches } from "./closeMatches";
import { LEGACY_DEFAULT_PORT } from "../defaults";
import { SpecIssue, SpecWarning, describeValue, formatPath } from "./issues";
import { deploymentSpecSchema } from "./schema";
import { KUBERNETES_ONLY_PROBE_FIELDS, kubernetesOnlyProbeFieldMessage } from "./kubernetesProbeFields";

export const API_VERSIONS = ["v0alpha0", "v0alpha1", "v1", "latest"] as const;

/** The image value that asks the program (or the deploy-action) to supply the image. */
export const IMAGE_PLACEHOLDER = ":image";

export interface Normalized {
  /** The spec in canonical shape (still unvalidated), or undefined when it is not a mapping at all. */
  value: Record<string, unknown> | undefined;
  warnings: SpecWarning[];
  errors: SpecIssue[];
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const NUMERIC = /^\s*[+-]?\d+(\.\d+)?\s*$/;
/**
 * YAML 1.1's booleans (https://yaml.org/type/bool.html). YAML 1.1 readers (PyYAML; Go's yaml.v2,
 * and yaml.v3 when the field is a boolean) read `enabled: yes` as true; a YAML 1.2 reader (ours,
 * the pspace CLI's) reads a string, which the schema would refuse. Specs written for the legacy
 * tools, whose YAML the server read, may have them.
 */
const YAML11_BOOLEANS: Readonly<Record<string, boolean>> = Object.fromEntries([
  ..."y Y yes Yes YES on On ON true True TRUE".split(" ").map((w) => [w, true] as const),
  ..."n N no No NO off Off OFF false False FALSE".split(" ").map((w) => [w, false] as const),
]);

/** Map any accepted Gradient shape to the canonical one. Pure: the input is not modified. */
export function normalizeSpec(raw: unknown): Normalized {
  const warnings: SpecWarning[] = [];
  const errors: SpecIssue[] = [];
  const warn = (path: string, message: string) => warnings.push({ path, message });
  const fail = (path: string, message: string) => errors.push({ path, message });

  if (!isObj(raw)) {
    fail("", `must be a mapping of spec fields (got ${describeValue(raw)})`);
    return { value: undefined, warnings, errors };
  }
  let spec: Obj;
  try {
    spec = structuredClone(raw);
  } catch {
    fail("", "must be plain data (strings, numbers, booleans, lists and mappings)");
    return { value: undefined, warnings, errors };
  }

  if ("$schema" in spec) {
    delete spec.$schema;
    warn("$schema", "editor metadata; ignored (the pspace CLI strips it too)");
  }

  // apiVersion only selects a shape; the canonical form is always the modern (v1) one.
  const apiVersion = spec.apiVersion;
  delete spec.apiVersion;
  // A missing apiVersion is Gradient's documented default (v1) and not worth a warning: the
  // canonical form has none, and legacy fields say so on their own.
  if (apiVersion !== undefined && apiVersion !== null && !(API_VERSIONS as readonly unknown[]).includes(apiVersion)) {
    fail("apiVersion", `must be one of ${API_VERSIONS.join(", ")} (got ${describeValue(apiVersion)})`);
  }
  const modernVersion = apiVersion === "v1" || apiVersion === "v0alpha1";
  const legacyNote = modernVersion ? ` (apiVersion ${apiVersion} does not define it; accepted for compatibility)` : "";

  if (spec.resources === undefined && "port" in spec) spec.resources = {};
  const resources = isObj(spec.resources) ? spec.resources : undefined;
  // Gradient's legacy markers (top-level port, models, repositories, resources.instanceType):
  // without a modern apiVersion, the shape is decided by the fields present.
  const legacyMarkers =
    "port" in spec || "models" in spec || "repositories" in spec || (resources !== undefined && "instanceType" in resources);

  // healthchecks (lowercase) -> healthChecks
  if ("healthchecks" in spec) {
    if ("healthChecks" in spec) {
      fail("healthchecks", "give healthChecks or healthchecks, not both");
    } else {
      spec.healthChecks = spec.healthchecks;
      warn("healthchecks", "read as healthChecks");
    }
    delete spec.healthchecks;
  }

  // instanceType -> machineType
  if (resources && "instanceType" in resources) {
    const it = resources.instanceType;
    if ("machineType" in resources && resources.machineType !== it) {
      fail("resources.instanceType", `conflicts with resources.machineType (${describeValue(resources.machineType)} vs ${describeValue(it)}); give one`);
    } else {
      resources.machineType = it;
      warn("resources.instanceType", `legacy field, read as resources.machineType${legacyNote}`);
    }
    delete resources.instanceType;
  }

  // ports: a scalar or numeric strings -> a list of numbers
  if (resources && "ports" in resources && !Array.isArray(resources.ports) && resources.ports !== undefined) {
    const p = resources.ports;
    if (typeof p === "number" || (typeof p === "string" && NUMERIC.test(p))) {
      resources.ports = [p];
      warn("resources.ports", `a single port ${describeValue(p)}, read as the list [${String(p).trim()}]`);
    }
  }
  if (resources && Array.isArray(resources.ports)) {
    resources.ports = resources.ports.map((p, i) => coerceNumber(p, `resources.ports[${i}]`, warn));
  }

  // Legacy top-level port -> resources.ports
  if ("port" in spec) {
    const port = coerceNumber(spec.port, "port", warn);
    delete spec.port;
    if (resources) {
      const ports = resources.ports;
      if (ports === undefined) {
        resources.ports = [port];
        warn("port", `legacy field, read as resources.ports: [${describeValue(port)}]${legacyNote}`);
      } else if (Array.isArray(ports) && ports.length >= 1 && ports[0] === port) {
        warn("port", "legacy field, same as resources.ports[0]; ignored");
      } else {
        fail("port", `conflicts with resources.ports (${describeValue(port)} vs ${JSON.stringify(ports)}); give one`);
      }
    }
  } else if (resources && resources.ports === undefined && (apiVersion === "v0alpha0" || (!modernVersion && legacyMarkers))) {
    resources.ports = [LEGACY_DEFAULT_PORT];
    warn("resources.ports", `not set; a legacy spec defaults to port ${LEGACY_DEFAULT_PORT}`);
  }

  if (apiVersion === "v0alpha0") {
    for (const [key, path] of [["integrations", "integrations"], ["basicAuthKey", "basicAuthKey"]] as const) {
      if (key in spec) warn(path, "a v1 field in a v0alpha0 spec; accepted");
    }
  }
  for (const key of ["models", "repositories"] as const) {
    if (key in spec && modernVersion) warn(key, `legacy field${legacyNote}`);
  }

  // YAML 1.1 booleans where booleans belong (enabled: yes), read as YAML 1.1 readers read them.
  coerceBooleanField(spec, "enabled", "enabled", warn);
  if (resources && isObj(resources.autoscaling)) coerceBooleanField(resources.autoscaling, "enabled", "resources.autoscaling.enabled", warn);

  // Numeric strings where numbers belong (e.g. replicas: "2", periodSeconds: "10").
  if (resources) {
    coerceField(resources, "replicas", "resources.replicas", warn);
    const a = resources.autoscaling;
    if (isObj(a)) {
      coerceField(a, "maxReplicas", "resources.autoscaling.maxReplicas", warn);
      if (Array.isArray(a.metrics)) {
        a.metrics.forEach((m, i) => isObj(m) && coerceField(m, "value", `resources.autoscaling.metrics[${i}].value`, warn));
      }
    }
  }
  if (isObj(spec.healthChecks)) {
    for (const [kind, probe] of Object.entries(spec.healthChecks)) {
      if (!isObj(probe)) continue;
      for (const f of ["port", "initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold"]) {
        coerceField(probe, f, `healthChecks.${kind}.${f}`, warn);
      }
      // Kubernetes probe fields Gradient lacks: say what the kubelet would have done with them.
      for (const f of KUBERNETES_ONLY_PROBE_FIELDS) {
        if (!(f in probe)) continue;
        warn(`healthChecks.${kind}.${f}`, kubernetesOnlyProbeFieldMessage(kind, f, coerceNumber(probe[f], `healthChecks.${kind}.${f}`, () => undefined)));
        delete probe[f];
      }
    }
  }

  // Kubernetes refuses an image reference with white space at pod creation: trim what surrounds
  // it (a copy-paste slip), refuse what is inside.
  if (typeof spec.image === "string" && spec.image !== spec.image.trim()) {
    warn("image", "had white space around it, which Kubernetes refuses; it is trimmed");
    spec.image = spec.image.trim();
  }
  if (typeof spec.image === "string" && /\s/.test(spec.image)) fail("image", `must not contain white space (got ${JSON.stringify(spec.image)})`);

  // The deploy-action's image placeholder: the program supplies the image.
  if ("image" in spec && (spec.image === null || spec.image === "" || spec.image === IMAGE_PLACEHOLDER)) {
    warn("image", `${spec.image === IMAGE_PLACEHOLDER ? "the ':image' placeholder" : "empty"}; the program must supply the image`);
    delete spec.image;
  }

  // Everything else that is not a known field: warn (with a suggestion) and drop.
  dropUnknownKeys(deploymentSpecSchema, spec, [], warn);

  return { value: spec, warnings, errors };
}

function coerceNumber(value: unknown, path: string, warn: (p: string, m: string) => void): unknown {
  if (typeof value === "string" && NUMERIC.test(value)) {
    const n = Number(value);
    warn(path, `the string ${describeValue(value)} was read as the number ${n}`);
    return n;
  }
  return value;
}

function coerceBooleanField(obj: Obj, key: string, path: string, warn: (p: string, m: string) => void): void {
  const value = obj[key];
  if (typeof value !== "string" || !Object.prototype.hasOwnProperty.call(YAML11_BOOLEANS, value)) return;
  const b = YAML11_BOOLEANS[value];
  warn(path, `the string ${describeValue(value)} was read as the boolean ${b}, as YAML 1.1 readers read it (a YAML 1.2 reader keeps the string); write ${b}`);
  obj[key] = b;
}

function coerceField(obj: Obj, key: string, path: string, warn: (p: string, m: string) => void): void {
  if (key in obj) obj[key] = coerceNumber(obj[key], path, warn);
}

/** Removes keys the schema does not know, with a warning each (and a "did you mean" when close). */
function dropUnknownKeys(schema: z.ZodType, value: unknown, path: PropertyKey[], warn: (p: string, m: string) => void): void {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) {
    s = s.unwrap() as z.ZodType;
  }
  if (s instanceof z.ZodArray && Array.isArray(value)) {
    value.forEach((item, i) => dropUnknownKeys(s.element as z.ZodType, item, [...path, i], warn));
    return;
  }
  if (!(s instanceof z.ZodObject) || !isObj(value)) return;
  const shape = s.shape as Record<string, z.ZodType>;
  const loose = s._zod.def.catchall !== undefined;
  for (const key of Object.keys(value)) {
    if (key in shape) {
      dropUnknownKeys(shape[key], value[key], [...path, key], warn);
    } else if (!loose) {
      const hint = closeMatches(key, Object.keys(shape), 1)[0];
      warn(formatPath([...path, key]), `unknown field; ignored${hint ? ` (did you mean ${hint}?)` : ""}`);
      delete value[key];
    }
  }
}
