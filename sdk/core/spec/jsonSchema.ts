/**
 * The JSON Schema of spec files, for editors (`# yaml-language-server: $schema=...`). Generated from
 * the zod schema of the canonical spec, then widened by the legacy spellings `normalizeSpec`
 * accepts, and narrowed by the cross-field rules JSON Schema can state. The committed copy
 * (`schema/deployment-spec.schema.json`) is checked against this in the tests, so it cannot drift.
 */
import * as z from "zod";
import { API_VERSIONS } from "./normalize";
import { ENV_VAR_NAME, HTTP_HEADER_NAME } from "./rules";
import { deploymentSpecSchema } from "./schema";

type Json = Record<string, any>;

/** Where the schema is published; editors fetch it from the installed package or this URL. */
export const SCHEMA_ID = "https://unpkg.com/model-deployment/schema/deployment-spec.schema.json";

const NUMERIC_STRING = { type: "string", pattern: "^\\s*[+-]?\\d+(\\.\\d+)?\\s*$" };
/** IANA_SVC_NAME: 1-15 of [-a-z0-9], a letter, no leading, trailing or double '-'. */
const PORT_NAME = { type: "string", pattern: "^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$" };

/** A number field that also takes the numeric strings the parser reads as numbers. */
const lenient = (schema: Json): Json => ({ anyOf: [schema, NUMERIC_STRING] });

export function specJsonSchema(): Json {
  const j = z.toJSONSchema(deploymentSpecSchema, { io: "input", unrepresentable: "any" }) as Json;
  const props = j.properties;
  const res = props.resources;

  // resources: legacy instanceType, scalar ports, numeric strings, unique ports.
  res.properties.ports.uniqueItems = true;
  res.properties.ports.items = lenient(res.properties.ports.items);
  res.properties.ports = { anyOf: [res.properties.ports, res.properties.ports.items] };
  res.properties.replicas = lenient(res.properties.replicas);
  res.properties.instanceType = { type: "string", minLength: 1, description: "Legacy spelling of machineType." };
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
    probe.properties.port = { anyOf: [{ type: "integer", minimum: 1, maximum: 65535 }, PORT_NAME, NUMERIC_STRING] };
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
  props.apiVersion = { enum: [...API_VERSIONS], description: "Selects Gradient's shape; optional (v1 when left out)." };
  props.$schema = { type: "string" };
  props.image = { anyOf: [{ type: "string" }, { type: "null" }], description: "The image; ':image' or empty when the program supplies it." };
  props.port = { anyOf: [{ type: "integer", minimum: 1, maximum: 65535 }, NUMERIC_STRING], description: "Legacy: resources.ports[0]." };
  props.healthchecks = { ...props.healthChecks, description: "Lowercase spelling of healthChecks." };
  // A port comes from resources.ports, the legacy port, or the legacy default (80) of a legacy spec.
  j.anyOf = [
    { properties: { resources: { required: ["ports"] } } },
    { required: ["port"] },
    { properties: { apiVersion: { const: "v0alpha0" } }, required: ["apiVersion"] },
    { properties: { apiVersion: { not: { enum: ["v1", "v0alpha1"] } }, resources: { required: ["instanceType"] } } },
    { properties: { apiVersion: { not: { enum: ["v1", "v0alpha1"] } } }, required: ["models"] },
    { properties: { apiVersion: { not: { enum: ["v1", "v0alpha1"] } } }, required: ["repositories"] },
  ];
  return {
    $schema: j.$schema,
    $id: SCHEMA_ID,
    title: "Gradient deployment spec (model-deployment)",
    description: "A Paperspace Gradient deployment spec, as model-deployment reads it: every Gradient shape, legacy or modern.",
    ...Object.fromEntries(Object.entries(j).filter(([k]) => k !== "$schema")),
  };
}
