/**
 * The health-check rules of the policy pack, as pure functions over any Deployment's or
 * StatefulSet's spec (ours or not): each returns the violations it finds, with the container, the
 * field and the fix. Fields left out are read as the API server defaults them. Pulumi-free.
 *
 * Each rule reads only the fields it needs: during `pulumi preview` a value not known yet (an image
 * built in the same update) makes Pulumi skip the policy that reads it, and only that one.
 */
import { GPU_MIN_STARTUP_SECONDS, MIN_PROGRESS_DEADLINE_SECONDS } from "../core/defaults";
import { parseImageRef } from "../core/imageRef";
import { failureWindowSeconds, probeTiming, readyBudgetSeconds, startupBudgetSeconds } from "../core/probes";
import type { ProbeTiming } from "../core/probes";

/** The rules, each a policy of the pack, by name. */
export const RULES = [
  "gpu-readiness-check",
  "gpu-startup-check",
  "liveness-not-stricter-than-readiness",
  "liveness-after-startup",
  "progress-deadline-covers-startup",
  "images-pinned",
  "gpu-requests-equal-limits",
] as const;
export type RuleName = (typeof RULES)[number];

/** The workload kinds the rules apply to. */
export type WorkloadKind = "Deployment" | "StatefulSet";

/** A quantity as written in a manifest (`"1"` or `1`). */
type Quantity = string | number;

/** The parts of a container the rules read; anything else is ignored. */
export interface WorkloadContainer {
  name?: string;
  image?: string;
  resources?: { requests?: Record<string, Quantity>; limits?: Record<string, Quantity> };
  startupProbe?: Partial<ProbeTiming>;
  readinessProbe?: Partial<ProbeTiming>;
  livenessProbe?: Partial<ProbeTiming>;
}

/** The parts of a Deployment's or StatefulSet's `spec` the rules read. */
export interface WorkloadSpec {
  progressDeadlineSeconds?: number;
  template?: { spec?: { containers?: WorkloadContainer[]; initContainers?: WorkloadContainer[] } };
}

/** Rule settings (the policies' config). */
export interface RuleConfig {
  /** `images-pinned`: only a digest pins an image (a tag can be moved). @default false */
  requireDigest?: boolean;
  /** `gpu-startup-check`: the shortest start a GPU container's probes must allow. @default 60 */
  minStartupSeconds?: number;
}

/** One broken rule: where, what, and how to fix it. */
export interface Violation {
  rule: RuleName;
  /** The container's name. */
  container: string;
  /** The field's path in the object, e.g. `spec.template.spec.containers[0].readinessProbe`. */
  field: string;
  problem: string;
  fix: string;
}

/** `spec.template.spec.containers[0].readinessProbe (container "model"): <problem>. Fix: <fix>.` */
export function formatViolation(v: Violation): string {
  return `${v.field} (container "${v.container}"): ${v.problem}. Fix: ${v.fix}.`;
}

/**
 * Whether a resource name is a GPU: the device plugins' names in Kubernetes' GPU scheduling guide
 * (https://kubernetes.io/docs/tasks/manage-gpus/scheduling-gpus/), and NVIDIA's MIG slices.
 */
export function isGpuResource(name: string): boolean {
  return name === "nvidia.com/gpu" || name === "amd.com/gpu" || name.startsWith("nvidia.com/mig-") || name.startsWith("gpu.intel.com/");
}

interface Located {
  c: WorkloadContainer;
  name: string;
  /** `spec.template.spec.containers[0]` */
  path: string;
}

function located(spec: WorkloadSpec | undefined, withInit: boolean): Located[] {
  const pod = spec?.template?.spec;
  const list = (field: "containers" | "initContainers") =>
    (pod?.[field] ?? []).map((c, i) => ({ c, name: c.name ?? `#${i}`, path: `spec.template.spec.${field}[${i}]` }));
  return withInit ? [...list("initContainers"), ...list("containers")] : list("containers");
}

const resourceNames = (c: WorkloadContainer) => [...Object.keys(c.resources?.requests ?? {}), ...Object.keys(c.resources?.limits ?? {})];
const isGpuContainer = (c: WorkloadContainer) => resourceNames(c).some(isGpuResource);

const timing = (p: Partial<ProbeTiming> | undefined) => (p ? probeTiming(p) : undefined);
const s = (n: number) => `${n} s`;

type Check = (kind: WorkloadKind, spec: WorkloadSpec | undefined, config: RuleConfig) => Omit<Violation, "rule">[];

