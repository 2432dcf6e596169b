/**
 * Each example's README, run as written: its setup links the checkout (no registry, no second
 * @pulumi/pulumi), and every `model-deploy` command in it succeeds in the example's folder; the
 * preview commands are the ones the render tests check (EXAMPLE_RENDER_OPTIONS). The FastAPI app's
 * `probe --exec` runs its real command where Python has FastAPI and uvicorn.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { EXAMPLE_RENDER_OPTIONS, repoPath } from "../helpers";

const EXAMPLES = fs.readdirSync(repoPath("examples")).filter((d) => fs.existsSync(repoPath("examples", d, "index.ts")));
const CLI = "node_modules/.bin/model-deploy";

/** The lines of the README's `sh` blocks, comments and blank lines left out. */
function shellLines(readme: string): string[] {
  return [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1].split("\n")).map((l) => l.replace(/\s+#.*$/, "").trim()).filter((l) => l !== "" && !l.startsWith("#"));
}

/** A python3 with FastAPI and uvicorn (the app's requirements), if this machine has one. */
function pythonWithFastApi(): string | undefined {
  for (const python of ["python3", "/usr/bin/python3"]) {
    const r = spawnSync(python, ["-c", "import fastapi, uvicorn, sys; print(sys.executable)"], { encoding: "utf8" });
    if (r.status === 0) return r.stdout.trim();
  }
  return undefined;
}

describe("example READMEs, run as written", function () {
  this.timeout(120000);
  before(() => {
    // The README's setup step in each folder: links the checkout (offline: nothing is fetched).
    for (const name of EXAMPLES) {
      const r = spawnSync("npm", ["install", "--no-package-lock", "--offline", "--no-audit", "--no-fund"], { cwd: repoPath("examples", name), encoding: "utf8" });
      assert.equal(r.status, 0, `${name}: ${r.stderr}`);
    }
  });
  after(() => {
    for (const name of EXAMPLES) fs.rmSync(repoPath("examples", name, "node_modules"), { recursive: true, force: true });
  });

  for (const name of EXAMPLES) {
    it(`${name}: links the checkout, and its model-deploy commands succeed`, () => {
      const dir = repoPath("examples", name);
      const readme = fs.readFileSync(path.join(dir, "README.md"), "utf8");
      const lines = shellLines(readme);
      for (const step of ["npm ci && npm run build", `cd examples/${name}`, "npm install --no-package-lock"]) assert.ok(lines.includes(step), `${name}: ${step}`);
      // One @pulumi/pulumi: the checkout's, not a copy of the example's own.
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
      assert.deepEqual(pkg.dependencies, { "model-deployment": "file:../.." });
      assert.equal(pkg.devDependencies, undefined);
      assert.equal(fs.realpathSync(path.join(dir, "node_modules", "model-deployment")), fs.realpathSync(repoPath()));
      assert.equal(require.resolve("@pulumi/pulumi", { paths: [dir] }), require.resolve("@pulumi/pulumi"));
      assert.ok(!/npx model-deploy|npm install model-deployment/.test(readme), "nothing fetched by a name we do not own");
      const commands = lines.filter((l) => l.startsWith(`${CLI} `) && !l.includes(" probe "));
      assert.ok(commands.some((c) => c.startsWith(`${CLI} preview deployment.yaml`)), `${name} has a preview command`);
      for (const command of commands) {
        const r = spawnSync("sh", ["-c", command], { cwd: dir, encoding: "utf8" });
        assert.equal(r.status, 0, `${name}: ${command}\n${r.stdout}${r.stderr}`);
      }
      const preview = commands.find((c) => c.startsWith(`${CLI} preview`))!;
      assert.deepEqual(preview.split(/\s+/).slice(3), EXAMPLE_RENDER_OPTIONS[name], `${name}: the README previews what the render tests render`);
    });
  }

  it("each example's README sets every config key its program reads (gke, eks and aks-pool: checked with their own work)", () => {
    for (const name of EXAMPLES.filter((n) => !["gke-pool", "eks-pool", "aks-pool"].includes(n))) {
      const program = fs.readFileSync(repoPath("examples", name, "index.ts"), "utf8");
      const lines = shellLines(fs.readFileSync(repoPath("examples", name, "README.md"), "utf8"));
      for (const [, key] of program.matchAll(/config\.(?:get|require)\w*\("([^"]+)"/g)) {
        assert.ok(lines.some((l) => new RegExp(`^pulumi config set (--secret )?${key} `).test(l)), `${name}: README sets ${key}`);
      }
    }
  });

  it("no doc (README.md, docs/*.md) installs or runs the package by a registry name we do not own", () => {
    const files = ["README.md", ...fs.readdirSync(repoPath("docs")).filter((f) => f.endsWith(".md")).map((f) => path.join("docs", f))];
    for (const file of files) {
      const text = fs.readFileSync(repoPath(file), "utf8");
      assert.ok(!/npm install model-deployment\b/.test(text), `${file}: npm install model-deployment (not on the registry under our name: install the packed tarball)`);
      // A command (a line, or inline code) that runs npx without --no; "a bare `npx model-deploy`" warning about it is fine.
      assert.ok(!/(^\s*|(?<!bare )`)npx (?!--no\b)[^`\n]*model-deploy\b/m.test(text), `${file}: npx model-deploy without --no (would fetch a package by that name)`);
    }
  });

  it("fastapi-model: probe --exec with the app's real command finds it started, then ready once its model loads", function () {
    const python = pythonWithFastApi();
    if (!python) this.skip();
    const dir = repoPath("examples", "fastapi-model");
    const lines = shellLines(fs.readFileSync(path.join(dir, "README.md"), "utf8"));
    // The README makes the Python it needs (PyPI is not reachable here: the test uses one that has the packages).
    const venv = lines.indexOf("python3 -m venv .venv && .venv/bin/pip install -r app/requirements.txt");
    assert.ok(venv >= 0 && lines[venv + 1] === ". .venv/bin/activate" && lines[venv + 2].startsWith(`${CLI} probe `), "venv, activate, then probe");
    assert.ok(fs.existsSync(path.join(dir, "app", "requirements.txt")));
    const probe = lines.find((l) => l.startsWith(`${CLI} probe `))!;
    assert.match(probe, /--exec "python3 -m uvicorn main:app --app-dir app --host 0\.0\.0\.0 --port 8000"/);
    // The Dockerfile's command is the same app, port and host.
    assert.match(fs.readFileSync(path.join(dir, "Dockerfile"), "utf8"), /CMD \["uvicorn", "main:app", "--host", "0\.0\.0\.0", "--port", "8000"\]/);
    const env = { ...process.env, PATH: `${path.dirname(python!)}${path.delimiter}${process.env.PATH}` };
    const r = spawnSync("sh", ["-c", probe], { cwd: dir, encoding: "utf8", env });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    // What the README says: started about 10 s in, ready about 30 s in (a check every 10 s, a 20 s
    // load); the window allows one check period either way, since the ticks' phase moves.
    const started = Number(/started ([\d.]+) s after the start/.exec(r.stdout)?.[1]);
    const ready = Number(/ready ([\d.]+) s after the start/.exec(r.stdout)?.[1]);
    assert.ok(started >= 0 && started <= 20, `started ${started} s`);
    assert.ok(ready >= 20 && ready <= 40, `ready ${ready} s`);
    assert.match(r.stdout, /OK: the health checks and the app agree/);
  });
});
