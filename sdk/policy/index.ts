/**
 * `model-deployment/policy`: the health-check rules as Pulumi resource validation policies, for
 * every Kubernetes Deployment and StatefulSet of a stack (ours or not). Run them with
 * `pulumi preview --policy-pack policy-pack` (the repository's `policy-pack/` folder), or add them
 * to your own `PolicyPack`. Only types come from `@pulumi/policy` (an optional peer): loading this
 * module loads nothing of it.
 */
import type { EnforcementLevel, PolicyConfigSchema, ResourceValidationArgs, ResourceValidationPolicy, ReportViolation } from "@pulumi/policy";
import { GPU_MIN_STARTUP_SECONDS } from "../core/defaults";
import { DEFAULT_ENFORCEMENT } from "./config";
import { RULES, checkRule, formatViolation, type RuleConfig, type RuleName, type WorkloadKind, type WorkloadSpec } from "./rules";

export { RULES, checkRule, checkWorkload, formatViolation, isGpuResource } from "./rules";
export { DEFAULT_ENFORCEMENT, policyConfigIssues, resolvePolicy } from "./config";
export type { PolicyConfig, PolicyRuleConfig, ResolvedPolicy } from "./config";
export type { RuleName, RuleConfig, Violation, WorkloadKind, WorkloadSpec, WorkloadContainer } from "./rules";

/** The Pulumi resource types the policies check, and the kind each is. */
export const WORKLOAD_TYPES: Readonly<Record<string, WorkloadKind>> = {
  "kubernetes:apps/v1:Deployment": "Deployment",
  "kubernetes:apps/v1:StatefulSet": "StatefulSet",
};

const DESCRIPTIONS: Record<RuleName, string> = {
  "gpu-readiness-check": "Containers that request GPUs declare a readiness check.",
  "gpu-startup-check": `Containers that request GPUs declare how long their model may load: a startup probe (or, without one, a readiness initialDelaySeconds) of at least minStartupSeconds (${GPU_MIN_STARTUP_SECONDS} by default).`,
  "liveness-not-stricter-than-readiness": "Liveness tolerates at least what readiness does: its failureThreshold x periodSeconds and its timeoutSeconds are at least readiness's.",
  "liveness-after-startup": "Without a startup probe, liveness starts no earlier than readiness (initialDelaySeconds).",
  "progress-deadline-covers-startup": "A Deployment's progressDeadlineSeconds (600 when absent) covers the time its probes allow a pod to become ready.",
  "images-pinned": "Images are pinned: a tag other than latest, or a digest (only a digest with requireDigest).",
  "gpu-requests-equal-limits": "GPU requests equal GPU limits.",
};

/** Each rule's settings, as the policy's config schema (its defaults are the rule's). */
const CONFIG_SCHEMAS: Partial<Record<RuleName, PolicyConfigSchema>> = {
  "images-pinned": {
    properties: { requireDigest: { type: "boolean", default: false, description: "Only a digest pins an image (a tag can be moved)." } },
  },
  "gpu-startup-check": {
    properties: {
      minStartupSeconds: {
        type: "integer",
        minimum: 0,
        default: GPU_MIN_STARTUP_SECONDS,
        description: "The shortest start, in seconds, a GPU container's startup probe (or readiness delay) must allow.",
      },
    },
  },
};

/** Options of `healthPolicies`. */
export interface HealthPolicyOptions {
  /**
   * Each rule's enforcement level when the stack's policy config names none (a policy pack config
   * file, `pulumi preview --policy-pack-config`, overrides it). @default DEFAULT_ENFORCEMENT:
   * mandatory only where Kubernetes refuses the object or the rollout cannot succeed
   */
  enforcementLevels?: Partial<Record<RuleName, EnforcementLevel>>;
}

/** One rule as a policy: it checks Deployments and StatefulSets and reports each violation. */
function rulePolicy(rule: RuleName, enforcementLevel: EnforcementLevel): ResourceValidationPolicy {
  const configSchema = CONFIG_SCHEMAS[rule];
  return {
    name: rule,
    description: DESCRIPTIONS[rule],
    enforcementLevel,
    ...(configSchema ? { configSchema } : {}),
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      const kind = WORKLOAD_TYPES[args.type];
      if (!kind) return;
      const config = configSchema ? args.getConfig<RuleConfig>() : {};
      for (const v of checkRule(rule, kind, args.props.spec as WorkloadSpec | undefined, config)) reportViolation(formatViolation(v));
    },
  };
}

/** The pack's policies, one a rule, each at its default level (DEFAULT_ENFORCEMENT) unless `options` say otherwise. */
export function healthPolicies(options: HealthPolicyOptions = {}): ResourceValidationPolicy[] {
  return RULES.map((rule) => rulePolicy(rule, options.enforcementLevels?.[rule] ?? DEFAULT_ENFORCEMENT[rule]));
}
