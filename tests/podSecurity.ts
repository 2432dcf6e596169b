/**
 * A model of the Kubernetes Pod Security Admission checks (the Pod Security Standards as enforced by
 * k8s.io/pod-security-admission, package `policy`), for checking the pod specs we emit.
 *
 * Written from the upstream sources, not copied:
 *   kubernetes/pod-security-admission  policy/check_*.go, policy/registry.go, policy/helpers.go, policy/visitor.go
 *   (mirrored from kubernetes/kubernetes staging/src/k8s.io/pod-security-admission/policy/)
 * and checked against its generated fixtures (test/testdata/{baseline,restricted}/v1.*).
 *
 * How upstream evaluates, and so how this model does:
 * - Each check has an ID, a level and one or more versioned implementations; a policy version runs the newest
 *   implementation whose minimum version is not newer than it. A level of "restricted" runs every restricted check
 *   plus every baseline check that a restricted check does not override (capabilities_baseline, hostPathVolumes,
 *   seccompProfile_baseline and, from 1.35, procMount are replaced by their stricter restricted counterparts).
 * - Each failing check gives one result, naming every offending container; results come in upstream's order:
 *   baseline check IDs sorted, then restricted check IDs sorted.
 * - Containers are initContainers, containers and ephemeralContainers.
 * - A field counts as set when it is present and not null (Go decodes JSON null as a nil pointer); booleans count as
 *   true/false only when they are exactly true/false, and hostPort 0 is the same as no hostPort.
 * - Admission sees a Pod after the API server has defaulted it (kubernetes/kubernetes pkg/apis/core/v1/defaults.go),
 *   and two defaults matter here, so they are applied first: a volume with no source becomes an emptyDir
 *   (SetDefaults_Volume), and in a hostNetwork pod every container and init container port without a hostPort gets
 *   hostPort = containerPort (SetDefaults_Pod), so such a pod also fails hostPorts. (Pod templates of workloads, which
 *   PSA only warns about, are not defaulted that way; the Pods created from them are, and those are what it enforces.)
 *
 * Versions: by default the policy is the newest released one, "latest" on a Kubernetes 1.36 cluster (its checks are
 * the same as 1.35's). Upstream master also has a 1.37 policy (two more allowed sysctls), which is used only when asked
 * for with `version: "v1.37"` or newer.
 */

export type PodSecurityLevel = "baseline" | "restricted";

export interface PodSecurityViolation {
  /** The upstream check ID, e.g. "hostProbesAndHostLifecycle", "capabilities_restricted", "runAsNonRoot". */
  check: string;
  /** What is wrong, naming the pod, the containers, the volumes or the annotations at fault. */
  message: string;
}

export interface PodSecurityOptions {
  /** The pod's metadata: its annotations are read by appArmorProfile (and, before v1.19, seccompProfile_baseline). */
  metadata?: { annotations?: Record<string, string> };
  /** The policy version, as in the pod-security.kubernetes.io/enforce-version label: "latest" (the default) or "v1.N". */
  version?: "latest" | `v1.${number}` | `1.${number}`;
}

/** The minor version of the newest released policy ("latest" on a Kubernetes 1.36 cluster). */
export const LATEST_POLICY_MINOR = 36;
/** The newest policy version upstream master knows of (not yet released); newer versions are evaluated as this one. */
const NEWEST_MODELED_MINOR = 37;

type Annotations = Record<string, string>;
/** A check's verdict on a pod: a message when it is forbidden, undefined when it is allowed. */
type CheckFn = (spec: any, annotations: Annotations) => string | undefined;

interface VersionedCheck {
  /** The first policy minor version (1.N) this implementation applies to. */
  since: number;
  run: CheckFn;
  /** Baseline checks that this restricted implementation replaces. */
  overrides?: string[];
}

interface CheckDef {
  id: string;
  level: PodSecurityLevel;
  /** Strictly increasing `since`. */
  versions: VersionedCheck[];
}

