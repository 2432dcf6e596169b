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
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { ModelDeployment } from "../../sdk";
import { bcryptSalt, saltCharacters } from "../../sdk/manifests/endpoint";
import { placeholder } from "../../sdk/manifests/placeholders";
const placeholderOf = (key: string) => placeholder({ kind: "secret", key });
import { resolveDeployment } from "../../sdk/core/resolve";
import { baseSpec, fixturePath, readFixture, repoPath, specErrors, manifestsOf } from "../helpers";
import { installMocks, registered, setRandomPasswordResult, setStackSeed, settle, valueOf } from "../mocks";

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
      "env[0].value: after secret: must come a Gradient secret name: a letter, then letters, digits or '_', at most 128 characters (the text after secret: is not shown: it may be the credential itself)",
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

  async function proxyConfigOf(app: ModelDeployment): Promise<any> {
    return JSON.parse((await valueOf(app.authSecret!.stringData as pulumi.Output<Record<string, string>>))["caddy.json"]);
  }

  it("an auth proxy sidecar checks user paperspace against a real bcrypt hash of the secret", async () => {
    const app = new ModelDeployment("protected", { spec: spec({ basicAuthKey: "secret:ENDPOINT_PASSWORD" }), secrets: { HF_TOKEN: HF, ENDPOINT_PASSWORD: PASSWORD } });
    const config = await proxyConfigOf(app);
    const server = config.apps.http.servers.proxy;
    assert.deepEqual(server.listen, [":8081"]);
    const [auth, proxy] = server.routes[0].handle;
    const [account] = auth.providers.http_basic.accounts;
    assert.equal(account.username, "paperspace");
    const hash = Buffer.from(account.password, "base64").toString();
    assert.equal(bcrypt.compareSync(PASSWORD, hash), true);
    assert.equal(bcrypt.compareSync("wrong password", hash), false);
    assert.deepEqual(proxy.upstreams, [{ dial: "127.0.0.1:8000" }]);
    assert.deepEqual(proxy.headers.request.delete, ["Authorization"], "the app never sees the password");
    assert.ok(!JSON.stringify(config).includes(PASSWORD));
    // The salt is the random one kept in the stack's state, not derived from anything.
    await settle();
    const salt = registered.find((r) => r.type === "random:index/randomPassword:RandomPassword" && r.name === "protected-auth-salt")!;
    assert.deepEqual([salt.inputs.length, salt.inputs.overrideSpecial], [22, "./"]);
    assert.equal(hash.slice(0, 29), bcryptSalt(salt.state.result));
  });

  it("any mock value of the RandomPassword (another alphabet, no result) still gives a valid, stable salt", async () => {
    for (const [label, result] of [["a mock's own alphabet", () => "not a bcrypt salt!"], ["no result", () => undefined]] as const) {
      setRandomPasswordResult(result);
      try {
        const hashes = await Promise.all(
          ["a", "b"].map(async (n) => {
            const app = new ModelDeployment(`mocked-${n}`, { spec: spec({ basicAuthKey: "secret:ENDPOINT_PASSWORD" }), secrets: { HF_TOKEN: HF, ENDPOINT_PASSWORD: PASSWORD } });
            return Buffer.from((await proxyConfigOf(app)).apps.http.servers.proxy.routes[0].handle[0].providers.http_basic.accounts[0].password, "base64").toString();
          }),
        );
        for (const hash of hashes) assert.equal(bcrypt.compareSync(PASSWORD, hash), true, label);
        // The same mock value, the same salt: previews stay stable under mocks too.
        assert.equal(hashes[0], hashes[1], label);
        await settle();
      } finally {
        setRandomPasswordResult(undefined);
      }
    }
    // A real result (22 characters of ./A-Za-z0-9) is used as it is.
    assert.equal(saltCharacters("abcdefghijklmnopqrstuv"), "abcdefghijklmnopqrstuv");
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
    const hash = Buffer.from((await proxyConfigOf(app)).apps.http.servers.proxy.routes[0].handle[0].providers.http_basic.accounts[0].password, "base64").toString();
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
    const bin = repoPath("dist", "sdk", "cli", "bin.js");
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
    assert.deepEqual(kinds, ["Secret", "Secret", "Deployment", "Service", "ScaledObject", "PodDisruptionBudget", "Ingress", "NetworkPolicy"]);
    new NetworkPolicy(m.list.find((o) => o.kind === "NetworkPolicy") as never).validate();
    new Secret(m.secret as never).validate();
    new Secret(m.authSecret as never).validate();
    new Deployment(m.deployment as never).validate();
    new Ingress(m.ingress as never).validate();
  });
});

