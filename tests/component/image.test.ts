/** Container images: build and push, digest pinning, private registries; never a credential in plain text. */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ModelDeployment } from "../../sdk";
import { dockerConfigJson, parseImageRef, pinnedRef, registryHost } from "../../sdk/core/imageRef";
import { baseSpec, fixturePath, repoPath, specErrors } from "../helpers";
import { installMocks, registered, settle, valueOf } from "../mocks";
import { resolveDeployment } from "../../sdk/core/resolve";

installMocks();

const PASSWORD = "ghp_registry_token_0123456789";
const byType = (t: string) => registered.filter((r) => r.type === t);
const podOf = () => byType("kubernetes:apps/v1:Deployment")[0].inputs.spec.template.spec;
const unwrap = (v: any) => (v && typeof v === "object" && "4dabf18193072939515e22adb298388d" in v ? v.value : v);
const REGISTRIES = { acme: { server: "ghcr.io", username: "acme-bot", password: PASSWORD } };
const context = repoPath("examples", "fastapi-model");

describe("image references (pure)", () => {
  it("parses, pins by digest and names the registry", () => {
    assert.deepEqual(parseImageRef("localhost:5000/team/app:1.2"), { repository: "localhost:5000/team/app", tag: "1.2" });
    assert.deepEqual(parseImageRef("nginx"), { repository: "nginx" });
    const d = `sha256:${"a".repeat(64)}`;
    assert.equal(pinnedRef("ghcr.io/acme/llm:1.0", d), `ghcr.io/acme/llm@${d}`);
    assert.equal(pinnedRef(`ghcr.io/acme/llm:1.0@sha256:${"b".repeat(64)}`, d), `ghcr.io/acme/llm@${d}`);
    assert.equal(registryHost("ghcr.io/acme/llm:1"), "ghcr.io");
    assert.equal(registryHost("library/nginx:1"), "docker.io");
  });

  it("writes the .dockerconfigjson kubectl would", () => {
    const j = JSON.parse(dockerConfigJson("ghcr.io", "u", "p:w"));
    assert.equal(Buffer.from(j.auths["ghcr.io"].auth, "base64").toString(), "u:p:w");
  });
});