// ---------------------------------------------------------------------------------------------------------------------
// Helpers

const list = (x: unknown): any[] => (Array.isArray(x) ? x : []);
const isSet = (x: unknown): boolean => x !== undefined && x !== null;
const nameOf = (c: any): string => String(c?.name ?? "");
const quote = (xs: Iterable<string>): string => [...xs].map((x) => JSON.stringify(x)).join(", ");
const plural = (one: string, many: string, n: number): string => (n === 1 ? one : many);
const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();
const isWindowsPod = (spec: any): boolean => spec.os?.name === "windows";
/** Pods in a user namespace (hostUsers: false) get relaxed rules from v1.35 (helpers.go relaxPolicyForUserNamespacePod). */
const inUserNamespace = (spec: any): boolean => spec.hostUsers === false;

/**
 * The pod spec as the API server's defaulting leaves it, for the fields checked here (see the file comment); the input
 * is not modified.
 */
function withApiDefaults(spec: any): any {
  const out = { ...spec };
  if (Array.isArray(spec.volumes)) {
    out.volumes = spec.volumes.map((v: any) =>
      v !== null && typeof v === "object" && Object.keys(v).every((k) => k === "name" || !isSet(v[k])) ? { ...v, emptyDir: {} } : v,
    );
  }
  if (spec.hostNetwork === true) {
    const withHostPorts = (containers: unknown) =>
      list(containers).map((c) => ({
        ...c,
        ports: list(c?.ports).map((p) => (isSet(p?.hostPort) && p.hostPort !== 0 ? p : { ...p, hostPort: p?.containerPort ?? 0 })),
      }));
    if (Array.isArray(spec.containers)) out.containers = withHostPorts(spec.containers);
    if (Array.isArray(spec.initContainers)) out.initContainers = withHostPorts(spec.initContainers);
  }
  return out;
}

/** Every container of the pod, in upstream's visiting order (policy/visitor.go). */
function containersOf(spec: any): any[] {
  return [...list(spec.initContainers), ...list(spec.containers), ...list(spec.ephemeralContainers)];
}

/** `container "a"` / `containers "a", "b"`. */
function containersPhrase(names: string[]): string {
  return `${plural("container", "containers", names.length)} ${quote(names)}`;
}

/** `pod and containers "a", "b"`: who set something forbidden. */
function setters(pod: boolean, containers: string[]): string[] {
  return [...(pod ? ["pod"] : []), ...(containers.length > 0 ? [containersPhrase(containers)] : [])];
}

/** A check of one pod-level and one container-level field each of which must be unset or allowed. */
function podAndContainerField(
  spec: any,
  field: (securityContext: any) => unknown,
  forbidden: (value: any) => boolean,
): { pod: boolean; containers: string[]; values: any[] } {
  const values: any[] = [];
  const check = (securityContext: any): boolean => {
    const value = field(securityContext ?? {});
    if (!isSet(value) || !forbidden(value)) return false;
    values.push(value);
    return true;
  };
  const pod = check(spec.securityContext);
  const containers = containersOf(spec).filter((c) => check(c?.securityContext)).map(nameOf);
  return { pod, containers, values };
}

// ---------------------------------------------------------------------------------------------------------------------
// Baseline checks

/** policy/check_hostNamespaces.go: hostNetwork, hostPID and hostIPC must not be true. */
const hostNamespaces: CheckFn = (spec) => {
  const on = (["hostNetwork", "hostPID", "hostIPC"] as const).filter((f) => spec[f] === true);
  return on.length > 0 ? `pod must not set ${on.map((f) => `${f}=true`).join(", ")}` : undefined;
};

/** policy/check_privileged.go: no container may set securityContext.privileged=true (pod level has no such field). */
const privileged: CheckFn = (spec) => {
  const bad = containersOf(spec).filter((c) => c?.securityContext?.privileged === true).map(nameOf);
  return bad.length > 0 ? `${containersPhrase(bad)} must not set securityContext.privileged=true` : undefined;
};

