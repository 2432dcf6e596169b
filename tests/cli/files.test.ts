/** The CLI's spec files as a user gives them: `-` for standard input, encodings, YAML features, syntax errors. */
import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CLI_BIN, runCli } from "../helpers";

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs `model-deploy` in a child process with `input` on its standard input (a pipe). */
function runWithInput(args: string[], input: string | Buffer, cwd: string): Run {
  const r = spawnSync(process.execPath, [CLI_BIN, ...args], { cwd, input, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "md-files-"));
}

const SPEC = `name: from-stdin
image: nginx:1.27
resources:
  machineType: C4
  ports: [8000]
healthChecks:
  readiness:
    path: /ready-from-stdin
`;

/** A realistic spec whose liveness and readiness checks share one anchored probe block. */
const SHARED_PROBE = `apiVersion: v1
name: llm-api
image: ghcr.io/acme/llm-api:1.2.3
resources:
  machineType: C4
  ports: [8000]
healthChecks:
  liveness: &probe
    path: /healthz
    timeoutSeconds: 5
    periodSeconds: 15
    failureThreshold: 4
  readiness:
    <<: *probe
    periodSeconds: 5
`;

const noStack = (r: Run) => assert.ok(!/\n\s+at .+:\d+:\d+/.test(r.stderr + r.stdout), r.stderr);

