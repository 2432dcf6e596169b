/** The Secrets the builders emit: provided `secret:NAME` values, and the auth proxy's config. Pure. */
import type { ResolvedDeployment } from "../core/resolve";
import type { Secret } from "./k8s";
import { integrationCredentials } from "../core/integrations";
import { Naming, commonLabels, objectMeta, objectRefs } from "./naming";
import { placeholder } from "./placeholders";

/** An Opaque Secret of the deployment, named `ref` when objects are named explicitly. */
export function secretObject(
  r: ResolvedDeployment,
  naming: Naming,
  ref: "secret" | "authSecret" | "pullSecret",
  stringData: Record<string, string>,
  type: Secret["type"] = "Opaque",
): Secret {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: objectMeta(naming, commonLabels(naming.instance, r.spec.name), undefined, naming.objectName !== undefined ? objectRefs(naming)[ref] : undefined),
    type,
    stringData,
  };
}

/** The image pull Secret of the spec's `containerRegistry`, with a placeholder login. */
export function buildPullSecret(r: ResolvedDeployment, naming: Naming): Secret | undefined {
  if (r.spec.containerRegistry === undefined) return undefined;
  const login = placeholder({ kind: "registryLogin", registry: r.spec.containerRegistry });
  return secretObject(r, naming, "pullSecret", { ".dockerconfigjson": login }, "kubernetes.io/dockerconfigjson");
}

/** The provided secret names the deployment uses, sorted. */
export function providedSecretKeys(r: ResolvedDeployment): string[] {
  const keys = new Set<string>();
  for (const e of r.env) if ("secret" in e && e.secret.from === "provided") keys.add(e.secret.key);
  for (const c of integrationCredentials(r.integrations)) keys.add("secret" in c ? c.secret : c.key);
  return [...keys].sort();
}

/** The Secret, with placeholders instead of values (the component fills in Pulumi secrets). */
export function buildSecret(r: ResolvedDeployment, naming: Naming): Secret | undefined {
  const keys = providedSecretKeys(r);
  if (keys.length === 0) return undefined;
  return secretObject(r, naming, "secret", Object.fromEntries(keys.map((k) => [k, placeholder({ kind: "secret", key: k })])));
}
