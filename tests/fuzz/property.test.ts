/** Bad input never crashes, and nothing accepted is refused by Kubernetes: a seeded property test. */
import * as assert from "node:assert/strict";
import { apiServerProblems, checkInput } from "./properties";
import { runProperties } from "./all";
import { checkCli, checkComponent, checkCredentials, SENTINEL } from "./inputs";
import { baseSpec, fixturePath } from "../helpers";

describe("property: every input ends in a spec error or in objects Kubernetes accepts", () => {
  it("the checker finds what the API server refuses and the schemas let through", () => {
    const pod = (spec: object) => ({ kind: "Deployment", metadata: { name: "ok" }, spec: { template: { metadata: {}, spec } } });
    assert.deepEqual(apiServerProblems({ kind: "Job", metadata: { name: "j".repeat(64) }, spec: {} }), [`Job name "${"j".repeat(64)}"`]);
    assert.match(apiServerProblems(pod({ containers: [{ name: "a", image: "x" }, { name: "a", image: "x" }] })).join(), /duplicate container names/);
    assert.match(apiServerProblems(pod({ containers: [{ name: "a", image: " x" }] })).join(), /image/);
    assert.match(apiServerProblems(pod({ containers: [{ name: "a", image: "x", volumeMounts: [{ name: "v", mountPath: "/m", subPath: "../etc" }] }], volumes: [{ name: "v" }] })).join(), /mount/);
    assert.match(apiServerProblems({ kind: "Deployment", metadata: {}, spec: { progressDeadlineSeconds: 2147483948 } }).join(), /beyond int32/);
    assert.match(apiServerProblems({ kind: "Service", metadata: { name: "ok", labels: { a: "-bad" } }, spec: {} }).join(), /label a/);
  });

  it("the reproductions of the issue end in spec errors or valid objects", () => {
    const base = baseSpec();
    const cases: Array<[unknown, "rejected" | "accepted"]> = [
      [{ ...base, healthChecks: { liveness: null } }, "rejected"],
      [{ ...base, resources: { ...base.resources, autoscaling: null } }, "rejected"],
      [{ ...base, resources: { ...base.resources, autoscaling: { maxReplicas: 2, metrics: [null] } } }, "rejected"],
      // A start allowed 68 years: no progress deadline can hold it (the pack's mandatory rule).
      [{ ...base, healthChecks: { startup: { path: "/", periodSeconds: 65536, failureThreshold: 32768 } } }, "rejected"],
      [{ ...base, image: " nginx " }, "accepted"],
      [{ ...base, name: "a".repeat(54), integrations: [{ type: "git-lfs", name: "m", url: "https://huggingface.co/o/m" }] }, "accepted"],
      [{ ...base, env: [{ name: "no", value: "yes" }, { name: "T", value: "1:30" }, { name: "D", value: "2001-12-14" }, { name: "O", value: "0o14" }] }, "accepted"],
    ];
    for (const [raw, outcome] of cases) assert.equal(checkInput({ raw }), outcome, JSON.stringify(raw).slice(0, 80));
    for (const text of ["healthChecks:\n  liveness:\n", "image: *a\n"]) assert.equal(checkInput({ text, format: "yaml" }), "rejected");
    assert.equal(checkInput({ text: `${"[".repeat(20000)}${"]".repeat(20000)}`, format: "json" }), "rejected");
    assert.equal(checkInput({ text: '{"image":"a","image":"b"}', format: "json" }), "rejected");
  });

  it("the checker finds what the API server refuses in Ingresses, NetworkPolicies, claims and pods", () => {
    const ingress = (spec: object) => apiServerProblems({ kind: "Ingress", metadata: { name: "i" }, spec }).join();
    assert.match(ingress({ ingressClassName: "a b", rules: [] }), /ingressClassName/);
    assert.match(ingress({ tls: [{ secretName: "T L S", hosts: ["a.example.com"] }], rules: [] }), /TLS Secret/);
    assert.match(ingress({ rules: [{ host: "10.0.0.1" }] }), /host "10\.0\.0\.1"/);
    assert.match(ingress({ rules: [{ host: "a.example.com", http: { paths: [{ path: "api", pathType: "Prefix", backend: { service: { name: "s", port: { name: "http" } } } }] } }] }), /Ingress path/);
    assert.equal(ingress({ rules: [{ host: "*.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "s", port: { name: "http" } } } }] } }] }), "");
    const policy = apiServerProblems({ kind: "NetworkPolicy", metadata: { name: "n" }, spec: { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { "bad key!": "v a l" } } }] }] } }).join();
    assert.match(policy, /podSelector key "bad key!"/);
    assert.match(policy, /podSelector bad key!="v a l"/);
    assert.match(apiServerProblems({ kind: "PersistentVolumeClaim", metadata: { name: "c" }, spec: { storageClassName: "A B", resources: { requests: { storage: "0" } } } }).join(), /storageClassName.*claim storage/);
    const pod = (spec: object) => apiServerProblems({ kind: "Deployment", metadata: { name: "d" }, spec: { template: { metadata: {}, spec: { containers: [{ name: "a", image: "x" }], ...spec } } } }).join();
    assert.match(pod({ containers: [{ name: "a", image: "ghcr.io/Acme/M:1" }] }), /image/);
    assert.match(pod({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "nvidia.com/gpu.product", operator: "In", values: ["NVIDIA L4"] }] }] } } } }), /node affinity .* value/);
    assert.match(pod({ containers: [{ name: "a", image: "x", resources: { limits: { cpu: "8.5e+302m" } } }] }), /quantity/);
    assert.match(apiServerProblems({ kind: "Job", metadata: { name: "j" }, spec: { activeDeadlineSeconds: 0, template: { spec: { containers: [] } } } }).join(), /activeDeadlineSeconds/);
  });

  it("CLI flags, component arguments and credentials: the reproductions of the issue", async () => {
    const spec = fixturePath("seed-example.yaml");
    for (const flags of [["--ingress-host=a.example.com", "--ingress-class=a b"], ["--ingress-host=a.example.com", "--tls-secret=T L S"], ["--ingress-host=10.0.0.1"], ["--secret-name=Bad Name"], ["--git-image="], ["--image=foo:bar:baz"], ["--termination-grace-period="]]) {
      assert.equal(await checkCli(["render", spec, "-o", "json", ...flags]), "rejected", flags.join(" "));
    }
    assert.equal(await checkCli(["render", spec, "-o", "json", "--ingress-host=*.example.com", "--tls-secret=tls"]), "accepted");
    const base = baseSpec();
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      assert.equal(await checkComponent({ name: "repro", args: { spec: base as never, ingress: { host: "a.example.com", path: "api" } } }), "rejected");
      assert.equal(await checkComponent({ name: "repro", args: { spec: null as never } }), "rejected");
      assert.equal(await checkComponent({ name: "repro", args: { spec: base as never, integrations: { size: "0" } } }), "rejected");
      assert.equal(await checkComponent({ name: "repro", args: { spec: base as never, ingress: { host: "a.example.com", className: "nginx" } } }), "accepted");
    } finally {
      console.warn = warn;
    }
    assert.equal(checkCredentials({ ...base, basicAuthKey: `secret:my ${SENTINEL}` }), "rejected");
  });

  it("seeded: specs, texts, structural attacks, credentials, CLI flags and component arguments", async function () {
    this.timeout(240000);
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      const counts = await runProperties(1500, 20261126);
      for (const label of ["mutated specs", "mutated texts", "CLI flags", "component args", "credentials"]) {
        assert.ok(counts[label].accepted > 10 && counts[label].rejected > 10, `${label}: both outcomes reached (${JSON.stringify(counts[label])})`);
      }
    } finally {
      console.warn = warn;
    }
  });
});
