/** Bad input never crashes: each reproduction, and what it now gives. */
import * as assert from "node:assert/strict";
import { parse } from "yaml";
import { checkDeployment } from "../../sdk/manifests/plan";
import { renderObjects } from "../../sdk/manifests/render";
import { parseSpecText } from "../../sdk/core/spec/load";
import { resolveDeployment } from "../../sdk/core/resolve";
import { SpecError } from "../../sdk/core/spec/issues";
import { ModelDeployment } from "../../sdk";
import { baseSpec, manifestsOf, specErrors } from "../helpers";
import { installMocks, registered, settle } from "../mocks";

installMocks();

const textErrors = (text: string, format: "yaml" | "json") => {
  try {
    parseSpecText(text, format);
  } catch (e) {
    if (e instanceof SpecError) return e.issues.map((i) => i.message);
    throw e;
  }
  assert.fail("accepted");
};
const base = () => baseSpec() as any;

describe("bad input never crashes", () => {
  it("1: an empty or null mapping where an object belongs is a spec error with its path", () => {
    assert.deepEqual(specErrors(() => resolveDeployment(parseSpecText("name: a\nimage: nginx\nresources: {machineType: C4, ports: [80]}\nhealthChecks:\n  liveness:\n"))), [
      "healthChecks.liveness: must be a mapping (got null)",
    ]);
    assert.deepEqual(specErrors(() => resolveDeployment({ ...base(), resources: { ...base().resources, autoscaling: null } })), ["resources.autoscaling: must be a mapping (got null)"]);
    assert.deepEqual(specErrors(() => resolveDeployment({ ...base(), resources: { ...base().resources, autoscaling: { maxReplicas: 2, metrics: [null] } } })), [
      "resources.autoscaling.metrics[0]: must be a mapping (got null)",
    ]);
  });

  it("2-4: dangling YAML aliases, deep JSON and duplicate JSON keys are spec errors; alias bombs stay refused", () => {
    assert.match(textErrors("image: *a\n", "yaml")[0], /^YAML: Unresolved alias/);
    assert.match(textErrors(`${"[".repeat(20000)}${"]".repeat(20000)}`, "json")[0], /nested more than 64 levels deep/);
    assert.deepEqual(textErrors('{"image": "a", "resources": {}, "image": "b"}', "json"), ['JSON: the key "image" appears twice in one object, at line 1, column 33']);
    const bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    const start = Date.now();
    assert.match(textErrors(bomb, "yaml")[0], /^YAML: /);
    assert.ok(Date.now() - start < 1000);
  });

  it("5: huge probe numbers are accepted as Kubernetes does, and the deadline is clamped to int32 with a warning", () => {
    const r = resolveDeployment({ ...base(), healthChecks: { startup: { path: "/", periodSeconds: 65536, failureThreshold: 32768 } } });
    assert.equal(r.progressDeadlineSeconds, 2147483647);
    assert.ok(r.awaitTimeoutSeconds <= 2147483647);
    assert.match(r.warnings.find((w) => w.path === "healthChecks")!.message, /clamped to 2147483647 s/);
  });

  it("6: integration names are made Kubernetes names (warned), refused when empty after that or leaving the base, and collisions refused", () => {
    const volumes = (...names: string[]) => ({ ...base(), integrations: names.map((name) => ({ type: "volume", name })) });
    const r = resolveDeployment(volumes("My_Model"));
    assert.equal(r.integrations[0].key, "int-my-model");
    assert.match(r.warnings.find((w) => w.path === "integrations[0].name")!.message, /its volume and container are named int-my-model/);
    assert.equal(r.integrations[0].mountPath, "/opt/integrations/My_Model", "the files still land under the name as written");
    for (const bad of ["---", "名前", ".", "..", "../../etc", "a/b"]) {
      assert.equal(specErrors(() => resolveDeployment(volumes(bad))).length, 1, bad);
    }
    assert.match(specErrors(() => resolveDeployment(volumes("my_model", "my-model")))[0], /give the same Kubernetes name int-my-model/);
    assert.match(specErrors(() => resolveDeployment(volumes("Falcon", "falcon")))[0], /give the same Kubernetes name int-falcon/);
    assert.match(specErrors(() => resolveDeployment({ ...base(), integrations: [{ type: "volume", name: "v", path: "/models/../../etc" }] }))[0], /must not contain '\.\.'/);
  });

  it("7: an image with white space around it is trimmed with a warning; inside it is an error", () => {
    const r = resolveDeployment({ ...base(), image: " nginx:1.27 " });
    assert.equal(r.image, "nginx:1.27");
    assert.ok(r.warnings.some((w) => w.path === "image" && /trimmed/.test(w.message)));
    assert.deepEqual(specErrors(() => resolveDeployment({ ...base(), image: "ngi nx" })), ['image: must not contain white space (got "ngi nx")']);
  });

  it("8: a derived name over its kind's limit is shortened with a stable hash, and the old Pulumi name kept as an alias", async () => {
    const instance = "a".repeat(54);
    const spec = { ...base(), integrations: [{ type: "git-lfs", name: "m", url: "https://huggingface.co/o/m" }] };
    const job = () => manifestsOf(resolveDeployment(spec), { instance }).entries.find((e) => e.role === "fetchJob")!;
    assert.equal(job().resourceName.length + 9, 63, "the autonamed Job name fits in 63 characters");
    assert.match(job().resourceName, /^a+-[0-9a-f]{6}-fetch$/);
    const other = manifestsOf(resolveDeployment(spec), { instance: `${"a".repeat(53)}b` }).entries.find((e) => e.role === "fetchJob")!;
    assert.notEqual(other.resourceName, job().resourceName, "two long names that share a prefix do not collide");
    assert.deepEqual(job().aliases, [`${instance}-fetch`]);
    const short = manifestsOf(resolveDeployment(spec), { instance: "short" }).entries.find((e) => e.role === "fetchJob")!;
    assert.equal(short.resourceName, "short-fetch", "names that fit are unchanged");
    assert.equal(short.aliases, undefined);
    registered.length = 0;
    new ModelDeployment(instance, { spec });
    await settle();
    const registeredJob = registered.find((r) => r.type === "kubernetes:batch/v1:Job")!;
    assert.equal(registeredJob.name, job().resourceName);
    assert.ok(JSON.stringify(registeredJob.aliases).includes(`${instance}-fetch`));
  });

  it("a namespace that is not a DNS label is an error, in the CLI and the component", () => {
    const c = checkDeployment({ spec: base(), resolve: {}, manifest: { instance: "n", objectName: "n", namespace: "Bad_NS" } });
    assert.match(c.errors.map((e) => `${e.path}: ${e.message}`).join(), /^namespace: must be a DNS label/);
    assert.throws(() => new ModelDeployment("n", { spec: base(), namespace: "Bad_NS" }), /namespace: must be a DNS label/);
  });

  it("9: rendered YAML quotes every string a YAML 1.1 or 1.2 reader would take for something else", () => {
    const c = checkDeployment({
      spec: { ...base(), env: ["no", "yes", "off", "on", "y", "1:30", "2001-12-14", "0o14", "0x1F", "~", "null", "1e3", ".inf"].map((v, i) => ({ name: `V${i}`, value: v })) },
      resolve: {},
      manifest: { instance: "q", objectName: "q" },
    });
    const objects = c.plan!.objects.map((e) => e.object);
    const yaml = renderObjects(objects);
    for (const version of ["1.1", "1.2"] as const) {
      const env = parse(yaml.split("---\n")[0], { version }).spec.template.spec.containers[0].env;
      assert.deepEqual(env.map((e: { value: unknown }) => e.value), ["no", "yes", "off", "on", "y", "1:30", "2001-12-14", "0o14", "0x1F", "~", "null", "1e3", ".inf"], version);
    }
  });
});
