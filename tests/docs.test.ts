/**
 * The docs tell the truth: the README is a short front page with the two commands; every default
 * table matches `sdk/core/defaults.ts`; TSDoc defaults match it too; the spec types no longer claim
 * that supported fields are refused; every link between pages resolves.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as defaults from "../sdk/core/defaults";
import { PROBE_DEFAULTS } from "../sdk/core/defaults";
import { repoPath } from "./helpers";
import { resolveDeployment } from "../sdk/core/resolve";
import { buildProbe } from "../sdk/core/probes";
import { probeTimelines } from "../sdk/core/timeline";
import { loadSpec } from "../sdk/core/spec/loadSpec";

const read = (...p: string[]) => fs.readFileSync(repoPath(...p), "utf8");
const readme = read("README.md");
const docs = fs.readdirSync(repoPath("docs")).filter((f) => f.endsWith(".md"));

/** Every leaf of the defaults module as `NAME.key` -> JSON. */
function flatDefaults(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (k: string, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) for (const [a, b] of Object.entries(v)) walk(`${k}.${a}`, b);
    else out[k] = JSON.stringify(v);
  };
  for (const [k, v] of Object.entries(defaults)) walk(k, v);
  return out;
}

/** GitHub's anchor of a heading. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");

describe("docs", () => {
  it("the README starts with the two commands, and CI runs exactly the test command after npm ci", () => {
    const firstBlock = readme.split("```sh\n")[1].split("```")[0];
    assert.match(firstBlock, /^npm ci && npm start\s+#/m);
    assert.match(firstBlock, /^npm test\s+#/m);
    const ci = read(".ci", "run");
    assert.match(ci, /^npm ci\nnpm test\n$/m);
  });

  it("the README is a short front page that links every docs page", () => {
    assert.ok(readme.split("\n").length <= 200, `${readme.split("\n").length} lines`);
    for (const page of docs) assert.ok(readme.includes(`](docs/${page})`), `README links docs/${page}`);
  });

  it("docs/defaults.md lists every default with its value, and nothing else", () => {
    const rows = [...read("docs", "defaults.md").matchAll(/^\| `([A-Z_][A-Za-z_.]*)` \| `(.*)` \| .* \|$/gm)].map((m) => [m[1], m[2]]);
    assert.deepEqual(Object.fromEntries(rows), flatDefaults());
  });

  it("docs/health-checks.md quotes the probe defaults exactly as the builders emit them", () => {
    const section = read("docs", "health-checks.md").split("## Health checks: what is emitted")[1].split("\n## ")[0];
    const rows = [...section.matchAll(/^\| `(\w+)` \| (\d+) \|$/gm)].map((m) => [m[1], Number(m[2])]);
    assert.deepEqual(Object.fromEntries(rows), PROBE_DEFAULTS);
  });

  it("docs/health-checks.md's worked examples are what the code computes", () => {
    const doc = read("docs", "health-checks.md").replace(/,(\d{3})/g, "$1");
    const spec = (machineType: string) => ({
      image: "x:1",
      resources: { machineType, replicas: 8, ports: [80] },
      healthChecks: { startup: { path: "/s", periodSeconds: 30, failureThreshold: 40 }, readiness: { path: "/r", periodSeconds: 10, timeoutSeconds: 5 } },
    });
    const gpu = resolveDeployment(spec("A100"));
    const cpu = resolveDeployment(spec("C4"));
    assert.match(doc, new RegExp(`ready budget =\\n?\\s*1201 \\+ 5 = ${gpu.readyBudgetSeconds} s; progress deadline = ${gpu.readyBudgetSeconds} \\+ 300 = ${gpu.progressDeadlineSeconds} s; await timeout = 8 × ${gpu.progressDeadlineSeconds} =\\n?\\s*${gpu.awaitTimeoutSeconds} s`));
    assert.match(doc, new RegExp(`2 waves, ${cpu.awaitTimeoutSeconds} s`));
    const [startup] = probeTimelines(resolveDeployment(loadSpec(repoPath("examples", "fastapi-model", "deployment.yaml"))).probes);
    assert.match(doc, new RegExp(`killed ${startup.killedWhenFailing!.from}–${startup.killedWhenFailing!.to} s after the container starts, one that hangs ${startup.killedWhenHung!.from}–${startup.killedWhenHung!.to} s`));
    const [hang] = probeTimelines({ startup: buildProbe({ path: "/", periodSeconds: 2, timeoutSeconds: 5, failureThreshold: 3 }, 80) });
    assert.match(doc, new RegExp(`a hanging\\s+start is killed ${hang.killedWhenHung!.from}–${hang.killedWhenHung!.to} s`));
  });

  it("TSDoc @default tags of the arguments match defaults.ts", () => {
    const tsdocDefault = (file: string, field: string) => {
      const src = read(...file.split("/"));
      const m = new RegExp(`@default ([^\\n*]+?)\\s*\\*/\\s*(?:readonly )?${field}\\??:`).exec(src);
      assert.ok(m, `${file}: @default of ${field}`);
      return m[1].trim();
    };
    assert.equal(tsdocDefault("sdk/component/ModelDeploymentArgs.ts", "imagePullHeadroomSeconds"), String(defaults.DEFAULT_IMAGE_PULL_HEADROOM_SECONDS));
    assert.equal(tsdocDefault("sdk/component/ModelDeploymentArgs.ts", "serviceType"), JSON.stringify(defaults.DEFAULT_SERVICE_TYPE));
    assert.equal(tsdocDefault("sdk/component/ModelDeploymentArgs.ts", "prometheusAddress"), JSON.stringify(defaults.KEDA_PROMETHEUS_ADDRESS));
    assert.equal(tsdocDefault("sdk/component/GpuNodePool.ts", "minNodes"), String(defaults.DEFAULT_MIN_NODES));
    assert.equal(tsdocDefault("sdk/component/GpuNodePool.ts", "maxNodes"), String(defaults.DEFAULT_MAX_NODES));
    assert.equal(tsdocDefault("sdk/component/image.ts", "platforms"), JSON.stringify(defaults.IMAGE_BUILD_DEFAULTS.platforms));
    assert.equal(tsdocDefault("sdk/component/image.ts", "tag"), JSON.stringify(defaults.IMAGE_BUILD_DEFAULTS.tag));
  });

  it("the spec types' TSDoc no longer calls supported fields refused", () => {
    const types = read("sdk", "core", "spec", "types.ts");
    for (const field of ["containerRegistry", "basicAuthKey", "integrations", "autoscaling", "value"]) {
      const m = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*(?:readonly )?${field}\\??:`).exec(types);
      assert.ok(m, `TSDoc of ${field}`);
      assert.doesNotMatch(m[1], /refused|not supported/i, field);
    }
  });

  it("no comment or doc cites a section of a document the repository does not ship", () => {
    const files = ["README.md", ...docs.map((d) => `docs/${d}`)];
    const walk = (dir: string): string[] =>
      fs.readdirSync(repoPath(dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));
    files.push(...walk("sdk"), ...walk("tests").filter((f) => !f.includes("/golden/")));
    for (const f of files) assert.doesNotMatch(read(...f.split("/")), /§\s?\d/, f);
  });

  it("every relative link in the README and the docs resolves, anchors included", () => {
    for (const page of ["README.md", ...docs.map((d) => `docs/${d}`)]) {
      const text = read(...page.split("/"));
      for (const [, target] of text.matchAll(/\]\(((?!https?:|mailto:)[^)\s]+)\)/g)) {
        const [file, anchor] = target.split("#");
        const resolved = file === "" ? repoPath(page) : path.resolve(path.dirname(repoPath(page)), file);
        assert.ok(fs.existsSync(resolved), `${page}: ${target}`);
        if (anchor && resolved.endsWith(".md")) {
          const headings = [...fs.readFileSync(resolved, "utf8").matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1]));
          assert.ok(headings.includes(anchor), `${page}: ${target} (headings: ${headings.join(", ")})`);
        }
      }
    }
  });
});
