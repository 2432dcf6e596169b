/**
 * Upgrades are safe: what the component registers with the engine (URNs, parents, inputs,
 * dependsOn, custom timeouts, aliases) for every example program and for component arguments
 * that reach every object role is checked in under tests/golden/component/. A change there
 * means existing stacks would see a diff on `pulumi up`: review it, then rewrite the files with
 * `UPDATE_GOLDEN=1 npm test`.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { ModelDeployment, GpuNodePool } from "../../sdk";
import { RESOLVABLE_FIXTURES } from "../corpus";
import { REPO, fixturePath, repoPath } from "../helpers";
import { freshProgramEachTest, installMocks, registered, Registered, runProgram } from "../mocks";
import { sortKeys } from "../../sdk/manifests/render";

installMocks();

const GOLDEN_DIR = repoPath("tests", "golden", "component");

/** Waits until no new resource has been registered for a while. */
async function settled(): Promise<void> {
  let last = -1;
  let quiet = 0;
  while (quiet < 5) {
    await new Promise((r) => setTimeout(r, 20));
    if (registered.length === last) quiet++;
    else {
      quiet = 0;
      last = registered.length;
    }
  }
}

function snapshot(entries: readonly Registered[]): unknown {
  return sortKeys(
    [...entries]
      .sort((a, b) => (a.urn ?? "").localeCompare(b.urn ?? ""))
      .map((r) => ({
        urn: r.urn,
        parent: r.parent,
        inputs: r.inputs,
        dependencies: r.dependencies,
        ...(r.customTimeouts ? { customTimeouts: r.customTimeouts } : {}),
        ...(r.aliases ? { aliases: r.aliases } : {}),
        ...(r.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
      })),
  );
}

function checkGolden(name: string, actual: unknown): void {
  const file = `${GOLDEN_DIR}/${name}.json`;
  // Paths inside the checkout are written relative to it, so the files hold in any clone.
  const text = `${JSON.stringify(actual, null, 2)}\n`.split(REPO).join("<repo>");
  if (process.env.UPDATE_GOLDEN === "1") {
    fs.mkdirSync(GOLDEN_DIR, { recursive: true });
    fs.writeFileSync(file, text);
    return;
  }
  assert.ok(fs.existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npm test`);
  assert.equal(text, fs.readFileSync(file, "utf8"), `${name}: the registrations differ from ${file}`);
}


const spec = (file: string) => ModelDeployment.loadSpec(fixturePath(file));
const base = { name: "variant", image: "ghcr.io/acme/model:2", resources: { machineType: "A100", ports: [8080] } };

/** Component arguments that, together, reach every object role and option the component has. */
const SCENARIOS: Record<string, () => void> = {
  seed: () => new ModelDeployment("seed", { spec: spec("seed-example.yaml") }),
  "named-namespace-loadbalancer": () =>
    new ModelDeployment("named", { spec: spec("console-style.yaml"), kubernetesName: "console", namespace: "models", createNamespace: true, serviceType: "LoadBalancer" }),
  "protected-keda-ingress": () =>
    new ModelDeployment("llm", {
      spec: spec("protected-autoscaled.yaml"),
      secrets: { HF_TOKEN: pulumi.secret("hf_x"), ENDPOINT_PASSWORD: pulumi.secret("pw_x") },
      keda: { enabled: true },
      ingress: { host: "llm.example.com", className: "nginx", tlsSecretName: "llm-tls", path: "/" },
    }),
  "hpa-existing-secret-inline-auth": () =>
    new ModelDeployment("hpa", {
      spec: {
        ...base,
        basicAuthKey: "plain-password",
        env: [{ name: "T", value: "secret:TOKEN" }, { name: "MODE", value: "fast" }],
        resources: { machineType: "A5000", ports: [8000], replicas: 2, autoscaling: { maxReplicas: 4, metrics: [{ metric: "cpu", summary: "average", value: 70 }] } },
      },
      secretName: "app-secrets",
    }),
  "registry-pinned": () =>
    new ModelDeployment("reg", {
      spec: { ...base, containerRegistry: "ghcr" },
      registries: { ghcr: { server: "ghcr.io", username: "bot", password: pulumi.secret("pw") } },
      pinImageDigest: true,
    }),
  "integrations-shared": () =>
    new ModelDeployment("shared", {
      spec: {
        ...base,
        integrations: [
          { type: "git-lfs", name: "falcon", path: "/models", url: "https://huggingface.co/tiiuae/falcon-7b", password: "secret:HF" },
          { type: "s3", name: "weights", url: "s3://bucket/p/", accessKeyId: "AKIAINLINE", secretAccessKey: "inline-secret" },
          { type: "volume", name: "scratch" },
          { type: "volume", name: "cache" },
        ],
      } as never,
      secrets: { HF: pulumi.secret("hf") },
      integrations: { storageClassName: "nfs", size: "50Gi", downloadTimeoutSeconds: 900 },
    }),
  "integrations-per-replica": () =>
    new ModelDeployment("perrep", {
      spec: { ...base, integrations: [{ type: "git-lfs", name: "falcon", url: "https://huggingface.co/tiiuae/falcon-7b" }] } as never,
      integrations: { mode: "per-replica" },
    }),
  "dedicated-karpenter-pool": () =>
    new ModelDeployment("pooled", {
      spec: { ...base, resources: { machineType: "A100-80G", ports: [8000], replicas: 2 } },
      dedicatedNodePool: { backend: "karpenter", karpenter: { nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "gpu" } } } as never,
    }),
  "shared-existing-pool": () => {
    const pool = new GpuNodePool("h100", { machineType: "H100", backend: "existing" });
    new ModelDeployment("onpool", { spec: { ...base, resources: { machineType: "H100", ports: [8000] } }, nodePool: pool });
  },
};

/** Every fixture that resolves, deployed as it is (the options the corpus gives it). */
for (const file of RESOLVABLE_FIXTURES) {
  const name = `fixture-${file.replace(/[^a-z0-9]+/g, "-")}`;
  SCENARIOS[name] = () =>
    new ModelDeployment(name, {
      spec: spec(file),
      ...(file.startsWith("image-") ? { image: "ghcr.io/acme/from-ci:sha-1234" } : {}),
      ...(file === "flow-style-comments.yaml" ? { machineTypes: { "IPU-POD16": { vcpu: 96, memoryGiB: 448 } } } : {}),
    });
}

const EXAMPLES: Record<string, { config?: Record<string, string>; secret?: string[] }> = {
  "fastapi-model": {},
  "existing-pool": {},
  "karpenter-pool": {},
  "digitalocean-pool": {},
  "gke-pool": {},
  "eks-pool": { config: { "project:nodeRoleArn": "arn:aws:iam::123456789012:role/models-nodes", "project:subnetIds": '["subnet-0a1b", "subnet-0c2d"]' } },
  "aks-pool": {},
  "protected-llm": { config: { "project:HF_TOKEN": "hf_x", "project:ENDPOINT_PASSWORD": "pw_x", "project:host": "llm.example.com" }, secret: ["project:HF_TOKEN", "project:ENDPOINT_PASSWORD"] },
  "fastapi-build": { config: { "project:registryPassword": "pw_x" }, secret: ["project:registryPassword"] },
};

describe("component registrations golden (upgrades change no URN, name, input or option)", () => {
  freshProgramEachTest();

  for (const [name, make] of Object.entries(SCENARIOS)) {
    it(`component: ${name}`, async () => {
      make();
      await settled();
      checkGolden(name, snapshot(registered));
    });
  }

  for (const [name, { config, secret }] of Object.entries(EXAMPLES)) {
    it(`example: ${name}`, async () => {
      if (config) pulumi.runtime.setAllConfig(config, secret);
      runProgram(repoPath("dist", "examples", name, "index.js"), repoPath("examples", name));
      await settled();
      checkGolden(`example-${name}`, snapshot(registered));
    });
  }

  it("the root project", async () => {
    runProgram(repoPath("dist", "program", "index.js"), repoPath());
    await settled();
    checkGolden("root-program", snapshot(registered));
  });
});