/** The capabilities a baseline container may add (policy/check_capabilities_baseline.go, unchanged since v1.0). */
const BASELINE_CAPABILITIES = new Set([
  "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
  "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
]);

/** policy/check_capabilities_baseline.go: capabilities.add may only hold the default set (names as written: no CAP_ prefix). */
const capabilitiesBaseline: CheckFn = (spec) => {
  const bad: string[] = [];
  const caps: string[] = [];
  for (const c of containersOf(spec)) {
    const extra = list(c?.securityContext?.capabilities?.add).map(String).filter((cap) => !BASELINE_CAPABILITIES.has(cap));
    if (extra.length > 0) (bad.push(nameOf(c)), caps.push(...extra));
  }
  return bad.length > 0 ? `${containersPhrase(bad)} must not include ${quote(sorted(caps))} in securityContext.capabilities.add` : undefined;
};

/** policy/check_hostPathVolumes.go: no volume may be a hostPath volume. */
const hostPathVolumes: CheckFn = (spec) => {
  const bad = list(spec.volumes).filter((v) => isSet(v?.hostPath)).map(nameOf);
  return bad.length > 0 ? `${plural("volume", "volumes", bad.length)} ${quote(bad)} must not use hostPath` : undefined;
};

/** policy/check_hostPorts.go: no container port may set a (non-zero) hostPort. */
const hostPorts: CheckFn = (spec) => {
  const bad: string[] = [];
  const ports: number[] = [];
  for (const c of containersOf(spec)) {
    const used = list(c?.ports).map((p) => p?.hostPort).filter((hp) => isSet(hp) && hp !== 0);
    if (used.length > 0) (bad.push(nameOf(c)), ports.push(...used));
  }
  const uniq = [...new Set(ports)].sort((a, b) => a - b);
  return bad.length > 0
    ? `${containersPhrase(bad)} must not use ${plural("hostPort", "hostPorts", uniq.length)} ${uniq.join(", ")}`
    : undefined;
};

/**
 * policy/check_appArmorProfile.go: the pod's and the containers' securityContext.appArmorProfile.type, when an
 * appArmorProfile is given, must be RuntimeDefault or Localhost (so an empty type is forbidden too); the legacy
 * `container.apparmor.security.beta.kubernetes.io/*` annotations must be empty, "runtime/default" or "localhost/*".
 */
const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
const appArmorProfile: CheckFn = (spec, annotations) => {
  const fields = podAndContainerField(spec, (sc) => sc.appArmorProfile, (p) => p?.type !== "RuntimeDefault" && p?.type !== "Localhost");
  const values = sorted(fields.values.map((p) => String(p?.type ?? "")));
  const badAnnotations = Object.keys(annotations)
    .filter((k) => k.startsWith(APPARMOR_ANNOTATION_PREFIX))
    .filter((k) => {
      const v = String(annotations[k] ?? "");
      return !(v === "" || v === "runtime/default" || v.startsWith("localhost/"));
    })
    .sort();
  const who = setters(fields.pod, fields.containers);
  const what = [...(values.length > 0 ? [`securityContext.appArmorProfile.type ${quote(values)}`] : [])];
  if (badAnnotations.length > 0) {
    who.push(plural("annotation", "annotations", badAnnotations.length));
    what.push(badAnnotations.map((k) => `${k}=${JSON.stringify(annotations[k])}`).join(", "));
  }
  return who.length > 0 ? `${who.join(" and ")} must not set a forbidden AppArmor profile: ${what.join("; ")}` : undefined;
};

/**
 * policy/check_seLinuxOptions.go: seLinuxOptions (pod or container) may not set user or role, and its type must be
 * empty or one of the container types (container_engine_t allowed from v1.31); level is free.
 */
