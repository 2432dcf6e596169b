/** Secrets (provided or existing), the protected endpoint (auth proxy, bcrypt), Ingress; no plaintext anywhere. */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as bcrypt from "bcryptjs";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { Secret } from "kubernetes-models/v1/Secret";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { ModelDeployment } from "../../sdk";
import { bcryptSalt } from "../../sdk/manifests/endpoint";
import { resolveDeployment } from "../../sdk/core/resolve";
import { baseSpec, fixturePath, readFixture, repoPath, specErrors, manifestsOf } from "../helpers";
import { installMocks, registered, settle, valueOf } from "../mocks";

installMocks();

const HF = "hf_very_secret_token_123";
const PASSWORD = "correct horse battery staple";

function spec(extra: Record<string, unknown> = {}) {
  return {
    ...baseSpec(),
    env: [
      { name: "LOG_LEVEL", value: "info" },
      { name: "HF_TOKEN", value: "secret:HF_TOKEN" },
    ],
    ...extra,
  } as never;
}
const byType = (t: string) => registered.filter((r) => r.type === t);

describe("secrets", () => {
  beforeEach(() => (registered.length = 0));

  it("provided values go into one autonamed Secret (a Pulumi secret); env uses secretKeyRef to it", async () => {
    const app = new ModelDeployment("withsecrets", { spec: spec(), secrets: { HF_TOKEN: HF } });
    assert.ok(app.secret);
    assert.equal(await pulumi.isSecret(app.secret!.stringData), true);
    assert.equal(await valueOf(app.secret!.type), "Opaque");
    await valueOf(app.deployment.urn);
    await settle();
    const env = byType("kubernetes:apps/v1:Deployment")[0].inputs.spec.template.spec.containers[0].env;
    assert.deepEqual(env, [
      { name: "LOG_LEVEL", value: "info" },
      { name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "withsecrets-secrets-1a2b3c4d", key: "HF_TOKEN" } } },
    ]);
    assert.equal(byType("kubernetes:core/v1:Secret")[0].name, "withsecrets-secrets");
  });

  it("an existing Secret: secretKeyRef by its name, nothing created", async () => {
    const app = new ModelDeployment("existing", { spec: spec(), secretName: "llm-secrets" });
    assert.equal(app.secret, undefined);
    await valueOf(app.deployment.urn);
    await settle();
    const env = byType("kubernetes:apps/v1:Deployment")[0].inputs.spec.template.spec.containers[0].env;
    assert.deepEqual(env[1].valueFrom, { secretKeyRef: { name: "llm-secrets", key: "HF_TOKEN" } });
    assert.equal(byType("kubernetes:core/v1:Secret").length, 0);
  });

  it("a secret: reference with no matching secret is an error naming the env var", () => {
    assert.deepEqual(specErrors(() => resolveDeployment(spec())), [
      "env[1].value: no secret HF_TOKEN: provide it in the secrets arg, or name an existing Kubernetes Secret that has the key HF_TOKEN (secretName)",
    ]);
  });

  it("a secret name that breaks the Gradient rule is an error", () => {
    const s = spec({ env: [{ name: "T", value: "secret:hf-token" }] });
    assert.deepEqual(specErrors(() => resolveDeployment(s, { secretNames: ["hf-token"] })), [
      "env[0].value: \"hf-token\" is not a Gradient secret name: a letter, then letters, digits or '_', at most 128 characters",
    ]);
  });

  it("no secret value reaches a plain input, output, log or warning", async () => {
    const logged: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => logged.push(String(m));
    try {
      const app = new ModelDeployment("leak", {
        spec: spec({ basicAuthKey: "secret:ENDPOINT_PASSWORD" }),
        secrets: { HF_TOKEN: HF, ENDPOINT_PASSWORD: PASSWORD },
        ingress: { host: "llm.example.com" },
      });
      const outputs = await Promise.all([app.endpoint, app.image, app.probes, app.warnings, app.namespace, app.deploymentName, app.serviceName].map((o) => valueOf(o as pulumi.Output<unknown>)));
      await settle();
      const plain = JSON.stringify([outputs, logged, registered.filter((r) => r.type !== "kubernetes:core/v1:Secret").map((r) => r.inputs)]);
      assert.ok(!plain.includes(HF) && !plain.includes(PASSWORD), "a secret value leaked into plain data");
      assert.equal(await pulumi.isSecret(app.authSecret!.stringData), true);
    } finally {
      console.warn = warn;
    }
  });
});

