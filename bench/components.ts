/**
 * Benchmark: N ModelDeployments against the hand-written equivalent (the same Deployments,
 * Services and probes written directly with @pulumi/kubernetes), both under Pulumi's mocks.
 * Each case runs in a fresh process so peak memory is its own. Prints ms per deployment, peak
 * RSS and the ratio ours / hand-written, for one spec shared by every deployment and for a
 * distinct spec each. Target: ratio <= 1.25 at N = 1000, and linear growth.
 *
 *   npm run bench            # N = 1, 100, 1000
 *   node dist/bench/components.js --sizes 10,50
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

/** ours: ModelDeployment; plain: the same objects by hand; wrapped: those inside a bare component. */
type Mode = "ours" | "plain" | "wrapped";
interface Sample {
  mode: Mode;
  n: number;
  ms: number;
  /** CPU time of the process (user + system) over the same span: steadier than wall time on a shared machine. */
  cpuMs: number;
  rssMiB: number;
  registered: number;
}

const SPEC_FILE = path.resolve(__dirname, "../../examples/fastapi-model/deployment.yaml");

/** `same`: one spec object for every deployment; `distinct`: each its own spec (an env value differs). */
type Specs = "same" | "distinct";

async function runCase(mode: Mode, n: number, specs: Specs): Promise<Sample> {
  // Loaded here so the parent process stays light.
  const pulumi = await import("@pulumi/pulumi");
  const k8s = await import("@pulumi/kubernetes");
  const { ModelDeployment } = await import("../sdk");
  let registered = 0;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered++;
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "bench",
    "bench",
    false,
  );
  /** A bare component: what any component costs, before it creates anything. */
  class Wrapper extends pulumi.ComponentResource {
    constructor(name: string) {
      super("bench:index:Wrapper", name, {}, {});
    }
    done(): void {
      this.registerOutputs({});
    }
  }
  const spec = ModelDeployment.loadSpec(SPEC_FILE);
  const probe = (path: string, timeoutSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: 8000, scheme: "HTTP" },
    initialDelaySeconds: 0,
    periodSeconds: 10,
    timeoutSeconds,
    successThreshold: 1,
    failureThreshold,
  });
  const silence = console.warn;
  console.warn = () => undefined; // the example's machineType warning, once per deployment
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const urns: Array<import("@pulumi/pulumi").Output<string>> = [];
  for (let i = 0; i < n; i++) {
    const name = `model-${i}`;
    const loadSeconds = specs === "same" ? "20" : String(20 + i);
    if (mode === "ours") {
      const d = new ModelDeployment(name, { spec: specs === "same" ? spec : { ...spec, env: [{ name: "MODEL_LOAD_SECONDS", value: loadSeconds }] } });
      urns.push(d.urn, d.deployment.urn, d.service.urn);
    } else {
      const parent = mode === "wrapped" ? new Wrapper(name) : undefined;
      const labels = { "app.kubernetes.io/component": "model-server", "app.kubernetes.io/instance": name, "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/name": "fastapi-model" };
      const selector = { "app.kubernetes.io/component": "model-server", "app.kubernetes.io/instance": name };
      const dep = new k8s.apps.v1.Deployment(name, {
        metadata: { labels, annotations: { "model-deployment/machine-type": "A4000" } },
        spec: {
          replicas: 1,
          progressDeadlineSeconds: 600,
          selector: { matchLabels: selector },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                {
                  name: "model",
                  image: "ghcr.io/acme/fastapi-model:1.0.0",
                  env: [{ name: "MODEL_LOAD_SECONDS", value: loadSeconds }],
                  ports: [{ name: "http", containerPort: 8000, protocol: "TCP" }],
                  startupProbe: probe("/startup/", 1, 6),
                  readinessProbe: probe("/readiness/", 5, 3),
                  livenessProbe: probe("/liveness/", 1, 3),
                  resources: {
                    requests: { cpu: "6800m", memory: "39168Mi", "nvidia.com/gpu": "1" },
                    limits: { cpu: "6800m", memory: "39168Mi", "nvidia.com/gpu": "1" },
                  },
                },
              ],
              tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
              affinity: {
                nodeAffinity: {
                  requiredDuringSchedulingIgnoredDuringExecution: {
                    nodeSelectorTerms: [{ matchExpressions: [{ key: "nvidia.com/gpu.product", operator: "In", values: ["NVIDIA-RTX-A4000"] }] }],
                  },
                },
              },
            },
          },
        },
      }, { parent, customTimeouts: { create: "600s", update: "600s" } });
      const svc = new k8s.core.v1.Service(name, {
        metadata: { labels },
        spec: { type: "ClusterIP", selector, ports: [{ name: "http", port: 8000, targetPort: "http", protocol: "TCP" }] },
      }, { parent });
      urns.push(dep.urn, svc.urn);
      if (parent) {
        parent.done();
        urns.push(parent.urn);
      }
    }
  }
  await new Promise<void>((resolve) => pulumi.all(urns).apply(() => resolve()));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.warn = silence;
  return { mode, n, ms, cpuMs, rssMiB: process.resourceUsage().maxRSS / 1024, registered };
}

