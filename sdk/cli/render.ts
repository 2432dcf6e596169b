/**
 * `model-deploy render [FILE]`: the Kubernetes objects `pulumi up` would apply, offline. Values
 * only the program knows are placeholders; stderr says which Secrets hold them, so that
 * `render | kubectl apply -f -` never stores a placeholder as a credential unawares.
 */
import { checkDeployment } from "../manifests/plan";
import type { ObjectEntry } from "../manifests/objects";
import { Placeholder, collectPlaceholders, describePlaceholder, fillPlaceholders } from "../manifests/placeholders";
import { RenderFormat, renderObjects } from "../manifests/render";
import { CliIO, EXIT } from "./io";
import { SpecOptions, specRequest } from "./load";
import { reportIssues } from "./report";

export interface RenderOptions extends SpecOptions {
  output: RenderFormat;
  /** Leave out Secrets whose values only the program knows. */
  omitSecrets?: boolean;
}

/** The text a placeholder renders as; a registry login stays a valid `.dockerconfigjson`. */
export function placeholderText(p: Placeholder): string {
  return p.kind === "registryLogin" ? JSON.stringify({ auths: { [describePlaceholder(p)]: {} } }) : describePlaceholder(p);
}

/** Secrets with values only the program knows, and which keys. */
export function programSecrets(entries: readonly ObjectEntry[]): Array<{ entry: ObjectEntry; keys: string[] }> {
  return entries.flatMap((entry) => {
    if (entry.object.kind !== "Secret") return [];
    const data = entry.object.stringData;
    const keys = Object.keys(data).filter((k) => collectPlaceholders(data[k]).length > 0);
    return keys.length > 0 ? [{ entry, keys }] : [];
  });
}

export function renderCommand(file: string | undefined, options: RenderOptions, io: CliIO): number {
  const spec = specRequest(file, options, io.cwd);
  const c = checkDeployment(spec.request);
  reportIssues(io, spec.label, c.errors, c.warnings);
  if (!c.plan) return EXIT.invalid;
  const held = programSecrets(c.plan.objects);
  const omitted = new Set(options.omitSecrets ? held.map((h) => h.entry.key) : []);
  for (const { entry, keys } of held) {
    const name = `Secret ${entry.object.metadata.name}`;
    io.err(
      options.omitSecrets
        ? `${spec.label}: note: left out ${name} (${keys.join(", ")}): the objects refer to it, so it must already exist in the cluster with those keys\n`
        : `${spec.label}: note: ${name} holds placeholders for ${keys.join(", ")}, values only the Pulumi program knows; applying this output would store the placeholder text. Use --secret-name for an existing Secret of env secret:NAME values, or --omit-secrets to leave such Secrets out\n`,
    );
  }
  const objects = c.plan.objects.filter((e) => !omitted.has(e.key)).map((e) => fillPlaceholders(e.object, placeholderText));
  io.out(renderObjects(objects, options.output));
  return EXIT.ok;
}
