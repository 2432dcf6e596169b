/**
 * Arguments that may be Outputs: a plain value is checked up front with every other problem; an
 * Output is checked by the same rule once known, and a broken rule fails the deployment with a
 * `ResourceError` naming the field.
 */
import * as pulumi from "@pulumi/pulumi";
import { SpecIssue, formatIssue } from "../core/spec/issues";

/** A value that is checked by `rule` once known; a plain one was checked up front. */
export function checkedInput<T>(value: pulumi.Input<T>, rule: (v: T) => SpecIssue | undefined, fail: (issue: SpecIssue) => never): pulumi.Input<T> {
  if (!pulumi.Output.isInstance(value) && !(value instanceof Promise)) return value;
  return pulumi.output(value).apply((v) => {
    const issue = rule(v as T);
    return issue ? fail(issue) : (v as T);
  });
}

/** A `fail` for `checkedInput`: a `ResourceError` on `resource`, e.g. "ModelDeployment llm: ingress.host: ...". */
export function failOn(resource: pulumi.Resource, what: string): (issue: SpecIssue) => never {
  return (issue) => {
    throw new pulumi.ResourceError(`${what}: ${formatIssue(issue)}`, resource);
  };
}
