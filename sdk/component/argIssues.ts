/**
 * Checks of the component's own arguments (what the spec cannot say: names, image sources,
 * registries), reported with the spec's problems in one error. Pure.
 */
import * as pulumi from "@pulumi/pulumi";
import { IMAGE_ARG_RULES } from "./image";
import type { ModelDeploymentArgs } from "./ModelDeploymentArgs";
import { SpecIssue, describeValue } from "../core/spec/issues";
import { DNS_LABEL, namespaceIssues } from "../core/spec/rules";
import { secretReferences } from "../core/spec/secretRefs";

/** Whether a value is there now (not an Output or a Promise, which are checked once known). */
function known(value: unknown): boolean {
  return !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}

export function argIssues(args: ModelDeploymentArgs): SpecIssue[] {
  const issues: SpecIssue[] = [];
  if (typeof args.kubernetesName === "string" && !(args.kubernetesName.length <= 63 && DNS_LABEL.test(args.kubernetesName))) {
    issues.push({
      path: "kubernetesName",
      message: `must be a DNS label of at most 63 characters: lowercase letters, digits and '-', starting with a letter (got ${describeValue(args.kubernetesName)})`,
    });
  }
  const b = args.build;
  if (b) {
    if (args.image !== undefined) issues.push({ path: "build", message: "give image (a prebuilt reference) or build, not both" });
    // An Output is checked once known (image.ts), a plain value here.
    for (const [field, rule] of [["repository", IMAGE_ARG_RULES.repository], ["context", IMAGE_ARG_RULES.context]] as const) {
      const value = b[field];
      const issue = known(value) ? rule(value) : undefined;
      if (issue) issues.push(issue);
    }
    if (b.registry !== undefined && !(args.registries ?? {})[b.registry]) {
      issues.push({ path: "build.registry", message: `no registry named ${describeValue(b.registry)} in the registries arg` });
    }
  }
  if (typeof args.namespace === "string") issues.push(...namespaceIssues(args.namespace));
  // Values only known at `pulumi up` (Outputs) are checked then, by the component.
  const password = secretReferences(args.spec).basicAuth;
  for (const [key, value] of Object.entries(args.secrets ?? {})) {
    if (value === undefined || value === null) issues.push({ path: `secrets.${key}`, message: "has no value" });
    else if (key === password && value === "") issues.push({ path: `secrets.${key}`, message: "the protected endpoint's password (basicAuthKey) must not be empty" });
  }
  for (const [key, r] of Object.entries(args.registries ?? {})) {
    const issue = known(r.server) ? IMAGE_ARG_RULES.server(key, r.server) : undefined;
    if (issue) issues.push(issue);
  }
  return issues;
}
