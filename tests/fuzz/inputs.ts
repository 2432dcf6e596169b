/**
 * The property for the other inputs: CLI flags (the `model-deploy` program run in this process,
 * as a user calls it) and the component's arguments (a `ModelDeployment` under Pulumi's mocks,
 * plain values and Outputs). Every run ends in an error that names its input (exit 1 or 2; a
 * `ResourceError`, up front or once an Output is known) or in objects Kubernetes accepts; never
 * in a crash. And no message repeats a credential of the spec.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import { run } from "../../sdk/cli/program";
import { ModelDeployment } from "../../sdk";
import type { ModelDeploymentArgs } from "../../sdk/component/ModelDeploymentArgs";
import { checkDeployment } from "../../sdk/manifests/plan";
import { corpus } from "../corpus";
import { installMocks, registered } from "../mocks";
import { type Outcome, assertValidObjects } from "./properties";

/** Values that have broken things before, as text: white space, unicode, NaN-ish and huge numbers, names of the wrong kind. */
const WEIRD = [
  "", " ", "\t", " x ", "a b", "名前", "ü", "😀", "-", "--", "-1", "0", "-0", "00", "NaN", "Infinity", "-Infinity", "1e3", "1E3", "0x1F", "0o7",
  "1.5", ".5", "5.", "+5", "99999999999999999999", "2147483647", "2147483648", "4294967296", "null", "true", "../x", "A", "UPPER", "x".repeat(64),
  "x".repeat(254), "a\nb", "%2F", "*", ".", "a.", ".a", "a..b", "a_b", "1", "٣", "secret:X", "https://u:p@h/x", "10.0.0.1", "::1",
];
const weird = fc.oneof(fc.constantFrom(...WEIRD), fc.string({ maxLength: 8 }), fc.string({ unit: "grapheme", maxLength: 6 }));
/** A valid value mostly; else an invalid one of the kind, or anything at all. */
const or = <T>(valid: readonly T[], invalid: readonly T[] = []) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...valid), weight: 6 },
    ...(invalid.length > 0 ? [{ arbitrary: fc.constantFrom(...invalid) as fc.Arbitrary<T | string>, weight: 1 }] : []),
    { arbitrary: weird, weight: 1 },
  );

const IMAGES = ["nginx:1.27", "ghcr.io/acme/model:2", "localhost:5000/a/b", `r.io/m@sha256:${"0".repeat(64)}`, "docker.io/library/caddy:2.10.2-alpine"];
const BAD_IMAGES = ["ghcr.io/Acme/Model:1.0", "foo:bar:baz", "x@sha256:short", "-oops", "a\tb", "e".repeat(64)];
const NAMES = ["app", "my-app", "a".repeat(54), "llm-v2"];
const BAD_NAMES = ["a".repeat(55), "My_App", "llm.v2", "9lives", "名前"];
const SUBDOMAINS = ["nginx", "app-secrets", "fast.ssd", "a".repeat(253)];
const BAD_SUBDOMAINS = ["a".repeat(254), "Fast SSD", "-x", "x-", "a..b"];
const NUMBERS = ["0", "1", "30", "600", "3600", "2147483647"];
const BAD_NUMBERS = ["-1", "1.5", "1e3", "0x1F", "", "2147483648", "NaN"];
const PODS = ["0", "1", "2", "25%", "100%"];
const BAD_PODS = ["101%", "50%x", "-1", "1.5", "2147483648"];
const QUANTITIES = ["16Gi", "1Gi", "512Mi", "0.5Gi", "false"];
const BAD_QUANTITIES = ["0", "-1Gi", "1e3", "16GB", "Gi", "true"];
const HOSTS = ["model.example.com", "*.example.com", "a.b.c", "999.0.0.1", "localhost"];
const BAD_HOSTS = ["10.0.0.1", "Model.Example.com", "*.", "a..b", `${"a".repeat(250)}.com`, "a_b.com", "::1"];

