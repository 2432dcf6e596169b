/**
 * Golden renders: `model-deploy render` of every example's spec is checked in under
 * tests/golden/render/, so an intended change of the emitted objects shows up in review as a
 * diff of those files. Rewrite them with `UPDATE_GOLDEN=1 npm test`, then review the diff.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { EXAMPLE_RENDER_OPTIONS, repoPath, runCli } from "../helpers";

const GOLDEN = repoPath("tests", "golden", "render");

const EXAMPLES = EXAMPLE_RENDER_OPTIONS;

describe("golden renders of the examples", () => {
  for (const [example, options] of Object.entries(EXAMPLES)) {
    it(example, () => {
      const r = runCli(["render", `examples/${example}/deployment.yaml`, ...options]);
      assert.equal(r.code, 0, r.stderr);
      const file = `${GOLDEN}/${example}.yaml`;
      if (process.env.UPDATE_GOLDEN === "1") {
        fs.mkdirSync(GOLDEN, { recursive: true });
        fs.writeFileSync(file, r.stdout);
        return;
      }
      assert.ok(fs.existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npm test`);
      assert.equal(r.stdout, fs.readFileSync(file, "utf8"), `the render of examples/${example} changed: review it, then UPDATE_GOLDEN=1 npm test`);
    });
  }

  it("every example has a golden render", () => {
    const examples = fs.readdirSync(repoPath("examples")).filter((d) => fs.existsSync(repoPath("examples", d, "deployment.yaml")));
    assert.deepEqual(examples.sort(), Object.keys(EXAMPLES).sort());
  });
});
