/**
 * What `npm pack` ships: every entry point package.json names is in the tarball; installed from the
 * tarball without devDependencies, the plugin for other languages loads and serves its schema.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoPath } from "./helpers";
import { askPlugin } from "./pluginClient";

describe("package contents (npm pack --dry-run)", () => {
  it("ships main, types, exports, typesVersions and the bin", function () {
    this.timeout(60000);
    const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: repoPath(), encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const files = new Set<string>((JSON.parse(r.stdout)[0].files as Array<{ path: string }>).map((f) => f.path));
    const pkg = JSON.parse(fs.readFileSync(repoPath("package.json"), "utf8"));
    const wanted = [
      pkg.main,
      pkg.types,
      ...Object.values(pkg.bin as Record<string, string>),
      ...Object.values(pkg.exports as Record<string, string | Record<string, string>>).flatMap((e) => (typeof e === "string" ? [e] : Object.values(e))),
      ...Object.values(pkg.typesVersions["*"] as Record<string, string[]>).flat(),
    ].map((p: string) => p.replace(/^\.\//, ""));
    for (const file of wanted) assert.ok(files.has(file), `${file} is not in the package`);
    assert.ok(![...files].some((f) => f.startsWith("dist/tests/") || f.startsWith("tests/")), "tests are not shipped");
    assert.match(fs.readFileSync(repoPath(pkg.bin["model-deploy"]), "utf8"), /^#!\/usr\/bin\/env node\n/);
    // What the bundled CLI reads at run time, and the pages the README links to.
    for (const file of ["schema/deployment-spec.schema.json", "dist/sdk/cli/probe.js", ...fs.readdirSync(repoPath("docs")).map((d) => `docs/${d}`)]) {
      assert.ok(files.has(file), `${file} is not in the package`);
    }
  });
});

describe("the packed tarball, installed without devDependencies (npm install --omit=dev, from the registry)", () => {
  let dir: string;
  let installed: string;
  before(function () {
    this.timeout(600000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-install-"));
    // dist/ is what `npm test` just built; --ignore-scripts skips prepack's rebuild of the same files.
    const pack = spawnSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: repoPath(), encoding: "utf8" });
    assert.equal(pack.status, 0, pack.stderr);
    const tarball = path.join(dir, JSON.parse(pack.stdout)[0].filename as string);
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "install-check", private: true }));
    const install = spawnSync("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", tarball], { cwd: dir, encoding: "utf8" });
    assert.equal(install.status, 0, install.stderr);
    installed = path.join(dir, "node_modules", "model-deployment");
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("has the plugin, and no TypeScript or ts-node to run it with", () => {
    for (const file of ["provider/PulumiPlugin.yaml", "provider/package.json", "provider/schema.json", "dist/sdk/plugin/main.js"]) assert.ok(fs.existsSync(path.join(installed, file)), file);
    for (const dev of ["typescript", "ts-node"]) assert.equal(fs.existsSync(path.join(dir, "node_modules", dev)), false, `${dev} is installed`);
  });

  it("the plugin's entry point loads there and lists its components", () => {
    const host = path.join(installed, "dist", "sdk", "plugin", "host.js");
    const r = spawnSync(process.execPath, ["-e", `process.stdout.write(JSON.stringify(new (require(${JSON.stringify(host)}).ModelDeploymentProvider)().components))`], { cwd: dir, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), ["model-deployment:index:ModelDeployment", "model-deployment:index:GpuNodePool"]);
  });

  it("the plugin serves its schema over gRPC as the engine runs it (node <plugin folder> <engine address>)", async function () {
    this.timeout(60000);
    const answers = await askPlugin(path.join(installed, "provider"));
    assert.equal(answers.schema, fs.readFileSync(repoPath("provider", "schema.json"), "utf8"));
  });
});
