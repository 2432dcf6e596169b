/**
 * The policy pack's settings: each rule's enforcement level and its settings, as a stack's policy
 * config gives them (`pulumi preview --policy-pack-config FILE`,
 * https://www.pulumi.com/docs/iac/using-pulumi/crossguard/configuration/). The CLI
 * (`--policy-config FILE`), the component (`policy`) and the pack read the same shape with the same
 * defaults, so `validate` reports what the pack would block as an error and what it advises as a
 * warning. Pure and Pulumi-free.
 */
import { RULES, type RuleConfig, type RuleName } from "./rules";

/** Pulumi's enforcement levels. `remediate` acts as `mandatory` here: these rules only validate. */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/**
 * Each rule's level when the config names none. Mandatory only where Kubernetes itself refuses
 * the object or the rollout cannot succeed; the rest advise, since Gradient accepts those specs
 * (its own health-check example has a 1 s liveness timeout beside a 5 s readiness one, and many
 * spec files use `:latest` or no health checks) and existing spec files must keep working.
 */
export const DEFAULT_ENFORCEMENT: Readonly<Record<RuleName, "advisory" | "mandatory">> = {
  "gpu-readiness-check": "advisory",
  "gpu-startup-check": "advisory",
  "liveness-not-stricter-than-readiness": "advisory",
  "liveness-after-startup": "advisory",
  "progress-deadline-covers-startup": "mandatory",
  "images-pinned": "advisory",
  "gpu-requests-equal-limits": "mandatory",
};

/** One rule's entry: a level, or an object with a level and the rule's settings. */
export type PolicyRuleConfig = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & RuleConfig);

/** The pack's config: an entry per rule (or `all`, for every rule's level), as a policy config file. */
export type PolicyConfig = Partial<Record<RuleName | "all", PolicyRuleConfig>>;

/** Each rule's level and settings, defaults applied. */
export type ResolvedPolicy = Record<RuleName, { level: "advisory" | "mandatory" | "disabled"; settings: RuleConfig }>;

/** The settings each rule takes, and their form. */
const SETTINGS: Partial<Record<RuleName, Record<string, (v: unknown) => string | undefined>>> = {
  "images-pinned": { requireDigest: (v) => (typeof v === "boolean" ? undefined : "must be true or false") },
  "gpu-startup-check": {
    minStartupSeconds: (v) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? undefined : "must be a whole number of seconds >= 0"),
  },
};

const show = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v) ?? String(v));

/**
 * Checks a config's form: unknown rules and settings, levels and values. Each problem names its
 * path in the config (`images-pinned.requireDigest: must be true or false (got "yes")`).
 */
export function policyConfigIssues(config: unknown): Array<{ path: string; message: string }> {
  if (config === undefined) return [];
  if (typeof config !== "object" || config === null || Array.isArray(config)) return [{ path: "", message: `must be an object of rule names (got ${show(config)})` }];
  const issues: Array<{ path: string; message: string }> = [];
  for (const [rule, entry] of Object.entries(config)) {
    if (rule !== "all" && !(RULES as readonly string[]).includes(rule)) {
      issues.push({ path: rule, message: `no such rule; the rules are ${RULES.join(", ")} (and all)` });
      continue;
    }
    if (typeof entry === "string") {
      if (!LEVELS.includes(entry as EnforcementLevel)) issues.push({ path: rule, message: `must be one of ${LEVELS.join(", ")} (got ${show(entry)})` });
      continue;
    }
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      issues.push({ path: rule, message: `must be an enforcement level or an object with enforcementLevel and settings (got ${show(entry)})` });
      continue;
    }
    for (const [key, value] of Object.entries(entry)) {
      if (key === "enforcementLevel") {
        if (!LEVELS.includes(value as EnforcementLevel)) issues.push({ path: `${rule}.enforcementLevel`, message: `must be one of ${LEVELS.join(", ")} (got ${show(value)})` });
        continue;
      }
      const check = rule === "all" ? undefined : SETTINGS[rule as RuleName]?.[key];
      if (!check) {
        const known = rule === "all" ? [] : Object.keys(SETTINGS[rule as RuleName] ?? {});
        issues.push({ path: `${rule}.${key}`, message: `no such setting${known.length ? `; ${rule} takes ${known.join(", ")}` : ` for ${rule}`}` });
        continue;
      }
      const problem = check(value);
      if (problem) issues.push({ path: `${rule}.${key}`, message: `${problem} (got ${show(value)})` });
    }
  }
  return issues;
}

/** Each rule's level and settings from a (valid) config: its entry, else `all`'s level, else the default. */
export function resolvePolicy(config: PolicyConfig = {}): ResolvedPolicy {
  const levelOf = (entry: PolicyRuleConfig | undefined) => (typeof entry === "string" ? entry : entry?.enforcementLevel);
  const out = {} as ResolvedPolicy;
  for (const rule of RULES) {
    const entry = config[rule];
    const level = levelOf(entry) ?? levelOf(config.all) ?? DEFAULT_ENFORCEMENT[rule];
    const { enforcementLevel: _level, ...settings } = typeof entry === "object" && entry !== null ? entry : {};
    out[rule] = { level: level === "remediate" ? "mandatory" : level, settings };
  }
  return out;
}