function seLinuxOptionsAllowing(types: string[]): CheckFn {
  const allowed = new Set(["", ...types]);
  return (spec) => {
    const badTypes: string[] = [];
    let user = false;
    let role = false;
    const fields = podAndContainerField(spec, (sc) => sc.seLinuxOptions, (o) => {
      let bad = false;
      const type = String(o?.type ?? "");
      if (!allowed.has(type)) (badTypes.push(type), (bad = true));
      if (isSet(o?.user) && o.user !== "") user = bad = true;
      if (isSet(o?.role) && o.role !== "") role = bad = true;
      return bad;
    });
    const who = setters(fields.pod, fields.containers);
    if (who.length === 0) return undefined;
    const what = [
      ...(badTypes.length > 0 ? [`${plural("type", "types", sorted(badTypes).length)} ${quote(sorted(badTypes))}`] : []),
      ...(user ? ["user may not be set"] : []),
      ...(role ? ["role may not be set"] : []),
    ];
    return `${who.join(" and ")} must not set securityContext.seLinuxOptions: ${what.join("; ")}`;
  };
}
const SELINUX_TYPES_1_0 = ["container_t", "container_init_t", "container_kvm_t"];
const SELINUX_TYPES_1_31 = [...SELINUX_TYPES_1_0, "container_engine_t"];

/**
 * policy/check_procMount_baseline.go (v1.0 as procMount_1_0; policy/check_procMount.go before 1.35):
 * a container's securityContext.procMount, when set, must be "Default".
 */
const procMountStrict: CheckFn = (spec) => {
  const bad: string[] = [];
  const types: string[] = [];
  for (const c of containersOf(spec)) {
    const pm = c?.securityContext?.procMount;
    if (isSet(pm) && pm !== "Default") (bad.push(nameOf(c)), types.push(String(pm)));
  }
  return bad.length > 0 ? `${containersPhrase(bad)} must not set securityContext.procMount to ${quote(sorted(types))}` : undefined;
};
/** policy/check_procMount_baseline.go, v1.35+: any procMount is allowed in a user namespace (hostUsers: false). */
const procMountRelaxed: CheckFn = (spec, a) => (inUserNamespace(spec) ? undefined : procMountStrict(spec, a));

/** Seccomp profile types that are allowed wherever one is set (RuntimeDefault or Localhost). */
const validSeccompType = (t: unknown): boolean => t === "RuntimeDefault" || t === "Localhost";

/**
 * policy/check_seccompProfile_baseline.go, v1.19+: the pod's and the containers' securityContext.seccompProfile,
 * when given, must have type RuntimeDefault or Localhost ("Unconfined", or a profile without a type, is forbidden).
 */
const seccompProfileBaseline: CheckFn = (spec) => {
  const fields = podAndContainerField(spec, (sc) => sc.seccompProfile, (p) => !validSeccompType(p?.type));
  const who = setters(fields.pod, fields.containers);
  const values = sorted(fields.values.map((p) => String(p?.type ?? "")));
  return who.length > 0 ? `${who.join(" and ")} must not set securityContext.seccompProfile.type to ${quote(values)}` : undefined;
};

/**
 * policy/check_seccompProfile_baseline.go, v1.0-v1.18: only the old alpha annotations are checked:
 * `seccomp.security.alpha.kubernetes.io/pod` and `container.seccomp.security.alpha.kubernetes.io/<container>` must be
 * "runtime/default", "docker/default" or "localhost/*" when present.
 */