/** What a flag takes: a value (drawn from these) or nothing (a switch). */
const FLAGS: Array<[string, fc.Arbitrary<string> | "switch"]> = [
  ["--image", or(IMAGES, BAD_IMAGES)],
  ["--name", or(NAMES, BAD_NAMES)],
  ["--secret-name", or(SUBDOMAINS, BAD_SUBDOMAINS)],
  ["--keda", "switch"],
  ["--max-surge", or(PODS, BAD_PODS)],
  ["--max-unavailable", or(PODS, BAD_PODS)],
  ["--termination-grace-period", or(NUMBERS, BAD_NUMBERS)],
  ["--progress-deadline", or([...NUMBERS, "100000"], BAD_NUMBERS)],
  ["--image-pull-headroom", or(NUMBERS, BAD_NUMBERS)],
  ["--node-provisioning-headroom", or(NUMBERS, BAD_NUMBERS)],
  ["--shared-memory", or(QUANTITIES, BAD_QUANTITIES)],
  ["--runtime-class", or(["nvidia", ...SUBDOMAINS], BAD_SUBDOMAINS)],
  ["--security-profile", or(["default", "hardened", "restricted", "none"], ["paranoid"])],
  ["--priority-class", or(["high", ...SUBDOMAINS], BAD_SUBDOMAINS)],
  ["--integrations-mode", or(["shared", "per-replica"], ["everywhere"])],
  ["--auth-proxy-image", or(IMAGES, BAD_IMAGES)],
  ["--git-image", or(IMAGES, BAD_IMAGES)],
  ["--aws-image", or(IMAGES, BAD_IMAGES)],
  ["--strict", "switch"],
  ["--namespace", or(["models", "default"], ["Bad_NS", "a".repeat(64)])],
  ["--create-namespace", "switch"],
  ["--no-network-policy", "switch"],
  ["--service-type", or(["ClusterIP", "LoadBalancer"], ["NodePort"])],
  ["--ingress-host", or(HOSTS, BAD_HOSTS)],
  ["--ingress-class", or(["nginx", ...SUBDOMAINS], BAD_SUBDOMAINS)],
  ["--tls-secret", or(["tls", ...SUBDOMAINS], BAD_SUBDOMAINS)],
];

let made: { dir: string; specs: string[]; machineTypes: string[] } | undefined;
/** A directory with the spec files and machine-type files the CLI cases name (made once, removed at exit). */
function fixtures(): { dir: string; specs: string[]; machineTypes: string[] } {
  if (made) return made;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-fuzz-"));
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, data: unknown) => {
    fs.writeFileSync(path.join(dir, name), stringify(data));
    return path.join(dir, name);
  };
  const specs = [
    ...corpus().map((e) => e.raw),
    { name: "custom", image: "ghcr.io/acme/m:1", resources: { machineType: "L4", ports: [8000, 9000] }, healthChecks: { readiness: { path: "/r", port: 9000 } } },
    {
      name: "everything",
      image: "ghcr.io/acme/m:1",
      basicAuthKey: "secret:PW",
      env: [{ name: "T", value: "secret:TOKEN" }],
      resources: { machineType: "A100x8", ports: [8000], replicas: 2, autoscaling: { maxReplicas: 3, metrics: [{ metric: "requestDuration", summary: "average", value: 0.2 }] } },
      integrations: [{ type: "git-lfs", name: "m", url: "https://huggingface.co/o/m" }, { type: "s3", name: "w", url: "s3://b/p/" }, { type: "volume", name: "v" }],
    },
  ];
  const gpu = (products: unknown, extra: object = {}) => ({ count: 1, model: "NVIDIA L4", memoryGiB: 24, products, ...extra });
  const types: unknown[] = [
    { L4: { vcpu: 8, memoryGiB: 32, gpu: gpu(["NVIDIA-L4"]) }, "IPU-POD16": { vcpu: 96, memoryGiB: 448 }, L4x2: { vcpu: 24, memoryGiB: 96, gpu: gpu(["NVIDIA-L4"], { count: 2 }) } },
    { L4: { vcpu: 8, memoryGiB: 32, gpu: gpu(["NVIDIA L4", "x".repeat(64)]) } },
    { L4: { vcpu: 8, memoryGiB: 32, gpu: gpu(["NVIDIA-L4"], { awsGpuName: "l4 gpu" }) } },
    { L4: { vcpu: 1e300, memoryGiB: -1, gpu: gpu([]) } },
    { L4: { vcpu: "8", memoryGiB: 32 } },
    ["not", "a", "mapping"],
    "just text",
  ];
  made = {
    dir,
    specs: specs.map((raw, i) => write(`spec-${i}.yaml`, raw)),
    machineTypes: [...types.map((t, i) => write(`types-${i}.yaml`, t)), path.join(dir, "missing.yaml")],
  };
  return made;
}

