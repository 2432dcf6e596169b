/**
 * The `model-deploy` command line. Loads only the Pulumi-free core, so it starts fast and works
 * without the Pulumi CLI or a cluster.
 */
import { Command, CommanderError, Option } from "commander";
import { HELPER_IMAGES } from "../core/defaults";
import { SERVICE_TYPES } from "../manifests/service";
import { guarded } from "./errors";
import { CliIO, EXIT, processIO } from "./io";
// Commands are loaded when they run, so each pays only for the modules it uses.
import type { renderCommand } from "./render";
import type { previewCommand } from "./preview";
import type { diffCommand } from "./diff";

/**
 * Who takes an option of the spec commands, by what each command's code path reads:
 * - `spec`: every command that reads a spec, `probe` included: what it takes to read and check
 *   the spec at all (the image placeholder, the instance name, your machine types, the KEDA path
 *   of requestDuration autoscaling, the policy checks) and the pod settings a probe run uses (the
 *   grace period to stop the app, the security profile that judges a probe's `host`);
 * - `objects`: only the commands that build the Kubernetes objects (validate, preview, render,
 *   diff): the rollout, the pod's extras, the integrations, our own containers' images, Secrets
 *   and the naming of the objects (namespace, Service, Ingress). `probe` runs the probes and
 *   emits no objects, so it never lists these (and so never checks them).
 * probe.ts's `PROBE_SPEC_OPTIONS` names the `spec` ones (what probe hands to the check pass);
 * tests/cli/options.test.ts keeps the two in step.
 */
type Scope = "spec" | "objects";

/** The options of the spec commands, in help order; `probe` gets its own help where it differs. */
const SPEC_OPTIONS: ReadonlyArray<{ scope: Scope; option: (probe: boolean) => Option }> = [
  { scope: "spec", option: () => new Option("--image <ref>", "the image the program supplies (fills the ':image' placeholder)") },
  {
    scope: "spec",
    option: (probe) =>
      new Option(
        "--name <name>",
        probe
          ? "instance name the spec is checked with, as the objects' (default: the spec's name, else the file's name)"
          : "instance name of the objects (default: the spec's name, else the file's name)",
      ),
  },
  { scope: "spec", option: () => new Option("--machine-types <file>", "your own machine types: a YAML/JSON map of label to { vcpu, memoryGiB, gpu? }") },
  { scope: "objects", option: () => new Option("--secret-name <name>", "an existing Kubernetes Secret holding the env secret:NAME keys (default: the program provides them)") },
  { scope: "spec", option: () => new Option("--keda", "enable the KEDA path for requestDuration autoscaling") },
  { scope: "objects", option: () => new Option("--max-surge <pods>", "rollout: pods added at a time, a number or a percentage (default: 0 on GPU machines, 25% otherwise)") },
  { scope: "objects", option: () => new Option("--max-unavailable <pods>", "rollout: pods taken down at a time (default: 1 on GPU machines, 25% otherwise)") },
  {
    scope: "spec",
    option: (probe) =>
      new Option(
        "--termination-grace-period <seconds>",
        probe
          ? "the pod's terminationGracePeriodSeconds, which probe uses as the kubelet does: how long a stopped app (--exec) may take to exit after SIGTERM before SIGKILL (default 30; shorten it for quick local runs; the kubelet never allows less than 2 s)"
          : "the pod's terminationGracePeriodSeconds (default 30)",
      ),
  },
  { scope: "objects", option: () => new Option("--progress-deadline <seconds>", "the Deployment's progressDeadlineSeconds (default: max(600, the probes' ready budget + headroom))") },
  { scope: "objects", option: () => new Option("--image-pull-headroom <seconds>", "time for pulling the image on top of the probes' budget (default 300)") },
  {
    scope: "objects",
    option: () => new Option("--node-provisioning-headroom <seconds>", "time for a new GPU node on top of the probes' budget (the component's default with a dedicated pool: 600; else 0)"),
  },
  { scope: "objects", option: () => new Option("--shared-memory <size>", "a memory-backed /dev/shm of this size, or false (default: 16Gi with more than one GPU)") },
  { scope: "objects", option: () => new Option("--runtime-class <name>", "the pod's runtimeClassName (e.g. nvidia)") },
  {
    scope: "spec",
    option: (probe) =>
      new Option("--security-profile <profile>", probe ? "how far the pods are hardened (restricted refuses a probe `host`, which the others warn about)" : "how far the pods are hardened").choices([
        "default",
        "hardened",
        "restricted",
        "none",
      ]),
  },
  { scope: "objects", option: () => new Option("--priority-class <name>", "the pod's priorityClassName") },
  { scope: "objects", option: () => new Option("--integrations-mode <mode>", "how integrations are fetched").choices(["shared", "per-replica"]).default("shared") },
  { scope: "objects", option: () => new Option("--auth-proxy-image <ref>", `the protected endpoint's auth proxy image (default ${HELPER_IMAGES.authProxy})`) },
  { scope: "objects", option: () => new Option("--git-image <ref>", `the git-lfs fetcher's image, with git and git-lfs (default ${HELPER_IMAGES.git})`) },
  { scope: "objects", option: () => new Option("--aws-image <ref>", `the s3/spaces fetcher's image, with the AWS CLI (default ${HELPER_IMAGES.aws})`) },
  {
    scope: "spec",
    option: () => new Option("--policy-config <file>", "the policy pack's config (as `pulumi preview --policy-pack-config` takes it): each rule's enforcement level and settings"),
  },
  { scope: "spec", option: () => new Option("--strict", "warnings are errors") },
  // The naming of the objects.
  { scope: "objects", option: () => new Option("-n, --namespace <namespace>", "metadata.namespace of the objects (default: none)") },
  { scope: "objects", option: () => new Option("--create-namespace", "create the namespace too, as the component's createNamespace does") },
  { scope: "objects", option: () => new Option("--no-network-policy", "leave out a protected endpoint's NetworkPolicy (as the component's networkPolicy: false)") },
  { scope: "objects", option: () => new Option("--service-type <type>", "Service type").choices([...SERVICE_TYPES]).default("ClusterIP") },
  { scope: "objects", option: () => new Option("--ingress-host <host>", "add an Ingress for this host") },
  { scope: "objects", option: () => new Option("--ingress-class <class>", "the Ingress's ingressClassName (with --ingress-host)") },
  { scope: "objects", option: () => new Option("--tls-secret <name>", "the Ingress's TLS Secret (with --ingress-host)") },
  {
    scope: "objects",
    option: () =>
      new Option(
        "--workload <file>",
        "the workload's Kubernetes extras as the component's args, a YAML/JSON file: serviceAccountName, serviceAccount, podLabels, podAnnotations, serviceAnnotations, imagePullPolicy, envFrom, volumes, volumeMounts, nodeSelector, tolerations, ingress.annotations",
      ),
  },
];

