/** The README documents what the code does: its defaults table is PROBE_DEFAULTS. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { PROBE_DEFAULTS } from "../sdk/core/defaults";
import { repoPath } from "./helpers";

const readme = fs.readFileSync(repoPath("README.md"), "utf8");

describe("README", () => {
  it("quotes the probe defaults exactly as sdk/defaults.ts emits them", () => {
    const section = readme.split("## Health checks: what is emitted")[1].split("\n## ")[0];
    const rows = [...section.matchAll(/^\| `(\w+)` \| (\d+) \|$/gm)].map((m) => [m[1], Number(m[2])]);
    assert.deepEqual(Object.fromEntries(rows), PROBE_DEFAULTS);
  });

  it("starts with the two commands, and CI runs exactly the test command after npm ci", () => {
    const firstBlock = readme.split("```sh\n")[1].split("```")[0];
    assert.match(firstBlock, /^npm ci && npm start\s+#/m);
    assert.match(firstBlock, /^npm test\s+#/m);
    const ci = fs.readFileSync(repoPath(".ci", "run"), "utf8");
    assert.match(ci, /^npm ci\nnpm test\n$/m);
  });
});