const seccompProfileAnnotations: CheckFn = (spec, annotations) => {
  const keys = ["seccomp.security.alpha.kubernetes.io/pod", ...containersOf(spec).map((c) => `container.seccomp.security.alpha.kubernetes.io/${nameOf(c)}`)];
  const bad = sorted(
    keys
      .filter((k) => Object.prototype.hasOwnProperty.call(annotations, k))
      .filter((k) => {
        const v = String(annotations[k] ?? "");
        return !(v === "runtime/default" || v === "docker/default" || v.startsWith("localhost/"));
      })
      .map((k) => `${k}=${JSON.stringify(annotations[k])}`),
  );
  return bad.length > 0 ? `pod must not set forbidden seccomp ${plural("annotation", "annotations", bad.length)} ${bad.join(", ")}` : undefined;
};

/** policy/check_sysctls.go: the pod's securityContext.sysctls may only name the "safe" sysctls of the policy version. */
const SYSCTLS_1_0 = ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"];
const SYSCTLS_1_27 = [...SYSCTLS_1_0, "net.ipv4.ip_local_reserved_ports"];
const SYSCTLS_1_29 = [...SYSCTLS_1_27, "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"];
const SYSCTLS_1_32 = [...SYSCTLS_1_29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"];
/** Upstream master only (not in release-1.36). */
const SYSCTLS_1_37 = [...SYSCTLS_1_32, "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"];
function sysctlsAllowing(names: string[]): CheckFn {
  const allowed = new Set(names);
  return (spec) => {
    const bad = list(spec.securityContext?.sysctls).map((s) => String(s?.name ?? "")).filter((n) => !allowed.has(n));
    return bad.length > 0 ? `pod must not set forbidden ${plural("sysctl", "sysctls", bad.length)} ${quote(bad)}` : undefined;
  };
}

/** policy/check_windowsHostProcess.go: neither the pod nor a container may set securityContext.windowsOptions.hostProcess=true. */
const windowsHostProcess: CheckFn = (spec) => {
  const fields = podAndContainerField(spec, (sc) => sc.windowsOptions?.hostProcess, (v) => v === true);
  const who = setters(fields.pod, fields.containers);
  return who.length > 0 ? `${who.join(" and ")} must not set securityContext.windowsOptions.hostProcess=true` : undefined;
};

/**
 * policy/check_hostProbesAndhostLifecycle.go (v1.34+): httpGet.host and tcpSocket.host must be empty in the
 * liveness, readiness and startup probes and in the postStart and preStop lifecycle handlers (any host, even
 * 127.0.0.1 or ::1, is forbidden; grpc and exec handlers have no host).
 */
const hostProbesAndHostLifecycle: CheckFn = (spec) => {
  const problems: string[] = [];
  for (const c of containersOf(spec)) {
    const handlers: [string, any][] = [
      ["livenessProbe", c?.livenessProbe],
      ["readinessProbe", c?.readinessProbe],
      ["startupProbe", c?.startupProbe],
      ["lifecycle.postStart", c?.lifecycle?.postStart],
      ["lifecycle.preStop", c?.lifecycle?.preStop],
    ];
    const hosts: string[] = [];
    for (const [where, handler] of handlers) {
      for (const action of ["httpGet", "tcpSocket"] as const) {
        const host = handler?.[action]?.host;
        if (isSet(host) && host !== "") hosts.push(`${where}.${action}.host=${JSON.stringify(String(host))}`);
      }
    }
    if (hosts.length > 0) problems.push(`container ${JSON.stringify(nameOf(c))} must not set ${hosts.join(", ")}`);
  }
  return problems.length > 0 ? `${problems.join("; ")} (probe and lifecycle handler hosts must be empty)` : undefined;
};

// ---------------------------------------------------------------------------------------------------------------------
// Restricted checks

/**
 * policy/check_restrictedVolumes.go: every volume must be of an allowed inline type (this replaces hostPathVolumes).
 * `image` volumes are allowed too (added to the same v1.0 implementation upstream).
 */
const RESTRICTED_VOLUME_TYPES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret"];
const restrictedVolumes: CheckFn = (spec) => {
  const bad: string[] = [];
  const types: string[] = [];
  for (const v of list(spec.volumes)) {
    if (RESTRICTED_VOLUME_TYPES.some((t) => isSet(v?.[t]))) continue;
    bad.push(nameOf(v));
    types.push(Object.keys(v ?? {}).find((k) => k !== "name" && isSet(v[k])) ?? "unknown");
  }
  return bad.length > 0
    ? `${plural("volume", "volumes", bad.length)} ${quote(bad)} must not use ${plural("volume type", "volume types", sorted(types).length)} ${quote(sorted(types))}`
    : undefined;
};

/** policy/check_allowPrivilegeEscalation.go: every container must set allowPrivilegeEscalation=false (Windows pods exempt from v1.25). */
const allowPrivilegeEscalationStrict: CheckFn = (spec) => {
  const bad = containersOf(spec).filter((c) => c?.securityContext?.allowPrivilegeEscalation !== false).map(nameOf);
  return bad.length > 0 ? `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false` : undefined;
};

/**
 * policy/check_runAsNonRoot.go: neither the pod nor a container may set runAsNonRoot=false, and every container must
 * have runAsNonRoot=true, its own or the pod's. From v1.35 pods with hostUsers: false are exempt.
 */
const runAsNonRootStrict: CheckFn = (spec) => {
  const podValue = spec.securityContext?.runAsNonRoot;
  const podBad = isSet(podValue) && podValue !== true;
  const podTrue = podValue === true;
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of containersOf(spec)) {
    const value = c?.securityContext?.runAsNonRoot;
    if (isSet(value)) {
      if (value !== true) explicit.push(nameOf(c));
    } else if (!podTrue) implicit.push(nameOf(c));
  }
  const who = setters(podBad, explicit);
  if (who.length > 0) return `${who.join(" and ")} must not set securityContext.runAsNonRoot=false`;
  if (implicit.length > 0) return `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true`;
  return undefined;
};