describe("protected endpoint (basicAuthKey)", () => {
  beforeEach(() => (registered.length = 0));

  async function caddyfileOf(app: ModelDeployment): Promise<string> {
    return (await valueOf(app.authSecret!.stringData as pulumi.Output<Record<string, string>>)).Caddyfile;
  }

  it("an auth proxy sidecar checks user paperspace against a real bcrypt hash of the secret", async () => {
    const app = new ModelDeployment("protected", { spec: spec({ basicAuthKey: "secret:ENDPOINT_PASSWORD" }), secrets: { HF_TOKEN: HF, ENDPOINT_PASSWORD: PASSWORD } });
    const file = await caddyfileOf(app);
    const [, user, hash] = /basic_auth \{\n\t\t(\S+) (\S+)\n/.exec(file) ?? [];
    assert.equal(user, "paperspace");
    assert.equal(bcrypt.compareSync(PASSWORD, hash), true);
    assert.equal(bcrypt.compareSync("wrong password", hash), false);
    assert.match(file, /:8081 \{[\s\S]*reverse_proxy 127\.0\.0\.1:8000/);
    assert.ok(!file.includes(PASSWORD));
    // The same secret gives the same hash (no diff on every preview); another secret another one.
    assert.equal(bcrypt.hashSync(PASSWORD, bcryptSalt(PASSWORD, "protected")), hash);
    assert.notEqual(bcryptSalt("another", "protected"), bcryptSalt(PASSWORD, "protected"));
  });

  it("the Service goes through the proxy; the probes reach the app directly", async () => {
    const s = spec({ basicAuthKey: "secret:ENDPOINT_PASSWORD", healthChecks: { readiness: { path: "/ready" } } });
    const app = new ModelDeployment("probed", { spec: s, secrets: { HF_TOKEN: HF, ENDPOINT_PASSWORD: PASSWORD } });
    await valueOf(app.deployment.urn);
    await settle();
    const pod = byType("kubernetes:apps/v1:Deployment")[0].inputs.spec.template.spec;
    assert.deepEqual(pod.containers.map((c: any) => c.name), ["model", "auth-proxy"]);
    assert.equal(pod.containers[0].readinessProbe.httpGet.port, 8000);
    assert.deepEqual(pod.containers[1].ports, [{ name: "auth", containerPort: 8081, protocol: "TCP" }]);
    assert.equal(pod.volumes[0].secret.secretName, "probed-auth-1a2b3c4d");
    const svc = byType("kubernetes:core/v1:Service")[0].inputs.spec;
    assert.equal(svc.ports[0].targetPort, "auth");
    new Deployment({ metadata: { name: "x" }, spec: byType("kubernetes:apps/v1:Deployment")[0].inputs.spec }).validate();
  });

  it("the proxy moves off a port the app uses", () => {
    const s = spec({ basicAuthKey: "secret:P" });
    (s as any).resources.ports = [8000, 8081];
    const m = manifestsOf(resolveDeployment(s, { secretNames: ["HF_TOKEN", "P"] }), { instance: "x", objectName: "x" });
    assert.equal(m.deployment.spec.template.spec.containers[1].ports[0].containerPort, 8082);
  });

  it("the password must be provided by value (an existing Secret cannot be hashed)", () => {
    assert.deepEqual(specErrors(() => resolveDeployment(spec({ basicAuthKey: "secret:P" }), { secretNames: ["HF_TOKEN"], existingSecret: "s" })), [
      "basicAuthKey: secret P must be provided with its value (the secrets arg) to generate the endpoint's credentials",
    ]);
  });

  it("a plain-text basicAuthKey works, with a warning that never repeats it", async () => {
    const r = resolveDeployment(spec({ basicAuthKey: PASSWORD }), { secretNames: ["HF_TOKEN"] });
    const w = r.warnings.find((x) => x.path === "basicAuthKey")!;
    assert.match(w.message, /plain text/);
    assert.ok(!w.message.includes(PASSWORD));
    const app = new ModelDeployment("inline", { spec: spec({ basicAuthKey: PASSWORD }), secrets: { HF_TOKEN: HF } });
    const hash = /paperspace (\S+)/.exec(await caddyfileOf(app))![1];
    assert.ok(bcrypt.compareSync(PASSWORD, hash));
  });
});

describe("Ingress and endpoint", () => {
  beforeEach(() => (registered.length = 0));

  it("an Ingress routes the host to the Service; the endpoint is its URL", async () => {
    const app = new ModelDeployment("web", { spec: baseSpec() as never, ingress: { host: "llm.example.com", className: "nginx", tlsSecretName: "llm-tls" } });
    assert.equal(await valueOf(app.endpoint), "https://llm.example.com/");
    await settle();
    const ing = byType("kubernetes:networking.k8s.io/v1:Ingress")[0].inputs;
    assert.deepEqual(ing.spec, {
      ingressClassName: "nginx",
      tls: [{ hosts: ["llm.example.com"], secretName: "llm-tls" }],
      rules: [{ host: "llm.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web-1a2b3c4d", port: { name: "http" } } } }] } }],
    });
    new Ingress({ metadata: { name: "web" }, spec: ing.spec }).validate();
  });

  it("rejects a bad host", () => {
    assert.throws(() => new ModelDeployment("badhost", { spec: baseSpec() as never, ingress: { host: "not a host" } }), /ingress\.host: must be a DNS host name/);
  });
});

