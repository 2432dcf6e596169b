/**
 * The `digitalocean` backend's resources: a DOKS `KubernetesNodePool`. `@pulumi/digitalocean` is an
 * optional peer dependency, loaded only here.
 */
import type { PoolCreator } from "./backend";
import { digitalOceanPoolArgs, digitalOceanSize, sizeIssue } from "./digitaloceanPlan";
import { checkedInput, failOn } from "../checked";

function loadDigitalOcean(): typeof import("@pulumi/digitalocean") {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@pulumi/digitalocean");
  } catch {
    throw new Error('the "digitalocean" node pool backend needs @pulumi/digitalocean: run `npm install @pulumi/digitalocean`');
  }
}

export const digitalOceanCreator: PoolCreator = {
  create(request, parent) {
    const digitalocean = loadDigitalOcean();
    const size = checkedInput(digitalOceanSize(request).size!, (s) => sizeIssue(s, request.machine), failOn(parent, `GpuNodePool ${request.name}`));
    return [new digitalocean.KubernetesNodePool(request.name, digitalOceanPoolArgs(request, size), { parent })];
  },
};