/** A command line: a command, one or two spec files, and some flags with valid and invalid values. */
export const cliInvocation = fc
  .record({
    command: fc.constantFrom("render", "render", "render", "validate", "preview", "diff"),
    spec: fc.nat(),
    other: fc.nat(),
    machineTypes: fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.nat(), weight: 2 }),
    flags: fc.uniqueArray(fc.nat({ max: FLAGS.length - 1 }), { maxLength: 5 }).chain((picked) => fc.tuple(...picked.map((i) => (FLAGS[i][1] === "switch" ? fc.constant([FLAGS[i][0]]) : (FLAGS[i][1] as fc.Arbitrary<string>).map((v) => [`${FLAGS[i][0]}=${v}`]))))),
  })
  .map(({ command, spec, other, machineTypes, flags }) => {
    const f = fixtures();
    const files = [f.specs[spec % f.specs.length], ...(command === "diff" ? [f.specs[other % f.specs.length]] : [])];
    const output = command === "render" || command === "preview" ? ["-o", "json"] : [];
    const types = machineTypes === undefined ? [] : [`--machine-types=${f.machineTypes[machineTypes % f.machineTypes.length]}`];
    return [command, ...files, ...output, ...types, ...flags.flat()];
  });

/**
 * Runs `model-deploy` with `argv` in this process. Exit 70 (an internal error) fails the property;
 * so does an accepted render whose objects Kubernetes would refuse.
 */
export async function checkCli(argv: string[]): Promise<Outcome> {
  let out = "";
  let err = "";
  const code = await run(argv, { out: (t) => void (out += t), err: (t) => void (err += t), cwd: fixtures().dir });
  const what = `model-deploy ${argv.map((a) => JSON.stringify(a)).join(" ")}`;
  if (code === 70 || /internal error/.test(err)) throw new Error(`${what}: crashed (exit ${code}): ${err}`);
  const ok = argv[0] === "diff" ? [0, 1, 3] : [0];
  if (ok.includes(code)) {
    if (argv[0] === "render") assertValidObjects(JSON.parse(out).items, what);
    return "accepted";
  }
  if (![1, 2].includes(code)) throw new Error(`${what}: exit ${code}: ${err}`);
  if ((out + err).trim() === "") throw new Error(`${what}: exit ${code} without a message`);
  return "rejected";
}

/** A value as a component argument: plain or an Output; invalid in an Output only where the Output is checked once known. */
const input = <T>(valid: readonly T[], invalid: readonly T[] = [], checkedOnceKnown = false, validOnceKnown: readonly T[] = valid) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...valid) as fc.Arbitrary<unknown>, weight: 4 },
    { arbitrary: fc.constantFrom(...validOnceKnown).map((v) => pulumi.output(v)) as fc.Arbitrary<unknown>, weight: 2 },
    ...(invalid.length > 0 ? [{ arbitrary: fc.constantFrom(...invalid) as fc.Arbitrary<unknown>, weight: 1 }] : []),
    { arbitrary: weird as fc.Arbitrary<unknown>, weight: 1 },
    ...(checkedOnceKnown ? [{ arbitrary: fc.oneof(fc.constantFrom(...invalid), weird).map((v) => pulumi.output(v)) as fc.Arbitrary<unknown>, weight: 1 }] : []),
  );
