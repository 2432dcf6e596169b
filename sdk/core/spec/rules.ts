/**
 * Name and number rules the Kubernetes API server enforces, as predicates with the wording used in
 * error messages. Kept apart from the schema so the CLI, the schema and tests share one copy: one
 * rule per concept (a DNS label, a DNS subdomain, a label key and value, a quantity, an Ingress
 * host and path, a toleration), each used by every input that ends up in such a field.
 */
import { QUANTITY } from "../scheduling";
import { SpecIssue, describeValue, formatPath } from "./issues";

/** `IsValidPortNum`: 1..65535. */
export function isValidPortNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/**
 * `IsValidPortName` (IANA_SVC_NAME): at most 15 characters of a-z, 0-9 and `-`, at least one
 * letter, no leading or trailing `-`, no `--`.
 */
export function isValidPortName(s: string): boolean {
  return (
    s.length >= 1 &&
    s.length <= 15 &&
    /^[-a-z0-9]+$/.test(s) &&
    /[a-z]/.test(s) &&
    !s.startsWith("-") &&
    !s.endsWith("-") &&
    !s.includes("--")
  );
}

export const PORT_NAME_RULE =
  "a port name must be at most 15 characters of a-z, 0-9 and '-', contain a letter, and not start, end or repeat '-'";

/** `IsHTTPHeaderName`. */
export const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;

/** Kubernetes' environment variable name rule (`IsEnvVarName`, before 1.34 relaxed it). */
export const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Gradient's secret name rule (pspace CLI): `secret:NAME`. */
export const SECRET_REFERENCE = /^secret:(.*)$/;
export const SECRET_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,127}$/;
/** SECRET_NAME in words, for the message of a `secret:` reference that breaks it. */
export const SECRET_NAME_RULE = "after secret: must come a Gradient secret name: a letter, then letters, digits or '_', at most 128 characters";
/**
 * What such a message says instead of the value: a malformed reference is often the credential
 * itself written after `secret:` (`secret:my password`), so it is never shown.
 */
export const NOT_SHOWN_AFTER_SECRET = "(the text after secret: is not shown: it may be the credential itself)";

/** The largest value of a Kubernetes int32 field. */
export const INT32_MAX = 2147483647;

/**
 * An RFC 1123 label that is also a DNS-1035 label (starts with a letter), as Service names must be.
 * Used for the component / deployment name, which names every Kubernetes object.
 */
export const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** An RFC 1123 label (`IsDNS1123Label`), as namespace names must be (at most 63 characters). */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Whether `s` is an RFC 1123 label of at most 63 characters (`IsDNS1123Label`). */
export function isDnsLabel(s: unknown): s is string {
  return typeof s === "string" && s.length <= 63 && DNS_1123_LABEL.test(s);
}

export const DNS_LABEL_RULE = "a DNS label: at most 63 lowercase letters, digits and '-', alphanumeric at both ends";

/** Problems with a namespace name, as issues on `path` (`namespace`, or the field that names one). */
export function namespaceIssues(ns: unknown, path = "namespace"): SpecIssue[] {
  if (isDnsLabel(ns)) return [];
  return [{ path, message: `must be ${DNS_LABEL_RULE} (got ${describeValue(ns)})` }];
}

/** An RFC 1123 subdomain (`IsDNS1123Subdomain`): dot-separated RFC 1123 labels. */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Whether `s` is a DNS subdomain of at most 253 characters, as most object names must be. */
export function isDnsSubdomain(s: unknown): s is string {
  return typeof s === "string" && s.length <= 253 && DNS_SUBDOMAIN.test(s);
}

export const DNS_SUBDOMAIN_RULE = "a DNS subdomain (at most 253 lowercase letters, digits, '-' and '.', alphanumeric at both ends)";

/**
 * `NameIsDNSSubdomain`: the name of an object of `kind` (a Secret, an IngressClass, a
 * StorageClass, a RuntimeClass, ...), which another object refers to. The issue at `path`, if any.
 */
export function objectNameIssue(path: string, value: unknown, kind: string): SpecIssue | undefined {
  if (isDnsSubdomain(value)) return undefined;
  return { path, message: `must be the name of ${/^[AEIOU]/.test(kind) ? "an" : "a"} ${kind}: ${DNS_SUBDOMAIN_RULE} (got ${describeValue(value)})` };
}

/** A Kubernetes label value: at most 63 characters, alphanumeric at both ends. */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export const LABEL_VALUE_RULE = "a label value (at most 63 letters, digits, '-', '_' and '.', alphanumeric at both ends)";

/** Whether `v` is a label value (`IsValidLabelValue`; empty is one). */
export function isLabelValue(v: unknown): v is string {
  return typeof v === "string" && v.length <= 63 && LABEL_VALUE.test(v);
}

/** The name part of a qualified name (a label key without its prefix). */
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export const LABEL_KEY_RULE =
  "a label key (an optional DNS subdomain and '/', then at most 63 letters, digits, '-', '_' and '.', alphanumeric at both ends)";

