/**
 * Name and number rules the Kubernetes API server enforces, as predicates with the wording used in
 * error messages. Kept apart from the schema so the CLI, the schema and tests share one copy.
 */

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

/** The largest value of a Kubernetes int32 field. */
export const INT32_MAX = 2147483647;

/**
 * An RFC 1123 label that is also a DNS-1035 label (starts with a letter), as Service names must be.
 * Used for the component / deployment name, which names every Kubernetes object.
 */
export const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** An RFC 1123 label (`IsDNS1123Label`), as namespace names must be (at most 63 characters). */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Problems with a namespace name, as issues on `namespace`. */
export function namespaceIssues(ns: string): Array<{ path: string; message: string }> {
  if (ns.length <= 63 && DNS_1123_LABEL.test(ns)) return [];
  return [{ path: "namespace", message: `must be a DNS label: at most 63 lowercase letters, digits and '-', alphanumeric at both ends (got ${JSON.stringify(ns)})` }];
}

/** A Kubernetes label value: at most 63 characters, alphanumeric at both ends. */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
