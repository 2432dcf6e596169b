/** `diff`: classification rules (one test per rule), output shapes, exit codes. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { classifyField, diffObjectModels } from "../../sdk/manifests/diff";
import { resolveDeployment } from "../../sdk/core/resolve";
import { probeTimelines } from "../../sdk/core/timeline";
import { readFixture, repoPath, runCli, manifestsOf } from "../helpers";

const seed = () => readFixture("seed-example.yaml") as Record<string, any>;

function diffOf(before: Record<string, any>, after: Record<string, any>, naming = { instance: "fastapi", objectName: "fastapi" }) {
  const a = resolveDeployment(before);
  const b = resolveDeployment(after);
  return diffObjectModels(
    manifestsOf(a, naming).entries,
    manifestsOf(b, naming).entries,
    probeTimelines(a.probes),
    probeTimelines(b.probes),
  );
}

const cli = runCli;

describe("diff classification (pulumi-kubernetes replacement rules)", () => {
  it("a probe change rolls the pods, and shows the timeline before/after", () => {
    const after = seed();
    after.healthChecks.startup.failureThreshold = 3;
    const d = diffOf(seed(), after);
    assert.deepEqual(d.objects.map((o) => [o.kind, o.class]), [["Deployment", "rolling-restart"]]);
    assert.deepEqual(d.objects[0].changes.map((c) => [c.path, c.before, c.after]), [["spec.template.spec.containers[0].startupProbe.failureThreshold", 6, 3]]);
    assert.deepEqual(d.timeline, [
      { figure: "startup budget", before: "60 s", after: "30 s" },
      { figure: "start that never answers killed after", before: "50-60 s", after: "20-30 s" },
      { figure: "hung start killed after", before: "51-61 s", after: "21-31 s" },
    ]);
    assert.equal(d.replaces, false);
  });

  it("a replicas change is an in-place update", () => {
    const before = seed();
    before.resources.replicas = 2;
    const after = seed();
    after.resources.replicas = 3;
    const d = diffOf(before, after);
    assert.deepEqual(d.objects.map((o) => [o.kind, o.class, o.changes.map((c) => c.path)]), [["Deployment", "in-place", ["spec.replicas"]]]);
    assert.deepEqual(d.timeline, []);
  });

  it("an env or image change rolls the pods", () => {
    const after = seed();
    after.image = "paperspace/fastapi-template-app:v2";
    assert.equal(diffOf(seed(), after).objects[0].class, "rolling-restart");
  });

  it("a name change replaces both objects (selector included)", () => {
    const d = diffOf(seed(), seed(), { instance: "fastapi", objectName: "fastapi-v2" } as never);
    assert.equal(d.changed, false, "same naming on both sides: no change");
    const a = resolveDeployment(seed());
    const renamed = diffObjectModels(
      manifestsOf(a, { instance: "fastapi", objectName: "fastapi" }).entries,
      manifestsOf(a, { instance: "fastapi-v2", objectName: "fastapi-v2" }).entries,
      [],
      [],
    );
    assert.deepEqual(renamed.objects.map((o) => [o.kind, o.class]), [["Deployment", "replace"], ["Service", "replace"]]);
    assert.match(renamed.objects[0].reason!, /^a change to metadata\.name and spec\.selector forces a replacement/);
    assert.equal(renamed.replaces, true);
  });

  it("a selector change replaces a Deployment; a namespace change replaces anything", () => {
    assert.equal(classifyField("Deployment", ["spec", "selector", "matchLabels", "app.kubernetes.io/instance"]), "replace");
    assert.equal(classifyField("Service", ["metadata", "namespace"]), "replace");
    assert.equal(classifyField("Deployment", ["metadata", "labels", "x"]), "in-place");
  });

  it("a Service type change is patched in place (pulumi-kubernetes forces new only on spec.clusterIP)", () => {
    const a = resolveDeployment(seed());
    const d = diffObjectModels(
      manifestsOf(a, { instance: "fastapi", objectName: "fastapi" }).entries,
      manifestsOf(a, { instance: "fastapi", objectName: "fastapi", serviceType: "LoadBalancer" }).entries,
      [],
      [],
    );
    assert.deepEqual(d.objects.map((o) => [o.kind, o.class]), [["Service", "in-place"]]);
    assert.equal(classifyField("Service", ["spec", "clusterIP"]), "replace");
  });

  it("going from 1 to 2 replicas adds a PodDisruptionBudget", () => {
    const after = seed();
    after.resources.replicas = 2;
    const d = diffOf(seed(), after);
    assert.deepEqual(d.objects.map((o) => [o.kind, o.action, o.class]), [["Deployment", "update", "in-place"], ["PodDisruptionBudget", "create", undefined]]);
  });

  it("unchanged specs have no changes", () => {
    const d = diffOf(seed(), seed());
    assert.deepEqual(d, { objects: [], timeline: [], changed: false, replaces: false, disruptive: false });
  });
});

describe("model-deploy diff (CLI)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-diff-"));
  const base = fs.readFileSync(repoPath("examples", "fastapi-model", "deployment.yaml"), "utf8");
  fs.writeFileSync(path.join(dir, "old.yaml"), base);
  fs.writeFileSync(path.join(dir, "probe.yaml"), base.replace("failureThreshold: 6", "failureThreshold: 3"));
  fs.writeFileSync(path.join(dir, "renamed.yaml"), base.replace("name: fastapi-model", "name: fastapi-v2"));
  fs.writeFileSync(path.join(dir, "bad.yaml"), base.replace("timeoutSeconds: 5", "timeoutSeconds: 0"));

  it("exit 0 and no output when nothing changes", () => {
    assert.deepEqual(cli(["diff", "old.yaml", "old.yaml"], dir), { code: 0, stdout: "", stderr: "" });
  });

  it("exit 1 with text output when something changes", () => {
    const r = cli(["diff", "old.yaml", "probe.yaml"], dir);
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout,
      [
        "Deployment/fastapi-model: rolling restart (the pod template changes, so every pod is replaced by a rolling update)",
        "  ~ spec.template.spec.containers[0].startupProbe.failureThreshold: 6 -> 3",
        "Probe timeline:",
        "  startup budget: 60 s -> 30 s",
        "  start that never answers killed after: 50-60 s -> 20-30 s",
        "  hung start killed after: 51-61 s -> 21-31 s",
        "",
      ].join("\n"),
    );
  });

  it("--fail-on replace exits 3 only when an object is replaced", () => {
    assert.equal(cli(["diff", "old.yaml", "renamed.yaml", "--fail-on", "replace"], dir).code, 3);
    assert.equal(cli(["diff", "old.yaml", "renamed.yaml"], dir).code, 1);
    assert.equal(cli(["diff", "old.yaml", "probe.yaml", "--fail-on", "replace"], dir).code, 1);
    // --name pins the instance name, as a Pulumi program's component name does: then the spec's
    // new name only relabels the objects in place.
    const pinned = cli(["diff", "old.yaml", "renamed.yaml", "--name", "fastapi", "--fail-on", "replace", "-o", "json"], dir);
    assert.equal(pinned.code, 1);
    assert.deepEqual(JSON.parse(pinned.stdout).objects.map((o: any) => o.class), ["rolling-restart", "in-place"]);
  });

  it("exit 2 for an invalid spec or a usage error, with the error on stderr", () => {
    const r = cli(["diff", "old.yaml", "bad.yaml"], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.yaml: healthChecks\.readiness\.timeoutSeconds: must be >= 1 \(got 0\)/);
    assert.equal(cli(["diff", "old.yaml"], dir).code, 2);
    assert.equal(cli(["diff", "old.yaml", "probe.yaml", "--fail-on", "restart"], dir).code, 2);
  });

  it("--output json has the objects, classes, field changes and timeline", () => {
    const r = cli(["diff", "old.yaml", "renamed.yaml", "-o", "json"], dir);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(j).sort(), ["changed", "disruptive", "new", "objects", "old", "replaces", "timeline"]);
    assert.deepEqual(j.objects.map((o: any) => [o.kind, o.name, o.action, o.class]), [
      ["Deployment", "fastapi-v2", "update", "replace"],
      ["Service", "fastapi-v2", "update", "replace"],
    ]);
    assert.deepEqual(j.objects[0].changes[0], { path: "metadata.name", op: "change", before: "fastapi-model", after: "fastapi-v2", class: "replace" });
  });

  it("--output markdown is a PR comment: summary table, timeline table, a diff block per object", () => {
    const r = cli(["diff", "old.yaml", "probe.yaml", "-o", "markdown"], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^### model-deploy diff: `old\.yaml` → `probe\.yaml`\n/);
    assert.match(r.stdout, /\n\| `Deployment\/fastapi-model` \| rolling restart \| /);
    assert.match(r.stdout, /\n\| startup budget \| 60 s \| 30 s \|\n/);
    assert.match(r.stdout, /```diff\n- spec\.template\.spec\.containers\[0\]\.startupProbe\.failureThreshold: 6\n\+ spec\.template\.spec\.containers\[0\]\.startupProbe\.failureThreshold: 3\n```/);
    const replaced = cli(["diff", "old.yaml", "renamed.yaml", "-o", "markdown"], dir).stdout;
    assert.match(replaced, /> \*\*Warning:\*\* the Deployment, the Service or a fixed-name object will be \*\*replaced\*\*/);
    assert.match(cli(["diff", "old.yaml", "old.yaml", "-o", "markdown"], dir).stdout, /No changes to the Kubernetes objects\./);
  });

  it("no colour when the output is not a terminal", () => {
    assert.doesNotMatch(cli(["diff", "old.yaml", "renamed.yaml"], dir).stdout, /\u001b\[/);
  });
});