describe("the protected endpoint, locked down", () => {
  beforeEach(() => (registered.length = 0));
  const caddyHash = async (app: ModelDeployment) => {
    const config = JSON.parse((await valueOf(app.authSecret!.stringData as pulumi.Output<Record<string, string>>))["caddy.json"]);
    return Buffer.from(config.apps.http.servers.proxy.routes[0].handle[0].providers.http_basic.accounts[0].password, "base64").toString();
  };

  it("a NetworkPolicy admits the pods' traffic only on the auth proxy's port", () => {
    const m = manifestsOf(resolveDeployment(spec({ basicAuthKey: "secret:P" }), { secretNames: ["HF_TOKEN", "P"] }), { instance: "x", objectName: "x" });
    const policy = m.entries.find((e) => e.role === "networkPolicy")!.object as any;
    new NetworkPolicy(policy).validate();
    assert.deepEqual(policy.spec.podSelector.matchLabels, m.deployment.spec.selector.matchLabels, "it selects exactly the endpoint's pods");
    assert.deepEqual(policy.spec.policyTypes, ["Ingress"]);
    assert.deepEqual(policy.spec.ingress, [{ ports: [{ protocol: "TCP", port: "auth" }] }]);
    const proxyPorts = m.deployment.spec.template.spec.containers[1].ports!.map((p) => p.name);
    assert.deepEqual(proxyPorts, ["auth"], "the named port is the proxy's");
    const unprotected = manifestsOf(resolveDeployment(spec(), { secretNames: ["HF_TOKEN"] }), { instance: "x", objectName: "x" });
    assert.ok(!unprotected.entries.some((e) => e.role === "networkPolicy"), "only protected endpoints get one");
    const off = manifestsOf(resolveDeployment(spec({ basicAuthKey: "secret:P" }), { secretNames: ["HF_TOKEN", "P"] }), { instance: "x", objectName: "x", networkPolicy: false });
    assert.ok(!off.entries.some((e) => e.role === "networkPolicy"), "networkPolicy: false leaves it out");
  });

  it("with KEDA's requestDuration, the metrics scraper's namespace (and pods) may reach the app's port too", () => {
    const r = resolveDeployment(readFixture("protected-autoscaled.yaml"), { keda: true, secretNames: ["HF_TOKEN", "ENDPOINT_PASSWORD"] });
    const byDefault = manifestsOf(r, { instance: "llm", objectName: "llm" }).entries.find((e) => e.role === "networkPolicy")!.object as any;
    assert.deepEqual(byDefault.spec.ingress[1], {
      from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }],
      ports: [{ protocol: "TCP", port: "http" }],
    });
    const named = manifestsOf(r, { instance: "llm", objectName: "llm", keda: { scrapeFrom: { namespace: "observability", podLabels: { app: "prometheus" } } } });
    const policy = named.entries.find((e) => e.role === "networkPolicy")!.object as any;
    new NetworkPolicy(policy).validate();
    assert.deepEqual(policy.spec.ingress[1].from, [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "observability" } }, podSelector: { matchLabels: { app: "prometheus" } } }]);
    assert.equal(policy.spec.ingress.length, 2, "nothing else is admitted");
  });

  it("the salt is random per stack and kept in its state: two stacks differ, a second preview of one is the same; bcrypt verifies", async () => {
    const hashIn = async (seed: string) => {
      setStackSeed(seed);
      try {
        return await caddyHash(new ModelDeployment("salted", { spec: spec({ basicAuthKey: "secret:P" }), secrets: { HF_TOKEN: HF, P: PASSWORD } }));
      } finally {
        setStackSeed("stack");
      }
    };
    const [a1, a2, b] = [await hashIn("stack-a"), await hashIn("stack-a"), await hashIn("stack-b")];
    assert.equal(a1, a2, "the same stack's state gives the same hash: no diff on preview");
    assert.notEqual(a1, b, "another stack, another salt");
    for (const h of [a1, b]) {
      assert.equal(bcrypt.compareSync(PASSWORD, h), true);
      assert.equal(bcrypt.compareSync(`${PASSWORD}!`, h), false);
    }
    await settle();
    const salts = registered.filter((r) => r.type === "random:index/randomPassword:RandomPassword");
    assert.equal(salts.length, 3, "one salt resource per component");
  });

  it("the salt setting is canonical: bcrypt keeps it as given, whatever the last random character", () => {
    const alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (const last of alphabet) {
      const salt = bcryptSalt(`${"a".repeat(21)}${last}`, 4);
      assert.equal(bcrypt.getSalt(bcrypt.hashSync("pw", salt)), salt, last);
    }
  });

  it("an empty or missing password is an error naming its field", () => {
    const args = (secrets: Record<string, any>) => ({ spec: spec({ basicAuthKey: "secret:P" }), secrets: { HF_TOKEN: HF, ...secrets } });
    assert.throws(() => new ModelDeployment("empty", args({ P: "" })), /secrets\.P: the protected endpoint's password \(basicAuthKey\) must not be empty/);
    assert.throws(() => new ModelDeployment("missing", args({ P: undefined })), /secrets\.P: has no value/);
    assert.deepEqual(specErrors(() => resolveDeployment(spec({ basicAuthKey: "" }), { secretNames: ["HF_TOKEN"] })), ["basicAuthKey: must not be empty"]);
  });

  it("a password only known at deploy time is checked then: empty is a ResourceError naming the key", async () => {
    const app = new ModelDeployment("late", { spec: spec({ basicAuthKey: "secret:P" }), secrets: { HF_TOKEN: HF, P: pulumi.output("").apply((x) => x) } });
    // The Secret's data fails with the error (the engine reports it), instead of holding a hash of "".
    await assert.rejects((app.authSecret!.stringData as any).promise(), /ModelDeployment late: secrets\.P: the protected endpoint's password must not be empty/);
  });

  it("the proxy takes a port that neither the app nor any probe uses", () => {
    const s = spec({ basicAuthKey: "secret:P", healthChecks: { liveness: { path: "/healthz", port: 8081 }, readiness: { path: "/r", port: 8082 } } });
    const m = manifestsOf(resolveDeployment(s, { secretNames: ["HF_TOKEN", "P"] }), { instance: "x", objectName: "x" });
    assert.equal(m.deployment.spec.template.spec.containers[1].ports![0].containerPort, 8083);
  });

  it("a secret:NAME in an HTTP probe header is refused with the reason", () => {
    const s = spec({ healthChecks: { readiness: { path: "/r", headers: [{ name: "Authorization", value: "secret:TOKEN" }] } } });
    const errors = specErrors(() => resolveDeployment(s, { secretNames: ["HF_TOKEN", "TOKEN"] }));
    assert.deepEqual(errors.map((e) => e.split(":")[0]), ["healthChecks.readiness.headers[0].value"]);
    assert.match(errors[0], /kubelet sends probe headers exactly as written/);
  });

  it("a token inside a git-lfs URL moves into the deployment's Secret, with a warning that does not echo it", () => {
    const TOKEN = "hf_secret_in_url_987";
    const s = { ...baseSpec(), integrations: [{ type: "git-lfs", name: "falcon", url: `https://me:${TOKEN}@huggingface.co/tiiuae/falcon-7b` }] };
    const r = resolveDeployment(s);
    const m = manifestsOf(r, { instance: "x", objectName: "x" });
    assert.ok(!JSON.stringify(m.list).includes(TOKEN), "the token is in no object");
    const fetch = m.job!.spec.template.spec.containers[0];
    const env = Object.fromEntries(fetch.env!.map((e) => [e.name, e]));
    assert.equal(env.GIT_URL.value, "https://huggingface.co/tiiuae/falcon-7b");
    assert.equal(env.GIT_USERNAME.value, "me");
    assert.deepEqual(env.GIT_PASSWORD.valueFrom, { secretKeyRef: { name: "x-secrets", key: "INTEGRATION_FALCON_SECRET_ACCESS_KEY" } });
    assert.deepEqual(m.secret!.stringData, { INTEGRATION_FALCON_SECRET_ACCESS_KEY: placeholderOf("INTEGRATION_FALCON_SECRET_ACCESS_KEY") });
    const warning = r.warnings.find((w) => w.path === "integrations[0].url")!;
    assert.match(warning.message, /kept in the deployment's Secret/);
    assert.ok(!JSON.stringify(r.warnings).includes(TOKEN));
    assert.deepEqual(
      specErrors(() => resolveDeployment({ ...s, integrations: [{ ...s.integrations[0], secretAccessKey: "secret:HF" }] }, { secretNames: ["HF"] })),
      ["integrations[0].url: has a token in it and the credential field is set too: keep the token in one place (the credential field, as secret:NAME)"],
    );
  });

  it("no message echoes a value found at a credential's path", () => {
    for (const [field, value] of [["basicAuthKey", 7391046], ["basicAuthKey", ["a-list"]]] as Array<[string, unknown]>) {
      const errors = specErrors(() => resolveDeployment({ ...(spec() as object), [field]: value }, { secretNames: ["HF_TOKEN"] }));
      assert.ok(errors.some((e) => e.startsWith(`${field}: `)), errors.join("\n"));
      assert.ok(!errors.join("\n").includes("7391046"), errors.join("\n"));
      assert.ok(errors.some((e) => e.includes("the value is not shown")), errors.join("\n"));
    }
    const s3 = { ...baseSpec(), integrations: [{ type: "s3", name: "w", url: "s3://b/", accessKeyId: 12345678, secretAccessKey: 98765432 }] };
    const errors = specErrors(() => resolveDeployment(s3));
    assert.ok(!/12345678|98765432/.test(errors.join("\n")), errors.join("\n"));
  });
});
