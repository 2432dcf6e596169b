/**
 * How objects are named and labelled. Identity (the selector) comes only from the instance name,
 * so no spec change can ever change a selector and force a Deployment to be replaced.
 */
import { createHash } from "node:crypto";
import { COMPONENT_LABEL, DEFAULT_NAMESPACE, MANAGED_BY } from "../core/defaults";
import { placeholder } from "./placeholders";
import { DNS_LABEL, LABEL_VALUE } from "../core/spec/rules";
import { SpecIssue, describeValue } from "../core/spec/issues";

/** Longest instance name: a Service name is at most 63 characters, and Pulumi autonaming adds 9. */
export const MAX_INSTANCE_NAME = 54;

/** The names objects use to refer to each other. */
export interface ObjectRefs {
  deployment: string;
  service: string;
  /** The Secret with the provided secret values. */
  secret: string;
  /** The Secret with the auth proxy's configuration. */
  authSecret: string;
  /** The image pull Secret of a private registry. */
  pullSecret: string;
  /** The ServiceAccount the component creates. */
  serviceAccount: string;
  namespace: string;
}

/**
 * The names objects refer to each other by: explicit ones when named, else placeholders of the
 * names Pulumi picks at deploy time.
 */
export function objectRefs(naming: Naming): ObjectRefs {
  const n = naming.objectName;
  const ref = (of: string, suffix: string) => (n !== undefined ? `${n}${suffix}` : placeholder({ kind: "name", of }));
  return {
    deployment: ref("deployment", ""),
    service: ref("service", ""),
    secret: ref("secret", "-secrets"),
    authSecret: ref("authSecret", "-auth"),
    pullSecret: ref("pullSecret", "-registry"),
    serviceAccount: ref("serviceAccount", ""),
    namespace: naming.namespace ?? (n !== undefined ? DEFAULT_NAMESPACE : placeholder({ kind: "namespace" })),
  };
}

/** What Pulumi's autonaming adds to a resource name: `-` and 8 random characters. */
export const AUTONAME_SUFFIX_LENGTH = 9;

/**
 * `base` + `suffix` when it fits in `max` characters; else `base` cut short with a stable hash of
 * the whole name, so it still fits and two long names do not collide.
 */
export function fitName(base: string, suffix: string, max: number): string {
  const whole = `${base}${suffix}`;
  if (whole.length <= max) return whole;
  const hash = createHash("sha256").update(whole).digest("hex").slice(0, 6);
  return `${base.slice(0, max - suffix.length - hash.length - 1).replace(/-+$/, "")}-${hash}${suffix}`;
}

/** Where and under which names the objects are created. */
export interface Naming {
  /** The instance name: the component's name, or in the CLI the spec's name or file name. */
  instance: string;
  /** Explicit `metadata.name` of the Deployment and Service; absent means Pulumi autonames them. */
  objectName?: string;
  /** `metadata.namespace`; absent means the provider's default namespace. */
  namespace?: string;
  /**
   * `metadata.name` of the Deployment and Service alone (the component's `kubernetesName`), when
   * `objectName` is not given; the other objects stay autonamed.
   */
  workloadName?: string;
}

/** Problems with an instance name, as issues on `field`. */
export function instanceNameIssues(name: string, field = "name"): SpecIssue[] {
  if (name.length <= MAX_INSTANCE_NAME && DNS_LABEL.test(name)) return [];
  return [
    {
      path: field,
      message: `${describeValue(name)} names the Kubernetes objects, so it must be a DNS label: lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most ${MAX_INSTANCE_NAME} characters`,
    },
  ];
}

/** The selector: derived from the instance name alone. */
export function selectorLabels(instance: string): Record<string, string> {
  return {
    "app.kubernetes.io/component": COMPONENT_LABEL,
    "app.kubernetes.io/instance": instance,
  };
}

/**
 * Labels on every object and pod. `app.kubernetes.io/name` is the spec's name when it is a valid
 * label value; it is informational and never part of the selector.
 */
export function commonLabels(instance: string, appName: string | undefined): Record<string, string> {
  const name = appName !== undefined && appName.length <= 63 && LABEL_VALUE.test(appName) ? appName : instance;
  return {
    ...selectorLabels(instance),
    "app.kubernetes.io/managed-by": MANAGED_BY,
    "app.kubernetes.io/name": name,
  };
}

/** `metadata` for an object: labels, and name/namespace only when given. */
export function objectMeta(naming: Naming, labels: Record<string, string>, annotations?: Record<string, string>, name = naming.objectName) {
  return {
    ...(name !== undefined ? { name } : {}),
    ...(naming.namespace !== undefined ? { namespace: naming.namespace } : {}),
    labels,
    ...(annotations ? { annotations } : {}),
  };
}
