/**
 * The one check pass: a spec and every option of the program (or CLI) in, every problem with its
 * path and every warning out, in one run; then the resolution and the object model, which cannot
 * fail. `validate`, `render`, `preview`, `diff` and the component all go through here. Pure.
 */
import { buildObjects, manifestOptionIssues, ManifestOptions, ObjectEntry } from "./objects";
import { policyIssues } from "./policyIssues";
import type { WorkloadOptions } from "./workload";
import { ResolveOptions, ResolvedDeployment, resolveDeployment } from "../core/resolve";
import { SpecError, SpecIssue, SpecWarning } from "../core/spec/issues";
import { PolicyConfig, policyConfigIssues, resolvePolicy } from "../policy/config";

/** Everything known about a deployment before anything is created. */
export interface DeploymentRequest {
  /** The spec, in any shape Gradient accepts. */
  spec: unknown;
  resolve: ResolveOptions;
  manifest: ManifestOptions;
  /** Problems the caller found in options only it knows (the component's args), reported with the rest. */
  issues?: readonly SpecIssue[];
  /** Warnings found before (a spec file's load warnings), reported with the rest. */
  warnings?: readonly SpecWarning[];
  /** What names the instance in messages: `name`, or `--name` in the CLI. */
  nameField?: string;
  /** Where the spec came from, for messages. */
  source?: string;
  /**
   * The policy pack's config: each rule's enforcement level and settings (the pack's defaults
   * when absent). Mandatory rules' violations are errors, advisory ones warnings.
   */
  policy?: PolicyConfig;
  /** What names the policy config in messages: `policyConfig`, or `--policy-config` in the CLI. */
  policyField?: string;
  /** Warnings are errors. */
  strict?: boolean;
}

/** A checked deployment: its resolution and every object, keyed by role. */
export interface DeploymentPlan {
  resolved: ResolvedDeployment;
  objects: ObjectEntry[];
  warnings: SpecWarning[];
  /** The workload's extras the objects were built with (the preview names them). */
  workload?: WorkloadOptions;
}

/** The outcome of the check pass: every error and warning, and the plan when there are no errors. */
export interface DeploymentCheck {
  errors: SpecIssue[];
  warnings: SpecWarning[];
  plan?: DeploymentPlan;
}

/** Checks everything at once; never throws for bad input. */
export function checkDeployment(request: DeploymentRequest): DeploymentCheck {
  const errors: SpecIssue[] = [];
  const warnings: SpecWarning[] = [...(request.warnings ?? [])];
  let resolved: ResolvedDeployment | undefined;
  try {
    resolved = resolveDeployment(request.spec, request.resolve);
    warnings.push(...resolved.warnings);
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    errors.push(...e.issues);
    warnings.push(...e.warnings);
  }
  errors.push(...manifestOptionIssues(request.manifest, request.nameField), ...(request.issues ?? []));
  const policyField = request.policyField ?? "policyConfig";
  const configIssues = policyConfigIssues(request.policy).map((i) => ({ path: i.path ? `${policyField}: ${i.path}` : policyField, message: i.message }));
  errors.push(...configIssues);
  if (resolved && errors.length === 0) {
    let objects: ObjectEntry[];
    try {
      objects = buildObjects(resolved, request.manifest);
    } catch (e) {
      // What only shows once the options meet the built objects (the workload's volumes and mounts).
      if (!(e instanceof SpecError)) throw e;
      return { errors: [...e.issues], warnings };
    }
    const rules = policyIssues(resolved, objects, resolvePolicy(request.policy));
    errors.push(...rules.errors);
    warnings.push(...rules.warnings);
    if (request.strict && warnings.length > 0) return strict(errors, warnings);
    if (errors.length === 0) return { errors, warnings, plan: { resolved, objects, warnings, ...(request.manifest.workload ? { workload: request.manifest.workload } : {}) } };
  }
  return request.strict ? strict(errors, warnings) : { errors, warnings };
}

/** `--strict`: every warning is an error too. */
function strict(errors: SpecIssue[], warnings: SpecWarning[]): DeploymentCheck {
  return { errors: [...errors, ...warnings.map((w) => ({ ...w, message: `${w.message} (a warning, an error with --strict)` }))], warnings: [] };
}

/** The plan of a deployment; throws one `SpecError` with every error (and the warnings). */
export function planDeployment(request: DeploymentRequest): DeploymentPlan {
  const c = checkDeployment(request);
  if (!c.plan) throw new SpecError(c.errors, request.source, undefined, c.warnings);
  return c.plan;
}
