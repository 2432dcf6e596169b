/**
 * Security profiles, checked against the Pod Security Standards as pod-security-admission enforces
 * them today (tests/podSecurity.ts, https://kubernetes.io/docs/concepts/security/pod-security-standards/)
 * on every pod we emit: the Deployment's and the fetch Job's.
 */
import * as assert from "node:assert/strict";
import { resolveDeployment } from "../../sdk/core/resolve";
import type { SecurityProfile } from "../../sdk/core/security";
import { baseSpec, manifestsOf, readFixture, specErrors } from "../helpers";
import { podSecurityViolations } from "../podSecurity";

/** The checks a pod fails at `level`, by their upstream IDs. */
const pssViolations = (pod: any, level: "baseline" | "restricted") => podSecurityViolations(pod, level).map((v) => v.check);

/** A spec that has every container we emit: the model, the auth proxy, fetch helpers (Job and init containers). */
const everything = (mode: "shared" | "per-replica") => {
  const r = resolveDeployment(
    { ...(readFixture("protected-autoscaled.yaml") as object), integrations: [{ type: "git-lfs", name: "m", url: "https://huggingface.co/o/m" }, { type: "s3", name: "w", url: "s3://b/" }] },
    { keda: true, secretNames: ["HF_TOKEN", "ENDPOINT_PASSWORD"], securityProfile: profile, integrations: { mode }, helperImages: { git: "registry.example.com/git-lfs:nonroot" } },
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
    // The default git image has git-lfs: nothing to install at start, so nothing to warn about.
    const r = resolveDeployment({ ...baseSpec(), integrations: [{ type: "git-lfs", name: "m", url: "https://huggingface.co/o/m" }] }, { securityProfile: "restricted" });
    assert.deepEqual(r.warnings.filter((w) => w.path === "securityProfile"), []);
  });

  it("our containers keep only the capability their binary's file capabilities need, and write only to volumes", () => {
    for (const p of ["default", "hardened", "restricted"] as const) {
      profile = p;
      for (const mode of ["shared", "per-replica"] as const) {
        for (const pod of everything(mode)) {
          for (const c of [...(pod.initContainers ?? []), ...pod.containers].filter((x: any) => x.name !== "model")) {
            assert.deepEqual(c.securityContext.capabilities, { drop: ["ALL"], ...(c.name === "auth-proxy" ? { add: ["NET_BIND_SERVICE"] } : {}) }, c.name);
            assert.equal(c.securityContext.readOnlyRootFilesystem, true, c.name);
          }
        }
      }
    }
  });

  it("a probe host: Pod Security admission refuses the pod (1.34+), an error under restricted, a warning otherwise", () => {
    const withHost = { ...baseSpec(), healthChecks: { readiness: { path: "/ready", host: "10.0.0.7" } } };
    const m = manifestsOf(resolveDeployment(withHost), { instance: "h", objectName: "h" });
    assert.deepEqual(pssViolations(m.deployment.spec.template.spec, "baseline"), ["hostProbesAndHostLifecycle"]);
    const w = resolveDeployment(withHost).warnings.find((x) => x.path === "healthChecks.readiness.host")!;
    assert.match(w.message, /Pod Security admission refuses such pods at the baseline and restricted levels from Kubernetes 1\.34 on/);
    assert.match(specErrors(() => resolveDeployment(withHost, { securityProfile: "restricted" }))[0], /^healthChecks\.readiness\.host: securityProfile restricted: Pod Security admission refuses such pods/);
  });

  it("none: the model container gets no security context (ours keep theirs); a wrong name is an error", () => {
    profile = "none";
    const [pod] = everything("shared");
    assert.equal(pod.containers.find((c: any) => c.name === "model").securityContext, undefined);
    assert.ok(pod.containers.find((c: any) => c.name === "auth-proxy").securityContext);
    assert.match(specErrors(() => resolveDeployment(baseSpec(), { securityProfile: "paranoid" as never }))[0], /^securityProfile: must be one of default, hardened, restricted, none/);
  });
});
