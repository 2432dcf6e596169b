/** The CI example: the workflow has the steps the README promises; the replacement gate works. */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { repoPath } from "../helpers";

const DIR = repoPath("examples", "github-actions");
const GATE = path.join(DIR, "fail-on-replace.mjs");

function gate(preview: unknown) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gate-")), "preview.json");
  fs.writeFileSync(file, JSON.stringify(preview));
  return spawnSync(process.execPath, [GATE, file], { encoding: "utf8" });
}

const urn = (type: string, name: string) => `urn:pulumi:prod::models::model-deployment:index:ModelDeployment$${type}::${name}`;

describe("examples/github-actions", () => {
  it("the workflow diffs the spec as markdown, previews with diff and PR comments, and gates replacements", () => {
    const wf = parse(fs.readFileSync(path.join(DIR, "model-deployment-pr.yml"), "utf8"));
    assert.ok(wf.on.pull_request);
    const steps: any[] = wf.jobs.review.steps;
    assert.ok(steps.some((s) => /model-deploy diff .* --output markdown/.test(s.run ?? "")));
    const preview = steps.find((s) => String(s.uses).startsWith("pulumi/actions@"));
    assert.equal(preview.with.command, "preview");
    assert.equal(preview.with.diff, true);
    assert.equal(preview.with["comment-on-pr"], true);
    assert.ok(steps.some((s) => /pulumi preview .*--json/.test(s.run ?? "") && /fail-on-replace\.mjs/.test(s.run ?? "")));
  });

  it("the gate fails on a Deployment or Service replacement", () => {
    const r = gate({
      steps: [
        { op: "update", urn: urn("kubernetes:core/v1:Service", "fastapi") },
        { op: "replace", urn: urn("kubernetes:apps/v1:Deployment", "fastapi"), replaceReasons: ["spec.selector"] },
      ],
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /kubernetes:apps\/v1:Deployment fastapi would be replaced \(because of spec\.selector\)/);
    assert.equal(gate({ steps: [{ op: "create-replacement", urn: urn("kubernetes:core/v1:Service", "svc") }] }).status, 1);
  });

  it("the gate fails when a volume claim would be deleted or replaced (its data goes with it)", () => {
    const r = gate({ steps: [{ op: "delete", urn: urn("kubernetes:core/v1:PersistentVolumeClaim", "app-int-cache") }] });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /PersistentVolumeClaim app-int-cache would be deleted, with its data/);
    assert.equal(gate({ steps: [{ op: "replace", urn: urn("kubernetes:core/v1:PersistentVolumeClaim", "c") }] }).status, 1);
  });

  it("the gate passes updates, creates and replacements of other types", () => {
    const r = gate({
      steps: [
        { op: "update", urn: urn("kubernetes:apps/v1:Deployment", "fastapi") },
        { op: "create", urn: urn("kubernetes:core/v1:Service", "new") },
        { op: "replace", urn: urn("kubernetes:core/v1:Namespace", "ns") },
      ],
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(gate({}).status, 0);
  });

  it("the gate exits 2 on input that is not JSON", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gate-")), "preview.json");
    fs.writeFileSync(file, "not json");
    assert.equal(spawnSync(process.execPath, [GATE, file], { encoding: "utf8" }).status, 2);
  });
});
