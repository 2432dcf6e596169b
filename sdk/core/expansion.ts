/**
 * `$(VAR)` in an exec check's command, expanded as the kubelet expands it before running the
 * check (`ExpandContainerCommandOnlyStatic` in pkg/kubelet/container/helpers.go, with the syntax
 * of third_party/forked/golang/expansion): `$(NAME)` takes NAME's value from the container's
 * `env` list, `$$` is a literal `$`, and a name the list lacks stays as written. The list maps
 * every entry to its literal `value`, so an entry that takes its value from a Secret
 * (`valueFrom`) expands to the empty string, never to the secret.
 */

import { PROBE_KINDS, type ResolvedProbes } from "./probes";
import type { SpecWarning } from "./spec/issues";

/** What the kubelet's map holds for each env entry: the literal value, or "" for a `valueFrom`. */
export type StaticEnv = ReadonlyArray<{ name: string; value?: string }>;

/** One reference found while expanding: its name and what it became. */
export interface ExpansionRef {
  name: string;
  /** `value`: a literal env value; `empty`: a `valueFrom` entry (""); `unknown`: kept as written. */
  source: "value" | "empty" | "unknown";
}

/** Expands one string; `refs` collects the references met. */
export function expandString(input: string, env: StaticEnv, refs: ExpansionRef[] = []): string {
  const values = new Map<string, { value?: string }>();
  for (const e of env) values.set(e.name, e); // a later entry wins, as in a Go map
  let out = "";
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== "$" || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    let advance = 1;
    if (next === "$") {
      out += "$";
    } else if (next === "(") {
      const close = input.indexOf(")", cursor + 2);
      if (close === -1) {
        out += "$(";
      } else {
        const name = input.slice(cursor + 2, close);
        const entry = values.get(name);
        refs.push({ name, source: entry === undefined ? "unknown" : entry.value === undefined ? "empty" : "value" });
        out += entry === undefined ? `$(${name})` : (entry.value ?? "");
        advance = close - cursor;
      }
    } else {
      out += `$${next}`;
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** Expands each element of a command. */
export function expandCommand(command: readonly string[], env: StaticEnv, refs: ExpansionRef[] = []): string[] {
  return command.map((c) => expandString(c, env, refs));
}

/**
 * Warnings for `$(VAR)` in exec checks that do not become what they seem: a Secret-backed
 * variable becomes the empty string, an unknown one stays as written.
 */
export function execExpansionWarnings(probes: ResolvedProbes, env: StaticEnv): SpecWarning[] {
  const out: SpecWarning[] = [];
  for (const kind of PROBE_KINDS) {
    const p = probes[kind];
    p?.exec?.command.forEach((arg, i) => {
      const refs: ExpansionRef[] = [];
      expandString(arg, env, refs);
      for (const r of refs) {
        if (r.source === "value") continue;
        out.push({
          path: `healthChecks.${kind}.exec.command[${i}]`,
          message:
            r.source === "empty"
              ? `$(${r.name}) becomes an empty string: the kubelet expands exec checks with literal env values only, and ${r.name} comes from a Secret (read it in a shell instead: ["sh", "-c", "... $${r.name}"])`
              : `$(${r.name}) stays as written: no env entry is named ${r.name} (write $$(${r.name}) for a literal $(${r.name}))`,
        });
      }
    });
  }
  return out;
}

/**
 * The container's environment as the kubelet makes it (`makeEnvironmentVariables` in
 * https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/kubelet_pods.go): the entries
 * in order, each literal value expanded with the same syntax, where `$(NAME)` takes the value of
 * an entry defined before it (`B: "$(A)x"` after `A: a` is `ax`; one defined after it, or nowhere,
 * stays as written) and `$$` is a literal `$`. An entry named twice takes its last value. A
 * `valueFrom` entry (a Secret) takes `valueFrom(name)`; where that is unknown (undefined) the
 * entry is left out, and a reference to it stays as written.
 */
export function containerEnvironment(env: StaticEnv, valueFrom: (name: string) => string | undefined = () => undefined): Record<string, string> {
  const defined: Array<{ name: string; value: string }> = [];
  for (const e of env) {
    const value = e.value !== undefined ? (e.value === "" ? "" : expandString(e.value, defined)) : valueFrom(e.name);
    if (value !== undefined) defined.push({ name: e.name, value });
  }
  return Object.fromEntries(defined.map((e) => [e.name, e.value]));
}