/** Adds the spec options a command takes: all of them, or (`probe`) the `spec` ones. */
function specOptions(cmd: Command, { probe = false } = {}): Command {
  for (const o of SPEC_OPTIONS) if (!probe || o.scope === "spec") cmd.addOption(o.option(probe));
  if (!probe) cmd.hook("preAction", (_, action) => ingressNeedsHost(action));
  return cmd;
}

/** `--ingress-class` and `--tls-secret` describe the Ingress of `--ingress-host`: alone they would do nothing. */
function ingressNeedsHost(cmd: Command): void {
  const o = cmd.opts<{ ingressHost?: string; ingressClass?: string; tlsSecret?: string }>();
  const lone = [o.ingressClass !== undefined && "--ingress-class", o.tlsSecret !== undefined && "--tls-secret"].filter(Boolean);
  if (o.ingressHost === undefined && lone.length > 0) {
    cmd.error(`error: ${lone.join(" and ")} set${lone.length === 1 ? "s" : ""} the Ingress of --ingress-host, which is not given (without it there is no Ingress)`, {
      exitCode: EXIT.usage,
      code: "model-deploy.ingressNeedsHost",
    });
  }
}

/** `--zones`, `--instance-type`, `--min-nodes`, `--max-nodes` and `--agent-pool-name` describe the pool of `--node-pool`: alone they would do nothing. */
function poolFlagsNeedPool(cmd: Command): void {
  const o = cmd.opts<{ nodePool?: string; zones?: string; instanceType?: string; minNodes?: string; maxNodes?: string; agentPoolName?: string }>();
  const lone = (
    [
      ["--zones", o.zones],
      ["--instance-type", o.instanceType],
      ["--min-nodes", o.minNodes],
      ["--max-nodes", o.maxNodes],
      ["--agent-pool-name", o.agentPoolName],
    ] as const
  )
    .filter(([, v]) => v !== undefined)
    .map(([flag]) => flag);
  if (o.agentPoolName !== undefined && o.nodePool !== undefined && o.nodePool !== "aks") {
    cmd.error(`error: --agent-pool-name names an AKS agent pool, but --node-pool is ${o.nodePool}`, { exitCode: EXIT.usage, code: "model-deploy.poolFlagsNeedPool" });
  }
  if (o.nodePool === undefined && lone.length > 0) {
    cmd.error(`error: ${lone.join(", ")} describe${lone.length === 1 ? "s" : ""} the node pool of --node-pool, which is not given`, { exitCode: EXIT.usage, code: "model-deploy.poolFlagsNeedPool" });
  }
}

