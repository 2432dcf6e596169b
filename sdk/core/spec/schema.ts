/**
 * The zod schema of the canonical spec: every rule Gradient or the Kubernetes API would enforce,
 * checked at once so that all errors of a spec are reported together. Input is the output of
 * `normalizeSpec` (legacy spellings already mapped); output is a `DeploymentSpec`.
 */
import * as z from "zod";
import {
  ENV_VAR_NAME,
  HTTP_HEADER_NAME,
  INT32_MAX,
  PORT_NAME_RULE,
  isValidPortName,
  isValidPortNumber,
} from "./rules";
import { describeValue } from "./issues";

const isObject = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);

const int32 = (min: number) => z.number().int().min(min).max(INT32_MAX);

/** A container port number. */
const portNumber = z.number().int().min(1).max(65535);

/** A probe port: a number in 1-65535 or an IANA service name. */
const portReference = z.union([z.number(), z.string()]).superRefine((value, ctx) => {
  if (typeof value === "number" ? isValidPortNumber(value) : isValidPortName(value)) return;
  ctx.addIssue({
    code: "custom",
    message:
      typeof value === "number"
        ? `must be a port number from 1 to 65535 (got ${describeValue(value)})`
        : `must be a port number from 1 to 65535 or a port name; ${PORT_NAME_RULE} (got ${describeValue(value)})`,
  });
});

const nonEmpty = z.string().min(1);

const httpHeader = z.object({
  name: z.string().regex(HTTP_HEADER_NAME, {
    error: (iss) => `must be an HTTP header name: letters, digits and '-' only (got ${describeValue(iss.input)})`,
  }),
  value: z.string(),
});

const execAction = z.object({ command: z.array(z.string()).min(1) });

const healthCheck = z
  .object({
    path: nonEmpty.optional(),
    port: portReference.optional(),
    host: nonEmpty.optional(),
    headers: z.array(httpHeader).optional(),
    exec: execAction.optional(),
    initialDelaySeconds: int32(0).optional(),
    periodSeconds: int32(1).optional(),
    timeoutSeconds: int32(1).optional(),
    failureThreshold: int32(1).optional(),
  })
  .superRefine(
    (probe, ctx) => {
      // Refinements run even when the shape check failed: the value may be null or a scalar.
      if (!isObject(probe)) return;
      const hasPath = probe.path !== undefined;
      const hasExec = probe.exec !== undefined;
      if (hasPath && hasExec) {
        ctx.addIssue({ code: "custom", message: "give either path (an HTTP probe) or exec (a command probe), not both" });
      } else if (!hasPath && !hasExec) {
        ctx.addIssue({ code: "custom", message: "needs path (an HTTP probe) or exec (a command probe)" });
      } else if (hasExec) {
        for (const field of ["port", "host", "headers"] as const) {
          if (probe[field] !== undefined) {
            ctx.addIssue({ code: "custom", path: [field], message: "belongs to HTTP probes; an exec probe takes none" });
          }
        }
      }
    },
    { when: () => true },
  );

const autoscalingMetric = z
  .object({
    metric: z.enum(["cpu", "memory", "requestDuration"]),
    summary: z.enum(["average"]),
    value: z.number(),
  })
  .superRefine(
    (m, ctx) => {
      if (!isObject(m)) return;
      if (typeof m.value !== "number") return;
      if (m.metric === "requestDuration") {
        if (m.value < 0.01) {
          ctx.addIssue({ code: "custom", path: ["value"], message: `must be >= 0.01 seconds for requestDuration (got ${m.value})` });
        }
      } else if (m.metric === "cpu" || m.metric === "memory") {
        if (!Number.isInteger(m.value) || m.value < 1 || m.value > 100) {
          ctx.addIssue({
            code: "custom",
            path: ["value"],
            message: `must be a whole percentage from 1 to 100 for ${m.metric} (got ${m.value})`,
          });
        }
      }
    },
    { when: () => true },
  );

const autoscaling = z
  .object({
    enabled: z.boolean().optional(),
    maxReplicas: int32(1).optional(),
    metrics: z.array(autoscalingMetric).min(1).optional(),
  })
  .superRefine(
    (a, ctx) => {
      if (!isObject(a)) return;
      if (a.enabled === false) return;
      if (a.maxReplicas === undefined) ctx.addIssue({ code: "custom", path: ["maxReplicas"], message: "required when autoscaling is enabled" });
      if (a.metrics === undefined) ctx.addIssue({ code: "custom", path: ["metrics"], message: "required when autoscaling is enabled" });
    },
    { when: () => true },
  );

const resources = z.object({
  machineType: nonEmpty,
  ports: z.array(portNumber).min(1),
  replicas: int32(0).optional(),
  autoscaling: autoscaling.optional(),
});

const envVar = z.object({
  name: z.string().regex(ENV_VAR_NAME, {
    error: (iss) =>
      `must be an environment variable name: letters, digits, '_', '-' and '.', not starting with a digit (got ${describeValue(iss.input)})`,
  }),
  value: z.string(),
});

const integration = z.looseObject({
  type: nonEmpty,
  name: nonEmpty.optional(),
  path: nonEmpty.optional(),
});

const legacyModel = z.object({ id: nonEmpty, path: nonEmpty.optional() });

const legacyRepositories = z.object({
  dataset: nonEmpty,
  mountPath: nonEmpty.optional(),
  repositories: z.array(
    z.object({
      url: nonEmpty,
      name: nonEmpty,
      ref: nonEmpty.optional(),
      username: z.string().optional(),
      password: z.string().optional(),
    }),
  ),
});

/** The canonical spec schema. Unknown keys are removed by `normalizeSpec` (with a warning) first. */
export const deploymentSpecSchema = z
  .object({
    name: nonEmpty.optional(),
    image: nonEmpty.optional(),
    enabled: z.boolean().optional(),
    containerRegistry: nonEmpty.optional(),
    command: z.array(z.string()).min(1).optional(),
    env: z.array(envVar).optional(),
    region: z.string().optional(),
    basicAuthKey: nonEmpty.optional(),
    resources,
    healthChecks: z
      .object({ liveness: healthCheck.optional(), readiness: healthCheck.optional(), startup: healthCheck.optional() })
      .optional(),
    integrations: z.array(integration).optional(),
    models: z.array(legacyModel).optional(),
    repositories: legacyRepositories.optional(),
  })
  .superRefine(
    (spec, ctx) => {
      if (!isObject(spec)) return;
      // Cross-field rules; written defensively since other fields may have failed.
      const ports = Array.isArray(spec.resources?.ports) ? spec.resources.ports : [];
      const seen = new Set<number>();
      ports.forEach((p, i) => {
        if (seen.has(p)) ctx.addIssue({ code: "custom", path: ["resources", "ports", i], message: `duplicate port ${p}` });
        seen.add(p);
      });
      const a = spec.resources?.autoscaling;
      const floor = spec.resources?.replicas ?? 1;
      if (a && a.enabled !== false && typeof a.maxReplicas === "number" && a.maxReplicas < floor) {
        ctx.addIssue({
          code: "custom",
          path: ["resources", "autoscaling", "maxReplicas"],
          message: `must be >= resources.replicas (${floor}) (got ${a.maxReplicas})`,
        });
      }
    },
    { when: () => true },
  );