const CHECKS: Record<RuleName, Check> = {
  /** The load balancer must not send requests to a GPU replica before its model answers. */
  "gpu-readiness-check": (_kind, spec) =>
    located(spec, false)
      .filter(({ c }) => isGpuContainer(c) && !c.readinessProbe)
      .map(({ name, path }) => ({
        container: name,
        field: `${path}.readinessProbe`,
        problem: "a GPU container has no readiness check, so it takes traffic before its model is loaded",
        fix: "add a readinessProbe that succeeds only once the model answers (in a Gradient spec: healthChecks.readiness)",
      })),

  /**
   * A GPU container states how long its model may take to load: a startup probe whose window
   * (initialDelaySeconds + periodSeconds x failureThreshold) is at least the minimum, or, without
   * one, a readiness initialDelaySeconds of at least the minimum.
   */
  "gpu-startup-check": (_kind, spec, config) => {
    const min = config.minStartupSeconds ?? GPU_MIN_STARTUP_SECONDS;
    return located(spec, false).flatMap(({ c, name, path }) => {
      if (!isGpuContainer(c)) return [];
      const startup = timing(c.startupProbe);
      if (startup) {
        const window = startupBudgetSeconds(startup);
        if (window >= min) return [];
        const threshold = Math.ceil((min - startup.initialDelaySeconds) / startup.periodSeconds);
        return [
          {
            container: name,
            field: `${path}.startupProbe.failureThreshold`,
            problem: `the startup probe allows a model load of ${s(window)} (initialDelaySeconds ${startup.initialDelaySeconds} + periodSeconds ${startup.periodSeconds} x failureThreshold ${startup.failureThreshold}), less than the ${s(min)} a GPU model needs before the container is restarted`,
            fix: `raise startupProbe.failureThreshold to ${threshold} or more (in a Gradient spec: healthChecks.startup.failureThreshold)`,
          },
        ];
      }
      const readinessDelay = timing(c.readinessProbe)?.initialDelaySeconds ?? 0;
      if (c.readinessProbe && readinessDelay >= min) return [];
      return [
        {
          container: name,
          field: `${path}.startupProbe`,
          problem: `a GPU container has no startup probe${c.readinessProbe ? ` and its readinessProbe.initialDelaySeconds (${readinessDelay}) is under ${s(min)}` : ""}, so nothing states how long its model may take to load`,
          fix: `add a startupProbe with initialDelaySeconds + periodSeconds x failureThreshold of at least ${min} (e.g. periodSeconds 10, failureThreshold ${Math.ceil(min / 10)}; in a Gradient spec: healthChecks.startup)`,
        },
      ];
    });
  },

  /**
   * Liveness restarts the container, readiness only takes it out of the load balancer: liveness
   * must tolerate at least what readiness tolerates, in failure window and in timeout.
   */
  "liveness-not-stricter-than-readiness": (_kind, spec) =>
    located(spec, false).flatMap(({ c, name, path }) => {
      const live = timing(c.livenessProbe);
      const ready = timing(c.readinessProbe);
      if (!live || !ready) return [];
      const out: Omit<Violation, "rule">[] = [];
      const [lw, rw] = [failureWindowSeconds(live), failureWindowSeconds(ready)];
      if (lw < rw) {
        out.push({
          container: name,
          field: `${path}.livenessProbe.failureThreshold`,
          problem: `liveness restarts the container after ${s(lw)} of failures (failureThreshold ${live.failureThreshold} x periodSeconds ${live.periodSeconds}), before readiness (${ready.failureThreshold} x ${ready.periodSeconds} = ${s(rw)}) would even take it out of the load balancer`,
          fix: `raise livenessProbe.failureThreshold to ${Math.ceil(rw / live.periodSeconds)} or more, or its periodSeconds (in a Gradient spec: healthChecks.liveness)`,
        });
      }
      if (live.timeoutSeconds < ready.timeoutSeconds) {
        out.push({
          container: name,
          field: `${path}.livenessProbe.timeoutSeconds`,
          problem: `liveness gives up on an answer after ${s(live.timeoutSeconds)}, readiness waits ${s(ready.timeoutSeconds)}: a busy replica answering in between is restarted while readiness counts it healthy`,
          fix: `set livenessProbe.timeoutSeconds to ${ready.timeoutSeconds} or more (in a Gradient spec: healthChecks.liveness.timeoutSeconds)`,
        });
      }
      return out;
    }),

  /**
   * The kubelet runs no liveness check before a startup probe succeeds
   * (https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/). Without
   * a startup probe, liveness starts at its own initialDelaySeconds after the container starts:
   * it must not start before readiness does, the delay that says when the app may answer.
   */
  "liveness-after-startup": (_kind, spec) =>
    located(spec, false).flatMap(({ c, name, path }) => {
      if (c.startupProbe) return [];
      const live = timing(c.livenessProbe);
      const ready = timing(c.readinessProbe);
      if (!live || !ready || live.initialDelaySeconds >= ready.initialDelaySeconds) return [];
      return [
        {
          container: name,
          field: `${path}.livenessProbe.initialDelaySeconds`,
          problem: `without a startup probe, liveness starts checking ${s(live.initialDelaySeconds)} after the container starts, before readiness (${s(ready.initialDelaySeconds)}): a slow start is restarted before it may answer`,
          fix: `add a startupProbe (liveness waits for it to succeed; in a Gradient spec: healthChecks.startup), or set livenessProbe.initialDelaySeconds to ${ready.initialDelaySeconds} or more`,
        },
      ];
    }),

  /**
   * A Deployment's rollout is declared failed after `progressDeadlineSeconds` (600 when absent)
   * without progress: it must cover the time the probes allow a pod to become ready. StatefulSets
   * have no such deadline.
   */
  "progress-deadline-covers-startup": (kind, spec) => {
    if (kind !== "Deployment") return [];
    const deadline = spec?.progressDeadlineSeconds ?? MIN_PROGRESS_DEADLINE_SECONDS;
    return located(spec, false).flatMap(({ c, name }) => {
      const startup = timing(c.startupProbe);
      const readiness = timing(c.readinessProbe);
      const liveness = timing(c.livenessProbe);
      const budget = readyBudgetSeconds({ ...(startup ? { startup } : {}), ...(readiness ? { readiness } : {}), ...(liveness ? { liveness } : {}) });
      if (deadline >= budget) return [];
      return [
        {
          container: name,
          field: "spec.progressDeadlineSeconds",
          problem: `the rollout is declared failed after ${s(deadline)}${spec?.progressDeadlineSeconds === undefined ? " (the default)" : ""}, but the probes allow this container ${s(budget)} to become ready (the last moment ${startup ? "the startup check" : "a start"} can still succeed, then the readiness checks)`,
          fix: `set spec.progressDeadlineSeconds to ${budget} or more, plus the time an image pull takes (ModelDeployment computes it from the probes)`,
        },
      ];
    });
  },

  /** An image is pinned by a digest, or by a tag other than `latest` (or only by a digest, with `requireDigest`). */
  "images-pinned": (_kind, spec, config) =>
    located(spec, true).flatMap(({ c, name, path }) => {
      const image = c.image;
      if (!image) return [];
      const ref = parseImageRef(image);
      if (ref.digest) return [];
      const field = `${path}.image`;
      const fixDigest = `name the image by digest (${ref.repository}@sha256:...; ModelDeployment's pinImageDigest does it)`;
      if (config.requireDigest) {
        return [{ container: name, field, problem: `"${image}" is not pinned by digest, which this stack requires (requireDigest): a tag can be moved to other content`, fix: fixDigest }];
      }
      if (ref.tag !== undefined && ref.tag !== "latest") return [];
      return [
        {
          container: name,
          field,
          problem: `"${image}" ${ref.tag ? "uses the tag latest" : "has no tag, which means latest"}: every node may pull other content, and a rollout cannot tell`,
          fix: `use a version tag (${ref.repository}:1.2.3) or ${fixDigest}`,
        },
      ];
    }),

  /**
   * GPUs cannot be overcommitted: a GPU request needs an equal limit; a limit alone is also the
   * request (https://kubernetes.io/docs/tasks/manage-gpus/scheduling-gpus/).
   */
  "gpu-requests-equal-limits": (_kind, spec) =>
    located(spec, true).flatMap(({ c, name, path }) => {
      const requests = c.resources?.requests ?? {};
      const limits = c.resources?.limits ?? {};
      return Object.keys(requests)
        .filter(isGpuResource)
        .flatMap((gpu) => {
          const [req, lim] = [requests[gpu], limits[gpu]];
          if (lim !== undefined && sameQuantity(req, lim)) return [];
          return [
            {
              container: name,
              field: `${path}.resources.limits["${gpu}"]`,
              problem:
                lim === undefined
                  ? `requests ${req} ${gpu} with no limit, which Kubernetes refuses (GPU requests must equal limits)`
                  : `requests ${req} ${gpu} but limits it to ${lim} (GPU requests must equal limits)`,
              fix: `set resources.limits["${gpu}"] to ${req}, or give only the limit (it is then the request too)`,
            },
          ];
        });
    }),
};

function sameQuantity(a: Quantity, b: Quantity): boolean {
  const [x, y] = [Number(a), Number(b)];
  return Number.isFinite(x) && Number.isFinite(y) ? x === y : String(a) === String(b);
}

/** The violations of one rule in a Deployment's or StatefulSet's `spec`. */
export function checkRule(rule: RuleName, kind: WorkloadKind, spec: WorkloadSpec | undefined, config: RuleConfig = {}): Violation[] {
  return CHECKS[rule](kind, spec, config).map((v) => ({ rule, ...v }));
}

/** The violations of every rule. */
export function checkWorkload(kind: WorkloadKind, spec: WorkloadSpec | undefined, config: RuleConfig = {}): Violation[] {
  return RULES.flatMap((rule) => checkRule(rule, kind, spec, config));
}
