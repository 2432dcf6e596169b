/** The digitalocean backend without @pulumi/digitalocean installed: a clear message, not a crash. */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { hideModule, repoPath } from "../helpers";

describe("optional peer dependency @pulumi/digitalocean", () => {
  it("is loaded only by the digitalocean backend, and its absence is explained", function () {
    this.timeout(30000);
    // A child process in which @pulumi/digitalocean cannot be resolved, as for a user without it.
    const hide = hideModule("@pulumi/digitalocean");
    const program = `
      ${hide}
      const pulumi = require("@pulumi/pulumi");
      pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs }, "p", "s", false);
      const sdk = require(${JSON.stringify(repoPath("dist", "sdk", "index.js"))});
      // Other backends work without it.
      new sdk.GpuNodePool("k", { machineType: "H100", backend: "karpenter", karpenter: { nodeClassRef: { name: "gpu" } } });
      try {
        new sdk.GpuNodePool("do", { machineType: "H100", backend: "digitalocean", digitalocean: { clusterId: "c" } });
        console.log("no error");
      } catch (e) {
        console.log(e.message);
      }
      const loaded = Object.keys(require.cache).some((p) => p.includes("@pulumi/digitalocean"));
      console.log("loaded:" + loaded);
      process.exit(0);`;
    const r = spawnSync(process.execPath, ["-e", program], { cwd: repoPath(), encoding: "utf8" });
    assert.match(r.stdout, /GpuNodePool do: the "digitalocean" node pool backend needs @pulumi\/digitalocean: run `npm install @pulumi\/digitalocean`/, r.stderr);
    assert.match(r.stdout, /loaded:false/);
  });
});