/** Whether `k` is a label key (`IsQualifiedName`): `[prefix/]name`. */
export function isLabelKey(k: unknown): k is string {
  if (typeof k !== "string") return false;
  const parts = k.split("/");
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (parts.length === 2 && !(parts[0] !== "" && isDnsSubdomain(parts[0]))) return false;
  return name.length >= 1 && name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** A map of labels (keys and values checked), as issues at `path` and `path["key"]`. */
export function labelIssues(labels: unknown, path: string): SpecIssue[] {
  if (labels === undefined) return [];
  if (typeof labels !== "object" || labels === null || Array.isArray(labels)) return [{ path, message: `must be a mapping of label keys to values (got ${describeValue(labels)})` }];
  const issues: SpecIssue[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const at = `${path}${formatPath([key]).replace(/^(?!\[)/, ".")}`;
    if (!isLabelKey(key)) issues.push({ path: at, message: `the key must be ${LABEL_KEY_RULE} (got ${describeValue(key)})` });
    if (!isLabelValue(value)) issues.push({ path: at, message: `must be ${LABEL_VALUE_RULE} (got ${describeValue(value)})` });
  }
  return issues;
}

/**
 * A toleration's operators and effects as the schema lists them (the API server also reads an
 * empty operator as Equal and an empty effect as every effect; the schema's enums do not, so
 * neither do we: write them out).
 */
const TOLERATION_OPERATORS = ["Exists", "Equal"];
const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** Tolerations as the API server checks them (`ValidateTolerations`), as issues at `path[i].field`. */
export function tolerationIssues(list: unknown, path: string): SpecIssue[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) return [{ path, message: `must be a list of tolerations (got ${describeValue(list)})` }];
  const issues: SpecIssue[] = [];
  list.forEach((t, i) => {
    const at = (field?: string) => `${path}[${i}]${field ? `.${field}` : ""}`;
    if (typeof t !== "object" || t === null || Array.isArray(t)) {
      issues.push({ path: at(), message: `must be a mapping (got ${describeValue(t)})` });
      return;
    }
    const { key, operator, value, effect, tolerationSeconds } = t as Record<string, unknown>;
    if (key !== undefined && key !== "" && !isLabelKey(key)) issues.push({ path: at("key"), message: `must be ${LABEL_KEY_RULE} (got ${describeValue(key)})` });
    if (operator !== undefined && !TOLERATION_OPERATORS.includes(operator as string)) {
      issues.push({ path: at("operator"), message: `must be Exists or Equal (got ${describeValue(operator)})` });
    }
    if ((key === undefined || key === "") && operator !== "Exists") issues.push({ path: at("operator"), message: "must be Exists when the key is empty (a toleration of every taint)" });
    if (operator === "Exists" && value !== undefined && value !== "") issues.push({ path: at("value"), message: "must be empty when the operator is Exists" });
    else if (value !== undefined && !isLabelValue(value)) issues.push({ path: at("value"), message: `must be ${LABEL_VALUE_RULE} (got ${describeValue(value)})` });
    if (effect !== undefined && !TAINT_EFFECTS.includes(effect as string)) {
      issues.push({ path: at("effect"), message: `must be one of ${TAINT_EFFECTS.join(", ")}, or left out for every effect (got ${describeValue(effect)})` });
    }
    if (tolerationSeconds !== undefined) {
      if (effect !== "NoExecute") issues.push({ path: at("tolerationSeconds"), message: "applies to the NoExecute effect only" });
      else if (!(typeof tolerationSeconds === "number" && Number.isSafeInteger(tolerationSeconds))) {
        issues.push({ path: at("tolerationSeconds"), message: `must be a whole number of seconds (got ${describeValue(tolerationSeconds)})` });
      }
    }
  });
  return issues;
}

/** Whether `v` is a positive Kubernetes quantity (`"100Gi"`, `"0.5"`, `"3500m"`). */
export function isPositiveQuantity(v: unknown): v is string {
  return typeof v === "string" && QUANTITY.test(v) && Number.parseFloat(v) > 0;
}

/** Whether `v` is a whole number from `min` to `max`. */
export function isWholeNumber(v: unknown, min: number, max: number): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
}

/** An IPv4 address as the API server's `ParseIPSloppy` reads one (leading zeros allowed). */
function isIPv4Sloppy(s: string): boolean {
  const parts = s.split(".");
  return parts.length === 4 && parts.every((p) => /^[0-9]+$/.test(p) && Number(p) <= 255);
}

/**
 * Why `host` is not an Ingress rule's host (`validateIngressRules`), or undefined: a DNS subdomain
 * of at most 253 characters, or `*.` and one (a wildcard), and not an IP address.
 */
export function ingressHostProblem(host: unknown): string | undefined {
  if (typeof host !== "string" || host === "") return "must be a DNS host name";
  if (isIPv4Sloppy(host)) return "must be a DNS name, not an IP address";
  const name = host.startsWith("*.") ? host.slice(2) : host;
  if (!DNS_SUBDOMAIN.test(name)) return "must be a DNS host name";
  if (host.length > 253) return "must be a DNS host name of at most 253 characters";
  return undefined;
}

/** Sequences and endings the API server refuses in an Ingress path of type Prefix or Exact. */
const INGRESS_PATH_SEQUENCES = ["//", "/./", "/../", "%2f", "%2F"];
const INGRESS_PATH_SUFFIXES = ["/..", "/."];

/**
 * Why `path` is not an Ingress path of type `Prefix` (`validateHTTPIngressPath`), or undefined: an
 * absolute path without `//`, `/./`, `/../` or an encoded `/`, not ending in `/.` or `/..`.
 */
export function ingressPathProblem(path: unknown): string | undefined {
  if (typeof path !== "string" || !path.startsWith("/")) return "must be an absolute path, starting with '/'";
  const bad = INGRESS_PATH_SEQUENCES.find((s) => path.includes(s));
  if (bad) return `must not contain '${bad}'`;
  const end = INGRESS_PATH_SUFFIXES.find((s) => path.endsWith(s));
  if (end) return `must not end with '${end}'`;
  return undefined;
}
