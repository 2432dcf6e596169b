/**
 * The cloud node pool backends without their provider packages installed: a clear message, not a
 * crash; other backends, the pure plans and the CLI never load them.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { hideModule, repoPath } from "../helpers";

/** Each backend's provider package and options that plan without problems. */
const PEERS = [
  { backend: "digitalocean", pkg: "@pulumi/digitalocean", options: { digitalocean: { clusterId: "c" } }, machineType: "H100" },
  { backend: "gke", pkg: "@pulumi/gcp", options: { gke: { cluster: "c" } }, machineType: "A100-80G" },
  { backend: "eks", pkg: "@pulumi/aws", options: { eks: { clusterName: "c", nodeRoleArn: "r", subnetIds: ["s"] } }, machineType: "V100" },
  { backend: "aks", pkg: "@pulumi/azure-native", options: { aks: { resourceGroupName: "g", clusterName: "c" } }, machineType: "A100-80G" },
];
const PROVIDERS = PEERS.map((p) => p.pkg);

/** Runs `program` in a child process in which `hidden` packages cannot be resolved; returns its stdout. */
function run(hidden: string[], program: string): string {
  const r = spawnSync(process.execPath, ["-e", `${hidden.map(hideModule).join("\n")}\n${program}`], { cwd: repoPath(), encoding: "utf8" });
  // Pulumi's exit hook may complain of registrations left waiting at process.exit: only stdout counts.
  assert.notEqual(r.stdout, "", r.stderr);
  return r.stdout;
}

const MOCKS = `
  const pulumi = require("@pulumi/pulumi");
  pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs }, "p", "s", false);
  const sdk = require(${JSON.stringify(repoPath("dist", "sdk", "index.js"))});
  const providers = ${JSON.stringify(PROVIDERS)};
  const loaded = () => providers.filter((p) => Object.keys(require.cache).some((f) => f.includes("/node_modules/" + p + "/")));`;

describe("optional peer dependencies: the cloud provider packages", () => {
  for (const peer of PEERS) {
    it(`${peer.pkg} is loaded only by the ${peer.backend} backend, and its absence is explained`, function () {
      this.timeout(30000);
      const out = run(
        [peer.pkg],
        `${MOCKS}
        // Other backends work without it.
        new sdk.GpuNodePool("k", { machineType: "H100", backend: "karpenter", karpenter: { nodeClassRef: { name: "gpu" } } });
        new sdk.GpuNodePool("e", { machineType: "H100" });
        console.log("loaded before:" + JSON.stringify(loaded()));
        try {
          new sdk.GpuNodePool("pool", { machineType: ${JSON.stringify(peer.machineType)}, backend: ${JSON.stringify(peer.backend)}, ...${JSON.stringify(peer.options)} });
          console.log("no error");
        } catch (e) {
          console.log(e.message);
        }
        process.exit(0);`,
      );
      assert.match(out, /loaded before:\[\]/);
      assert.ok(out.includes(`GpuNodePool pool: the "${peer.backend}" node pool backend needs ${peer.pkg}: run \`npm install ${peer.pkg}\``), out);
    });
  }

  it("with every provider installed, a backend loads only its own provider's module", function () {
    this.timeout(30000);
    const out = run(
      [],
      `${MOCKS}
      const seen = {};
      for (const [backend, options, machineType] of ${JSON.stringify(PEERS.map((p) => [p.backend, p.options, p.machineType]))}) {
        new sdk.GpuNodePool(backend, { machineType, backend, ...options });
        seen[backend] = loaded();
      }
      console.log(JSON.stringify(seen));
      process.exit(0);`,
    );
    // Each backend adds its own package (and only that): the earlier ones stay loaded.
    assert.deepEqual(JSON.parse(out), {
      digitalocean: ["@pulumi/digitalocean"],
      gke: ["@pulumi/digitalocean", "@pulumi/gcp"],
      eks: ["@pulumi/digitalocean", "@pulumi/gcp", "@pulumi/aws"],
      aks: ["@pulumi/digitalocean", "@pulumi/gcp", "@pulumi/aws", "@pulumi/azure-native"],
    });
  });

  it("the pure plans of every backend load no @pulumi/* module", function () {
    this.timeout(30000);
    const out = run(
      [],
      `const { planNodePool } = require(${JSON.stringify(repoPath("dist", "sdk", "component", "nodepools", "plan.js"))});
      for (const [backend, options, machineType] of ${JSON.stringify(PEERS.map((p) => [p.backend, p.options, p.machineType]))}) {
        const r = planNodePool("pool", { machineType, backend, ...options });
        if (!r.plan) throw new Error(JSON.stringify(r.issues));
      }
      console.log(JSON.stringify(Object.keys(require.cache).filter((f) => f.includes("@pulumi"))));`,
    );
    assert.deepEqual(JSON.parse(out), []);
  });

  it("the CLI bundle contains none of them", () => {
    const bundle = fs.readFileSync(repoPath("dist", "sdk", "cli", "cli.bundle.js"), "utf8");
    for (const pkg of PROVIDERS) assert.ok(!bundle.includes(`require("${pkg}`), `${pkg} in the CLI bundle`);
  });
});