const NUMS = [0, 1, 30, 600, 3600, 2147483647];
const BAD_NUMS = [-1, 1.5, 2147483648, Number.NaN, Number.POSITIVE_INFINITY, 1e300, -0, Number.MAX_SAFE_INTEGER + 2];
const num = fc.oneof({ arbitrary: fc.constantFrom(...NUMS), weight: 4 }, { arbitrary: fc.constantFrom(...BAD_NUMS), weight: 1 }, { arbitrary: fc.oneof(fc.integer(), fc.double()), weight: 1 });
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
const labels = fc.dictionary(or(["app", "example.com/role"], ["bad key!", "a/b/c", "x".repeat(64)]), or(["ok", "prometheus"], ["-bad", "x".repeat(64)]), { maxKeys: 2, noNullPrototype: true });
const toleration = fc.record(
  { key: or(["k", "example.com/k"], ["bad key"]), operator: or(["Exists", "Equal"], ["", "Maybe"]), value: or(["v", ""], ["-v"]), effect: or(["NoSchedule", "NoExecute", "PreferNoSchedule"], ["", "Never"]) },
  { requiredKeys: [] },
);

const annotations = fc.dictionary(
  or(["example.com/note", "eks.amazonaws.com/role-arn", "iam.gke.io/gcp-service-account"], ["bad key!", "a/b/c", ""]),
  input(["x", "", "arn:aws:iam::123456789012:role/models"], [], false),
  { maxKeys: 2, noNullPrototype: true },
);
const envFromRef = fc.record({ name: input(["config", ...SUBDOMAINS], BAD_SUBDOMAINS, true), optional: opt(fc.boolean()) }, { requiredKeys: ["name"] });

