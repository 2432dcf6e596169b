/**
 * Checks of the component's own arguments (what the spec cannot say: names, image sources,
 * registries, node placement), reported with the spec's problems in one error. Pure. The
 * arguments the resolution and the manifests take (image, secretName, ingress, keda,
 * integrations, pod options, ...) are checked there, by the same rules as the CLI's flags.
 */
import * as pulumi from "@pulumi/pulumi";
import { IMAGE_ARG_RULES } from "./image";
import type { ModelDeploymentArgs } from "./ModelDeploymentArgs";
import { SpecIssue, describeValue, redactCredentials } from "../core/spec/issues";
import { DNS_LABEL, labelIssues, namespaceIssues, objectNameIssue, tolerationIssues } from "../core/spec/rules";
import { imageReferenceProblem, imageTagProblem, registryHostProblem } from "../core/imageRef";
import { secretReferences } from "../core/spec/secretRefs";
import { ingressHostIssue, tlsSecretIssue } from "../manifests/objects";
import type { ArgPath } from "../manifests/placeholders";
import { WORKLOAD_FIELDS } from "../manifests/workload";

/** Whether a value is there now (not an Output or a Promise, which are checked once known). */
function known(value: unknown): boolean {
  return !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}

/** `kubernetesName`: the Deployment's and the Service's name, so a DNS-1035 label of at most 63 characters. */
function kubernetesNameIssue(value: unknown): SpecIssue | undefined {
  if (typeof value === "string" && value.length <= 63 && DNS_LABEL.test(value)) return undefined;
  return {
    path: "kubernetesName",
    message: `must be a DNS label of at most 63 characters: lowercase letters, digits and '-', starting with a letter (got ${describeValue(value)})`,
  };
}

/**
 * The rule of each string argument that may be an Output, by its path: a plain value is checked
 * in the check pass (by the resolution, the manifests or `argIssues`), and an Output should be
 * checked by the same rule once known (the component's deploy-time checks).
 */
export const ARG_RULES: Partial<Record<ArgPath, (value: string) => SpecIssue | undefined>> = {
  image: (v) => {
    const problem = imageReferenceProblem(v);
    return problem ? { path: "image", message: `${problem} (got ${describeValue(v)})` } : undefined;
  },
  namespace: (v) => namespaceIssues(v)[0],
  kubernetesName: kubernetesNameIssue,
  secretName: (v) => objectNameIssue("secretName", v, "Secret"),
  "ingress.host": ingressHostIssue,
  // Once known, "" can no longer leave the class out (the Ingress already names one): a name is required.
  "ingress.className": (v) => objectNameIssue("ingress.className", v, "IngressClass"),
  "ingress.tlsSecretName": tlsSecretIssue,
};

/** Build platforms as BuildKit names them: `os/arch[/variant]`. */
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;
/** A build argument's name: a Dockerfile `ARG` name (no `=`, no white space). */
const BUILD_ARG_NAME = /^[^\s=]+$/;

