/**
 * The JSON Schema of spec files, for editors (`# yaml-language-server: $schema=...`). Generated from
 * the zod schema of the canonical spec (each field's description, default and range included),
 * then widened by the legacy spellings `normalizeSpec` accepts, narrowed by the cross-field rules
 * JSON Schema can state, and closed to unknown keys so that editors flag them (the parser drops them
 * with a warning). The committed copy (`schema/deployment-spec.schema.json`) is checked against this
 * in the tests, so it cannot drift.
 */
import * as z from "zod";
import { MACHINE_CATALOG } from "../machines";
import { API_VERSIONS } from "./normalize";
import { ENV_VAR_NAME, HTTP_HEADER_NAME } from "./rules";
import { deploymentSpecSchema } from "./schema";

type Json = Record<string, any>;

/** The schema's identifier: a name, not a URL (editors read the file the package ships; nothing is fetched). */
export const SCHEMA_ID = "urn:model-deployment:schema:deployment-spec";

const NUMERIC_STRING = { type: "string", pattern: "^\\s*[+-]?\\d+(\\.\\d+)?\\s*$" };
/** IANA_SVC_NAME: 1-15 of [-a-z0-9], a letter, no leading, trailing or double '-'. */
const PORT_NAME = { type: "string", pattern: "^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$" };

/** The spellings only spec files have (`normalizeSpec` maps them away), described for editors. */
const LEGACY_FIELDS = {
  apiVersion: "Selects Gradient's shape (`v0alpha0` legacy; `v0alpha1`, `v1`, `latest` modern); optional, v1 when left out.",
  $schema: "Editor metadata: this schema's address. Ignored.",
  port: "Legacy (v0alpha0): the container port, read as `resources.ports: [port]`.",
  healthchecks: "Lowercase spelling of `healthChecks`, read as it.",
  instanceType: "Legacy (v0alpha0) spelling of `resources.machineType`, read as it.",
};

/** The allowed range of a number field (or of a list's numbers), as a sentence. */
function rangeText(field: Json): string | undefined {
  const each = field.type === "array";
  const n: Json = each ? field.items ?? {} : field;
  if (n.type !== "integer" && n.type !== "number") return undefined;
  const kind = `${each ? "Each a" : "A"} ${n.type === "integer" ? "whole number" : "number"}`;
  if (n.minimum !== undefined && n.maximum !== undefined) return `${kind} from ${n.minimum} to ${n.maximum}.`;
  if (n.minimum !== undefined) return `${kind} of at least ${n.minimum}.`;
  return undefined;
}

/** Calls `visit` on every property schema under `node`, depth first. */
function forEachProperty(node: unknown, visit: (property: Json) => void): void {
  if (Array.isArray(node)) return node.forEach((n) => forEachProperty(n, visit));
  if (typeof node !== "object" || node === null) return;
  const props = (node as Json).properties;
  if (typeof props === "object" && props !== null) Object.values(props).forEach((p) => visit(p as Json));
  Object.values(node).forEach((n) => forEachProperty(n, visit));
}

/**
 * The JSON Schema of the canonical spec, as zod makes it: every field's description (completed with
 * its range) and default come from `.meta()` in `schema.ts`. `types.ts`'s TSDoc is generated from it.
 */
export function canonicalJsonSchema(): Json {
  const j = z.toJSONSchema(deploymentSpecSchema, { io: "input", unrepresentable: "any" }) as Json;
  forEachProperty(j, (p) => {
    const range = rangeText(p);
    if (range && typeof p.description === "string") p.description = `${p.description} ${range}`;
  });
  return j;
}

/** A number field that also takes the numeric strings the parser reads as numbers. */
const lenient = ({ description, default: byDefault, ...schema }: Json): Json => ({
  ...(description === undefined ? {} : { description }),
  ...(byDefault === undefined ? {} : { default: byDefault }),
  anyOf: [schema, NUMERIC_STRING],
});

/** The catalog's labels as completions; any other label is allowed (the `machineTypes` arg). */
const machineLabel = (description: string): Json => ({
  description,
  anyOf: [{ enum: [...MACHINE_CATALOG.keys()] }, { type: "string", minLength: 1 }],
});