function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("../../../package.json") as { version: string }).version;
}

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function run(argv: string[], io: CliIO = processIO): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command("model-deploy")
    .description("Validate, preview, render and diff Gradient deployment specs as Kubernetes objects, offline.")
    .version(version())
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError("(run with --help for usage)");

  specOptions(
    program
      .command("validate")
      .description("Check spec files; print every problem as `path: message`. Exit 0 valid, 1 invalid, 2 usage error.")
      .argument("[files...]", "spec files (default: the first paperspace.yaml, ... in the working directory)")
      .addOption(new Option("-o, --output <format>", "output format: lines, or JSON with each problem's path, rule and level").choices(["text", "json"]).default("text")),
  ).action(async (files: string[], opts: Parameters<typeof import("./validate").validateCommand>[1]) => {
    code = await guarded(io, async () => (await import("./validate")).validateCommand(files, opts, io));
  });

  specOptions(
    program
      .command("preview")
      .description("Show the resources `pulumi up` would create for a spec, and what its probes mean in time.")
      .argument("[file]", "spec file (default: the first paperspace.yaml, ... in the working directory)")
      .addOption(new Option("-o, --output <format>", "output format").choices(["text", "json"]).default("text"))
      .addOption(
        new Option("--node-pool <cloud>", "also preview the dedicated node pool on this cloud (the component's dedicatedNodePool): instance type, idle GPUs, zones, scaling").choices([
          "gke",
          "eks",
          "aks",
        ]),
      )
      .addOption(new Option("--zones <list>", "with --node-pool: the zones asked for, comma-separated (GKE: us-central1-a; AKS: 1; EKS: those of your subnets)"))
      .addOption(new Option("--instance-type <name>", "with --node-pool: this instance type (GKE machine type, EC2 instance type, Azure VM size) instead of the catalog's choice"))
      .addOption(new Option("--min-nodes <n>", "with --node-pool: the fewest nodes (default: the spec's replicas; 0 scales from zero)"))
      .addOption(new Option("--max-nodes <n>", "with --node-pool: the most nodes (default: the largest of --min-nodes, the spec's replicas and 1)"))
      .addOption(new Option("--agent-pool-name <name>", "with --node-pool aks: the agent pool's name (aks.agentPoolName; default: derived from <name>-pool)"))
      .hook("preAction", (_, action) => poolFlagsNeedPool(action)),
  ).action(async (file: string | undefined, opts: Parameters<typeof previewCommand>[1]) => {
    code = await guarded(io, async () => (await import("./preview")).previewCommand(file, opts, io));
  });

  specOptions(
    program
      .command("render")
      .description("Print the Kubernetes objects for a spec, as `pulumi up` would create them.")
      .argument("[file]", "spec file (default: the first paperspace.yaml, ... in the working directory)")
      .addOption(new Option("-o, --output <format>", "output format").choices(["yaml", "json"]).default("yaml"))
      .option("--omit-secrets", "leave out Secrets whose values only the Pulumi program knows (they must then exist in the cluster)"),
  ).action(async (file: string | undefined, opts: Parameters<typeof renderCommand>[1]) => {
    code = await guarded(io, async () => (await import("./render")).renderCommand(file, opts, io));
  });

  specOptions(
    program
      .command("diff")
      .description(
        "Compare two spec files object by object: in-place update, rolling restart or replacement. Exit 0 no changes, 1 changes, 2 error, 3 replacement with --fail-on replace.",
      )
      .argument("<old>", "the spec before (e.g. the base branch's)")
      .argument("<new>", "the spec after (e.g. the pull request's)")
      .addOption(new Option("-o, --output <format>", "output format").choices(["text", "markdown", "json"]).default("text"))
      .addOption(new Option("--fail-on <change>", "exit 3 when an object would be replaced").choices(["replace"])),
  ).action(async (oldFile: string, newFile: string, opts: Parameters<typeof diffCommand>[2]) => {
    code = await guarded(io, async () => (await import("./diff")).diffCommand(oldFile, newFile, opts, io), EXIT.usage);
  });

  specOptions(
    program
      .command("probe")
      .description(
        "Run the spec's health checks against your app exactly as the kubelet would: --url probes a running app, --exec starts (and restarts) it. Exit 0 started, ready at the end and never restarted; 1 otherwise; 2 usage; 130 interrupted.",
      )
      .argument("[file]", "spec file (default: the first paperspace.yaml, ... in the working directory)")
      .option("--url <url>", "the running app, e.g. http://127.0.0.1:8000 (its port stands for the spec's first port)")
      .option("--exec <command>", "start the app with this shell command (container start = process start)")
      .addOption(
        new Option("--app-output <mode>", "--exec: the app's output line by line, its last lines at each exit, or none (default: lines for text, tail for json)").choices([
          "lines",
          "tail",
          "none",
        ]),
      )
      .option("--duration <seconds>", "stop after this long at the latest (default: the probes' ready budget + 30 s)")
      .option("--suggest", "print tuned probe values from the app's start-up, when the run saw it start (--exec; with --url it cannot)")
      .addOption(new Option("-o, --output <format>", "output format").choices(["text", "json"]).default("text")),
    { probe: true },
  ).action(async (file: string | undefined, opts: Parameters<typeof import("./probe").probeCommand>[1]) => {
    // Loaded only when `probe` runs: outside the CLI's bundle (see scripts/bundle-cli.mjs).
    code = await guarded(io, async () => (require("./probe") as typeof import("./probe")).probeCommand(file, opts, io));
  });

  program
    .command("schema")
    .description("Print the JSON Schema of spec files (for editors: # yaml-language-server: $schema=...).")
    .action(async () => {
      code = await guarded(io, async () => (await import("./schema")).schemaCommand(io));
    });

  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help"
        ? EXIT.ok
        : EXIT.usage;
    }
    throw e;
  }
}