export function argIssues(args: ModelDeploymentArgs): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const add = (issue: SpecIssue | undefined) => issue && issues.push(issue);
  if (args.kubernetesName !== undefined && known(args.kubernetesName)) add(kubernetesNameIssue(args.kubernetesName));
  const b = args.build;
  if (b) {
    if (args.image !== undefined) issues.push({ path: "build", message: "give image (a prebuilt reference) or build, not both" });
    // An Output is checked once known (image.ts), a plain value here.
    for (const [field, rule] of [["repository", IMAGE_ARG_RULES.repository], ["context", IMAGE_ARG_RULES.context]] as const) {
      const value = b[field];
      add(known(value) ? rule(value) : undefined);
    }
    if (b.tag !== undefined && known(b.tag)) {
      const problem = typeof b.tag === "string" ? imageTagProblem(b.tag) : "must be an image tag";
      if (problem) issues.push({ path: "build.tag", message: `${problem} (got ${describeValue(b.tag)})` });
    }
    if (b.platforms !== undefined) {
      if (!Array.isArray(b.platforms) || b.platforms.length === 0) issues.push({ path: "build.platforms", message: `must be a list of platforms such as linux/amd64 (got ${describeValue(b.platforms)})` });
      else {
        b.platforms.forEach((p, i) => {
          if (!(typeof p === "string" && PLATFORM.test(p))) issues.push({ path: `build.platforms[${i}]`, message: `must be a platform os/arch[/variant], e.g. linux/amd64 (got ${describeValue(p)})` });
        });
      }
    }
    if (b.buildArgs !== undefined) {
      if (typeof b.buildArgs !== "object" || b.buildArgs === null || Array.isArray(b.buildArgs)) {
        issues.push({ path: "build.buildArgs", message: `must be a mapping of build argument names to values (got ${describeValue(b.buildArgs)})` });
      } else {
        for (const [key, value] of Object.entries(b.buildArgs)) {
          if (!BUILD_ARG_NAME.test(key)) issues.push({ path: "build.buildArgs", message: `${describeValue(key)} is not a build argument name: a Dockerfile ARG name, without '=' or white space` });
          if (value !== undefined && known(value) && typeof value !== "string") issues.push({ path: `build.buildArgs.${key}`, message: `must be a string (got ${describeValue(value)})` });
        }
      }
    }
    if (b.registry !== undefined && !(args.registries ?? {})[b.registry]) {
      issues.push({ path: "build.registry", message: `no registry named ${describeValue(b.registry)} in the registries arg` });
    }
  }
  if (args.namespace !== undefined && known(args.namespace)) issues.push(...namespaceIssues(args.namespace));
  // The workload's maps and lists shape the objects: plain, with Outputs as their values.
  const structured: Array<[string, unknown]> = [
    ...WORKLOAD_FIELDS.filter((f) => f !== "serviceAccountName" && f !== "imagePullPolicy").map((f): [string, unknown] => [f, args[f]]),
    ["ingress.annotations", args.ingress?.annotations],
  ];
  for (const [path, value] of structured) {
    if (value !== undefined && !known(value)) issues.push({ path, message: "must be plain data, not an Output: its keys and items decide the objects; give Outputs as its values" });
  }
  // Switches that decide what exists: a string "false" would turn them on.
  for (const [path, value] of [["pinImageDigest", args.pinImageDigest], ["keda.enabled", args.keda?.enabled]] as const) {
    if (value !== undefined && typeof value !== "boolean") issues.push({ path, message: `must be true or false (got ${describeValue(value)})` });
  }
  // Values only known at `pulumi up` (Outputs) are checked then, by the component.
  const password = secretReferences(args.spec).basicAuth;
  for (const [key, value] of Object.entries(args.secrets ?? {})) {
    // Never the value in a message: it is a credential.
    if (value === undefined || value === null) issues.push({ path: `secrets.${key}`, message: "has no value" });
    else if (known(value) && typeof value !== "string") issues.push({ path: `secrets.${key}`, message: "must be a string (the value is not shown: it is a credential)" });
    else if (key === password && value === "") issues.push({ path: `secrets.${key}`, message: "the protected endpoint's password (basicAuthKey) must not be empty" });
  }
  for (const [key, r] of Object.entries(args.registries ?? {})) {
    if (typeof r !== "object" || r === null) {
      issues.push({ path: `registries.${key}`, message: `must be a mapping with server, username and password (got ${describeValue(r)})` });
      continue;
    }
    if (!known(r.server)) continue;
    const issue = IMAGE_ARG_RULES.server(key, r.server);
    const problem = issue === undefined && typeof r.server === "string" ? registryHostProblem(r.server) : undefined;
    add(issue ?? (problem ? { path: `registries.${key}.server`, message: `${problem} (got ${describeValue(r.server)})` } : undefined));
  }
  // Where the pods must run, given as data: node labels and tolerations become the pods' node
  // affinity and tolerations.
  const pool = args.nodePool as { placement?: { nodeLabels?: unknown; tolerations?: unknown } } | undefined;
  if (pool && typeof pool === "object" && pool.placement !== undefined) {
    issues.push(...labelIssues(pool.placement.nodeLabels, "nodePool.placement.nodeLabels"), ...tolerationIssues(pool.placement.tolerations, "nodePool.placement.tolerations"));
  }
  // dedicatedNodePool.existing's labels and tolerations: the pool's own plan checks them (existingPlan.ts).
  return redactCredentials(issues);
}
