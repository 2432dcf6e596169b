/**
 * The `aks` backend's plan: an AKS user agent pool of the chosen GPU VM size, its NVIDIA driver
 * installed by AKS, autoscaled from zero. Pure.
 * https://learn.microsoft.com/azure/aks/use-nvidia-gpu
 */
import type { AgentPoolArgs } from "@pulumi/azure-native/containerservice/agentPool";
import { CLOUD_POOL_DEFAULTS } from "../../core/defaults";
import { GPU_TAINT_KEY } from "../../core/scheduling";
import { createHash } from "node:crypto";
import { describeValue } from "../../core/spec/issues";
import type { PoolPlanner, PoolRequest } from "./backend";
import { AksGpuDriver } from "./options";
import { oneOfIssue, planCloudPool, requiredIssue, scalingFact, zoneIssues } from "./cloudPoolPlan";
import type { InstanceChoice } from "./instanceChoice";
import { ownPoolNodeMarks } from "./placement";

/** Linux agent pool names: https://learn.microsoft.com/azure/aks/create-node-pools#limitations */
export const AKS_POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

/**
 * The agent pool's name: the one given; else the pool's own when AKS accepts it; else one derived
 * from it, the same on every run so the pool is never replaced: its lowercase letters and digits
 * from the first letter on, cut to 8, then 4 hex digits of the SHA-256 of the whole name, so that
 * names alike up to the cut (`llama-70b-prod-pool`, `llama-70b-prod2-pool`) still differ.
 * Undefined only when the pool's name has no letter.
 */
export function aksAgentPoolName(request: Pick<PoolRequest, "name" | "options">): string | undefined {
  const given = request.options.aks?.agentPoolName;
  if (given !== undefined) return given;
  if (AKS_POOL_NAME.test(request.name)) return request.name;
  const stem = request.name.toLowerCase().replace(/[^a-z0-9]/g, "").replace(/^[^a-z]+/, "");
  if (stem === "") return undefined;
  return `${stem.slice(0, 8)}${createHash("sha256").update(request.name).digest("hex").slice(0, 4)}`;
}

/** The plan with its choice, for the creator. */
export function planAksPool(request: PoolRequest) {
  const o = request.options.aks!;
  const name = aksAgentPoolName(request);
  return planCloudPool(
    "aks",
    request,
    o.vmSize,
    o.instanceTypes,
    [
      requiredIssue(o.resourceGroupName, "aks.resourceGroupName", "the cluster's resource group"),
      requiredIssue(o.clusterName, "aks.clusterName", "the AKS cluster's name"),
      name === undefined || !AKS_POOL_NAME.test(name)
        ? {
            path: "aks.agentPoolName",
            message: `${o.agentPoolName === undefined ? `required, as the pool's name ${describeValue(request.name)} has no letter to derive one from, so it is not` : `${describeValue(o.agentPoolName)} is not`} an AKS agent pool name: lowercase letters and digits, starting with a letter, at most 12`,
          }
        : undefined,
      oneOfIssue(o.gpuDriver, "aks.gpuDriver", Object.values(AksGpuDriver)),
      ...zoneIssues(o.zones, "aks.zones", /^[1-9]$/, '"1"'),
    ],
    () => ({
      zones: o.zones ? `${o.zones.join(", ")} (asked for)` : "none asked for: Azure places the nodes in the region (set aks.zones to the zones that have the VM size)",
      scaling: scalingFact("aks", request, "the AKS cluster autoscaler"),
      ...(name !== undefined ? { agentPool: o.agentPoolName !== undefined ? `${name} (given)` : name === request.name ? `${name} (the pool's name)` : `${name} (derived from the pool's name ${JSON.stringify(request.name)}; set aks.agentPoolName to choose it)` } : {}),
    }),
    { asked: false, hint: "use another VM size (the aks backend creates regular-priority nodes)" },
  );
}

/** The `containerservice.AgentPool` arguments for a pool. */
export function aksAgentPoolArgs(request: PoolRequest, choice: InstanceChoice) {
  const o = request.options.aks!;
  const marks = ownPoolNodeMarks(request.name);
  const gpu = request.machine.gpu;
  const args = {
    resourceGroupName: o.resourceGroupName,
    resourceName: o.clusterName,
    agentPoolName: aksAgentPoolName(request)!,
    mode: "User",
    osType: "Linux",
    vmSize: choice.instance.name,
    // The autoscaler owns count once created (aks.ts ignores its changes).
    count: request.minNodes,
    enableAutoScaling: true,
    minCount: request.minNodes,
    maxCount: request.maxNodes,
    ...(o.zones ? { availabilityZones: [...o.zones] } : {}),
    nodeLabels: { ...marks.labels },
    nodeTaints: [...(gpu ? [`${GPU_TAINT_KEY}=true:NoSchedule`] : []), `${marks.taint.key}=${marks.taint.value}:NoSchedule`],
    ...(gpu ? { gpuProfile: { driver: o.gpuDriver ?? CLOUD_POOL_DEFAULTS.aksGpuDriver } } : {}),
  } satisfies AgentPoolArgs;
  return args;
}

export const aksPlanner: PoolPlanner = {
  plan(request) {
    if (!request.options.aks) return { issues: [{ path: "aks", message: 'required when backend is "aks": at least { resourceGroupName, clusterName }' }] };
    return planAksPool(request).planned;
  },
};