describe("ModelDeployment images (Pulumi mocks)", () => {
  beforeEach(() => (registered.length = 0));

  it("builds and pushes with docker-build, and runs the pushed image by digest", async () => {
    const app = new ModelDeployment("built", {
      spec: ModelDeployment.loadSpec(fixturePath("image-placeholder.yaml")),
      build: { repository: "ghcr.io/acme/fastapi", context, tag: "v1", buildArgs: { PY: "3.12" }, registry: "acme" },
      registries: REGISTRIES,
    });
    const [image, digest] = await Promise.all([valueOf(app.image), valueOf(app.imageDigest)]);
    assert.match(digest!, /^sha256:[0-9a-f]{64}$/);
    assert.equal(image, `ghcr.io/acme/fastapi@${digest}`);
    await settle();
    const build = byType("docker-build:index:Image")[0];
    assert.equal(build.name, "built-image");
    assert.deepEqual(
      { context: build.inputs.context, dockerfile: build.inputs.dockerfile, tags: build.inputs.tags, push: build.inputs.push, platforms: build.inputs.platforms, buildOnPreview: build.inputs.buildOnPreview, buildArgs: build.inputs.buildArgs },
      { context: { location: context }, dockerfile: { location: `${context}/Dockerfile` }, tags: ["ghcr.io/acme/fastapi:v1"], push: true, platforms: ["linux/amd64"], buildOnPreview: false, buildArgs: { PY: "3.12" } },
    );
    assert.equal(unwrap(build.inputs.registries)[0].address, "ghcr.io");
    assert.equal(unwrap(unwrap(build.inputs.registries)[0].password), PASSWORD);
    assert.ok(JSON.stringify(build.inputs.registries).includes("4dabf18193072939515e22adb298388d"), "the push password travels as a secret");
    assert.equal(podOf().containers[0].image, image);
  });

  it("an unchanged build gives the same image reference (no diff)", async () => {
    const args = { spec: ModelDeployment.loadSpec(fixturePath("image-placeholder.yaml")), build: { repository: "ghcr.io/acme/fastapi", context } };
    const first = await valueOf(new ModelDeployment("same-a", args).image);
    const second = await valueOf(new ModelDeployment("same-b", args).image);
    assert.equal(first, second);
  });

  it("pins a prebuilt tag to its digest when asked", async () => {
    const app = new ModelDeployment("pinned", { spec: baseSpec() as never, pinImageDigest: true });
    const image = await valueOf(app.image);
    assert.match(image, /^nginx@sha256:[0-9a-f]{64}$/);
    await settle();
    assert.equal(podOf().containers[0].image, image);
  });

  it("a private registry gets a dockerconfigjson pull Secret, as a Pulumi secret, and imagePullSecrets", async () => {
    const app = new ModelDeployment("private", { spec: { ...(baseSpec() as object), containerRegistry: "acme" } as never, registries: REGISTRIES });
    assert.equal(await pulumi.isSecret(app.pullSecret!.stringData), true);
    const data = (await valueOf(app.pullSecret!.stringData as pulumi.Output<Record<string, string>>))[".dockerconfigjson"];
    const auth = JSON.parse(data).auths["ghcr.io"];
    assert.equal(Buffer.from(auth.auth, "base64").toString(), `acme-bot:${PASSWORD}`);
    await settle();
    assert.equal(byType("kubernetes:core/v1:Secret")[0].inputs.type, "kubernetes.io/dockerconfigjson");
    assert.deepEqual(podOf().imagePullSecrets, [{ name: "private-registry-1a2b3c4d" }]);
    const plain = JSON.stringify([
      registered.filter((r) => r.type !== "kubernetes:core/v1:Secret").map((r) => r.inputs),
      await Promise.all([app.image, app.endpoint, app.warnings].map((o) => valueOf(o as pulumi.Output<unknown>))),
    ]);
    assert.ok(!plain.includes(PASSWORD) && !plain.includes(Buffer.from(`acme-bot:${PASSWORD}`).toString("base64")), "a credential leaked");
  });

  it("refuses a containerRegistry the program does not define, and conflicting or broken image args", () => {
    assert.deepEqual(specErrors(() => resolveDeployment({ ...baseSpec(), containerRegistry: "acme" })), [
      'containerRegistry: no registry named "acme" in the registries arg: define its server and credentials there',
    ]);
    assert.throws(() => new ModelDeployment("both", { spec: baseSpec() as never, image: "x", build: { repository: "ghcr.io/a/b", context } }), /build: give image \(a prebuilt reference\) or build, not both/);
    assert.throws(() => new ModelDeployment("noctx", { spec: baseSpec() as never, build: { repository: "ghcr.io/a/b", context: "/nonexistent/dir" } }), /build\.context: no such directory/);
    assert.throws(() => new ModelDeployment("norepo", { spec: baseSpec() as never, build: { repository: "ghcr.io/a/b:tag", context } }), /build\.repository: must be an image repository without tag/);
    assert.throws(() => new ModelDeployment("noreg", { spec: baseSpec() as never, build: { repository: "ghcr.io/a/b", context, registry: "nope" } }), /build\.registry: no registry named "nope"/);
  });

  it("render shows a placeholder pull Secret and imagePullSecrets, never a login", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-img-"));
    fs.writeFileSync(path.join(dir, "spec.yaml"), "name: private\nimage: ghcr.io/acme/app:1\ncontainerRegistry: my-registry\nresources: { machineType: C4, ports: [80] }\n");
    const ok = spawnSync(process.execPath, [repoPath("dist", "sdk", "cli", "bin.js"), "render", "spec.yaml", "-o", "json"], { cwd: dir, encoding: "utf8" });
    const items = JSON.parse(ok.stdout).items;
    assert.equal(items[0].type, "kubernetes.io/dockerconfigjson");
    assert.match(items[0].stringData[".dockerconfigjson"], /<login of registry my-registry: supplied by the program at deploy time>/);
    assert.deepEqual(items[1].spec.template.spec.imagePullSecrets, [{ name: "private-registry" }]);
  });
});