describe("rendered output never contains a credential", () => {
  it("render, preview and diff show placeholders for provided secrets and a plain-text basicAuthKey", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-secret-"));
    const text = fs.readFileSync(fixturePath("protected-autoscaled.yaml"), "utf8").replace("basicAuthKey: secret:ENDPOINT_PASSWORD", `basicAuthKey: "${PASSWORD}"`);
    fs.writeFileSync(path.join(dir, "inline.yaml"), text);
    fs.copyFileSync(fixturePath("protected-autoscaled.yaml"), path.join(dir, "ref.yaml"));
    const bin = repoPath("dist", "sdk", "cli", "main.js");
    for (const args of [["render", "inline.yaml", "--keda"], ["render", "inline.yaml", "--keda", "-o", "json"], ["preview", "inline.yaml", "--keda", "-o", "json"], ["diff", "ref.yaml", "inline.yaml", "--keda", "-o", "json"], ["validate", "inline.yaml", "--keda"]]) {
      const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: "utf8" });
      assert.ok(r.status === 0 || (args[0] === "diff" && r.status === 1), `${args.join(" ")}: ${r.stderr}`);
      assert.ok(!(r.stdout + r.stderr).includes(PASSWORD), `${args.join(" ")} printed the password`);
    }
    const rendered = spawnSync(process.execPath, [bin, "render", "ref.yaml", "--keda", "-o", "json"], { cwd: dir, encoding: "utf8" });
    const items = JSON.parse(rendered.stdout).items;
    assert.match(items[0].stringData.HF_TOKEN, /^<secret HF_TOKEN: supplied by the program at deploy time>$/);
  });

  it("every object of the secrets/autoscaling/endpoint fixture validates against the Kubernetes schemas", () => {
    const r = resolveDeployment(readFixture("protected-autoscaled.yaml"), {
      keda: true,
      secretNames: ["HF_TOKEN", "ENDPOINT_PASSWORD"],
    });
    const m = manifestsOf(r, { instance: "llm", objectName: "llm", ingress: { host: "llm.example.com" } });
    const kinds = m.list.map((o) => o.kind);
    assert.deepEqual(kinds, ["Secret", "Secret", "Deployment", "Service", "ScaledObject", "PodDisruptionBudget", "Ingress"]);
    new Secret(m.secret as never).validate();
    new Secret(m.authSecret as never).validate();
    new Deployment(m.deployment as never).validate();
    new Ingress(m.ingress as never).validate();
  });
});
