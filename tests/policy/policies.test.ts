/**
 * The policy pack, run the way Pulumi runs a resource validation policy: `validateResource` with
 * the resource's type and props (its inputs) and a `reportViolation` that collects the messages.
 * Every example, rendered, passes; each broken variant is reported by its rule, naming the
 * container, the field and the fix.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import type { EnforcementLevel, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { GPU_MIN_STARTUP_SECONDS } from "../../sdk/core/defaults";
import { DEFAULT_ENFORCEMENT, RULES, checkWorkload, healthPolicies, type RuleName } from "../../sdk/policy";
import { EXAMPLE_RENDER_OPTIONS, repoPath, runCli } from "../helpers";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";

type Config = Partial<Record<RuleName, Record<string, unknown>>>;

/** Runs every policy on one resource as the engine would; returns `rule: message` lines. */
function run(props: Record<string, any>, type = DEPLOYMENT, config: Config = {}, policies: ResourceValidationPolicy[] = healthPolicies()): string[] {
  const out: string[] = [];
  for (const p of policies) {
    const args = {
      type,
      props,
      urn: `urn:pulumi:stack::project::${type}::app`,
      name: "app",
      opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
      stackTags: new Map<string, string>(),
      isType: () => false,
      asType: () => undefined,
      getConfig: <T extends object>() => (config[p.name as RuleName] ?? {}) as T,
      notApplicable: (reason?: string): never => {
        throw new Error(`notApplicable: ${reason}`);
      },
    } satisfies ResourceValidationArgs;
    const validations = [p.validateResource ?? []].flat();
    for (const v of validations) void v(args, (message) => out.push(`${p.name}: ${message}`));
  }
  return out;
}

const EXAMPLES = EXAMPLE_RENDER_OPTIONS;

function renderedDeployment(example: string): Record<string, any> {
  const r = runCli(["render", `examples/${example}/deployment.yaml`, "-o", "json", ...EXAMPLES[example]]);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout).items as Array<Record<string, any>>).find((o) => o.kind === "Deployment")!;
}

/** A GPU Deployment with every health check right, to break one thing at a time. */
function good(): Record<string, any> {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "llm" },
    spec: {
      progressDeadlineSeconds: 900,
      template: {
        spec: {
          containers: [
            {
              name: "model",
              image: "ghcr.io/acme/llm:1.2.3",
              resources: { requests: { cpu: "4", "nvidia.com/gpu": "1" }, limits: { "nvidia.com/gpu": "1" } },
              startupProbe: { httpGet: { path: "/health", port: 8000 }, periodSeconds: 10, failureThreshold: 30 },
              readinessProbe: { httpGet: { path: "/health", port: 8000 }, timeoutSeconds: 5 },
              livenessProbe: { httpGet: { path: "/health", port: 8000 }, timeoutSeconds: 5 },
            },
          ],
        },
      },
    },
  };
}

/** `good()` with the model container changed by `edit`. */
function broken(edit: (c: Record<string, any>, d: Record<string, any>) => void): Record<string, any> {
  const d = good();
  edit(d.spec.template.spec.containers[0], d);
  return d;
}

const rulesOf = (lines: string[]) => [...new Set(lines.map((l) => l.split(":")[0]))].sort();

