/**
 * The policy pack's rules, run on the Deployment the check pass built, exactly as the pack runs
 * them on the object `pulumi preview` sends it: what the pack would block is an error here, what it
 * advises a warning, each at the spec field, argument or image that decides it, with the rule's
 * name. Values only known at deploy time (an image built or pinned by the program) are skipped, as
 * Pulumi skips a policy that reads an unknown value during a preview. Pure.
 */
import type { ResolvedDeployment } from "../core/resolve";
import type { SpecIssue, SpecWarning } from "../core/spec/issues";
import type { ResolvedPolicy } from "../policy/config";
import { RULES, checkRule, type Violation, type WorkloadSpec } from "../policy/rules";
import type { Deployment } from "./k8s";
import type { ObjectEntry } from "./objects";
import { hasPlaceholder } from "./placeholders";

const PROBE_FIELDS: Record<string, string> = { startupProbe: "startup", readinessProbe: "readiness", livenessProbe: "liveness" };

/** Where a violation is decided: a spec field, an argument, or else the object's own field. */
function specPathOf(v: Violation, r: ResolvedDeployment, pod: Deployment["spec"]["template"]["spec"]): string {
  if (v.field === "spec.progressDeadlineSeconds") return "progressDeadlineSeconds";
  const m = /^spec\.template\.spec\.(containers|initContainers)\[(\d+)\]\.(.*)$/.exec(v.field);
  if (!m) return v.field;
  const [, list, index, rest] = m;
  const container = pod[list as "containers" | "initContainers"]?.[Number(index)];
  if (container?.name === r.containerName && list === "containers") {
    const probe = /^(startupProbe|readinessProbe|livenessProbe)(\..*)?$/.exec(rest);
    if (probe) return `healthChecks.${PROBE_FIELDS[probe[1]]}${probe[2] ?? ""}`;
    if (rest === "image") return "image";
    if (rest.startsWith("resources.")) return "resources.machineType";
  }
  if (rest === "image") {
    const helper = (Object.entries(r.helperImages) as Array<[string, string]>).find(([, image]) => image === container?.image);
    if (helper) return `helperImages.${helper[0]}`;
  }
  return v.field;
}

/** The pack's rules on the Deployment: mandatory ones as errors, advisory ones as warnings. */
export function policyIssues(r: ResolvedDeployment, objects: readonly ObjectEntry[], policy: ResolvedPolicy): { errors: SpecIssue[]; warnings: SpecWarning[] } {
  const errors: SpecIssue[] = [];
  const warnings: SpecWarning[] = [];
  const deployment = objects.find((o) => o.role === "deployment")?.object as Deployment | undefined;
  if (!deployment) return { errors, warnings };
  const pod = deployment.spec.template.spec;
  // What a preview does not know yet is not judged (a built image, a digest looked up at deploy time).
  const known = {
    ...deployment.spec,
    template: {
      ...deployment.spec.template,
      spec: {
        ...pod,
        containers: pod.containers.map((c) => (hasPlaceholder(c.image) ? { ...c, image: undefined } : c)),
        ...(pod.initContainers ? { initContainers: pod.initContainers.map((c) => (hasPlaceholder(c.image) ? { ...c, image: undefined } : c)) } : {}),
      },
    },
  } as WorkloadSpec;
  for (const rule of RULES) {
    const { level, settings } = policy[rule];
    if (level === "disabled") continue;
    for (const v of checkRule(rule, "Deployment", known, settings)) {
      const issue = { path: specPathOf(v, r, pod), message: `${v.problem}. Fix: ${v.fix} (policy ${rule}, ${level})`, rule };
      (level === "mandatory" ? errors : warnings).push(issue);
    }
  }
  return { errors, warnings };
}