describe("model-deploy: spec files as given", () => {
  describe("`-` reads the spec from standard input", () => {
    const dir = tmpDir();

    it("validate, preview and render", () => {
      const validate = runWithInput(["validate", "-"], SPEC, dir);
      assert.equal(validate.code, 0, validate.stderr);
      assert.equal(validate.stdout, "(stdin): valid\n");
      const preview = runWithInput(["preview", "-"], SPEC, dir);
      assert.equal(preview.code, 0, preview.stderr);
      assert.match(preview.stdout, /Deployment {2}from-stdin/);
      assert.match(preview.stdout, /HTTP GET :8000\/ready-from-stdin/);
      const render = runWithInput(["render", "-", "-o", "json"], SPEC, dir);
      assert.equal(render.code, 0, render.stderr);
      const list = JSON.parse(render.stdout);
      assert.equal(list.items[0].metadata.name, "from-stdin");
      assert.equal(list.items[0].spec.template.spec.containers[0].readinessProbe.httpGet.path, "/ready-from-stdin");
    });

    it("probe", () => {
      const r = runWithInput(["probe", "-", "--url", "http://127.0.0.1:1", "--duration", "1"], SPEC, dir);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /127\.0\.0\.1:1\/ready-from-stdin/);
      noStack(r);
    });

    it("diff: one side from standard input; both is a usage error that says so", () => {
      const file = path.join(dir, "old.yaml");
      fs.writeFileSync(file, SPEC.replace("/ready-from-stdin", "/ready"));
      const r = runWithInput(["diff", "old.yaml", "-"], SPEC, dir);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /\/ready-from-stdin/);
      assert.equal(runWithInput(["diff", "-", "-"], SPEC, dir).code, 2);
      assert.match(runWithInput(["diff", "-", "-"], SPEC, dir).stderr, /^model-deploy: standard input \(-\) was read already: .*give - for at most one .*\(for diff: OLD or NEW, not both\)\n$/);
    });

    it("JSON (with a byte-order mark and comments) and TOML are told from the content", () => {
      const json = `\uFEFF// from a generator\n${JSON.stringify({ name: "json-in", image: "nginx:1.27", resources: { machineType: "C4", ports: [8000] } }, null, 2)}`;
      const r = runWithInput(["render", "-", "-o", "json"], json, dir);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).items[0].metadata.name, "json-in");
      const toml = 'name = "toml-in"\nimage = "nginx:1.27"\n\n[resources]\nmachineType = "C4"\nports = [8000]\n';
      assert.equal(runWithInput(["validate", "-"], toml, dir).stdout, "(stdin): valid\n");
    });

    it("errors name it (stdin); without a name in the spec, --name is needed", () => {
      const broken = runWithInput(["validate", "-"], "name: a\nimage: [x\n", dir);
      assert.equal(broken.code, 1);
      assert.match(broken.stderr, /^\(stdin\):2:\d+: YAML: /);
      const unnamed = runWithInput(["render", "-"], SPEC.replace("name: from-stdin\n", ""), dir);
      assert.equal(unnamed.code, 2);
      assert.match(unnamed.stderr, /no name.*give --name NAME/);
      assert.equal(runWithInput(["render", "-", "--name", "given"], SPEC.replace("name: from-stdin\n", ""), dir).code, 0);
      const empty = runWithInput(["validate", "-"], "", dir);
      assert.equal(empty.code, 2);
      assert.match(empty.stderr, /standard input is empty/);
    });

    it("reads the whole of a pipe that a parent process fills slowly", async () => {
      const child = spawn(process.execPath, [CLI_BIN, "validate", "-"], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      const done = new Promise<number | null>((resolve) => child.on("close", resolve));
      child.stdin.write(SPEC.slice(0, 30));
      await new Promise((resolve) => setTimeout(resolve, 500));
      child.stdin.end(SPEC.slice(30));
      assert.equal(await done, 0, out);
      assert.equal(out, "(stdin): valid\n");
    });
  });

  describe("encodings", () => {
    const dir = tmpDir();

    it("a JSON spec file with a UTF-8 byte-order mark is valid, as YAML and TOML ones are", () => {
      fs.writeFileSync(path.join(dir, "paperspace.json"), `\uFEFF${JSON.stringify({ name: "bom", image: "nginx:1.27", resources: { machineType: "C4", ports: [8000] } })}`);
      const r = runCli(["validate", "paperspace.json"], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, "paperspace.json: valid\n");
      assert.equal(runCli(["render"], dir).code, 0, "found as Gradient's tools find it, BOM and all");
    });

    it("a UTF-16 file, or one that is not UTF-8, is exit 2 naming the file and the encoding", () => {
      fs.writeFileSync(path.join(dir, "utf16.yaml"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SPEC, "utf16le")]));
      fs.writeFileSync(path.join(dir, "utf16-nobom.json"), Buffer.from(JSON.stringify({ name: "x" }), "utf16le"));
      fs.writeFileSync(path.join(dir, "latin1.yaml"), Buffer.from("name: café\nimage: nginx\n", "latin1"));
      for (const cmd of [["validate"], ["preview"], ["render"], ["probe", "--url", "http://127.0.0.1:1"]]) {
        const r = runCli([cmd[0], "utf16.yaml", ...cmd.slice(1)], dir);
        assert.equal(r.code, 2, `${cmd[0]}: ${r.stderr}`);
        assert.equal(r.stderr, "model-deploy: cannot read utf16.yaml: it is UTF-16 (little-endian, with a byte-order mark); save it as UTF-8\n");
      }
      const nobom = runCli(["validate", "utf16-nobom.json"], dir);
      assert.equal(nobom.code, 2);
      assert.match(nobom.stderr, /^model-deploy: cannot read utf16-nobom\.json: it is UTF-16 \(little-endian, without a byte-order mark.*save it as UTF-8\n$/);
      const latin1 = runCli(["validate", "latin1.yaml"], dir);
      assert.equal(latin1.code, 2);
      assert.match(latin1.stderr, /^model-deploy: cannot read latin1\.yaml: it is not valid UTF-8: the byte 0xE9 at line 1, column 10/);
      assert.equal(runCli(["diff", "latin1.yaml", "utf16.yaml"], dir).code, 2);
      const piped = runWithInput(["validate", "-"], Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(SPEC, "utf16le").swap16()]), dir);
      assert.equal(piped.code, 2);
      assert.equal(piped.stderr, "model-deploy: cannot read standard input: it is UTF-16 (big-endian, with a byte-order mark); convert it to UTF-8\n");
    });
  });

  describe("YAML merge keys and tags", () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, "shared.yaml"), SHARED_PROBE);

    it("merge keys: the readiness probe is the shared block with its own period, without warnings", () => {
      const r = runCli(["render", "shared.yaml", "-o", "json"], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /<<|unknown field/);
      const container = JSON.parse(r.stdout).items[0].spec.template.spec.containers[0];
      assert.deepEqual(
        [container.livenessProbe.httpGet.path, container.livenessProbe.timeoutSeconds, container.livenessProbe.periodSeconds, container.livenessProbe.failureThreshold],
        ["/healthz", 5, 15, 4],
      );
      assert.deepEqual(
        [container.readinessProbe.httpGet.path, container.readinessProbe.timeoutSeconds, container.readinessProbe.periodSeconds, container.readinessProbe.failureThreshold],
        ["/healthz", 5, 5, 4],
      );
    });

    it("an unknown tag is an invalid spec naming the field and the tag", () => {
      fs.writeFileSync(path.join(dir, "tagged.yaml"), SHARED_PROBE.replace("image: ghcr.io/acme/llm-api:1.2.3", "image: !env IMAGE"));
      const r = runCli(["validate", "tagged.yaml"], dir);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^tagged\.yaml: image: unknown YAML tag !env, at line 3, column 8: Gradient does not expand tags/);
    });
  });

  describe("syntax errors: the file as given, line:column, the line and a caret", () => {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, "sub"));
    fs.mkdirSync(path.join(dir, "other"));
    const line = `  ports: [8000, 8001, 8002, 8003, 8004, 8005, 8006, 8007, 8008, 8009, 8010, 8011, "8012" 8013]`;
    fs.writeFileSync(path.join(dir, "sub", "bad.yaml"), `name: a\nimage: nginx:1.27\nresources:\n  machineType: C4\n${line}\n`);
    fs.writeFileSync(path.join(dir, "sub", "bad.json"), '{\n  "name": "a",\n  "image": "x"\n  "resources": {}\n}\n');
    const column = line.indexOf("8013") + 1;
    const expected = (shown: string) => `${shown}:5:${column}: YAML: Missing , or : between flow sequence items\n  5 | ${line}\n    | ${" ".repeat(column - 1)}^\n`;

    for (const cmd of ["validate", "preview", "render"]) {
      it(`${cmd}: YAML`, () => {
        const r = runCli([cmd, "sub/bad.yaml"], dir);
        assert.equal(r.code, 1);
        assert.equal(r.stderr, expected("sub/bad.yaml"));
      });
    }

    it("a relative path stays relative, ../ included; an absolute one inside the directory is shown relative", () => {
      assert.equal(runCli(["validate", "../sub/bad.yaml"], path.join(dir, "other")).stderr, expected("../sub/bad.yaml"));
      assert.equal(runCli(["validate", path.join(dir, "sub", "bad.yaml")], dir).stderr, expected("sub/bad.yaml"));
      const diff = runCli(["diff", "sub/bad.yaml", "sub/bad.yaml"], dir);
      assert.equal(diff.code, 2);
      assert.equal(diff.stderr, expected("sub/bad.yaml"));
    });

    it("JSON", () => {
      const r = runCli(["validate", "sub/bad.json"], dir);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, 'sub/bad.json:4:3: JSON: comma expected\n  4 |   "resources": {}\n    |   ^\n');
    });

    it("a missing file is named as given", () => {
      const r = runCli(["validate", "sub/nope.yaml"], dir);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, "model-deploy: cannot read sub/nope.yaml: no such file\n");
    });
  });
});
