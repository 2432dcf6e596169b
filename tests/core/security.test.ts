/**
 * Security profiles, checked against the Pod Security Standards' rules
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/) on every pod we emit:
 * the Deployment's and the fetch Job's.
 */
import * as assert from "node:assert/strict";
import { resolveDeployment } from "../../sdk/core/resolve";
import type { SecurityProfile } from "../../sdk/core/security";
import { baseSpec, manifestsOf, readFixture, specErrors } from "../helpers";

const BASELINE_CAPS = ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"];
const RESTRICTED_VOLUMES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

/** The PSS rules a pod breaks at `level`. */
function pssViolations(pod: any, level: "baseline" | "restricted"): string[] {
  const v: string[] = [];
  const containers = [...(pod.initContainers ?? []), ...pod.containers];
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) v.push("host namespaces");
  for (const vol of pod.volumes ?? []) {
    if (vol.hostPath) v.push("hostPath volume");
    if (level === "restricted" && !RESTRICTED_VOLUMES.some((t) => t in vol)) v.push(`volume type of ${vol.name}`);
  }
  const podSeccomp = pod.securityContext?.seccompProfile?.type;
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) v.push(`${c.name}: privileged`);
    for (const cap of sc.capabilities?.add ?? []) if (!BASELINE_CAPS.includes(cap)) v.push(`${c.name}: adds ${cap}`);
    for (const p of c.ports ?? []) if (p.hostPort) v.push(`${c.name}: hostPort`);
    const seccomp = sc.seccompProfile?.type ?? podSeccomp;
    if (seccomp === "Unconfined") v.push(`${c.name}: seccomp Unconfined`);
    if (level === "restricted") {
      if (sc.allowPrivilegeEscalation !== false) v.push(`${c.name}: allowPrivilegeEscalation`);
      if (!(sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot)) v.push(`${c.name}: runAsNonRoot`);
      if ((sc.runAsUser ?? pod.securityContext?.runAsUser) === 0) v.push(`${c.name}: runAsUser 0`);
      if (!(seccomp === "RuntimeDefault" || seccomp === "Localhost")) v.push(`${c.name}: seccomp`);
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) v.push(`${c.name}: drop ALL`);
      for (const cap of sc.capabilities?.add ?? []) if (cap !== "NET_BIND_SERVICE") v.push(`${c.name}: adds ${cap}`);
    }
  }
  return v;
}

/** A spec that has every container we emit: the model, the auth proxy, fetch helpers (Job and init containers). */
const everything = (mode: "shared" | "per-replica") => {
  const r = resolveDeployment(
    { ...(readFixture("protected-autoscaled.yaml") as object), integrations: [{ type: "git-lfs", name: "m", url: "https://huggingface.co/o/m" }, { type: "s3", name: "w", url: "s3://b/" }] },
    { keda: true, secretNames: ["HF_TOKEN", "ENDPOINT_PASSWORD"], securityProfile: profile, integrations: { mode, images: { git: "registry.example.com/git-lfs:nonroot" } } },
  );
  const m = manifestsOf(r, { instance: "s", objectName: "s", integrations: { mode } });
  return [m.deployment.spec.template.spec, ...(m.job ? [m.job.spec.template.spec] : [])] as any[];
};
let profile: SecurityProfile = "default";

describe("security profiles against the Pod Security Standards", () => {
  for (const p of ["default", "hardened"] as const) {
    it(`${p}: every pod meets "baseline"; every container has no privilege escalation and RuntimeDefault seccomp; ours drop ALL`, () => {
      profile = p;
      for (const mode of ["shared", "per-replica"] as const) {
        for (const pod of everything(mode)) {
          assert.deepEqual(pssViolations(pod, "baseline"), []);
          for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
            assert.equal(c.securityContext?.allowPrivilegeEscalation, false, c.name);
            assert.equal(c.securityContext?.seccompProfile?.type, "RuntimeDefault", c.name);
            const ours = c.name !== "model";
            assert.equal((c.securityContext?.capabilities?.drop ?? []).includes("ALL"), ours || p === "hardened", c.name);
          }
        }
      }
    });
  }

  it('restricted: every pod meets "restricted" (non-root, fsGroup with OnRootMismatch)', () => {
    profile = "restricted";
    for (const mode of ["shared", "per-replica"] as const) {
      for (const pod of everything(mode)) {
        assert.deepEqual(pssViolations(pod, "restricted"), []);
        assert.deepEqual(pod.securityContext, { runAsNonRoot: true, fsGroup: 1000, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: { type: "RuntimeDefault" } });
      }
    }
    const r = resolveDeployment({ ...baseSpec(), integrations: [{ type: "git-lfs", name: "m", url: "https://huggingface.co/o/m" }] }, { securityProfile: "restricted" });
    assert.match(r.warnings.find((w) => w.path === "securityProfile")!.message, /cannot install git and git-lfs/);
  });

  it("the checker itself catches what breaks the rules", () => {
    assert.deepEqual(pssViolations({ containers: [{ name: "x", securityContext: { privileged: true } }] }, "baseline"), ["x: privileged"]);
    assert.ok(pssViolations({ containers: [{ name: "x" }] }, "restricted").includes("x: runAsNonRoot"));
  });

  it("none: the model container gets no security context (ours keep theirs); a wrong name is an error", () => {
    profile = "none";
    const [pod] = everything("shared");
    assert.equal(pod.containers.find((c: any) => c.name === "model").securityContext, undefined);
    assert.ok(pod.containers.find((c: any) => c.name === "auth-proxy").securityContext);
    assert.match(specErrors(() => resolveDeployment(baseSpec(), { securityProfile: "paranoid" as never }))[0], /^securityProfile: must be one of default, hardened, restricted, none/);
  });
});
