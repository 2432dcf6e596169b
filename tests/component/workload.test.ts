/**
 * The workload's Kubernetes extras (service account, pod labels and annotations, Service and
 * Ingress annotations, image pull policy, envFrom, volumes and mounts, node selector, tolerations)
 * under Pulumi's mocks: each reaches its child, Outputs included, valid against the official
 * schemas; plain values are checked up front and Outputs once known, with field paths; the
 * selector never moves; `preview` shows each one; and a `transforms` option reaches the children.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ModelDeployment, ModelDeploymentArgs } from "../../sdk";
import { checkDeployment } from "../../sdk/manifests/plan";
import { buildPreview, renderPreview } from "../../sdk/cli/present/preview";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { K8S_MODELS } from "../k8sSchemas";
import { runCli } from "../helpers";
import { installMocks, registered, settle, valueOf } from "../mocks";

installMocks();

const SPEC = { image: "ghcr.io/acme/llm:1", resources: { machineType: "A100-80G", ports: [8000] } };
const late = <T>(v: T) => pulumi.output(v).apply((x) => x);
const child = (type: string, name: string) => registered.find((r) => r.type === type && r.name === name);

/** Every knob, with Outputs where the types take them. */
function everyKnob(): Partial<ModelDeploymentArgs> {
  return {
    serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": late("arn:aws:iam::123456789012:role/models") } },
    podLabels: { team: late("ml"), tier: "serving" },
    podAnnotations: { "prometheus.io/scrape": "true", "example.com/revision": late("7") },
    serviceAnnotations: { "service.beta.kubernetes.io/aws-load-balancer-internal": late("true") },
    ingress: { host: "llm.example.com", annotations: { "cert-manager.io/cluster-issuer": late("letsencrypt") } },
    imagePullPolicy: late("Always" as const),
    envFrom: [{ configMapRef: { name: late("llm-config") } }, { secretRef: { name: "llm-keys", optional: true }, prefix: "KEY_" }],
    volumes: [{ name: "models", persistentVolumeClaim: { claimName: late("model-cache"), readOnly: true } }, { name: "cfg", configMap: { name: "llm-config" } }],
    volumeMounts: [{ name: "models", mountPath: "/models", readOnly: true }, { name: "cfg", mountPath: "/etc/llm" }],
    nodeSelector: { "topology.kubernetes.io/zone": late("us-east-1a") },
    tolerations: [{ key: "dedicated", operator: "Equal", value: "ml", effect: "NoSchedule" }],
  };
}

