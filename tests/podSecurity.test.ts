/**
 * The Pod Security admission model (tests/podSecurity.ts): per check, a pod that breaks exactly that rule fails exactly
 * that check, at the levels it belongs to, and the values upstream allows pass.
 */
import * as assert from "node:assert/strict";
import { podSecurityCheckIds, podSecurityViolations, type PodSecurityLevel, type PodSecurityOptions } from "./podSecurity";

const LEVELS: PodSecurityLevel[] = ["baseline", "restricted"];
const locked = () => ({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });

/** The smallest pod "restricted" (and so "baseline") admits, with the probes, ports and volumes the cases tweak. */
function compliant(): any {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    initContainers: [{ name: "init", image: "busybox", securityContext: locked() }],
    containers: [
      {
        name: "app",
        image: "app:1",
        ports: [{ containerPort: 8080 }],
        securityContext: locked(),
        livenessProbe: { httpGet: { path: "/healthz", port: 8080 } },
        readinessProbe: { tcpSocket: { port: 8080 } },
      },
    ],
    volumes: [
      { name: "config", configMap: { name: "config" } },
      { name: "tmp", emptyDir: {} },
    ],
  };
}
const app = (p: any) => p.containers[0];
const sc = (p: any) => p.containers[0].securityContext;

const ids = (pod: any, level: PodSecurityLevel, options?: PodSecurityOptions) => podSecurityViolations(pod, level, options).map((v) => v.check);
const describeCase = (c: Case) => (c.annotations ? `annotations ${JSON.stringify(c.annotations)}` : c.breaks.toString().replace(/^\(p\) => /, ""));
const build = (tweak: (p: any) => unknown) => {
  const p = compliant();
  tweak(p);
  return p;
};

interface Case {
  check: string;
  /** The restricted check that replaces `check` at "restricted", when one does. */
  restricted?: string;
  breaks: (p: any) => unknown;
  annotations?: Record<string, string>;
  /** Text the message must contain (who is at fault). */
  names?: string;
}

