/**
 * The `model-deploy` command line. Loads only the Pulumi-free core, so it starts fast and works
 * without the Pulumi CLI or a cluster.
 */
import { Command, CommanderError, Option } from "commander";
import { RenderFormat } from "../render";
import { SERVICE_TYPES, ServiceType } from "../manifests/service";
import { CliIO, EXIT, processIO } from "./io";
import { renderCommand } from "./render";
import { validateCommand } from "./validate";

function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("../../../package.json") as { version: string }).version;
}

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function run(argv: string[], io: CliIO = processIO): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command("model-deploy")
    .description("Validate and render Gradient deployment specs as Kubernetes objects, offline.")
    .version(version())
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError("(run with --help for usage)");

  program
    .command("validate")
    .description("Check spec files; print every problem as `path: message`. Exit 0 valid, 1 invalid, 2 usage error.")
    .argument("[files...]", "spec files (default: the first paperspace.yaml, ... in the working directory)")
    .option("--image <ref>", "the image the program supplies (fills the ':image' placeholder)")
    .option("--name <name>", "instance name of the objects (default: the spec's name, else the file's name)")
    .option("--machine-types <file>", "your own machine types: a YAML/JSON map of label to { vcpu, memoryGiB, gpu? }")
    .action((files: string[], opts: { image?: string; name?: string; machineTypes?: string }) => {
      code = validateCommand(files, opts, io);
    });

  program
    .command("render")
    .description("Print the Kubernetes objects for a spec, as `pulumi up` would create them.")
    .argument("[file]", "spec file (default: the first paperspace.yaml, ... in the working directory)")
    .addOption(new Option("-o, --output <format>", "output format").choices(["yaml", "json"]).default("yaml"))
    .option("--image <ref>", "the image the program supplies (fills the ':image' placeholder)")
    .option("--name <name>", "instance name of the objects (default: the spec's name, else the file's name)")
    .option("-n, --namespace <namespace>", "metadata.namespace of the objects (default: none)")
    .addOption(new Option("--service-type <type>", "Service type").choices([...SERVICE_TYPES]).default("ClusterIP"))
    .option("--machine-types <file>", "your own machine types: a YAML/JSON map of label to { vcpu, memoryGiB, gpu? }")
    .action(
      (
        file: string | undefined,
        opts: { output: RenderFormat; image?: string; name?: string; namespace?: string; serviceType: ServiceType; machineTypes?: string },
      ) => {
        code = renderCommand(file, opts, io);
      },
    );

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
