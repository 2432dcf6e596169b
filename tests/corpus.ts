/** A broad set of specs that resolve, for checks that must hold for every emitted object. */
import type { ResolveOptions } from "../sdk/core/resolve";
import { readFixture } from "./helpers";

export interface CorpusEntry {
  name: string;
  raw: unknown;
  options: ResolveOptions;
}

/** Every fixture that resolves as it is (with the options `corpus` gives it). */
export const RESOLVABLE_FIXTURES = [
  "seed-example.yaml",
  "console-style.yaml",
  "latest-legacy.yaml",
  "v1-instancetype-scalar-ports.yaml",
  "port-string.yaml",
  "image-placeholder.yaml",
  "image-empty.yaml",
  "autoscaling-disabled.yaml",
  "healthchecks-lowercase.yaml",
  "flow-style-comments.yaml",
  "paperspace.json",
  "app.jsonc",
  "app.toml",
];

const base = () => ({ name: "variant", image: "ghcr.io/acme/model:2", resources: { machineType: "A100", ports: [8080] } });

export function corpus(): CorpusEntry[] {
  const entries: CorpusEntry[] = RESOLVABLE_FIXTURES.map((f) => ({
    name: f,
    raw: readFixture(f),
    options: {
      ...(f.startsWith("image-") ? { image: "ghcr.io/acme/from-ci:sha-1234" } : {}),
      // Graphcore IPUs are not in the catalog; the user registers the machine as their own.
      ...(f === "flow-style-comments.yaml" ? { machineTypes: { "IPU-POD16": { vcpu: 96, memoryGiB: 448 } } } : {}),
    },
  }));
  entries.push(
    { name: "exec probes", raw: { ...base(), healthChecks: { startup: { exec: { command: ["cat", "/tmp/ready"] }, failureThreshold: 60 }, liveness: { exec: { command: ["/bin/true"] } } } }, options: {} },
    { name: "all timing fields", raw: { ...base(), healthChecks: { readiness: { path: "/r?full=1", initialDelaySeconds: 30, periodSeconds: 3, timeoutSeconds: 2, failureThreshold: 7, host: "127.0.0.1", headers: [{ name: "Accept", value: "application/json" }, { name: "X-Probe", value: "1" }] } } }, options: {} },
    { name: "named probe port", raw: { ...base(), resources: { machineType: "C5", ports: [8080, 9090] }, healthChecks: { liveness: { path: "/m", port: "http-9090" }, readiness: { path: "/r", port: "http" } } }, options: {} },
    { name: "disabled", raw: { ...base(), enabled: false, resources: { machineType: "C5", ports: [80], replicas: 3 } }, options: {} },
    { name: "command and env", raw: { ...base(), command: ["python", "-m", "serve"], env: [{ name: "some-env", value: "x" }, { name: "A.B", value: "" }] }, options: {} },
    { name: "many replicas, long startup", raw: { ...base(), resources: { machineType: "H100x8", ports: [8000], replicas: 12 }, healthChecks: { startup: { path: "/", periodSeconds: 30, failureThreshold: 40 } } }, options: {} },
    { name: "custom GPU machine, compute override", raw: { ...base(), resources: { machineType: "L4x2", ports: [8000] } }, options: { machineTypes: { L4x2: { vcpu: 24, memoryGiB: 96, gpu: { count: 2, model: "NVIDIA L4", memoryGiB: 24, products: ["NVIDIA-L4"] } } }, compute: { cpu: "20", memory: "80Gi" } } },
    { name: "secrets, protected endpoint, KEDA autoscaling", raw: readFixture("protected-autoscaled.yaml"), options: { keda: true, secretNames: ["HF_TOKEN", "ENDPOINT_PASSWORD"] } },
    { name: "HPA on cpu and memory, existing secret", raw: { ...base(), env: [{ name: "T", value: "secret:TOKEN" }], resources: { machineType: "A5000", ports: [8000], replicas: 2, autoscaling: { maxReplicas: 4, metrics: [{ metric: "cpu", summary: "average", value: 70 }, { metric: "memory", summary: "average", value: 80 }] } } }, options: { existingSecret: "app-secrets" } },
    { name: "private registry", raw: { ...base(), containerRegistry: "My-Example-GHCR" }, options: { registries: ["My-Example-GHCR"] } },
    { name: "integrations, shared", raw: { ...base(), integrations: [{ type: "git-lfs", name: "falcon", path: "/models", url: "https://huggingface.co/tiiuae/falcon-7b" }, { type: "s3", name: "w", url: "s3://b/p/", endpoint: "https://s3.example.com", accessKeyId: "secret:K", secretAccessKey: "secret:S" }, { type: "volume", name: "scratch" }] }, options: { secretNames: ["K", "S"] } },
    { name: "integrations, per replica", raw: { ...base(), integrations: [{ type: "git-lfs", name: "falcon", url: "https://huggingface.co/tiiuae/falcon-7b" }] }, options: { integrations: { mode: "per-replica" } } },
    { name: "node pool placement", raw: { ...base(), resources: { machineType: "A6000x4", ports: [8000] } }, options: { placement: { nodeLabels: { "model-deployment/pool": "a6000", "team": "ml" }, tolerations: [{ key: "model-deployment/pool", operator: "Equal", value: "a6000", effect: "NoSchedule" }] } } },
  );
  return entries;
}