/** policy/check_runAsUser.go (v1.23+): neither the pod nor a container may set runAsUser=0. From v1.35 pods with hostUsers: false are exempt. */
const runAsUserStrict: CheckFn = (spec) => {
  const fields = podAndContainerField(spec, (sc) => sc.runAsUser, (v) => v === 0);
  const who = setters(fields.pod, fields.containers);
  return who.length > 0 ? `${who.join(" and ")} must not set securityContext.runAsUser=0` : undefined;
};

/**
 * policy/check_seccompProfile_restricted.go (v1.19+, replaces seccompProfile_baseline): no seccompProfile may have a
 * type other than RuntimeDefault or Localhost, and every container must have one of those, its own or the pod's
 * (a container's own valid profile also covers a pod that sets none). Windows pods exempt from v1.25.
 */
const seccompProfileRestrictedStrict: CheckFn = (spec) => {
  const pod = spec.securityContext?.seccompProfile;
  const podBad = isSet(pod) && !validSeccompType(pod.type);
  const podGood = isSet(pod) && validSeccompType(pod.type);
  const values: string[] = podBad ? [String(pod.type ?? "")] : [];
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of containersOf(spec)) {
    const own = c?.securityContext?.seccompProfile;
    if (isSet(own)) {
      if (!validSeccompType(own.type)) (explicit.push(nameOf(c)), values.push(String(own.type ?? "")));
    } else if (!podGood) implicit.push(nameOf(c));
  }
  const who = setters(podBad, explicit);
  if (who.length > 0) return `${who.join(" and ")} must not set securityContext.seccompProfile.type to ${quote(sorted(values))}`;
  if (implicit.length > 0) return `pod or ${containersPhrase(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`;
  return undefined;
};

/**
 * policy/check_capabilities_restricted.go (v1.22+, replaces capabilities_baseline): every container must drop "ALL"
 * and may add only NET_BIND_SERVICE. Windows pods exempt from v1.25.
 */
