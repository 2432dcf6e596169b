/** What `npm pack` ships: every entry point package.json names is in the tarball. */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { repoPath } from "./helpers";

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