describe("ModelDeployment workload extras (Pulumi mocks)", () => {
  beforeEach(() => {
    registered.length = 0;
  });

  it("each knob, Outputs included, reaches its child, and every child is valid against the official schema", async () => {
    const app = new ModelDeployment("knobs", { spec: SPEC, ...everyKnob() });
    await valueOf(app.deployment.urn);
    await settle();
    const sa = child("kubernetes:core/v1:ServiceAccount", "knobs")!;
    assert.deepEqual(sa.inputs.metadata.annotations, { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/models" });
    const dep = child("kubernetes:apps/v1:Deployment", "knobs")!;
    const pod = dep.inputs.spec.template;
    // The pods run as the created ServiceAccount, by its autoname, and wait for it.
    assert.equal(pod.spec.serviceAccountName, "knobs-1a2b3c4d");
    assert.ok(dep.dependencies!.includes(sa.urn!));
    assert.equal(pod.metadata.labels.team, "ml");
    assert.equal(pod.metadata.labels.tier, "serving");
    assert.deepEqual(pod.metadata.annotations, { "prometheus.io/scrape": "true", "example.com/revision": "7" });
    const c = pod.spec.containers[0];
    assert.equal(c.imagePullPolicy, "Always");
    assert.deepEqual(c.envFrom, [{ configMapRef: { name: "llm-config" } }, { secretRef: { name: "llm-keys", optional: true }, prefix: "KEY_" }]);
    assert.deepEqual(pod.spec.volumes.slice(-2), [
      { name: "models", persistentVolumeClaim: { claimName: "model-cache", readOnly: true } },
      { name: "cfg", configMap: { name: "llm-config" } },
    ]);
    assert.deepEqual(c.volumeMounts.slice(-2), [{ name: "models", mountPath: "/models", readOnly: true }, { name: "cfg", mountPath: "/etc/llm" }]);
    assert.deepEqual(pod.spec.nodeSelector, { "topology.kubernetes.io/zone": "us-east-1a" });
    // The GPU's toleration stays, the extra one comes after it.
    assert.deepEqual(pod.spec.tolerations.map((t: { key: string }) => t.key), ["nvidia.com/gpu", "dedicated"]);
    const svc = child("kubernetes:core/v1:Service", "knobs")!;
    assert.deepEqual(svc.inputs.metadata.annotations, { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" });
    const ing = child("kubernetes:networking.k8s.io/v1:Ingress", "knobs")!;
    assert.deepEqual(ing.inputs.metadata.annotations, { "cert-manager.io/cluster-issuer": "letsencrypt" });
    for (const r of [sa, dep, svc, ing]) {
      const kind = r.type.split(":").pop()!;
      const apiVersion = r.type.split(":")[1].replace(/^core\//, "");
      new K8S_MODELS[kind]({ apiVersion, kind, ...r.inputs } as never).validate();
    }
  });

  it("pod labels never change the selector, and the component's own labels cannot be given", async () => {
    const plain = new ModelDeployment("sel", { spec: SPEC });
    const labelled = new ModelDeployment("sel2", { spec: SPEC, podLabels: { team: "ml" } });
    await Promise.all([valueOf(plain.deployment.urn), valueOf(labelled.deployment.urn)]);
    await settle();
    const selector = (name: string) => child("kubernetes:apps/v1:Deployment", name)!.inputs.spec.selector.matchLabels;
    assert.deepEqual(Object.keys(selector("sel2")), Object.keys(selector("sel")));
    assert.equal(selector("sel2").team, undefined);
    assert.throws(
      () => new ModelDeployment("own", { spec: SPEC, podLabels: { "app.kubernetes.io/instance": "other", "pod-template-hash": "x" } }),
      (e: Error) =>
        /podLabels\["app\.kubernetes\.io\/instance"\]: is a label the component \(or the Deployment controller\) sets on its pods/.test(e.message) &&
        /podLabels\.pod-template-hash: is a label/.test(e.message),
    );
  });

  it("an existing service account by name, and a created one with that name", async () => {
    const existing = new ModelDeployment("sa1", { spec: SPEC, serviceAccountName: late("models") });
    const created = new ModelDeployment("sa2", { spec: SPEC, serviceAccountName: "models-reader", serviceAccount: { annotations: { "iam.gke.io/gcp-service-account": "models@p.iam.gserviceaccount.com" } } });
    await Promise.all([valueOf(existing.deployment.urn), valueOf(created.deployment.urn)]);
    await settle();
    assert.equal(child("kubernetes:core/v1:ServiceAccount", "sa1"), undefined);
    assert.equal(child("kubernetes:apps/v1:Deployment", "sa1")!.inputs.spec.template.spec.serviceAccountName, "models");
    assert.equal(child("kubernetes:core/v1:ServiceAccount", "sa2")!.inputs.metadata.name, "models-reader");
    assert.equal(child("kubernetes:apps/v1:Deployment", "sa2")!.inputs.spec.template.spec.serviceAccountName, "models-reader");
    // The created ServiceAccount is a property, its name an output (for an IRSA / Workload Identity binding).
    assert.equal(existing.serviceAccount, undefined);
    assert.equal(await valueOf(existing.serviceAccountName), "models");
    assert.equal(await valueOf(created.serviceAccount!.urn), child("kubernetes:core/v1:ServiceAccount", "sa2")!.urn);
    assert.equal(await valueOf(created.serviceAccountName), "models-reader");
    const autonamed = new ModelDeployment("sa3", { spec: SPEC, serviceAccount: {} });
    await valueOf(autonamed.deployment.urn);
    await settle();
    const autoName = await valueOf(autonamed.serviceAccountName);
    assert.match(autoName!, /^sa3-/);
    assert.equal(autoName, child("kubernetes:apps/v1:Deployment", "sa3")!.inputs.spec.template.spec.serviceAccountName);
    const none = new ModelDeployment("sa4", { spec: SPEC });
    assert.equal(await valueOf(none.serviceAccountName), undefined);
  });

  it("the shared-mode fetch Job's pod runs as the pods' service account and waits for it; per-replica's init containers share the pod's", async () => {
    const S3 = { ...SPEC, integrations: [{ type: "s3" as const, name: "weights", url: "s3://bucket/llm" }] };
    const role = { annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/models" } };
    const named = new ModelDeployment("fetch-named", { spec: S3, integrations: { mode: "shared" }, serviceAccountName: "model-sa", serviceAccount: role });
    const auto = new ModelDeployment("fetch-auto", { spec: S3, serviceAccount: role });
    const existing = new ModelDeployment("fetch-existing", { spec: S3, serviceAccountName: late("irsa-sa") });
    const perReplica = new ModelDeployment("fetch-replica", { spec: S3, integrations: { mode: "per-replica" }, serviceAccountName: "model-sa", serviceAccount: role });
    await Promise.all([named, auto, existing, perReplica].map((a) => valueOf(a.deployment.urn)));
    await settle();
    const jobPod = (name: string) => child("kubernetes:batch/v1:Job", `${name}-fetch`)!;
    assert.equal(jobPod("fetch-named").inputs.spec.template.spec.serviceAccountName, "model-sa");
    assert.ok(jobPod("fetch-named").dependencies!.includes(child("kubernetes:core/v1:ServiceAccount", "fetch-named")!.urn!));
    // Autonamed: the Job's pod gets the ServiceAccount's name as created, like the Deployment's.
    const autoName = jobPod("fetch-auto").inputs.spec.template.spec.serviceAccountName;
    assert.match(autoName, /^fetch-auto-/);
    assert.equal(autoName, child("kubernetes:apps/v1:Deployment", "fetch-auto")!.inputs.spec.template.spec.serviceAccountName);
    assert.equal(jobPod("fetch-existing").inputs.spec.template.spec.serviceAccountName, "irsa-sa");
    const job = jobPod("fetch-named");
    new K8S_MODELS.Job({ apiVersion: "batch/v1", kind: "Job", ...job.inputs } as never).validate();
    // Per replica: the init container that downloads is in the model pod, which runs as the account.
    const pod = child("kubernetes:apps/v1:Deployment", "fetch-replica")!.inputs.spec.template.spec;
    assert.equal(child("kubernetes:batch/v1:Job", "fetch-replica-fetch"), undefined);
    assert.equal(pod.serviceAccountName, "model-sa");
    assert.equal(pod.initContainers.length, 1);
    // Preview says so on the Job.
    const c = checkDeployment({ spec: S3, resolve: { secretNames: [] }, manifest: { instance: "m", objectName: "m", workload: { serviceAccountName: "model-sa", serviceAccount: role } } });
    assert.deepEqual(c.errors, []);
    const preview = buildPreview("m", c.plan!, []);
    assert.match(preview.tree.children.find((r) => r.type.endsWith(":Job"))!.settings.serviceAccount, /^model-sa \(as the model pods/);
  });

  it("plain values are checked up front, every problem with its field path, before any child exists", () => {
    const bad = {
      serviceAccountName: "Not_A_Name",
      serviceAccount: { annotations: { "bad key!": "x" } },
      podLabels: { team: "no spaces allowed" },
      podAnnotations: { ok: 1 as unknown as string },
      serviceAnnotations: "internal" as unknown as Record<string, string>,
      ingress: { host: "llm.example.com", annotations: { "a/b/c": "x" } },
      imagePullPolicy: "Sometimes" as never,
      envFrom: [{ configMapRef: { name: "a" }, secretRef: { name: "b" } }, { prefix: "1X" }],
      volumes: [{ name: "Models", hostPath: { path: "/data" } }, { name: "two", secret: { secretName: "s" }, configMap: { name: "c" } }],
      volumeMounts: [{ name: "models", mountPath: "relative" }],
      nodeSelector: { zone: "a b" },
      tolerations: [{ key: "k", operator: "Maybe" as never, effect: "NoSchedule" as const }],
    } as Partial<ModelDeploymentArgs>;
    let message = "";
    assert.throws(() => new ModelDeployment("bad", { spec: SPEC, ...bad }), (e: Error) => ((message = e.message), true));
    for (const line of [
      /serviceAccountName: .*ServiceAccount/,
      /serviceAccount\.annotations\["bad key!"\]: the key must be an annotation key/,
      /podLabels\.team: must be a label value/,
      /podAnnotations\.ok: must be a string \(got 1\)/,
      /serviceAnnotations: must be a mapping of annotation keys to string values \(got "internal"\)/,
      /ingress\.annotations\["a\/b\/c"\]: the key must be an annotation key/,
      /imagePullPolicy: must be one of Always, IfNotPresent, Never \(got "Sometimes"\)/,
      /envFrom\[0\]: give configMapRef or secretRef, exactly one \(got both\)/,
      /envFrom\[1\]: give configMapRef or secretRef, exactly one \(got neither\)/,
      /envFrom\[1\]\.prefix: must be the start of an environment variable name/,
      /volumes\[0\]\.name: must be a DNS label/,
      /volumes\[1\]: must have exactly one volume source \(got secret, configMap\)/,
      /volumeMounts\[0\]\.mountPath: must be an absolute path/,
      /nodeSelector\.zone: must be a label value/,
      /tolerations\[0\]\.operator: must be Exists or Equal/,
    ]) {
      assert.match(message, line);
    }
    assert.equal(registered.filter((r) => r.type.startsWith("kubernetes:")).length, 0);
  });

  it("a misspelled field of any object-shaped knob is refused with its path and the closest field (callers without TypeScript types)", () => {
    const typos = {
      serviceAccount: { annotation: { "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/r" } },
      envFrom: [{ configMapRef: { name: "a", optinal: true }, prefx: "A_" }],
      volumes: [
        { name: "x", secret: { secretNme: "y" } },
        { name: "c", configMap: { name: "cfg", items: [{ key: "a", pth: "b" }] } },
        { name: "p", persistentVolumeClaim: {} },
        { name: "e", emptyDri: {} },
      ],
      volumeMounts: [{ name: "x", mountPath: "/x", readonly: true }],
      tolerations: [{ key: "dedicated", operator: "Exists", efect: "NoSchedule" }],
    } as unknown as Partial<ModelDeploymentArgs>;
    let message = "";
    assert.throws(() => new ModelDeployment("typos", { spec: SPEC, ...typos }), (e: Error) => ((message = e.message), true));
    for (const line of [
      /serviceAccount\.annotation: is not a field of serviceAccount; did you mean annotations\?/,
      /envFrom\[0\]\.prefx: is not a field of an envFrom entry; did you mean prefix\?/,
      /envFrom\[0\]\.configMapRef\.optinal: is not a field of a configMapRef; did you mean optional\?/,
      /volumes\[0\]\.secret\.secretNme: is not a field of a secret volume source; did you mean secretName\?/,
      /volumes\[0\]\.secret\.secretName: is required by a secret volume source/,
      /volumes\[1\]\.configMap\.items\[0\]\.pth: is not a field of an item; did you mean path\?/,
      /volumes\[2\]\.persistentVolumeClaim\.claimName: is required/,
      /volumes\[3\]: "emptyDri" is not a volume source; did you mean emptyDir\?/,
      /volumeMounts\[0\]\.readonly: is not a field of a volume mount; did you mean readOnly\?/,
      /tolerations\[0\]\.efect: is not a field of a toleration; did you mean effect\?/,
    ]) {
      assert.match(message, line);
    }
    assert.equal(registered.filter((r) => r.type.startsWith("kubernetes:")).length, 0);
  });

  it("a nodeSelector entry the GPU placement's node affinity excludes is an error naming both; a repeated toleration is emitted once", async () => {
    const a4000 = { ...SPEC, resources: { machineType: "A4000", ports: [8000] } };
    assert.throws(
      () => new ModelDeployment("contra", { spec: a4000, nodeSelector: { "nvidia.com/gpu.product": "NVIDIA-H100-80GB-HBM3", "topology.kubernetes.io/zone": "a" } }),
      (e: Error) =>
        /nodeSelector\["nvidia\.com\/gpu\.product"\]: "NVIDIA-H100-80GB-HBM3" contradicts the GPU placement's node affinity, which requires nvidia\.com\/gpu\.product In \[NVIDIA-RTX-A4000\]/.test(e.message) &&
        !/topology/.test(e.message),
    );
    // The same product as the affinity requires is fine; the GPU's toleration given again is not repeated.
    const app = new ModelDeployment("agree", {
      spec: a4000,
      nodeSelector: { "nvidia.com/gpu.product": "NVIDIA-RTX-A4000" },
      tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }, { key: "dedicated", operator: "Exists", effect: "NoSchedule" }, { key: "dedicated", operator: "Exists", effect: "NoSchedule" }],
    });
    await valueOf(app.deployment.urn);
    await settle();
    const pod = child("kubernetes:apps/v1:Deployment", "agree")!.inputs.spec.template.spec;
    assert.deepEqual(pod.tolerations, [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }, { key: "dedicated", operator: "Exists", effect: "NoSchedule" }]);
  });

  it("volumes and mounts are checked against the component's own pod spec", () => {
    // More than one GPU: the component mounts a memory-backed /dev/shm ("dshm").
    const clash = () =>
      new ModelDeployment("clash", {
        spec: { ...SPEC, resources: { machineType: "A100-80Gx8", ports: [8000] } },
        volumes: [{ name: "dshm", emptyDir: {} }, { name: "x", emptyDir: {} }, { name: "x", emptyDir: {} }],
        volumeMounts: [{ name: "nope", mountPath: "/nope" }, { name: "x", mountPath: "/dev/shm" }, { name: "x", mountPath: "/a" }, { name: "x", mountPath: "/a" }],
      });
    assert.throws(clash, (e: Error) => {
      for (const line of [
        /volumes\[0\]\.name: "dshm" is the name of one of the component's own volumes/,
        /volumes\[2\]\.name: "x" is given twice/,
        /volumeMounts\[0\]\.name: "nope" is not a volume of the pod/,
        /volumeMounts\[1\]\.mountPath: "\/dev\/shm" is where the component mounts one of its own volumes/,
        /volumeMounts\[3\]\.mountPath: "\/a" is mounted twice/,
      ]) {
        assert.match(e.message, line);
      }
      return true;
    });
  });

  it("maps and lists given as a whole Output are refused: their keys shape the objects", () => {
    assert.throws(
      () => new ModelDeployment("whole", { spec: SPEC, podLabels: late({ team: "ml" }) as never, ingress: { host: "a.example.com", annotations: late({}) as never } }),
      (e: Error) => /podLabels: must be plain data, not an Output/.test(e.message) && /ingress\.annotations: must be plain data, not an Output/.test(e.message),
    );
  });

  it("an Output inside a knob that breaks its rule is a ResourceError naming the field, once known", async () => {
    const labels = new ModelDeployment("late-label", { spec: SPEC, podLabels: { team: late("not a label value") } });
    await assert.rejects((labels.deployment.spec as any).promise(), /ModelDeployment late-label: podLabels\.team: must be a label value .*\(got "not a label value"\)/);
    const policy = new ModelDeployment("late-policy", { spec: SPEC, imagePullPolicy: late("Sometimes" as never) });
    await assert.rejects((policy.deployment.spec as any).promise(), /ModelDeployment late-policy: imagePullPolicy: must be one of Always, IfNotPresent, Never/);
    const ref = new ModelDeployment("late-ref", { spec: SPEC, envFrom: [{ secretRef: { name: late("Bad_Name") } }] });
    await assert.rejects((ref.deployment.spec as any).promise(), /ModelDeployment late-ref: envFrom\[0\]\.secretRef\.name: /);
    const volume = new ModelDeployment("late-volume", { spec: SPEC, volumes: [{ name: late("Bad_Name"), emptyDir: {} }], volumeMounts: [{ name: "x", mountPath: late("/data") }] });
    await assert.rejects((volume.deployment.spec as any).promise(), /ModelDeployment late-volume: volumes\[0\]\.name: must be a DNS label/);
    const sa = new ModelDeployment("late-sa", { spec: SPEC, serviceAccountName: late("UPPER") });
    await assert.rejects((sa.deployment.spec as any).promise(), /ModelDeployment late-sa: serviceAccountName: /);
  });

  it("a bad Output value is one error, however many children use it (Pulumi reports an error object once)", async () => {
    // The service account's name reaches the Deployment and the shared-mode fetch Job.
    const app = new ModelDeployment("late-shared", {
      spec: { ...SPEC, integrations: [{ type: "s3", name: "weights", url: "s3://bucket/llm" }] },
      integrations: { mode: "shared", storageClassName: "efs" },
      serviceAccountName: late("UPPER"),
    });
    const [dep, job] = await Promise.allSettled([(app.deployment.spec as any).promise(), (app.fetchJob!.spec as any).promise()]);
    assert.equal(dep.status, "rejected");
    assert.equal(job.status, "rejected");
    assert.match(String((dep as PromiseRejectedResult).reason), /ModelDeployment late-shared: serviceAccountName: /);
    // The same Error object: Pulumi's program runner reports an error it has reported once only
    // (isErrorReported in @pulumi/pulumi's cmd/run), so the user reads it once.
    assert.equal((dep as PromiseRejectedResult).reason, (job as PromiseRejectedResult).reason);
  });

  it("preview shows every knob", () => {
    const c = checkDeployment({
      spec: SPEC,
      resolve: { secretNames: [] },
      manifest: {
        instance: "knobs",
        objectName: "knobs",
        ingress: { host: "llm.example.com", annotations: { "cert-manager.io/cluster-issuer": "letsencrypt" } },
        workload: {
          serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/models" } },
          podLabels: { team: "ml" },
          podAnnotations: { "prometheus.io/scrape": "true" },
          serviceAnnotations: { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" },
          imagePullPolicy: "Always",
          envFrom: [{ configMapRef: { name: "llm-config" } }, { secretRef: { name: "llm-keys" }, prefix: "KEY_" }],
          volumes: [{ name: "models", persistentVolumeClaim: { claimName: "model-cache" } }],
          volumeMounts: [{ name: "models", mountPath: "/models", readOnly: true }],
          nodeSelector: { "topology.kubernetes.io/zone": "us-east-1a" },
          tolerations: [{ key: "dedicated", operator: "Equal", value: "ml", effect: "NoSchedule" }],
        },
      },
    });
    assert.deepEqual(c.errors, []);
    const preview = buildPreview("knobs", c.plan!, []);
    const settings = (kind: string) => preview.tree.children.find((r) => r.type.endsWith(`:${kind}`))!.settings;
    assert.equal(settings("ServiceAccount").annotations, "eks.amazonaws.com/role-arn=arn:aws:iam::123456789012:role/models");
    const d = settings("Deployment");
    assert.equal(d.serviceAccount, "knobs");
    assert.equal(d.podLabels, "team=ml (the selector stays the component's)");
    assert.equal(d.podAnnotations, "prometheus.io/scrape=true");
    assert.equal(d.imagePullPolicy, "Always");
    assert.equal(d.envFrom, "ConfigMap llm-config, Secret llm-keys (prefix KEY_) (every key as a variable; env entries win)");
    assert.match(d.volumes, /models$/);
    assert.equal(d.mounts, "models at /models (read-only)");
    assert.equal(d.nodeSelector, "topology.kubernetes.io/zone=us-east-1a");
    assert.match(d.scheduling, /tolerates nvidia\.com\/gpu, dedicated/);
    assert.equal(settings("Service").annotations, "service.beta.kubernetes.io/aws-load-balancer-internal=true");
    assert.equal(settings("Ingress").annotations, "cert-manager.io/cluster-issuer=letsencrypt");
    const text = renderPreview(preview);
    for (const label of ["service account", "pod labels", "pod annotations", "image pull", "env from", "mounts", "node selector"]) assert.match(text, new RegExp(`\\s${label}\\s`));
  });

  it("the CLI takes the same extras from a --workload file: preview shows them, validate checks them", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-workload-"));
    try {
      fs.writeFileSync(path.join(dir, "spec.yaml"), "name: llm\nimage: ghcr.io/acme/llm:1\nresources: { machineType: A100-80G, ports: [8000] }\n");
      fs.writeFileSync(
        path.join(dir, "workload.yaml"),
        [
          "serviceAccount: { annotations: { iam.gke.io/gcp-service-account: models@p.iam.gserviceaccount.com } }",
          "podLabels: { team: ml }",
          "imagePullPolicy: Always",
          "envFrom: [{ configMapRef: { name: llm-config } }]",
          "volumes: [{ name: models, persistentVolumeClaim: { claimName: model-cache } }]",
          "volumeMounts: [{ name: models, mountPath: /models }]",
          "serviceAnnotations: { networking.gke.io/load-balancer-type: Internal }",
          "ingress: { annotations: { cert-manager.io/cluster-issuer: letsencrypt } }",
        ].join("\n"),
      );
      const preview = runCli(["preview", "spec.yaml", "--workload", "workload.yaml", "--ingress-host", "llm.example.com"], dir);
      assert.equal(preview.code, 0, preview.stderr);
      for (const line of [
        /service account\s+llm\n/,
        /pod labels\s+team=ml \(the selector stays the component's\)/,
        /image pull\s+Always/,
        /env from\s+ConfigMap llm-config/,
        /mounts\s+models at \/models/,
        /annotations\s+networking\.gke\.io\/load-balancer-type=Internal/,
        /annotations\s+cert-manager\.io\/cluster-issuer=letsencrypt/,
        /annotations\s+iam\.gke\.io\/gcp-service-account=models@p\.iam\.gserviceaccount\.com/,
      ]) {
        assert.match(preview.stdout, line);
      }
      fs.writeFileSync(path.join(dir, "bad.yaml"), "podLabels: { team: not a value }\n");
      const bad = runCli(["validate", "spec.yaml", "--workload", "bad.yaml"], dir);
      assert.equal(bad.code, 1, bad.stderr);
      assert.match(bad.stdout, /--workload podLabels: team: must be a label value/);
      // Ingress annotations without --ingress-host would do nothing: a usage error, as --ingress-class alone is.
      const noHost = runCli(["validate", "spec.yaml", "--workload", "workload.yaml"], dir);
      assert.equal(noHost.code, 2, noHost.stdout);
      assert.match(noHost.stderr, /--workload workload\.yaml: ingress\.annotations are the annotations of the Ingress of --ingress-host, which is not given/);
      fs.writeFileSync(path.join(dir, "typo.yaml"), "envFrom: [{ configMapRef: { name: a, optinal: true }, prefx: A_ }]\n");
      const typo = runCli(["validate", "spec.yaml", "--workload", "typo.yaml"], dir);
      assert.equal(typo.code, 1, typo.stderr);
      assert.match(typo.stdout, /prefx: is not a field of an envFrom entry; did you mean prefix\?/);
      fs.writeFileSync(path.join(dir, "unknown.yaml"), "podLabel: { team: ml }\n");
      const unknown = runCli(["preview", "spec.yaml", "--workload", "unknown.yaml"], dir);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /--workload unknown\.yaml: unknown podLabel \(it takes serviceAccountName, /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a transforms option on the component reaches its children, as the engine applies it", async () => {
    const seen: string[] = [];
    const app = new ModelDeployment(
      "transformed",
      { spec: SPEC },
      {
        transforms: [
          ({ type, props, opts }) => {
            seen.push(type);
            if (type !== "kubernetes:core/v1:Service") return undefined;
            return { props: { ...props, metadata: { ...props.metadata, annotations: { "from-transform": "yes" } } }, opts };
          },
        ],
      },
    );
    await valueOf(app.service.urn);
    await settle();
    assert.deepEqual(child("kubernetes:core/v1:Service", "transformed")!.inputs.metadata.annotations, { "from-transform": "yes" });
    assert.ok(seen.includes("kubernetes:apps/v1:Deployment"), "every child passes through the transform");
  });
});