function child(mode: Mode, n: number, specs: Specs): Sample {
  const r = spawnSync(process.execPath, [__filename, "--child", mode, String(n), specs], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${mode} n=${n} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Sample;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--child") {
    const sample = await runCase(args[1] as Mode, Number(args[2]), args[3] as Specs);
    process.stdout.write(`${JSON.stringify(sample)}\n`);
    return; // the process ends once Pulumi's last registrations have settled

  }
  const sizesArg = args.indexOf("--sizes");
  const sizes = sizesArg >= 0 ? args[sizesArg + 1].split(",").map(Number) : [1, 100, 1000];
  const repeatsArg = args.indexOf("--repeats");
  const repeats = repeatsArg >= 0 ? Number(args[repeatsArg + 1]) : 5;
  console.log(`ModelDeployment vs the same objects written by hand with @pulumi/kubernetes, under Pulumi mocks`);
  console.log(`(median of ${repeats} runs, each in a fresh process, modes interleaved; ratios are medians of the ratios run by run; "wrapped" = the hand-written objects inside a bare ComponentResource)`);
  console.log(`specs: "same" = one spec object for every deployment (parsed once); "distinct" = each deployment its own spec (an env value differs)`);
  console.log("      N |    specs | ours ms/dep | plain ms/dep | wrapped ms/dep | ours/plain | ours/wrapped | CPU ours/plain | peak RSS ours / plain | resources ours/plain");
  const perDep: Record<number, number> = {};
  for (const n of sizes) for (const specs of ["same", "distinct"] as const) {
    const runs: Record<Mode, Sample[]> = { ours: [], plain: [], wrapped: [] };
    for (let i = 0; i < repeats; i++) {
      for (const mode of ["ours", "plain", "wrapped"] as const) runs[mode].push(child(mode, n, specs));
    }
    const ms = (m: Mode) => median(runs[m].map((s) => s.ms)) / n;
    // Ratios pair by pair (runs of one repeat ran back to back), so a drift in the machine's
    // speed between repeats cancels out.
    const ratio = (a: Mode, b: Mode, f: (s: Sample) => number) => median(runs[a].map((s, i) => f(s) / f(runs[b][i])));
    const rss = (m: Mode) => median(runs[m].map((s) => s.rssMiB)).toFixed(0);
    if (specs === "distinct") perDep[n] = ms("ours");
    console.log(
      [
        String(n).padStart(7),
        specs.padStart(8),
        ms("ours").toFixed(3).padStart(11),
        ms("plain").toFixed(3).padStart(12),
        ms("wrapped").toFixed(3).padStart(14),
        ratio("ours", "plain", (x) => x.ms).toFixed(2).padStart(10),
        ratio("ours", "wrapped", (x) => x.ms).toFixed(2).padStart(12),
        ratio("ours", "plain", (x) => x.cpuMs).toFixed(2).padStart(14),
        `${rss("ours")} / ${rss("plain")} MiB`.padStart(21),
        `${runs.ours[0].registered}/${runs.plain[0].registered}`.padStart(20),
      ].join(" | "),
    );
  }
  if (sizes.length >= 2) {
    const [a, b] = [sizes[sizes.length - 2], sizes[sizes.length - 1]];
    console.log(`growth (distinct specs): ms per deployment at N=${b} / at N=${a} = ${(perDep[b] / perDep[a]).toFixed(2)} (1.00 is linear)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
