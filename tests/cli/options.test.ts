/**
 * The CLI's options: each command lists exactly the flags its code path reads, the docs name
 * every one, colour follows the usual environment conventions, and `preview -o json` keys each
 * object's settings by name.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { colorWanted } from "../../sdk/cli/io";
import { PROBE_SPEC_OPTIONS } from "../../sdk/cli/probe";
import { settingLabel } from "../../sdk/cli/present/preview";
import { CLI_BIN, repoPath, runCli } from "../helpers";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-options-"));
fs.writeFileSync(path.join(dir, "spec.yaml"), "name: toy\nimage: toy:1.0\nresources: { machineType: C4, ports: [8000] }\nhealthChecks:\n  readiness: { path: /ready }\n");

/** The long flags a command's --help lists, e.g. `--namespace`. */
function helpFlags(command: string): string[] {
  const r = runCli([command, "--help"]);
  assert.equal(r.code, 0, r.stderr);
  return [...r.stdout.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]);
}
const camel = (flag: string) => flag.replace(/^--(no-)?/, "").replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** The CLI run with this environment on top of ours, minus any colour variables of ours. */
function runWithEnv(args: string[], env: Record<string, string>): { code: number | null; stdout: string } {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !["NO_COLOR", "FORCE_COLOR", "TERM"].includes(k)));
  const r = spawnSync(process.execPath, [CLI_BIN, ...args], { cwd: dir, encoding: "utf8", env: { ...base, ...env } });
  return { code: r.status, stdout: r.stdout };
}
const ANSI = /\x1b\[\d+m/;

describe("model-deploy options", () => {
  describe("each command lists the flags its code path reads, and no other", () => {
    const PROBE_OWN = ["--url", "--exec", "--app-output", "--duration", "--suggest", "--output", "--help"];
    const NAMING = ["--namespace", "--create-namespace", "--no-network-policy", "--service-type", "--ingress-host", "--ingress-class", "--tls-secret"];

    it("validate takes every spec option preview, render and diff take, the naming ones included (its check pass reads them)", () => {
      const specFlags = (command: string, own: string[]) => helpFlags(command).filter((f) => !own.includes(f));
      const validate = specFlags("validate", ["--output", "--help"]);
      for (const f of NAMING) assert.ok(validate.includes(f), `validate --help lists ${f}`);
      // preview's own: the node pool it can add to the tree.
      assert.deepEqual(specFlags("preview", ["--output", "--node-pool", "--zones", "--instance-type", "--min-nodes", "--max-nodes", "--agent-pool-name", "--help"]), validate);
      assert.deepEqual(specFlags("render", ["--output", "--omit-secrets", "--help"]), validate);
      assert.deepEqual(specFlags("diff", ["--output", "--fail-on", "--help"]), validate);
      for (const f of ["--policy-config", "--strict"]) assert.ok(validate.includes(f), f);
    });

    it("validate checks the naming options as preview does", () => {
      const cases = [
        ["-n", "Bad_NS"],
        ["--create-namespace"],
        ["--ingress-host", "bad_host!"],
        ["--ingress-host", "model.example.com", "--ingress-class", "a b"],
        ["--namespace", "ml", "--create-namespace", "--ingress-host", "Not A Host"],
      ];
      for (const args of cases) {
        const preview = runCli(["preview", "spec.yaml", ...args], dir);
        const validate = runCli(["validate", "spec.yaml", ...args], dir);
        assert.equal(preview.code, 1, `preview ${args.join(" ")}: ${preview.stderr}`);
        assert.equal(validate.code, 1, `validate ${args.join(" ")}: ${validate.stderr}`);
        assert.equal(validate.stdout, preview.stderr, args.join(" "));
      }
      assert.equal(runCli(["validate", "spec.yaml", "-n", "ml", "--create-namespace", "--ingress-host", "model.example.com", "--ingress-class", "nginx", "--tls-secret", "tls"], dir).code, 0);
    });

    it("--ingress-class and --tls-secret without --ingress-host would do nothing: a usage error (2) on every command that takes them", () => {
      for (const command of ["validate", "preview", "render"]) {
        for (const args of [["--ingress-class", "a b"], ["--tls-secret", "tls"]]) {
          const r = runCli([command, "spec.yaml", ...args], dir);
          assert.equal(r.code, 2, `${command} ${args.join(" ")}: ${r.stdout}${r.stderr}`);
          assert.match(r.stderr, new RegExp(`${args[0]} sets the Ingress of --ingress-host, which is not given`));
        }
      }
      assert.equal(runCli(["diff", "spec.yaml", "spec.yaml", "--tls-secret", "tls"], dir).code, 2);
    });

    it("probe lists only what it takes to read and check the spec, and the pod settings a run uses; the objects' options are unknown to it", () => {
      const flags = helpFlags("probe").filter((f) => !PROBE_OWN.includes(f));
      assert.deepEqual(flags.map(camel).sort(), [...PROBE_SPEC_OPTIONS].sort());
      for (const args of [["--max-surge", "1"], ["-n", "ml"], ["--ingress-host", "m.example.com"], ["--shared-memory", "1Gi"], ["--secret-name", "s"], ["--integrations-mode", "per-replica"]]) {
        const r = runCli(["probe", "spec.yaml", "--url", "http://127.0.0.1:1", "--duration", "1", ...args], dir);
        assert.equal(r.code, 2, args.join(" "));
        assert.match(r.stderr, /unknown option/);
      }
    });

    it("probe has one grace-period flag, --termination-grace-period, with probe's meaning; --termination-grace is gone", () => {
      const help = runCli(["probe", "--help"]).stdout.replace(/\s+/g, " ");
      assert.match(help, /--termination-grace-period <seconds> the pod's terminationGracePeriodSeconds, which probe uses as the kubelet does: how long a stopped app \(--exec\) may take to exit after SIGTERM before SIGKILL/);
      assert.doesNotMatch(help, /--termination-grace </);
      const r = runCli(["probe", "spec.yaml", "--exec", "true", "--termination-grace", "1"], dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /unknown option '--termination-grace'/);
    });

    it("docs/cli.md names every flag of every command, and not --termination-grace", () => {
      const doc = fs.readFileSync(repoPath("docs", "cli.md"), "utf8");
      for (const command of ["validate", "preview", "render", "diff", "probe", "schema"]) {
        for (const flag of helpFlags(command).filter((f) => f !== "--help")) assert.ok(doc.includes(`\`${flag}`) || doc.includes(` ${flag}`), `${command} ${flag}`);
      }
      assert.doesNotMatch(doc, /--termination-grace(?!-period)/);
    });
  });

  describe("colour follows NO_COLOR and FORCE_COLOR", () => {
    it("the rule: NO_COLOR (not empty) wins; FORCE_COLOR 0/false disables, any other value enables; else a terminal that is not dumb", () => {
      const cases: Array<[Record<string, string>, boolean | undefined, boolean]> = [
        [{}, true, true],
        [{}, false, false],
        [{}, undefined, false],
        [{ TERM: "dumb" }, true, false],
        [{ NO_COLOR: "1" }, true, false],
        [{ NO_COLOR: "" }, true, true],
        [{ NO_COLOR: "1", FORCE_COLOR: "1" }, false, false],
        [{ FORCE_COLOR: "0" }, true, false],
        [{ FORCE_COLOR: "false" }, true, false],
        [{ FORCE_COLOR: "1" }, false, true],
        [{ FORCE_COLOR: "2" }, false, true],
        [{ FORCE_COLOR: "3" }, false, true],
        [{ FORCE_COLOR: "true" }, false, true],
        [{ FORCE_COLOR: "" }, false, true],
        [{ FORCE_COLOR: "1", TERM: "dumb" }, false, true],
      ];
      for (const [env, tty, want] of cases) assert.equal(colorWanted(env, tty), want, `${JSON.stringify(env)} tty=${tty}`);
    });

    it("the binary: FORCE_COLOR colours output that is not a terminal, unless it is 0 or NO_COLOR is set", () => {
      for (const [env, coloured] of [
        [{ FORCE_COLOR: "1" }, true],
        [{ FORCE_COLOR: "" }, true],
        [{ FORCE_COLOR: "3" }, true],
        [{ FORCE_COLOR: "0" }, false],
        [{ FORCE_COLOR: "1", NO_COLOR: "1" }, false],
        [{}, false],
      ] as Array<[Record<string, string>, boolean]>) {
        const r = runWithEnv(["preview", "spec.yaml"], env);
        assert.equal(r.code, 0);
        assert.equal(ANSI.test(r.stdout), coloured, JSON.stringify(env));
      }
      // JSON is never coloured.
      assert.doesNotMatch(runWithEnv(["preview", "spec.yaml", "-o", "json"], { FORCE_COLOR: "1" }).stdout, ANSI);
    });
  });

  describe("preview -o json", () => {
    const args = [repoPath("examples", "protected-llm", "deployment.yaml"), "--keda", "--shared-memory", "1Gi", "--runtime-class", "nvidia", "--priority-class", "high", "-n", "ml", "--ingress-host", "m.example.com", "--ingress-class", "nginx"];

    it("gives each object's settings as an object keyed by setting name, in the text's order; the text is unchanged", () => {
      const json = JSON.parse(runCli(["preview", ...args, "-o", "json"]).stdout);
      const text = runCli(["preview", ...args]).stdout;
      const all = [json.tree, ...json.tree.children];
      for (const resource of all) {
        assert.ok(resource.settings !== null && typeof resource.settings === "object" && !Array.isArray(resource.settings), `${resource.type}: ${JSON.stringify(resource.settings)}`);
        for (const [name, value] of Object.entries(resource.settings)) {
          assert.match(name, /^[a-z][A-Za-z]*$/, "a name, not prose");
          assert.equal(typeof value, "string");
          // The text shows the same sentence under the setting's label.
          assert.ok(text.includes(`${settingLabel(name)}  `) && text.includes(value as string), `${resource.type} ${name}`);
        }
      }
      const deployment = json.tree.children.find((c: any) => c.type === "kubernetes:apps/v1:Deployment");
      assert.deepEqual(Object.keys(deployment.settings).slice(0, 3), ["image", "env", "replicas"]);
      assert.equal(deployment.settings.runtimeClass, "nvidia");
      assert.equal(deployment.settings.priorityClass, "high");
      assert.match(deployment.settings.sharedMemory, /up to 1Gi/);
      assert.match(text, /\n\| {5}shared memory {3}\/dev\/shm in memory, up to 1Gi/);
      assert.equal(json.tree.children.find((c: any) => c.type.endsWith(":Ingress")).settings.class, "nginx");
      // The same order on every run.
      assert.deepEqual(JSON.parse(runCli(["preview", ...args, "-o", "json"]).stdout), json);
    });
  });
});