export function specJsonSchema(): Json {
  const j = canonicalJsonSchema();
  const props = j.properties;
  const res = props.resources;

  // resources: catalog labels, legacy instanceType, scalar ports, numeric strings, unique ports.
  res.properties.machineType = machineLabel(res.properties.machineType.description);
  res.properties.instanceType = machineLabel(LEGACY_FIELDS.instanceType);
  const { description: portsDescription, ...ports } = res.properties.ports;
  ports.uniqueItems = true;
  ports.items = lenient(ports.items);
  res.properties.ports = { description: portsDescription, anyOf: [ports, ports.items] };
  res.properties.replicas = lenient(res.properties.replicas);
  res.required = [];
  res.anyOf = [{ required: ["machineType"] }, { required: ["instanceType"] }];

  const auto = res.properties.autoscaling;
  auto.properties.maxReplicas = lenient(auto.properties.maxReplicas);
  auto.anyOf = [{ properties: { enabled: { const: false } }, required: ["enabled"] }, { required: ["maxReplicas", "metrics"] }];
  const metric = auto.properties.metrics.items;
  metric.properties.value = lenient(metric.properties.value);
  metric.allOf = [
    {
      if: { properties: { metric: { enum: ["cpu", "memory"] } } },
      then: { properties: { value: { anyOf: [{ type: "integer", minimum: 1, maximum: 100 }, NUMERIC_STRING] } } },
    },
    {
      if: { properties: { metric: { const: "requestDuration" } } },
      then: { properties: { value: { anyOf: [{ type: "number", minimum: 0.01 }, NUMERIC_STRING] } } },
    },
  ];

  // Probes: exactly one of path and exec; an exec probe takes no port, host or headers.
  for (const kind of ["liveness", "readiness", "startup"]) {
    const probe = props.healthChecks.properties[kind];
    probe.properties.port = {
      description: probe.properties.port.description,
      anyOf: [{ type: "integer", minimum: 1, maximum: 65535 }, PORT_NAME, NUMERIC_STRING],
    };
    for (const f of ["initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold"]) {
      probe.properties[f] = lenient(probe.properties[f]);
    }
    probe.properties.headers.items.properties.name.pattern = HTTP_HEADER_NAME.source;
    probe.oneOf = [
      { required: ["path"] },
      { required: ["exec"], not: { anyOf: [{ required: ["port"] }, { required: ["host"] }, { required: ["headers"] }] } },
    ];
  }
  props.env.items.properties.name.pattern = ENV_VAR_NAME.source;

  // Top level: the shape selector, editor metadata, and legacy fields.
  props.apiVersion = { enum: [...API_VERSIONS], description: LEGACY_FIELDS.apiVersion };
  props.$schema = { type: "string", description: LEGACY_FIELDS.$schema };
  props.image = { description: props.image.description, anyOf: [{ type: "string" }, { type: "null" }] };
  props.port = { description: LEGACY_FIELDS.port, anyOf: [{ type: "integer", minimum: 1, maximum: 65535 }, NUMERIC_STRING] };
  props.healthchecks = { ...structuredClone(props.healthChecks), description: LEGACY_FIELDS.healthchecks };
  // A port comes from resources.ports, the legacy port, or the legacy default (80) of a legacy spec.
  j.anyOf = [
    { properties: { resources: { required: ["ports"] } } },
    { required: ["port"] },
    { properties: { apiVersion: { const: "v0alpha0" } }, required: ["apiVersion"] },
    { properties: { apiVersion: { not: { enum: ["v1", "v0alpha1"] } }, resources: { required: ["instanceType"] } } },
    { properties: { apiVersion: { not: { enum: ["v1", "v0alpha1"] } } }, required: ["models"] },
    { properties: { apiVersion: { not: { enum: ["v1", "v0alpha1"] } } }, required: ["repositories"] },
  ];
  closeObjects(j);
  return {
    $schema: j.$schema,
    $id: SCHEMA_ID,
    title: "Gradient deployment spec (model-deployment)",
    description: "A Paperspace Gradient deployment spec, as model-deployment reads it: every Gradient shape, legacy or modern.",
    ...Object.fromEntries(Object.entries(j).filter(([k]) => k !== "$schema")),
  };
}

/**
 * Unknown keys are flagged: every object without a rule for extra keys gets `additionalProperties:
 * false` (an integration keeps zod's open object, as the parser keeps its other keys).
 */
function closeObjects(node: unknown): void {
  if (typeof node !== "object" || node === null) return;
  const n = node as Json;
  if (n.type === "object" && n.properties && !("additionalProperties" in n)) n.additionalProperties = false;
  Object.values(n).forEach(closeObjects);
}
