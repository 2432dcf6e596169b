/** The Secret holding the values the program provides for `secret:NAME` references. Pure. */
import type { ResolvedDeployment } from "../resolve";
import type { Secret } from "./k8s";
import { Naming, commonLabels, objectMeta, objectRefs } from "./naming";
import { SECRET_PLACEHOLDER } from "./endpoint";

/** The provided secret names the deployment uses, sorted. */
export function providedSecretKeys(r: ResolvedDeployment): string[] {
  const keys = new Set<string>();
  for (const e of r.env) if ("secret" in e && e.secret.from === "provided") keys.add(e.secret.key);
  return [...keys].sort();
}

/** The Secret, with placeholders instead of values (the component fills in Pulumi secrets). */
export function buildSecret(r: ResolvedDeployment, naming: Naming): Secret | undefined {
  const keys = providedSecretKeys(r);
  if (keys.length === 0) return undefined;
  const refs = objectRefs(naming);
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: objectMeta(naming, commonLabels(naming.instance, r.spec.name), undefined, naming.objectName !== undefined ? refs.secret : undefined),
    type: "Opaque",
    stringData: Object.fromEntries(keys.map((k) => [k, SECRET_PLACEHOLDER(`secret ${k}`)])),
  };
}