describe("policy pack", () => {
  describe("every example, rendered, passes every policy", () => {
    for (const example of Object.keys(EXAMPLES)) {
      it(example, () => {
        assert.deepEqual(run(renderedDeployment(example)), []);
      });
    }

    it("as registered with the engine by the example programs (tests/golden/component), too", () => {
      const dir = repoPath("tests", "golden", "component");
      const files = fs.readdirSync(dir).filter((f) => f.startsWith("example-"));
      assert.equal(files.length, Object.keys(EXAMPLES).length);
      for (const f of files) {
        const registered = JSON.parse(fs.readFileSync(`${dir}/${f}`, "utf8")) as Array<{ urn: string; inputs: Record<string, any> }>;
        const deployments = registered.filter((r) => r.urn.includes(`$${DEPLOYMENT}::`) || r.urn.includes(`::${DEPLOYMENT}::`));
        assert.equal(deployments.length, 1, f);
        assert.deepEqual(run(deployments[0].inputs), [], f);
      }
    });

    it("an example's deadline cut below what its probes allow is reported", () => {
      const d = renderedDeployment("protected-llm");
      assert.equal(d.spec.progressDeadlineSeconds, 906);
      d.spec.progressDeadlineSeconds = 600;
      assert.deepEqual(rulesOf(run(d)), ["progress-deadline-covers-startup"]);
    });
  });

  it("the well-formed test object passes, as a Deployment and as a StatefulSet", () => {
    assert.deepEqual(run(good()), []);
    assert.deepEqual(run({ ...good(), kind: "StatefulSet" }, STATEFUL_SET), []);
  });

  it("other resource types are not checked", () => {
    assert.deepEqual(run(broken((c) => delete c.readinessProbe), "kubernetes:core/v1:Pod"), []);
  });

  describe("each broken variant is reported by its rule, with the container, the field and the fix", () => {
    it("probes removed: no readiness and no startup check on a GPU container", () => {
      const lines = run(
        broken((c) => {
          delete c.readinessProbe;
          delete c.startupProbe;
          delete c.livenessProbe;
        }),
      );
      assert.deepEqual(lines, [
        'gpu-readiness-check: spec.template.spec.containers[0].readinessProbe (container "model"): a GPU container has no readiness check, so it takes traffic before its model is loaded. Fix: add a readinessProbe that succeeds only once the model answers (in a Gradient spec: healthChecks.readiness).',
        `gpu-startup-check: spec.template.spec.containers[0].startupProbe (container "model"): a GPU container has no startup probe, so nothing states how long its model may take to load. Fix: add a startupProbe with initialDelaySeconds + periodSeconds x failureThreshold of at least ${GPU_MIN_STARTUP_SECONDS} (e.g. periodSeconds 10, failureThreshold ${GPU_MIN_STARTUP_SECONDS / 10}; in a Gradient spec: healthChecks.startup).`,
      ]);
    });

    it("a startup window under the minimum names the failureThreshold that reaches it", () => {
      const lines = run(broken((c) => (c.startupProbe = { exec: { command: ["true"] }, initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 3 })));
      assert.equal(lines.length, 1);
      assert.match(lines[0], /^gpu-startup-check: spec\.template\.spec\.containers\[0\]\.startupProbe\.failureThreshold \(container "model"\): the startup probe allows a model load of 20 s/);
      assert.match(lines[0], /Fix: raise startupProbe\.failureThreshold to 11 or more/);
    });

    it("without a startup probe, a readiness delay of the minimum is accepted, and liveness must not start before it", () => {
      const noStartup = (readinessDelay: number, livenessDelay: number) =>
        run(
          broken((c, d) => {
            delete c.startupProbe;
            c.readinessProbe.initialDelaySeconds = readinessDelay;
            c.livenessProbe.initialDelaySeconds = livenessDelay;
            d.spec.progressDeadlineSeconds = 600;
          }),
        );
      assert.deepEqual(noStartup(GPU_MIN_STARTUP_SECONDS, GPU_MIN_STARTUP_SECONDS), []);
      assert.deepEqual(rulesOf(noStartup(GPU_MIN_STARTUP_SECONDS - 1, GPU_MIN_STARTUP_SECONDS)), ["gpu-startup-check"]);
      const early = noStartup(GPU_MIN_STARTUP_SECONDS, 0);
      assert.deepEqual(early, [
        `liveness-after-startup: spec.template.spec.containers[0].livenessProbe.initialDelaySeconds (container "model"): without a startup probe, liveness starts checking 0 s after the container starts, before readiness (${GPU_MIN_STARTUP_SECONDS} s): a slow start is restarted before it may answer. Fix: add a startupProbe (liveness waits for it to succeed; in a Gradient spec: healthChecks.startup), or set livenessProbe.initialDelaySeconds to ${GPU_MIN_STARTUP_SECONDS} or more.`,
      ]);
      // With a startup probe the kubelet holds liveness back itself: no delay is needed.
      assert.deepEqual(run(broken((c) => (c.readinessProbe.initialDelaySeconds = 30))), []);
    });

    it(":latest, no tag, and (with requireDigest) any tag", () => {
      const latest = run(broken((c) => (c.image = "ghcr.io/acme/llm:latest")));
      assert.deepEqual(latest, [
        'images-pinned: spec.template.spec.containers[0].image (container "model"): "ghcr.io/acme/llm:latest" uses the tag latest: every node may pull other content, and a rollout cannot tell. Fix: use a version tag (ghcr.io/acme/llm:1.2.3) or name the image by digest (ghcr.io/acme/llm@sha256:...; ModelDeployment\'s pinImageDigest does it).',
      ]);
      assert.match(run(broken((c) => (c.image = "localhost:5000/llm")))[0], /"localhost:5000\/llm" has no tag, which means latest/);
      const init = run(broken((_c, d) => (d.spec.template.spec.initContainers = [{ name: "fetch", image: "alpine" }])));
      assert.match(init[0], /^images-pinned: spec\.template\.spec\.initContainers\[0\]\.image \(container "fetch"\)/);
      const strict = { "images-pinned": { requireDigest: true } };
      assert.match(run(good(), DEPLOYMENT, strict)[0], /^images-pinned: .*"ghcr\.io\/acme\/llm:1\.2\.3" is not pinned by digest, which this stack requires \(requireDigest\)/);
      assert.deepEqual(run(broken((c) => (c.image = `ghcr.io/acme/llm@sha256:${"0".repeat(64)}`)), DEPLOYMENT, strict), []);
    });

    it("a progress deadline shorter than the startup window (also the 600 s default when absent)", () => {
      const short = run(broken((_c, d) => (d.spec.progressDeadlineSeconds = 300)));
      assert.deepEqual(short, [
        'progress-deadline-covers-startup: spec.progressDeadlineSeconds (container "model"): the rollout is declared failed after 300 s, but the probes allow this container 306 s to become ready (the last moment the startup check can still succeed, then the readiness checks). Fix: set spec.progressDeadlineSeconds to 306 or more, plus the time an image pull takes (ModelDeployment computes it from the probes).',
      ]);
      const absent = run(
        broken((c, d) => {
          delete d.spec.progressDeadlineSeconds;
          c.startupProbe.failureThreshold = 90;
        }),
      );
      assert.match(absent[0], /after 600 s \(the default\), but the probes allow this container 906 s/);
      // A StatefulSet has no progress deadline.
      assert.deepEqual(run({ ...good(), spec: { ...good().spec, progressDeadlineSeconds: 1 } }, STATEFUL_SET), []);
    });

    it("a GPU request without a limit, or with another limit", () => {
      const noLimit = run(broken((c) => (c.resources.limits = {})));
      assert.deepEqual(noLimit, [
        'gpu-requests-equal-limits: spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"] (container "model"): requests 1 nvidia.com/gpu with no limit, which Kubernetes refuses (GPU requests must equal limits). Fix: set resources.limits["nvidia.com/gpu"] to 1, or give only the limit (it is then the request too).',
      ]);
      assert.match(run(broken((c) => (c.resources.limits = { "nvidia.com/gpu": 2 })))[0], /requests 1 nvidia\.com\/gpu but limits it to 2/);
      assert.deepEqual(run(broken((c) => (c.resources.limits = { "nvidia.com/gpu": 1 }))), [], '"1" and 1 are the same quantity');
      assert.deepEqual(run(broken((c) => (c.resources = { limits: { "nvidia.com/gpu": "1" } }))), [], "a limit alone is the request");
    });

    it("liveness stricter than readiness: a shorter failure window, a shorter timeout", () => {
      const lines = run(
        broken((c) => {
          c.readinessProbe.failureThreshold = 6;
          c.livenessProbe.timeoutSeconds = 1;
        }),
      );
      assert.deepEqual(lines, [
        'liveness-not-stricter-than-readiness: spec.template.spec.containers[0].livenessProbe.failureThreshold (container "model"): liveness restarts the container after 30 s of failures (failureThreshold 3 x periodSeconds 10), before readiness (6 x 10 = 60 s) would even take it out of the load balancer. Fix: raise livenessProbe.failureThreshold to 6 or more, or its periodSeconds (in a Gradient spec: healthChecks.liveness).',
        'liveness-not-stricter-than-readiness: spec.template.spec.containers[0].livenessProbe.timeoutSeconds (container "model"): liveness gives up on an answer after 1 s, readiness waits 5 s: a busy replica answering in between is restarted while readiness counts it healthy. Fix: set livenessProbe.timeoutSeconds to 5 or more (in a Gradient spec: healthChecks.liveness.timeoutSeconds).',
      ]);
      // A longer period with fewer failures is as tolerant: 2 x 30 s >= 6 x 10 s.
      assert.deepEqual(run(broken((c) => Object.assign(c.readinessProbe, { failureThreshold: 6 }) && Object.assign(c.livenessProbe, { periodSeconds: 30, failureThreshold: 2 }))), []);
    });

    it("containers without GPUs need no readiness or startup check, but the other rules hold for them", () => {
      const cpu = broken((c) => {
        c.resources = { requests: { cpu: "1" }, limits: { cpu: "1" } };
        delete c.startupProbe;
        delete c.readinessProbe;
      });
      assert.deepEqual(run(cpu), []);
      cpu.spec.template.spec.containers[0].readinessProbe = { timeoutSeconds: 10 };
      assert.deepEqual(rulesOf(run(cpu)), ["liveness-not-stricter-than-readiness"]);
    });
  });

  describe("enforcement levels and config", () => {
    it("one policy a rule, each at its default level (mandatory only where Kubernetes refuses or the rollout fails) unless configured otherwise; settings have schema defaults equal to the rules'", () => {
      const policies = healthPolicies();
      assert.deepEqual(
        policies.map((p) => p.name),
        [...RULES],
      );
      assert.deepEqual(
        policies.filter((p) => p.enforcementLevel === "mandatory").map((p) => p.name),
        ["progress-deadline-covers-startup", "gpu-requests-equal-limits"],
      );
      assert.ok(policies.every((p) => p.enforcementLevel === DEFAULT_ENFORCEMENT[p.name as RuleName] && p.description.length > 0));
      const levels: Partial<Record<RuleName, EnforcementLevel>> = { "images-pinned": "advisory", "liveness-after-startup": "disabled" };
      const configured = healthPolicies({ enforcementLevels: levels });
      assert.deepEqual(
        Object.fromEntries(configured.map((p) => [p.name, p.enforcementLevel])),
        Object.fromEntries(RULES.map((r) => [r, levels[r] ?? DEFAULT_ENFORCEMENT[r]])),
      );
      const schema = (name: RuleName) => policies.find((p) => p.name === name)!.configSchema!.properties;
      assert.equal(schema("gpu-startup-check").minStartupSeconds.default, GPU_MIN_STARTUP_SECONDS);
      assert.equal(schema("images-pinned").requireDigest.default, false);
      // The engine refuses a pack whose schemas declare enforcementLevel themselves.
      for (const p of policies) assert.ok(!p.configSchema?.properties.enforcementLevel, p.name);
    });

    it("minStartupSeconds comes from the policy's config", () => {
      const d = good(); // a 300 s startup window
      assert.deepEqual(run(d, DEPLOYMENT, { "gpu-startup-check": { minStartupSeconds: 300 } }), []);
      assert.deepEqual(rulesOf(run(d, DEPLOYMENT, { "gpu-startup-check": { minStartupSeconds: 301 } })), ["gpu-startup-check"]);
    });
  });

  it("the pure checks see the same violations as the policies", () => {
    const d = broken((c) => {
      c.image = "llm";
      delete c.readinessProbe;
    });
    assert.deepEqual(
      checkWorkload("Deployment", d.spec).map((v) => v.rule).sort(),
      rulesOf(run(d)),
    );
  });
});
