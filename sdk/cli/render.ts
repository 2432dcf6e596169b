/** `model-deploy render [FILE]`: the Kubernetes objects `pulumi up` would apply, offline. */
import { buildManifests, manifestList } from "../manifests";
import type { ServiceType } from "../manifests/service";
import { RenderFormat, renderObjects } from "../render";
import { resolveDeployment } from "../resolve";
import { SpecError, formatIssue } from "../spec/issues";
import { CliIO, EXIT } from "./io";
import { displayName, instanceName, locateSpecFile, readMachineTypes, readSpec } from "./specFile";

export interface RenderOptions {
  output: RenderFormat;
  image?: string;
  name?: string;
  namespace?: string;
  serviceType?: ServiceType;
  machineTypes?: string;
}

export function renderCommand(file: string | undefined, options: RenderOptions, io: CliIO): number {
  let label = file ?? "(spec)";
  try {
    const path = locateSpecFile(file, io.cwd);
    label = displayName(path, io.cwd);
    const raw = readSpec(path);
    const resolved = resolveDeployment(raw, { image: options.image, machineTypes: readMachineTypes(options.machineTypes, io.cwd) });
    const instance = instanceName(options.name, raw, path);
    const manifests = buildManifests(resolved, {
      instance,
      objectName: instance,
      namespace: options.namespace,
      serviceType: options.serviceType,
    });
    for (const w of resolved.warnings) io.err(`${label}: warning: ${formatIssue(w)}\n`);
    io.out(renderObjects(manifestList(manifests), options.output));
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    for (const issue of e.issues) io.err(`${label}: ${formatIssue(issue)}\n`);
    return EXIT.invalid;
  }
}
