/**
 * Checks of the component's own arguments (what the spec cannot say: names, image sources,
 * registries), reported with the spec's problems in one error. Pure.
 */
import * as fs from "node:fs";
import type { ModelDeploymentArgs } from "./ModelDeploymentArgs";
import { SpecIssue, describeValue } from "../core/spec/issues";
import { DNS_LABEL, namespaceIssues } from "../core/spec/rules";
import { secretReferences } from "../core/spec/secretRefs";

/** An image repository without tag or digest, e.g. `ghcr.io/acme/llm`. */
const REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)+$|^[a-z0-9]+([._-][a-z0-9]+)*$/;

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
    if (typeof b.repository !== "string" || !REPOSITORY.test(b.repository)) {
      issues.push({ path: "build.repository", message: `must be an image repository without tag, e.g. ghcr.io/acme/llm (got ${describeValue(b.repository)})` });
    }
    if (!fs.existsSync(b.context) || !fs.statSync(b.context).isDirectory()) {
      issues.push({ path: "build.context", message: `no such directory: ${describeValue(b.context)}` });
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
    if (typeof r.server !== "string" || r.server === "" || r.server.includes("/")) {
      issues.push({ path: `registries.${key}.server`, message: `must be a registry host such as ghcr.io (got ${describeValue(r.server)})` });
    }
  }
  return issues;
}