const capabilitiesRestrictedStrict: CheckFn = (spec) => {
  const missingDrop: string[] = [];
  const adding: string[] = [];
  const caps: string[] = [];
  for (const c of containersOf(spec)) {
    const capabilities = c?.securityContext?.capabilities;
    if (!isSet(capabilities)) {
      missingDrop.push(nameOf(c));
      continue;
    }
    if (!list(capabilities.drop).includes("ALL")) missingDrop.push(nameOf(c));
    const extra = list(capabilities.add).map(String).filter((cap) => cap !== "NET_BIND_SERVICE");
    if (extra.length > 0) (adding.push(nameOf(c)), caps.push(...extra));
  }
  const problems = [
    ...(missingDrop.length > 0 ? [`${containersPhrase(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`] : []),
    ...(adding.length > 0 ? [`${containersPhrase(adding)} must not include ${quote(sorted(caps))} in securityContext.capabilities.add`] : []),
  ];
  return problems.length > 0 ? problems.join("; ") : undefined;
};

/** Checks that Windows pods (spec.os.name: windows) are exempt from v1.25: they cannot set those fields at all. */
const exceptWindows = (run: CheckFn): CheckFn => (spec, a) => (isWindowsPod(spec) ? undefined : run(spec, a));
/** Checks that user-namespaced pods (hostUsers: false) are exempt from v1.35. */
const exceptUserNamespace = (run: CheckFn): CheckFn => (spec, a) => (inUserNamespace(spec) ? undefined : run(spec, a));

// ---------------------------------------------------------------------------------------------------------------------
// The registry (policy/registry.go)

const CHECKS: CheckDef[] = [
  // baseline
  { id: "appArmorProfile", level: "baseline", versions: [{ since: 0, run: appArmorProfile }] },
  { id: "capabilities_baseline", level: "baseline", versions: [{ since: 0, run: capabilitiesBaseline }] },
  { id: "hostNamespaces", level: "baseline", versions: [{ since: 0, run: hostNamespaces }] },
  { id: "hostPathVolumes", level: "baseline", versions: [{ since: 0, run: hostPathVolumes }] },
  { id: "hostPorts", level: "baseline", versions: [{ since: 0, run: hostPorts }] },
  { id: "hostProbesAndHostLifecycle", level: "baseline", versions: [{ since: 34, run: hostProbesAndHostLifecycle }] },
  { id: "privileged", level: "baseline", versions: [{ since: 0, run: privileged }] },
  { id: "procMount", level: "baseline", versions: [{ since: 0, run: procMountStrict }, { since: 35, run: procMountRelaxed }] },
  { id: "seLinuxOptions", level: "baseline", versions: [{ since: 0, run: seLinuxOptionsAllowing(SELINUX_TYPES_1_0) }, { since: 31, run: seLinuxOptionsAllowing(SELINUX_TYPES_1_31) }] },
  { id: "seccompProfile_baseline", level: "baseline", versions: [{ since: 0, run: seccompProfileAnnotations }, { since: 19, run: seccompProfileBaseline }] },
  {
    id: "sysctls",
    level: "baseline",
    versions: [
      { since: 0, run: sysctlsAllowing(SYSCTLS_1_0) },
      { since: 27, run: sysctlsAllowing(SYSCTLS_1_27) },
      { since: 29, run: sysctlsAllowing(SYSCTLS_1_29) },
      { since: 32, run: sysctlsAllowing(SYSCTLS_1_32) },
      { since: 37, run: sysctlsAllowing(SYSCTLS_1_37) },
    ],
  },
  { id: "windowsHostProcess", level: "baseline", versions: [{ since: 0, run: windowsHostProcess }] },
  // restricted
  { id: "allowPrivilegeEscalation", level: "restricted", versions: [{ since: 8, run: allowPrivilegeEscalationStrict }, { since: 25, run: exceptWindows(allowPrivilegeEscalationStrict) }] },
  {
    id: "capabilities_restricted",
    level: "restricted",
    versions: [
      { since: 22, run: capabilitiesRestrictedStrict, overrides: ["capabilities_baseline"] },
      { since: 25, run: exceptWindows(capabilitiesRestrictedStrict), overrides: ["capabilities_baseline"] },
    ],
  },
  // policy/check_procMount_restricted.go: from v1.35 restricted keeps the unconditional procMount rule.
  { id: "procMount_restricted", level: "restricted", versions: [{ since: 35, run: procMountStrict, overrides: ["procMount"] }] },
  { id: "restrictedVolumes", level: "restricted", versions: [{ since: 0, run: restrictedVolumes, overrides: ["hostPathVolumes"] }] },
  { id: "runAsNonRoot", level: "restricted", versions: [{ since: 0, run: runAsNonRootStrict }, { since: 35, run: exceptUserNamespace(runAsNonRootStrict) }] },
  { id: "runAsUser", level: "restricted", versions: [{ since: 23, run: runAsUserStrict }, { since: 35, run: exceptUserNamespace(runAsUserStrict) }] },
  {
    id: "seccompProfile_restricted",
    level: "restricted",
    versions: [
      { since: 19, run: seccompProfileRestrictedStrict, overrides: ["seccompProfile_baseline"] },
      { since: 25, run: exceptWindows(seccompProfileRestrictedStrict), overrides: ["seccompProfile_baseline"] },
    ],
  },
];

