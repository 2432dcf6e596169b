/**
 * Structured arguments (maps and lists such as `podAnnotations` or `volumes`) whose values may be
 * Outputs: the builders see them as plain data, each Output (or Promise) replaced by the
 * placeholder of its path; the component puts the Output back where the placeholder landed, and
 * checks its value once known by the rule a plain value is checked by up front.
 */
import * as pulumi from "@pulumi/pulumi";
import { formatPath } from "../core/spec/issues";
import { placeholder } from "../manifests/placeholders";

const deployTime = (v: unknown): boolean => pulumi.Output.isInstance(v) || v instanceof Promise;

/** The Outputs inside structured arguments, by path. */
export class DeployTimeInputs {
  private readonly values = new Map<string, pulumi.Input<unknown>>();

  /** `value` as plain data: every Output or Promise inside it replaced by the placeholder of its path. */
  plain<T>(value: T, segments: ReadonlyArray<string | number>): T {
    if (deployTime(value)) {
      const path = formatPath(segments);
      this.values.set(path, value as pulumi.Input<unknown>);
      return placeholder({ kind: "input", path }) as T;
    }
    if (Array.isArray(value)) return value.map((x, i) => this.plain(x, [...segments, i])) as T;
    if (value !== null && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, this.plain(x, [...segments, k])])) as T;
    }
    return value;
  }

  /** The Output given at `path`. */
  get(path: string): pulumi.Input<unknown> | undefined {
    return this.values.get(path);
  }
}
