import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CLI_BIN, repoPath } from "../helpers";

const SPEC = repoPath("examples", "fastapi-model", "deployment.yaml");

describe("model-deploy binary (bin.ts)", () => {
  it("V8 takes the code cache the build made for the bundle", () => {
    const probe = `const b = require(${JSON.stringify(CLI_BIN)});
      const { script } = b.loadCli(require("node:fs").readFileSync(b.CODE_CACHE));
      process.stdout.write(JSON.stringify({ rejected: script.cachedDataRejected }));`;
    const r = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { rejected: false });
  });

  it("prints the same with a rejected cache and with none as with the cache", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bin-cache-"));
    try {
      // A copy of the CLI's directory at the same depth, so the bundle finds ../../../package.json.
      const cli = path.join(dir, "dist", "sdk", "cli");
      fs.cpSync(path.dirname(CLI_BIN), cli, { recursive: true });
      fs.copyFileSync(repoPath("package.json"), path.join(dir, "package.json"));
      const run = (bin: string) => spawnSync(process.execPath, [bin, "render", SPEC], { encoding: "utf8" });
      const expected = run(CLI_BIN);
      assert.equal(expected.status, 0, expected.stderr);
      const copy = path.join(cli, "bin.js");
      fs.writeFileSync(path.join(cli, "cli.bundle.cache"), Buffer.from("not a V8 code cache"));
      const rejected = run(copy);
      assert.deepEqual([rejected.status, rejected.stdout, rejected.stderr], [0, expected.stdout, ""]);
      fs.rmSync(path.join(cli, "cli.bundle.cache"));
      const none = run(copy);
      assert.deepEqual([none.status, none.stdout, none.stderr], [0, expected.stdout, ""]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
