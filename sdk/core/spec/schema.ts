/**
 * The zod schema of the canonical spec: every rule Gradient or the Kubernetes API would enforce,
 * checked at once so that all errors of a spec are reported together. Input is the output of
 * `normalizeSpec` (legacy spellings already mapped); output is a `DeploymentSpec`.
 *
 * It is also the one source of every field's documentation: its `.meta()` description and default
 * (read from `defaults.ts`) and its range become the JSON Schema for editors (`jsonSchema.ts`) and
 * the TSDoc of `types.ts` (`npm run schema`), from which Pulumi's analyzer makes the package schema.
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
import { imageReferenceProblem } from "../imageRef";
import { DEFAULT_ENABLED, DEFAULT_REPLICAS, INTEGRATION_DEFAULTS, LEGACY_REPOSITORIES_PATH, PROBE_DEFAULTS } from "../defaults";

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

/**
 * An image reference by the distribution grammar the kubelet parses it with (a reference it
 * refuses leaves the pod in InvalidImageName). White space is the normaliser's to report.
 */
const imageReference = nonEmpty.superRefine((value, ctx) => {
  if (/\s/.test(value)) return;
  const problem = imageReferenceProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: `${problem} (got ${describeValue(value)})` });
});

const httpHeader = z.object({
  name: z
    .string()
    .regex(HTTP_HEADER_NAME, {
      error: (iss) => `must be an HTTP header name: letters, digits and '-' only (got ${describeValue(iss.input)})`,
    })
    .meta({ description: "The header's name: letters, digits and '-'." }),
  value: z.string().meta({ description: "The header's value, sent as written." }),
});

const execAction = z.object({ command: z.array(z.string()).min(1).meta({ description: "The argv to run." }) });

const healthCheck = z
  .object({
    path: nonEmpty.optional().meta({ description: "The HTTP path to GET; a status of 200-399 is success." }),
    port: portReference.optional().meta({
      description:
        "The port to probe: a number, or the name of a container port (`http` for the first port, `http-<port>` for the others). The deployment's first port when left out.",
    }),
    host: nonEmpty.optional().meta({ description: "The Host to connect to; the pod IP when left out." }),
    headers: z.array(httpHeader).optional().meta({ description: "Extra request headers." }),
    exec: execAction.optional().meta({ description: "A command run in the container; exit code 0 is success. Give `path` or `exec`, not both." }),
    initialDelaySeconds: int32(0)
      .optional()
      .meta({ description: "Seconds after the container starts before the first check.", default: PROBE_DEFAULTS.initialDelaySeconds }),
    periodSeconds: int32(1).optional().meta({ description: "Seconds between checks.", default: PROBE_DEFAULTS.periodSeconds }),
    timeoutSeconds: int32(1).optional().meta({ description: "Seconds a check may take.", default: PROBE_DEFAULTS.timeoutSeconds }),
    failureThreshold: int32(1).optional().meta({ description: "Failures in a row that count as failed.", default: PROBE_DEFAULTS.failureThreshold }),
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
    metric: z.enum(["cpu", "memory", "requestDuration"]).meta({ description: "What to measure: `cpu`, `memory` or `requestDuration`." }),
    summary: z.enum(["average"]).meta({ description: "How the metric is summarised: always `average`, the only summary Gradient has." }),
    value: z.number().meta({
      description:
        "The target: percent (1-100) of the container's requests for cpu and memory; seconds (>= 0.01) of average request duration for requestDuration.",
    }),
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
    enabled: z
      .boolean()
      .optional()
      .meta({
        description: "`false` turns autoscaling off: `replicas` is then fixed, and `maxReplicas` and `metrics` may be left out.",
        default: DEFAULT_ENABLED,
      }),
    maxReplicas: int32(1).optional().meta({ description: "The upper bound; `resources.replicas` is the lower one. Required when enabled." }),
    metrics: z.array(autoscalingMetric).min(1).optional().meta({ description: "The metrics to scale on. Required when enabled." }),
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
  machineType: nonEmpty.meta({
    description:
      "A Gradient machine label such as `A100-80G` or `C5` (or one from the `machineTypes` arg). It sets the container's CPU, memory and GPU requests and limits, and the nodes its pods may use.",
  }),
  ports: z.array(portNumber).min(1).meta({ description: "Container ports; the first is the endpoint's port and the probes' default port." }),
  replicas: int32(0)
    .optional()
    .meta({ description: "The fixed replica count, and the autoscaler's minimum (then at least 1) when autoscaling.", default: DEFAULT_REPLICAS }),
  autoscaling: autoscaling.optional().meta({
    description:
      "Horizontal autoscaling: an HPA for `cpu`/`memory`, or a KEDA `ScaledObject` when `requestDuration` is used (needs the `keda` arg, `--keda` in the CLI).",
  }),
});

const envVar = z.object({
  name: z
    .string()
    .regex(ENV_VAR_NAME, {
      error: (iss) =>
        `must be an environment variable name: letters, digits, '_', '-' and '.', not starting with a digit (got ${describeValue(iss.input)})`,
    })
    .meta({ description: "The variable's name: letters, digits, '_', '-' and '.', not starting with a digit." }),
  value: z.string().meta({
    description:
      "A plain value, or `secret:NAME`: read from a Secret key NAME, whose value comes from the `secrets` arg or from the existing Secret named by `secretName` (`--secret-name` in the CLI).",
  }),
});