/** Every argument of the ModelDeployment, each with valid and invalid values, plain or as an Output. */
const ARGS = {
  image: input(IMAGES, BAD_IMAGES),
  namespace: input(["models", "default"], ["Bad_NS"]),
  createNamespace: or<unknown>([true, false], ["yes"]),
  serviceType: or(["ClusterIP", "LoadBalancer"], ["NodePort"]),
  kubernetesName: input(["llm", "a".repeat(63)], ["Fast_API", "a".repeat(64), "9lives"]),
  progressDeadlineSeconds: num,
  imagePullHeadroomSeconds: num,
  nodeProvisioningHeadroomSeconds: num,
  rollout: fc.record({ maxSurge: fc.oneof(num, or(PODS, BAD_PODS)), maxUnavailable: fc.oneof(num, or(PODS, BAD_PODS)) }, { requiredKeys: [] }),
  terminationGracePeriodSeconds: num,
  sharedMemory: or<unknown>(["16Gi", "1Gi", false], ["0", "-1Gi", "16GB", true, 16]),
  securityProfile: or(["default", "hardened", "restricted", "none"], ["paranoid"]),
  helperImages: fc.record({ authProxy: or(IMAGES, BAD_IMAGES), git: or(IMAGES, BAD_IMAGES), aws: or(IMAGES, BAD_IMAGES) }, { requiredKeys: [] }),
  runtimeClassName: or(["nvidia", ...SUBDOMAINS], BAD_SUBDOMAINS),
  priorityClassName: or(["high", ...SUBDOMAINS], BAD_SUBDOMAINS),
  compute: fc.record({ cpu: or(["4", "3500m"], ["0", "-1", "4 cores"]), memory: or(["24Gi"], ["0Gi", "24 GB"]) }, { requiredKeys: [] }),
  secretName: input(SUBDOMAINS, BAD_SUBDOMAINS),
  keda: fc.record(
    {
      enabled: fc.boolean(),
      prometheusAddress: input(["http://prometheus.monitoring:9090", "https://p.example.com/prom"], ["prometheus:9090", "http://"]),
      query: input(["sum(rate(x[1m]))"], [" ", ""]),
      scrapeFrom: fc.record({ namespace: or(["monitoring"], ["Mon"]), podLabels: labels }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  ),
  networkPolicy: or<unknown>([true, false], ["no"]),
  ingress: fc.record(
    {
      host: input(HOSTS, BAD_HOSTS, true),
      // A plain "" leaves the class out (the cluster's default); an Output cannot, so "" is no valid Output here.
      className: input(["nginx", ...SUBDOMAINS, ""], BAD_SUBDOMAINS, false, ["nginx", ...SUBDOMAINS]),
      tlsSecretName: input(["tls", "", ...SUBDOMAINS], BAD_SUBDOMAINS),
      path: or(["/", "/api", "/a.b/"], ["api", "/a//b", "/a/..", "/a%2Fb", ""]),
      annotations: annotations,
    },
    { requiredKeys: ["host"] },
  ),
  integrations: fc.record(
    { mode: or(["shared", "per-replica"], ["everywhere"]), size: or(["100Gi", "1Ti"], ["0", "-1Gi", "1e3"]), storageClassName: or(["efs", ...SUBDOMAINS], ["", ...BAD_SUBDOMAINS]), downloadTimeoutSeconds: num },
    { requiredKeys: [] },
  ),
  machineTypes: fc.dictionary(
    fc.constantFrom("L4", "A100", "x"),
    fc.record({ vcpu: num, memoryGiB: num, gpu: opt(fc.record({ count: num, model: or(["L4"], [""]), memoryGiB: num, products: fc.array(or(["NVIDIA-L4"], ["NVIDIA L4", ""]), { maxLength: 2 }), awsGpuName: opt(or(["l4"], ["l4 gpu"])) })) }),
    { maxKeys: 1 },
  ),
  registries: fc.dictionary(fc.constantFrom("ghcr", "My-Example-GHCR"), fc.record({ server: input(["ghcr.io", "registry.local:5000"], ["ghcr.io/acme", "ghcr io", "https://ghcr.io", ""], true), username: fc.constant("u"), password: fc.constant("p") }), { maxKeys: 2, noNullPrototype: true }),
  nodePool: fc.record({ machineType: fc.constantFrom("A100", "C4"), placement: fc.record({ nodeLabels: labels, tolerations: fc.array(toleration, { maxLength: 2 }) }, { requiredKeys: [] }) }),
  dedicatedNodePool: fc.record(
    {
      backend: or(["existing"], ["gke"]),
      existing: fc.record({ nodeLabels: labels, tolerations: fc.array(toleration, { maxLength: 2 }) }, { requiredKeys: [] }),
      minNodes: num,
      maxNodes: num,
    },
    { requiredKeys: [] },
  ),
  build: fc.record(
    {
      repository: input(["ghcr.io/acme/llm", "localhost:5000/m"], ["ghcr.io/acme/llm:tag", "Ghcr.io/x"], true),
      context: input(["."], ["/nonexistent/dir"], true),
      tag: or(["v1", "latest", "1.0_rc-2"], ["v 1", "-x", ".x"]),
      platforms: fc.array(or(["linux/amd64", "linux/arm64/v8"], ["amd64", "Linux/AMD64"]), { maxLength: 2 }),
      buildArgs: fc.dictionary(or(["USER", "HF_HOME"], ["A=B", "has space", ""]), fc.constant("x"), { maxKeys: 2, noNullPrototype: true }),
    },
    { requiredKeys: ["repository", "context"] },
  ),
  // The workload's own knobs (issue 25): names, labels, annotations, refs, volumes and mounts.
  serviceAccountName: input(["models", ...SUBDOMAINS], BAD_SUBDOMAINS, true),
  serviceAccount: fc.record({ annotations: annotations }, { requiredKeys: [] }),
  podLabels: fc.dictionary(or(["team", "example.com/role"], ["bad key!", "app.kubernetes.io/name", "pod-template-hash"]), input(["ok", ""], ["-bad", "x".repeat(64)], true), { maxKeys: 2, noNullPrototype: true }),
  podAnnotations: annotations,
  serviceAnnotations: annotations,
  imagePullPolicy: input(["Always", "IfNotPresent", "Never"], ["always", ""], true),
  envFrom: fc.array(
    fc.oneof(
      fc.record({ configMapRef: envFromRef, prefix: opt(or(["APP_", "x."], ["1X", "a b"])) }, { requiredKeys: ["configMapRef"] }),
      fc.record({ secretRef: envFromRef }),
      fc.constantFrom<unknown>({}, { configMapRef: { name: "a" }, secretRef: { name: "b" } }),
    ),
    { maxLength: 2 },
  ),
  volumes: fc.array(fc.record({ name: or(["cache", "models-x"], ["dshm", "Bad_Name", ""]), emptyDir: fc.constant({}) }), { maxLength: 2 }),
  volumeMounts: fc.array(fc.record({ name: or(["cache"], ["nope", ""]), mountPath: or(["/cache", "/data/x"], ["relative", "/dev/shm", ""]) }), { maxLength: 2 }),
  nodeSelector: fc.dictionary(or(["zone", "example.com/disk"], ["bad key!"]), input(["ssd", ""], ["-bad"], true), { maxKeys: 2, noNullPrototype: true }),
  tolerations: fc.array(toleration, { maxLength: 2 }),
  pinImageDigest: or<unknown>([true, false], ["yes"]),
  secrets: fc.dictionary(fc.constantFrom("HF_TOKEN", "ENDPOINT_PASSWORD", "TOKEN", "K", "S"), fc.oneof(fc.constant<unknown>("value"), fc.constant<unknown>(""), fc.constant<unknown>(42), fc.constant(pulumi.output("late-value")) as fc.Arbitrary<unknown>), { maxKeys: 2, noNullPrototype: true }),
} as const;
const ARG_NAMES = Object.keys(ARGS) as Array<keyof typeof ARGS>;

/** The ModelDeployment's arguments: a spec (or its text, or a wrong one) and a few other arguments, mostly valid. */
export const componentArgs = fc
  .record({
    entry: fc.nat(),
    text: fc.constantFrom(false, false, false, true),
    name: or(NAMES, BAD_NAMES),
    badSpec: fc.oneof({ arbitrary: fc.constant(undefined), weight: 12 }, { arbitrary: fc.constantFrom<unknown>(null, "", 42, [], "deployment.yaml", "null", "image: ["), weight: 1 }),
    args: fc.uniqueArray(fc.constantFrom(...ARG_NAMES), { maxLength: 4 }).chain((keys) => fc.record(Object.fromEntries(keys.map((k) => [k, ARGS[k]])) as Record<string, fc.Arbitrary<unknown>>)),
  })
  .map(({ entry, text, name, badSpec, args }) => {
    const all = corpus();
    const e = all[entry % all.length];
    const spec =
      badSpec !== undefined
        ? { [typeof badSpec === "string" && badSpec !== "deployment.yaml" ? "specText" : "spec"]: badSpec }
        : text
          ? { specText: stringify(e.raw) }
          : { spec: structuredClone(e.raw) };
    // The corpus entry's own options, as the arguments that give them, unless the case sets them.
    const o = e.options;
    const own: Partial<ModelDeploymentArgs> = {
      ...(o.image ? { image: o.image } : {}),
      ...(o.machineTypes ? { machineTypes: o.machineTypes } : {}),
      ...(o.compute ? { compute: o.compute } : {}),
      ...(o.existingSecret ? { secretName: o.existingSecret } : {}),
      ...(o.keda ? { keda: { enabled: true } } : {}),
      ...(o.secretNames ? { secrets: Object.fromEntries(o.secretNames.map((k) => [k, `value-of-${k}`])) } : {}),
      ...(o.registries ? { registries: Object.fromEntries(o.registries.map((k) => [k, { server: "ghcr.io", username: "u", password: "p" }])) } : {}),
      ...(o.placement ? { nodePool: { machineType: "A6000x4", placement: o.placement } } : {}),
      ...(o.integrations ? { integrations: o.integrations } : {}),
    };
    return { name: String(name), args: { ...own, ...spec, ...(args as Partial<ModelDeploymentArgs>) } as ModelDeploymentArgs };
  });

let serial = 0;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs: () => Promise<void> };
/** What a deploy-time check's failure reads like: our ResourceError, naming the argument. */
const DEPLOY_TIME_FAILURE = /ModelDeployment [^\s:]+: [\w.[\]"-]+: /;

/** The object of a registered Kubernetes resource, its kind from its type token and its secrets unwrapped. */
function objectOf(type: string, inputs: unknown): any {
  const unwrap = (v: any): any => {
    if (Array.isArray(v)) return v.map(unwrap);
    if (v && typeof v === "object") {
      if ("4dabf18193072939515e22adb298388d" in v) return unwrap(v.value);
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrap(x)]));
    }
    return v;
  };
  const [, group, kind] = /^kubernetes:(.+):(\w+)$/.exec(type)!;
  return { ...unwrap(inputs), apiVersion: group.replace(/^core\//, ""), kind };
}

/**
 * Creates a ModelDeployment with `args` under the mocks: it throws a `ResourceError` naming the
 * problem, or its children (once every Output settled) are objects Kubernetes accepts; an Output
 * that breaks its rule fails with a `ResourceError` naming it. Anything else fails the property.
 */
export async function checkComponent({ name, args }: { name: string; args: ModelDeploymentArgs }): Promise<Outcome> {
  installMocks();
  // Valid names made unique where they stay valid (the mock engine keeps every resource of the run).
  const suffix = `-${++serial}`;
  const unique = /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) && name.length + suffix.length <= 54 ? `${name}${suffix}` : name;
  const what = `new ModelDeployment(${JSON.stringify(unique)}, ${describeArgs(args)})`;
  const late: unknown[] = [];
  const onLate = (reason: unknown) => void late.push(reason);
  process.on("unhandledRejection", onLate);
  registered.length = 0;
  try {
    try {
      new ModelDeployment(unique, args);
    } catch (e) {
      if (e instanceof pulumi.ResourceError && (e.message.startsWith(`ModelDeployment ${unique}: `) || (unique === "" && e.message.startsWith("ModelDeployment: name: ")))) return "rejected";
      throw new Error(`${what}: crashed: ${(e as Error)?.stack ?? e}`);
    }
    await waitForRPCs();
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off("unhandledRejection", onLate);
  }
  for (const reason of late) {
    if (!DEPLOY_TIME_FAILURE.test(String((reason as Error)?.message ?? reason))) throw new Error(`${what}: crashed at deploy time: ${(reason as Error)?.stack ?? reason}`);
  }
  const kube = registered.filter((r) => r.type.startsWith("kubernetes:") && !r.type.includes("keda.sh") && !r.type.includes("karpenter"));
  assertValidObjects(kube.map((r) => objectOf(r.type, r.inputs)), what);
  // Pulumi autonames each object `<resource name>-<8 characters>`: it must fit its kind's limit.
  for (const r of kube) {
    if (r.inputs.metadata?.name !== undefined) continue;
    const limit = /:(Service|Job)$/.test(r.type) ? 63 : 253;
    if (r.name.length + 9 > limit) throw new Error(`${what}: the autonamed ${r.type} ${r.name}-xxxxxxxx is longer than ${limit} characters`);
  }
  return late.length > 0 ? "rejected" : "accepted";
}

