/** The ModelDeployment component under Pulumi's own mocks: children, inputs, outputs, errors. */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { ModelDeployment } from "../../sdk";
import { fixturePath } from "../helpers";
import { installMocks, registered, settle, valueOf } from "../mocks";

installMocks();

const SEED = () => ModelDeployment.loadSpec(fixturePath("seed-example.yaml"));
const byType = (type: string) => registered.filter((r) => r.type === type);

function captureWarnings<T>(fn: () => T): { value: T; warnings: string[] } {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (msg: string) => warnings.push(String(msg));
  try {
    return { value: fn(), warnings };
  } finally {
    console.warn = original;
  }
}

describe("ModelDeployment component (Pulumi mocks)", () => {
  beforeEach(() => {
    registered.length = 0;
  });

  it("creates a Deployment and a Service as children, with the component's type token", async () => {
    const app = new ModelDeployment("fastapi", { spec: SEED() });
    const [appUrn, depUrn, svcUrn] = await Promise.all([valueOf(app.urn), valueOf(app.deployment.urn), valueOf(app.service.urn)]);
    assert.match(appUrn, /::model-deployment:index:ModelDeployment::fastapi$/);
    assert.match(depUrn, /::model-deployment:index:ModelDeployment\$kubernetes:apps\/v1:Deployment::fastapi$/);
    assert.match(svcUrn, /::model-deployment:index:ModelDeployment\$kubernetes:core\/v1:Service::fastapi$/);
    await settle();
    assert.deepEqual(registered.map((r) => r.type).sort(), [
      "kubernetes:apps/v1:Deployment",
      "kubernetes:core/v1:Service",
      "model-deployment:index:ModelDeployment",
    ]);
  });

  it("passes the probes, with every default, to the Deployment's inputs", async () => {
    const app = new ModelDeployment("seed", { spec: SEED() });
    await valueOf(app.deployment.urn);
    await settle();
    const dep = byType("kubernetes:apps/v1:Deployment").find((r) => r.name === "seed")!;
    const c = dep.inputs.spec.template.spec.containers[0];
    assert.deepEqual(c.readinessProbe, { httpGet: { path: "/readiness/", port: 8000, scheme: "HTTP" }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 3 });
    assert.deepEqual(c.livenessProbe, { httpGet: { path: "/liveness/", port: 8000, scheme: "HTTP" }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
    assert.deepEqual(c.startupProbe, { httpGet: { path: "/startup/", port: 8000, scheme: "HTTP" }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 6 });
    assert.equal(c.image, "paperspace/fastapi-template-app:latest");
    assert.equal(dep.inputs.spec.replicas, 1);
    assert.equal(dep.inputs.metadata.name, undefined, "autonamed by default");
    assert.deepEqual(dep.inputs.spec.selector.matchLabels, { "app.kubernetes.io/component": "model-server", "app.kubernetes.io/instance": "seed" });
  });

  it("exposes the outputs: names, namespace, endpoint, image, probes, startup budget, warnings", async () => {
    const app = new ModelDeployment("fastapi", { spec: SEED() });
    assert.equal(await valueOf(app.deploymentName), "fastapi-1a2b3c4d");
    assert.equal(await valueOf(app.serviceName), "fastapi-1a2b3c4d");
    assert.equal(await valueOf(app.namespace), "default");
    assert.equal(await valueOf(app.endpoint), "http://fastapi-1a2b3c4d.default.svc.cluster.local:8000");
    assert.equal(await valueOf(app.image), "paperspace/fastapi-template-app:latest");
    assert.equal(await valueOf(app.startupBudgetSeconds), 60);
    const [startup] = await valueOf(app.probeTimelines);
    assert.deepEqual([startup.kind, startup.killedWhenFailing, startup.guaranteedStartSeconds], ["startup", { from: 50, to: 60 }, 50]);
    assert.equal(await valueOf(app.progressDeadlineSeconds), 600);
    const probes = await valueOf(app.probes);
    assert.equal(probes.startup?.failureThreshold, 6);
    assert.equal(probes.readiness?.timeoutSeconds, 5);
    // Gradient's seed example: the policy pack's advice comes with the outputs.
    assert.deepEqual(
      (await valueOf(app.warnings)).map((w) => `${w.split(":")[0]} ${/\(policy ([\w-]+), advisory\)$/.exec(w)?.[1]}`),
      ["healthChecks.liveness.timeoutSeconds liveness-not-stricter-than-readiness", "image images-pinned"],
    );
  });

  it("logs every normalisation warning of a loaded spec file through pulumi.log.warn", async () => {
    const spec = ModelDeployment.loadSpec(fixturePath("v1-instancetype-scalar-ports.yaml"));
    const { value: app, warnings } = captureWarnings(() => new ModelDeployment("legacy", { spec }));
    for (const path of ["resources.instanceType", "resources.ports"]) {
      assert.ok(warnings.some((w) => w.includes(`${path}: `)), `${path} in ${warnings.join("\n")}`);
    }
    assert.deepEqual(
      (await valueOf(app.warnings)).map((w) => w.split(":")[0]),
      ["resources.instanceType", "resources.ports", "image"],
    );
  });

  it("warns about checks that do not do what they seem: a loopback host, $(VAR) of a Secret or of no entry", async () => {
    const spec = SEED();
    spec.env = [{ name: "TOKEN", value: "secret:TOKEN" }];
    spec.healthChecks!.readiness = { path: "/ready", host: "localhost" };
    spec.healthChecks!.liveness = { exec: { command: ["check", "$(TOKEN)", "$(NOPE)"] } };
    const { value: app, warnings } = captureWarnings(() => new ModelDeployment("seem", { spec, secrets: { TOKEN: pulumi.secret("t") } }));
    for (const w of [
      /healthChecks\.readiness\.host: "localhost" is the node's own loopback/,
      /healthChecks\.liveness\.exec\.command\[1\]: \$\(TOKEN\) becomes an empty string/,
      /healthChecks\.liveness\.exec\.command\[2\]: \$\(NOPE\) stays as written/,
    ]) {
      assert.ok(warnings.some((x) => w.test(x)), `${w} in ${warnings.join("\n")}`);
      assert.ok((await valueOf(app.warnings)).some((x) => w.test(x)));
    }
  });

  it("keeps a loaded spec's warnings through an object spread", async () => {
    const spec = { ...ModelDeployment.loadSpec(fixturePath("port-string.yaml")), enabled: false };
    const { value: app, warnings } = captureWarnings(() => new ModelDeployment("spread", { spec }));
    assert.ok(warnings.some((w) => w.includes('port: the string "7860" was read as the number 7860')), warnings.join("\n"));
    assert.ok((await valueOf(app.warnings)).some((w) => w.startsWith("port: ")));
  });

  it("accepts a typed object literal", async () => {
    const app = new ModelDeployment("literal", {
      spec: {
        image: "ghcr.io/acme/llm:1",
        resources: { machineType: "A100-80G", ports: [8000], replicas: 2 },
        healthChecks: { readiness: { path: "/ready", periodSeconds: 5 } },
        env: [{ name: "LOG_LEVEL", value: "debug" }],
      },
    });
    await valueOf(app.deployment.urn);
    await settle();
    const dep = byType("kubernetes:apps/v1:Deployment").find((r) => r.name === "literal")!;
    assert.equal(dep.inputs.spec.replicas, 2);
    assert.deepEqual(dep.inputs.spec.template.spec.containers[0].env, [{ name: "LOG_LEVEL", value: "debug" }]);
  });

  it("refuses an invalid spec with a ResourceError listing every field, before creating children", async () => {
    const spec = SEED();
    spec.healthChecks!.readiness!.timeoutSeconds = 0;
    spec.resources.replicas = -2;
    assert.throws(
      () => new ModelDeployment("bad", { spec }),
      (e: unknown) => {
        assert.ok(e instanceof pulumi.ResourceError);
        assert.match(e.message, /healthChecks\.readiness\.timeoutSeconds: must be >= 1 \(got 0\)/);
        assert.match(e.message, /resources\.replicas: must be >= 0 \(got -2\)/);
        return true;
      },
    );
    await settle();
    assert.deepEqual(registered.filter((r) => r.type.startsWith("kubernetes:")), []);
  });

  it("refuses what cannot exist outside Paperspace, and secret references nothing provides", () => {
    const spec = { ...SEED(), integrations: [{ type: "model", id: "abc", name: "m" }], env: [{ name: "T", value: "secret:HF_TOKEN" }] };
    assert.throws(() => new ModelDeployment("unsupported", { spec }), (e: Error) => {
      assert.match(e.message, /integrations\[0\]\.type: Gradient's model registry exists only on Paperspace/);
      assert.match(e.message, /env\[0\]\.value: no secret HF_TOKEN: provide it in the secrets arg, or name an existing Kubernetes Secret/);
      return true;
    });
  });

  it("scales to zero and keeps the objects when enabled is false", async () => {
    new ModelDeployment("off", { spec: { ...SEED(), enabled: false } });
    await settle();
    assert.equal(byType("kubernetes:apps/v1:Deployment").find((r) => r.name === "off")!.inputs.spec.replicas, 0);
    assert.ok(byType("kubernetes:core/v1:Service").some((r) => r.name === "off"));
  });

  it("runs the image the program supplies, including an Output, for a ':image' spec", async () => {
    const spec = ModelDeployment.loadSpec(fixturePath("image-placeholder.yaml"));
    assert.throws(() => new ModelDeployment("noimage", { spec }), /image: required/);
    const built = pulumi.output("ghcr.io/acme/app@sha256:" + "b".repeat(64));
    const app = new ModelDeployment("ci", { spec, image: built });
    assert.equal(await valueOf(app.image), "ghcr.io/acme/app@sha256:" + "b".repeat(64));
    await valueOf(app.deployment.urn);
    await settle();
    const dep = byType("kubernetes:apps/v1:Deployment").find((r) => r.name === "ci")!;
    assert.equal(dep.inputs.spec.template.spec.containers[0].image, "ghcr.io/acme/app@sha256:" + "b".repeat(64));
  });

  it("creates the namespace when asked, and puts every object in it", async () => {
    const app = new ModelDeployment("ns", { spec: SEED(), namespace: "models", createNamespace: true });
    assert.ok(app.namespaceResource);
    assert.match(await valueOf(app.namespaceResource!.urn), /ModelDeployment\$kubernetes:core\/v1:Namespace::ns-namespace$/);
    assert.equal(await valueOf(app.namespace), "models");
    assert.equal(await valueOf(app.endpoint), "http://ns-1a2b3c4d.models.svc.cluster.local:8000");
    await settle();
    assert.equal(byType("kubernetes:core/v1:Namespace")[0].inputs.metadata.name, "models");
    for (const t of ["kubernetes:apps/v1:Deployment", "kubernetes:core/v1:Service"]) {
      assert.equal(byType(t)[0].inputs.metadata.namespace, "models", t);
    }
    assert.throws(() => new ModelDeployment("ns2", { spec: SEED(), createNamespace: true }), /createNamespace: needs namespace/);
  });

  it("uses an existing namespace and a LoadBalancer Service when asked", async () => {
    const app = new ModelDeployment("lb", { spec: SEED(), namespace: "serving", serviceType: "LoadBalancer", kubernetesName: "fastapi" });
    assert.equal(app.namespaceResource, undefined);
    assert.equal(await valueOf(app.serviceName), "fastapi");
    await settle();
    const svc = byType("kubernetes:core/v1:Service")[0];
    assert.equal(svc.inputs.spec.type, "LoadBalancer");
    assert.equal(svc.inputs.metadata.namespace, "serving");
    assert.deepEqual(svc.inputs.spec.ports, [{ name: "http", port: 8000, targetPort: "http", protocol: "TCP" }]);
    assert.equal(byType("kubernetes:core/v1:Namespace").length, 0);
  });

  for (const style of ["providers", "provider"] as const) {
    it(`passes the component's Kubernetes provider to its children (${style} option)`, async () => {
      const provider = new k8s.Provider(`cluster-${style}`, { kubeconfig: "{}" });
      const name = `with-${style}`;
      const app = new ModelDeployment(name, { spec: SEED() }, style === "providers" ? { providers: [provider] } : { provider });
      await valueOf(app.deployment.urn);
      await settle();
      const providerUrn = await valueOf(provider.urn);
      for (const t of ["kubernetes:apps/v1:Deployment", "kubernetes:core/v1:Service"]) {
        const child = byType(t).find((r) => r.name === name)!;
        assert.ok(child.provider?.startsWith(`${providerUrn}::`), `${t}: ${child.provider}`);
      }
    });
  }

  it("sets the Deployment's await timeouts from the probes' budget", async () => {
    // Transformations run in the SDK, so they see the options each child is registered with.
    const seen: Record<string, pulumi.CustomTimeouts | undefined> = {};
    const record: pulumi.ResourceTransformation = (args) => {
      if (args.type === "kubernetes:apps/v1:Deployment") seen[args.name] = args.opts.customTimeouts;
      return undefined;
    };
    const spec = SEED();
    spec.healthChecks!.startup = { path: "/startup/", periodSeconds: 30, failureThreshold: 40 }; // 1200 s
    spec.resources.replicas = 8; // a GPU machine: one pod at a time -> 8 waves
    const app = new ModelDeployment("slow", { spec }, { transformations: [record] });
    assert.equal(await valueOf(app.startupBudgetSeconds), 1200);
    // The startup check's last success (30 + 39 x 30 + 1 = 1201 s), readiness's 5 s timeout, and
    // 300 s image pull headroom.
    assert.equal(await valueOf(app.progressDeadlineSeconds), 1506);
    await settle();
    assert.deepEqual(seen.slow, { create: `${1506 * 8}s`, update: `${1506 * 8}s` });
    assert.equal(byType("kubernetes:apps/v1:Deployment").find((r) => r.name === "slow")!.inputs.spec.progressDeadlineSeconds, 1506);
    assert.throws(
      () => new ModelDeployment("tooshort", { spec, progressDeadlineSeconds: 900 }),
      /progressDeadlineSeconds: must be a whole number from 1206 \(the 1206 s the probes allow a pod to become ready\) to 2147483647 \(got 900\)/,
    );
  });

  it("rejects an explicit kubernetesName that is not a DNS label", () => {
    assert.throws(() => new ModelDeployment("named", { spec: SEED(), kubernetesName: "Fast_API" }), /kubernetesName: must be a DNS label/);
  });

  it("reports the arguments' problems together with the spec's", () => {
    const spec = SEED();
    spec.resources.replicas = -1;
    assert.throws(
      () => new ModelDeployment("together", { spec, createNamespace: true, kubernetesName: "Bad_Name" }),
      (e: Error) => {
        for (const path of ["createNamespace", "kubernetesName", "resources.replicas"]) assert.match(e.message, new RegExp(`\n  ${path.replace(".", "\\.")}: `), path);
        return true;
      },
    );
  });

  it("rejects a component name that cannot name Kubernetes objects", () => {
    assert.throws(() => new ModelDeployment("My_App", { spec: SEED() }), /name: "My_App" names the Kubernetes objects, so it must be a DNS label/);
  });
});