/** A string field of an integration, checked by `core/integrations.ts` with messages that name the type. */
const integrationString = (description: string) => z.custom<string>().optional().meta({ description, type: "string" });

// Loose: `core/integrations.ts` checks each type's fields, with messages of its own.
const integration = z.looseObject({
  type: nonEmpty.meta({
    description:
      "`git-lfs` (a Hugging Face or other https git repository), `s3` or `spaces` (a bucket), or `volume` (an empty PersistentVolumeClaim). `model` is refused: that registry is Paperspace's.",
  }),
  name: nonEmpty.optional().meta({ description: "Required and unique; the content lands in `<path>/<name>`." }),
  path: nonEmpty.optional().meta({ description: "The directory the content lands under (as `<path>/<name>`).", default: INTEGRATION_DEFAULTS.path }),
  url: integrationString("`git-lfs`: the https repository URL; `s3` and `spaces`: the bucket as `s3://<bucket>/<prefix>`."),
  endpoint: integrationString("`s3` and `spaces`: the S3 endpoint URL (required for `spaces`, e.g. https://nyc3.digitaloceanspaces.com)."),
  region: integrationString("`s3`: the bucket's region."),
  accessKeyId: integrationString("`s3` and `spaces`: the access key id (`secret:NAME`); `git-lfs`: the git user name."),
  secretAccessKey: integrationString("`s3` and `spaces`: the secret access key; `git-lfs`: the token. Write `secret:NAME`."),
});

const legacyModel = z.object({
  id: nonEmpty.meta({ description: "The Paperspace model id." }),
  path: nonEmpty.optional().meta({ description: "Where Gradient mounted it." }),
});

const legacyRepositories = z.object({
  dataset: nonEmpty.meta({ description: "The Gradient dataset the clones went into; required, but not used here." }),
  mountPath: nonEmpty.optional().meta({ description: "The directory the clones land under.", default: LEGACY_REPOSITORIES_PATH }),
  repositories: z
    .array(
      z.object({
        url: nonEmpty.meta({ description: "The repository's https URL." }),
        name: nonEmpty.meta({ description: "The clone's directory under `mountPath`." }),
        ref: nonEmpty.optional().meta({ description: "A branch or tag to check out (a shallow clone); the default branch when left out." }),
        username: z.string().optional().meta({ description: "The git user name, for a private repository." }),
        password: z.string().optional().meta({ description: "`secret:NAME` with its value in the `secrets` arg; plain text works, with a warning." }),
      }),
    )
    .meta({ description: "The repositories to clone." }),
});

/** The canonical spec schema. Unknown keys are removed by `normalizeSpec` (with a warning) first. */
export const deploymentSpecSchema = z
  .object({
    name: nonEmpty.optional().meta({ description: "The deployment's name (Gradient: unique in the project). The CLI names objects after it." }),
    image: imageReference.optional().meta({
      description:
        "The container image reference. Leave it out (or write the deploy-action's `:image` placeholder) when the program supplies the image, e.g. the tag CI just built.",
    }),
    enabled: z
      .boolean()
      .optional()
      .meta({
        description: "`false` stops the deployment: it is scaled to zero replicas with no autoscaler, and its other objects are kept.",
        default: DEFAULT_ENABLED,
      }),
    containerRegistry: nonEmpty.optional().meta({
      description:
        "The private registry to pull `image` from, by its name in the program's `registries` arg (a name missing there is an error). The component turns that login into the pods' image pull Secret; the CLI renders the Secret with a placeholder login.",
    }),
    command: z.array(z.string()).min(1).optional().meta({ description: "The argv run at start-up, replacing the image's entrypoint and command." }),
    env: z.array(envVar).optional().meta({ description: "Environment variables of the container, in order." }),
    region: z.string().optional().meta({ description: "Gradient's undocumented region / cluster id; it has no meaning on Kubernetes and is ignored." }),
    basicAuthKey: nonEmpty.optional().meta({
      description:
        "The password of a protected endpoint: an auth-proxy sidecar makes the Service require HTTP Basic auth (user `paperspace`). Write `secret:NAME` and provide the value in the `secrets` arg; a plain-text password works, with a warning. Probes bypass the proxy.",
    }),
    resources: resources.meta({ description: "Compute, ports, replicas and autoscaling." }),
    healthChecks: z
      .object({
        liveness: healthCheck.optional().meta({ description: "Restarts the container when it fails." }),
        readiness: healthCheck.optional().meta({ description: "Takes the replica out of the Service's endpoints while it fails." }),
        startup: healthCheck.optional().meta({ description: "Gates liveness and readiness until it succeeds; restarts the container when it fails." }),
      })
      .optional()
      .meta({ description: "Liveness, readiness and startup probes." }),
    integrations: z.array(integration).optional().meta({
      description:
        "Model files and volumes, in the container at `<path>/<name>` before the app starts: `git-lfs` repositories and `s3`/`spaces` buckets are downloaded, `volume`s are PersistentVolumeClaims.",
    }),
    models: z.array(legacyModel).optional().meta({
      description:
        "Legacy Gradient model-registry mounts: refused, since that registry exists only on Paperspace; the error suggests an `s3`/`spaces` bucket or a `git-lfs` repository.",
    }),
    repositories: legacyRepositories.optional().meta({
      description: "Legacy git repositories: each is cloned (shallow, without LFS files) into `<mountPath>/<name>` before the app starts, like a `git-lfs` integration.",
    }),
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