/** The arguments for a report: Outputs as `<Output>`, numbers JSON cannot hold as text. */
function describeArgs(args: unknown): string {
  const plain = (v: unknown): unknown => {
    if (pulumi.Output.isInstance(v)) return "<Output>";
    if (typeof v === "number" && !Number.isFinite(v)) return String(v);
    if (Array.isArray(v)) return v.map(plain);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    return v;
  };
  return JSON.stringify(plain(args))?.slice(0, 2000) ?? String(args);
}

/** A marker in every credential of a spec, in every form a credential takes: no message may contain it. */
export const SENTINEL = "S3ntInel7";

/** Specs whose credentials (valid or not, where they belong or not) all carry the marker. */
export const credentialSpec = fc
  .record({
    base: fc.constantFrom(...corpus().filter((e) => Object.keys(e.options).length === 0).map((e) => e.raw)),
    basicAuthKey: fc.constantFrom<unknown>(undefined, `secret:my ${SENTINEL}`, SENTINEL, `secret:${SENTINEL}-x`, { value: SENTINEL }, [SENTINEL]),
    integrations: fc.array(
      fc.oneof(
        fc.record({
          type: fc.constantFrom("git-lfs", "s3", "spaces", "volume", "model", "bogus"),
          name: fc.constantFrom("m", "w", "v"),
          url: fc.constantFrom<unknown>(undefined, `https://u:${SENTINEL}@huggingface.co/o/m`, `https://${SENTINEL}@h/x`, `s3://K:${SENTINEL}@bucket/p/`, `s3://${SENTINEL}@b/`, `ftp://u:${SENTINEL}@h/x`, `https://u:${SENTINEL}${"x".repeat(60)}@h/x`),
          accessKeyId: fc.constantFrom<unknown>(undefined, `secret:${SENTINEL} id`, SENTINEL, 42),
          secretAccessKey: fc.constantFrom<unknown>(undefined, `secret:${SENTINEL} key`, SENTINEL, [SENTINEL]),
        }),
        fc.constantFrom<unknown>(`https://u:${SENTINEL}@huggingface.co/o/m`, `s3://K:${SENTINEL}@b/p`),
      ),
      { maxLength: 3 },
    ),
    repositories: fc.option(
      fc.record({ name: fc.constantFrom("r"), url: fc.constantFrom(`https://u:${SENTINEL}@github.com/o/r`, "https://github.com/o/r"), password: fc.constantFrom<unknown>(undefined, `secret:${SENTINEL} pw`, SENTINEL, 7) }),
      { nil: undefined },
    ),
  })
  .map(({ base, basicAuthKey, integrations, repositories }) => ({
    ...(base as object),
    ...(basicAuthKey !== undefined ? { basicAuthKey } : {}),
    ...(integrations.length > 0 ? { integrations } : {}),
    ...(repositories ? { repositories: { dataset: "d", repositories: [repositories] } } : {}),
  }));

/** The check pass on a spec with credentials: no error or warning repeats one. */
export function checkCredentials(raw: unknown): Outcome {
  const c = checkDeployment({ spec: raw, resolve: { secretNames: ["K", "S"], keda: true }, manifest: { instance: "creds", objectName: "creds" } });
  for (const i of [...c.errors, ...c.warnings]) {
    if (`${i.path}: ${i.message}`.includes(SENTINEL.slice(0, 6))) throw new Error(`a message repeats a credential: ${i.path}: ${i.message} (spec ${JSON.stringify(raw).slice(0, 400)})`);
  }
  return c.plan ? "accepted" : "rejected";
}