/** The policy minor version (1.N) that `version` names, capped at the newest one modeled, as upstream caps it. */
function policyMinor(version: PodSecurityOptions["version"]): number {
  if (version === undefined || version === "latest") return LATEST_POLICY_MINOR;
  const m = /^v?1\.(\d+)$/.exec(version);
  if (!m) throw new Error(`podSecurityViolations: bad policy version ${JSON.stringify(version)} (want "latest" or "v1.N")`);
  return Math.min(Number(m[1]), NEWEST_MODELED_MINOR);
}

/** The checks (ID and implementation) that run at `level` for a policy version, in upstream's order. */
function checksAt(level: PodSecurityLevel, minor: number): { id: string; run: CheckFn }[] {
  const active = CHECKS.filter((c) => c.level === "baseline" || level === "restricted")
    .map((c) => ({ c, v: [...c.versions].reverse().find((v) => v.since <= minor) }))
    .filter((x): x is { c: CheckDef; v: VersionedCheck } => x.v !== undefined);
  const overridden = new Set(active.flatMap((x) => x.v.overrides ?? []));
  const rank = (l: PodSecurityLevel) => (l === "baseline" ? 0 : 1);
  return active
    .filter((x) => !overridden.has(x.c.id))
    .sort((a, b) => rank(a.c.level) - rank(b.c.level) || (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0))
    .map((x) => ({ id: x.c.id, run: x.v.run }));
}

/** The IDs of the checks evaluated at `level` (default: the latest released policy), in the order results come in. */
export function podSecurityCheckIds(level: PodSecurityLevel, options: Pick<PodSecurityOptions, "version"> = {}): string[] {
  return checksAt(level, policyMinor(options.version)).map((c) => c.id);
}

/**
 * The Pod Security Standards checks that `podSpec` (a PodSpec as plain JSON) fails at `level`: one violation per failing
 * check, none when the pod would be admitted. `options.metadata` is the pod's metadata (for the AppArmor annotations).
 */
export function podSecurityViolations(podSpec: any, level: PodSecurityLevel, options: PodSecurityOptions = {}): PodSecurityViolation[] {
  const spec = withApiDefaults(podSpec !== null && typeof podSpec === "object" ? podSpec : {});
  const annotations: Annotations = options.metadata?.annotations ?? {};
  const violations: PodSecurityViolation[] = [];
  for (const { id, run } of checksAt(level, policyMinor(options.version))) {
    const message = run(spec, annotations);
    if (message !== undefined) violations.push({ check: id, message });
  }
  return violations;
}
