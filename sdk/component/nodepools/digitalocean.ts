/**
 * The `digitalocean` backend's resources: a DOKS `KubernetesNodePool`. `@pulumi/digitalocean` is an
 * optional peer dependency, loaded only here.
 */
import type { PoolCreator } from "./backend";
import { digitalOceanPoolArgs, digitalOceanSize, sizeIssue } from "./digitaloceanPlan";
import { checkedInput, failOn } from "../checked";
import { loadPeer } from "./loadPeer";

export const digitalOceanCreator: PoolCreator = {
  create(request, parent) {
    const digitalocean = loadPeer<typeof import("@pulumi/digitalocean")>("@pulumi/digitalocean", "@pulumi/digitalocean", "digitalocean");
    const size = checkedInput(digitalOceanSize(request).size!, (s) => sizeIssue(s, request.machine), failOn(parent, `GpuNodePool ${request.name}`));
    return [new digitalocean.KubernetesNodePool(request.name, digitalOceanPoolArgs(request, size), { parent })];
  },
};
