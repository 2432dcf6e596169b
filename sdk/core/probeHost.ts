/**
 * Where an HTTP check's `host` sends the kubelet. The kubelet dials `host` from the node (an
 * empty `host` means the pod IP), so a loopback host reaches the node itself, and a name is
 * resolved by the node's resolver, which does not know the cluster's Service names
 * (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#HTTPGetAction,
 * pkg/probe/http/request.go). `host` is not the Host header: that is `headers: [{name: Host}]`.
 */
import { isIP } from "node:net";
import type { Probe } from "../manifests/k8s";
import { PROBE_KINDS, ResolvedProbes } from "./probes";
import type { SecurityProfile } from "./security";
import type { SpecIssue, SpecWarning } from "./spec/issues";
import { describeValue } from "./spec/issues";

export type ProbeHostKind = "loopback" | "ip" | "cluster-name" | "name";

export function probeHostKind(host: string): ProbeHostKind {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (h === "localhost" || h.endsWith(".localhost") || h === "0.0.0.0" || h === "::" || h === "::1" || /^127\./.test(h)) return "loopback";
  if (isIP(h)) return "ip";
  if (!h.includes(".") || /\.(svc|cluster\.local)$/.test(h)) return "cluster-name";
  return "name";
}

const HOST_HEADER_HINT = "`host` is where the kubelet connects, not the Host header: for that, use headers: [{name: Host, value: ...}] and leave host out";

/** Why a check with this `host` does not reach the pod, or undefined without a `host`. */
function probeHostProblem(host: string | undefined): string | undefined {
  if (host === undefined || host === "") return undefined;
  switch (probeHostKind(host)) {
    case "loopback":
      return `${describeValue(host)} is the node's own loopback: the kubelet connects from the node, so the check never reaches the pod and fails in the cluster. ${HOST_HEADER_HINT}`;
    case "cluster-name":
      return `${describeValue(host)} is resolved by the node's resolver, which usually cannot resolve cluster names: the check fails in the cluster. ${HOST_HEADER_HINT}`;
    case "name":
      return `${describeValue(host)} is resolved by the node's resolver and the check goes to that host, not to this pod. ${HOST_HEADER_HINT}`;
    case "ip":
      return `the check goes to ${host}, not to this pod's IP. ${HOST_HEADER_HINT}`;
  }
}

/**
 * Pod Security admission refuses a pod whose probe sets `httpGet.host` at the baseline level
 * (and so restricted) from Kubernetes 1.34 on: the `hostProbesAndHostLifecycle` check
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline, "Probes /
 * Lifecycle Hooks").
 */
const POD_SECURITY_REFUSES =
  "Pod Security admission refuses such pods at the baseline and restricted levels from Kubernetes 1.34 on (hostProbesAndHostLifecycle), so namespaces that enforce either never run them";

/**
 * Each HTTP check with a `host`: why it does not reach the pod, and that Pod Security admission
 * refuses the pod. An error under the `restricted` profile, which promises pods that level admits;
 * a warning otherwise.
 */
export function probeHostIssues(probes: ResolvedProbes, profile: SecurityProfile): { errors: SpecIssue[]; warnings: SpecWarning[] } {
  const found = PROBE_KINDS.flatMap((kind) => {
    const p: Probe | undefined = probes[kind];
    const problem = probeHostProblem(p?.httpGet?.host);
    return problem ? [{ path: `healthChecks.${kind}.host`, message: problem }] : [];
  });
  if (profile === "restricted") {
    return { errors: found.map((f) => ({ path: f.path, message: `securityProfile restricted: ${POD_SECURITY_REFUSES}. ${f.message}` })), warnings: [] };
  }
  return { errors: [], warnings: found.map((f) => ({ path: f.path, message: `${f.message}. ${POD_SECURITY_REFUSES}` })) };
}