/** Baseline checks: each also fails at "restricted" (as itself, or as the restricted check that replaces it). */
const BASELINE: Case[] = [
  { check: "hostNamespaces", breaks: (p) => (p.hostPID = true), names: "hostPID=true" },
  { check: "privileged", breaks: (p) => (sc(p).privileged = true), names: 'container "app"' },
  { check: "capabilities_baseline", restricted: "capabilities_restricted", breaks: (p) => (sc(p).capabilities.add = ["SYS_ADMIN"]), names: '"SYS_ADMIN"' },
  { check: "hostPathVolumes", restricted: "restrictedVolumes", breaks: (p) => p.volumes.push({ name: "host", hostPath: { path: "/var" } }), names: 'volume "host"' },
  { check: "hostPorts", breaks: (p) => (app(p).ports[0].hostPort = 8080), names: 'container "app"' },
  { check: "appArmorProfile", breaks: (p) => (p.securityContext.appArmorProfile = { type: "Unconfined" }), names: "pod" },
  { check: "appArmorProfile", breaks: () => {}, annotations: { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" }, names: "annotation" },
  { check: "seLinuxOptions", breaks: (p) => (sc(p).seLinuxOptions = { type: "spc_t" }), names: '"spc_t"' },
  { check: "seLinuxOptions", breaks: (p) => (p.securityContext.seLinuxOptions = { user: "system_u" }), names: "user may not be set" },
  { check: "procMount", restricted: "procMount_restricted", breaks: (p) => (sc(p).procMount = "Unmasked"), names: 'container "app"' },
  { check: "seccompProfile_baseline", restricted: "seccompProfile_restricted", breaks: (p) => (sc(p).seccompProfile = { type: "Unconfined" }), names: 'container "app"' },
  { check: "sysctls", breaks: (p) => (p.securityContext.sysctls = [{ name: "kernel.msgmax", value: "65536" }]), names: "kernel.msgmax" },
  { check: "windowsHostProcess", breaks: (p) => (sc(p).windowsOptions = { hostProcess: true }), names: 'container "app"' },
  { check: "hostProbesAndHostLifecycle", breaks: (p) => (app(p).livenessProbe.httpGet.host = "127.0.0.1"), names: 'container "app"' },
  { check: "hostProbesAndHostLifecycle", breaks: (p) => (app(p).readinessProbe.tcpSocket.host = "db.example.com"), names: "readinessProbe.tcpSocket.host" },
  { check: "hostProbesAndHostLifecycle", breaks: (p) => (p.initContainers[0].startupProbe = { httpGet: { host: "::1", port: 80 } }), names: 'container "init"' },
  { check: "hostProbesAndHostLifecycle", breaks: (p) => (app(p).lifecycle = { preStop: { tcpSocket: { host: "localhost", port: 80 } } }), names: "lifecycle.preStop" },
  { check: "hostProbesAndHostLifecycle", breaks: (p) => (app(p).lifecycle = { postStart: { httpGet: { host: "10.0.0.1", port: 80 } } }), names: "lifecycle.postStart" },
];

/** Restricted checks: "baseline" admits each of these pods. */
const RESTRICTED: Case[] = [
  { check: "procMount_restricted", breaks: (p) => ((p.hostUsers = false), (sc(p).procMount = "Unmasked")), names: '"Unmasked"' },
  { check: "restrictedVolumes", breaks: (p) => p.volumes.push({ name: "share", nfs: { server: "nfs", path: "/" } }), names: '"nfs"' },
  { check: "allowPrivilegeEscalation", breaks: (p) => delete sc(p).allowPrivilegeEscalation, names: 'container "app"' },
  { check: "allowPrivilegeEscalation", breaks: (p) => (p.initContainers[0].securityContext.allowPrivilegeEscalation = true), names: 'container "init"' },
  { check: "runAsNonRoot", breaks: (p) => delete p.securityContext.runAsNonRoot, names: 'pod or containers "init", "app" must set' },
  { check: "runAsNonRoot", breaks: (p) => (sc(p).runAsNonRoot = false), names: 'container "app" must not set' },
  { check: "runAsUser", breaks: (p) => (sc(p).runAsUser = 0), names: 'container "app"' },
  { check: "runAsUser", breaks: (p) => (p.securityContext.runAsUser = 0), names: "pod" },
  { check: "seccompProfile_restricted", breaks: (p) => delete p.securityContext.seccompProfile, names: 'containers "init", "app"' },
  { check: "capabilities_restricted", breaks: (p) => (sc(p).capabilities = { drop: ["NET_RAW"] }), names: 'container "app" must set securityContext.capabilities.drop=["ALL"]' },
  { check: "capabilities_restricted", breaks: (p) => delete sc(p).capabilities, names: 'container "app"' },
  { check: "capabilities_restricted", breaks: (p) => (sc(p).capabilities.add = ["CHOWN"]), names: '"CHOWN"' },
];

/** Values the checks allow: every one of these pods passes both levels. */
const ALLOWED: [string, (p: any) => unknown, Record<string, string>?][] = [
  ["hostPort 0 and hostNetwork false", (p) => ((app(p).ports[0].hostPort = 0), (p.hostNetwork = false))],
  ["null fields count as unset", (p) => ((sc(p).privileged = null), (app(p).ports[0].hostPort = null), (p.securityContext.sysctls = null))],
  ["capabilities.add NET_BIND_SERVICE", (p) => (sc(p).capabilities.add = ["NET_BIND_SERVICE"])],
  ["AppArmor RuntimeDefault and Localhost", (p) => ((p.securityContext.appArmorProfile = { type: "RuntimeDefault" }), (sc(p).appArmorProfile = { type: "Localhost", localhostProfile: "k8s-app" }))],
  ["AppArmor annotations", () => {}, { "container.apparmor.security.beta.kubernetes.io/app": "runtime/default", "container.apparmor.security.beta.kubernetes.io/init": "localhost/k8s-init" }],
  ["seLinuxOptions container types and a level", (p) => ((p.securityContext.seLinuxOptions = { type: "container_t", level: "s0:c123,c456" }), (sc(p).seLinuxOptions = { type: "container_engine_t" }))],
  ["procMount Default", (p) => (sc(p).procMount = "Default")],
  ["seccomp Localhost on a container", (p) => (sc(p).seccompProfile = { type: "Localhost", localhostProfile: "profiles/app.json" })],
  ["seccomp on every container, none on the pod", (p) => {
    delete p.securityContext.seccompProfile;
    for (const c of [...p.initContainers, ...p.containers]) c.securityContext.seccompProfile = { type: "RuntimeDefault" };
  }],
  ["runAsNonRoot on every container, none on the pod", (p) => {
    delete p.securityContext.runAsNonRoot;
    for (const c of [...p.initContainers, ...p.containers]) c.securityContext.runAsNonRoot = true;
  }],
  ["non-zero runAsUser", (p) => ((p.securityContext.runAsUser = 1000), (sc(p).runAsUser = 65532))],
  ["safe sysctls", (p) => (p.securityContext.sysctls = ["net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_rmem", "net.ipv4.ip_local_reserved_ports"].map((name) => ({ name, value: "1" })))],
  ["hostProcess false", (p) => (sc(p).windowsOptions = { hostProcess: false, runAsUserName: "app" })],
  ["probes and handlers without a host", (p) => {
    app(p).livenessProbe.httpGet.host = "";
    app(p).startupProbe = { grpc: { port: 9090 } };
    app(p).lifecycle = { postStart: { exec: { command: ["true"] } }, preStop: { sleep: { seconds: 5 } } };
  }],
  ["every allowed volume type, and a volume with no source (an emptyDir once defaulted)", (p) => p.volumes.push(
    { name: "s", secret: { secretName: "s" } }, { name: "c", persistentVolumeClaim: { claimName: "c" } }, { name: "d", downwardAPI: { items: [] } },
    { name: "p", projected: { sources: [] } }, { name: "i", csi: { driver: "d" } }, { name: "e", ephemeral: { volumeClaimTemplate: { spec: {} } } },
    { name: "m", image: { reference: "models:1" } }, { name: "bare" },
  )],
];

describe("pod security admission model", () => {
  it("a minimal compliant pod passes both levels", () => {
    for (const level of LEVELS) assert.deepEqual(podSecurityViolations(compliant(), level), []);
    assert.deepEqual(podSecurityViolations({ containers: [{ name: "c" }] }, "baseline"), []);
  });

  for (const c of BASELINE) {
    it(`baseline check ${c.check}: ${describeCase(c)}`, () => {
      const options = { metadata: { annotations: c.annotations ?? {} } };
      const pod = build(c.breaks);
      const [v] = podSecurityViolations(pod, "baseline", options);
      assert.deepEqual(ids(pod, "baseline", options), [c.check]);
      assert.deepEqual(ids(pod, "restricted", options), [c.restricted ?? c.check]);
      if (c.names) assert.ok(v.message.includes(c.names), v.message);
    });
  }

  for (const c of RESTRICTED) {
    it(`restricted check ${c.check}: ${describeCase(c)}`, () => {
      const pod = build(c.breaks);
      assert.deepEqual(ids(pod, "baseline"), []);
      const violations = podSecurityViolations(pod, "restricted");
      assert.deepEqual(violations.map((v) => v.check), [c.check]);
      if (c.names) assert.ok(violations[0].message.includes(c.names), violations[0].message);
    });
  }

  it("allows what upstream allows", () => {
    for (const [what, tweak, annotations] of ALLOWED) {
      for (const level of LEVELS) assert.deepEqual(podSecurityViolations(build(tweak), level, { metadata: { annotations: annotations ?? {} } }), [], `${what} at ${level}`);
    }
  });

  it("the tables cover every check of the latest policy, in upstream's order", () => {
    const baseline = ["appArmorProfile", "capabilities_baseline", "hostNamespaces", "hostPathVolumes", "hostPorts", "hostProbesAndHostLifecycle", "privileged", "procMount", "seLinuxOptions", "seccompProfile_baseline", "sysctls", "windowsHostProcess"];
    const restricted = ["allowPrivilegeEscalation", "capabilities_restricted", "procMount_restricted", "restrictedVolumes", "runAsNonRoot", "runAsUser", "seccompProfile_restricted"];
    const replaced = ["capabilities_baseline", "hostPathVolumes", "procMount", "seccompProfile_baseline"];
    assert.deepEqual(podSecurityCheckIds("baseline"), baseline);
    assert.deepEqual(podSecurityCheckIds("restricted"), [...baseline.filter((id) => !replaced.includes(id)), ...restricted]);
    assert.deepEqual([...new Set([...BASELINE, ...RESTRICTED].map((c) => c.check))].sort(), [...baseline, ...restricted].sort());
    // One violation per check, in the same order, naming every container at fault.
    const pod = build((p) => ((p.hostIPC = true), (sc(p).privileged = true), delete p.securityContext.runAsNonRoot, (p.initContainers[0].securityContext.privileged = true)));
    assert.deepEqual(podSecurityViolations(pod, "restricted"), [
      { check: "hostNamespaces", message: "pod must not set hostIPC=true" },
      { check: "privileged", message: 'containers "init", "app" must not set securityContext.privileged=true' },
      { check: "runAsNonRoot", message: 'pod or containers "init", "app" must set securityContext.runAsNonRoot=true' },
    ]);
    assert.deepEqual(podSecurityViolations({ containers: [{ name: "auth-proxy", securityContext: locked() }], securityContext: { seccompProfile: { type: "RuntimeDefault" } } }, "restricted"), [
      { check: "runAsNonRoot", message: 'pod or container "auth-proxy" must set securityContext.runAsNonRoot=true' },
    ]);
  });

  it("checks ephemeral containers too", () => {
    const pod = build((p) => (p.ephemeralContainers = [{ name: "debug", image: "busybox", securityContext: { ...locked(), privileged: true } }]));
    assert.deepEqual(podSecurityViolations(pod, "baseline"), [{ check: "privileged", message: 'container "debug" must not set securityContext.privileged=true' }]);
    assert.deepEqual(ids(build((p) => (p.ephemeralContainers = [{ name: "debug", image: "busybox" }])), "restricted"), ["allowPrivilegeEscalation", "capabilities_restricted"]);
  });

  it("a hostNetwork pod's container ports become host ports, as the API server defaults them (input untouched)", () => {
    const pod = build((p) => (p.hostNetwork = true));
    const before = structuredClone(pod);
    assert.deepEqual(ids(pod, "baseline"), ["hostNamespaces", "hostPorts"]);
    assert.deepEqual(pod, before);
    assert.deepEqual(ids(build((p) => ((p.hostNetwork = true), delete app(p).ports)), "baseline"), ["hostNamespaces"]);
  });

  it("Windows pods are exempt from allowPrivilegeEscalation, capabilities_restricted and seccompProfile_restricted (from v1.25)", () => {
    const windows = { os: { name: "windows" }, securityContext: { runAsNonRoot: true }, containers: [{ name: "win", image: "w" }] };
    assert.deepEqual(podSecurityViolations(windows, "restricted"), []);
    assert.deepEqual(ids(windows, "restricted", { version: "v1.24" }), ["allowPrivilegeEscalation", "capabilities_restricted", "seccompProfile_restricted"]);
    assert.deepEqual(ids({ ...windows, securityContext: {} }, "restricted"), ["runAsNonRoot"]);
  });

  it("user-namespaced pods (hostUsers: false) may run as root and set any procMount, from v1.35, except procMount at restricted", () => {
    const userns = build((p) => ((p.hostUsers = false), delete p.securityContext.runAsNonRoot, (p.securityContext.runAsUser = 0)));
    assert.deepEqual(ids(userns, "restricted"), []);
    assert.deepEqual(ids(userns, "restricted", { version: "v1.34" }), ["runAsNonRoot", "runAsUser"]);
    const unmasked = build((p) => ((p.hostUsers = false), (sc(p).procMount = "Unmasked")));
    assert.deepEqual(ids(unmasked, "baseline"), []);
    assert.deepEqual(ids(unmasked, "restricted"), ["procMount_restricted"]);
    assert.deepEqual(ids(unmasked, "baseline", { version: "1.34" }), ["procMount"]);
    assert.deepEqual(ids(unmasked, "restricted", { version: "v1.34" }), ["procMount"]);
  });

  it("follows the policy versions", () => {
    const probeHost = build((p) => (app(p).livenessProbe.httpGet.host = "localhost"));
    assert.deepEqual(ids(probeHost, "baseline", { version: "v1.33" }), []);
    assert.deepEqual(ids(probeHost, "baseline", { version: "v1.34" }), ["hostProbesAndHostLifecycle"]);
    const sysctl = (name: string) => build((p) => (p.securityContext.sysctls = [{ name, value: "1" }]));
    assert.deepEqual(ids(sysctl("net.ipv4.tcp_rmem"), "baseline", { version: "v1.31" }), ["sysctls"]);
    // Allowed only by upstream master's unreleased v1.37 policy, not by the latest release.
    assert.deepEqual(ids(sysctl("net.ipv4.tcp_notsent_lowat"), "baseline"), ["sysctls"]);
    assert.deepEqual(ids(sysctl("net.ipv4.tcp_notsent_lowat"), "baseline", { version: "v1.37" }), []);
    assert.deepEqual(ids(sysctl("net.ipv4.tcp_notsent_lowat"), "baseline", { version: "v1.99" }), []);
    assert.deepEqual(ids(build((p) => (sc(p).seLinuxOptions = { type: "container_engine_t" })), "baseline", { version: "v1.30" }), ["seLinuxOptions"]);
    // Before v1.19 only the seccomp annotations were checked; runAsUser and capabilities_restricted came in v1.23 and v1.22.
    const annotations = { "seccomp.security.alpha.kubernetes.io/pod": "unconfined" };
    assert.deepEqual(ids(compliant(), "baseline", { version: "v1.18", metadata: { annotations } }), ["seccompProfile_baseline"]);
    assert.deepEqual(ids(compliant(), "baseline", { metadata: { annotations } }), []);
    assert.deepEqual(ids(build((p) => (sc(p).runAsUser = 0)), "restricted", { version: "v1.22" }), []);
    assert.deepEqual(ids(build((p) => delete sc(p).capabilities), "restricted", { version: "v1.21" }), []);
    assert.throws(() => podSecurityViolations(compliant(), "baseline", { version: "2.0" as never }), /bad policy version/);
  });
});
