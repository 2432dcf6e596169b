/**
 * The `gke` backend's plan: a GKE node pool of the chosen Compute Engine machine type, its GPUs
 * attached as guest accelerators with the driver installed by GKE, autoscaled from zero. Pure.
 * https://cloud.google.com/kubernetes-engine/docs/how-to/gpus
 */
import type { NodePoolArgs } from "@pulumi/gcp/container/nodePool";
import { CLOUD_POOL_DEFAULTS } from "../../core/defaults";
import type { SpecIssue } from "../../core/spec/issues";
import { GPU_TAINT_KEY } from "../../core/scheduling";
import type { PoolPlanner, PoolRequest } from "./backend";
import { GkeGpuDriverVersion } from "./options";
import { oneOfIssue, planCloudPool, requiredIssue, scalingFact, zoneIssues } from "./cloudPoolPlan";
import type { InstanceChoice } from "./instanceChoice";
import { ownPoolNodeMarks } from "./placement";

export const GKE_DRIVER_VERSIONS = Object.values(GkeGpuDriverVersion);

/** The plan with its choice, for the creator. */
export function planGkePool(request: PoolRequest) {
  const o = request.options.gke!;
  return planCloudPool(
    "gke",
    request,
    o.machineType,
    o.instanceTypes,
    [
      requiredIssue(o.cluster, "gke.cluster", "the GKE cluster's name or id"),
      oneOfIssue(o.gpuDriverVersion, "gke.gpuDriverVersion", GKE_DRIVER_VERSIONS),
      ...zoneIssues(o.zones, "gke.zones", GKE_ZONE, "us-central1-a"),
      ...zonesInLocation(o.zones, o.location),
    ],
    () => ({
      zones: o.zones ? `${o.zones.join(", ")} (asked for)` : "the cluster's node locations (none asked for: set gke.zones to the zones that have the GPU)",
      scaling: scalingFact("gke", request, "GKE's cluster autoscaler, location policy ANY (any zone with capacity)"),
    }),
    { asked: o.spot === true, hint: "set gke.spot: true" },
  );
}

/** A Compute Engine zone (`us-central1-a`) and region (`us-central1`). */
const GKE_ZONE = /^[a-z]+-[a-z]+[0-9]+-[a-z]$/;
const GKE_REGION = /^[a-z]+-[a-z]+[0-9]+$/;

/**
 * The pool's zones must be in the cluster's region: a regional cluster's `location` is the region,
 * a zonal cluster's is a zone of it. GKE's `nodeLocations` "must be in the same region as the
 * cluster's zone for zonal clusters, or in the region of a regional cluster":
 * https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters.nodePools#NodePool.FIELDS.locations
 * A location given as an Output is checked by GKE.
 */
export function zonesInLocation(zones: unknown, location: unknown): SpecIssue[] {
  if (!Array.isArray(zones) || typeof location !== "string") return [];
  const zonal = GKE_ZONE.test(location);
  if (!zonal && !GKE_REGION.test(location)) return [];
  const region = zonal ? location.replace(/-[a-z]$/, "") : location;
  return zones.flatMap((z, i): SpecIssue[] =>
    typeof z === "string" && GKE_ZONE.test(z) && z.replace(/-[a-z]$/, "") !== region
      ? [{ path: `gke.zones[${i}]`, message: `${JSON.stringify(z)} is not in ${zonal ? `${region}, the region of the zonal gke.location ${JSON.stringify(location)}` : `gke.location's region ${JSON.stringify(location)}`}: the pool's zones must be in the cluster's region` }]
      : [],
  );
}

/**
 * The `gcp.container.NodePool` arguments for a pool. GKE writes the `nvidia.com/gpu=present:NoSchedule`
 * taint on GPU nodes when the cluster has other pools; it is stated here so every node has it.
 */
export function gkePoolArgs(request: PoolRequest, choice: InstanceChoice) {
  const o = request.options.gke!;
  const marks = ownPoolNodeMarks(request.name);
  const gpu = choice.instance.accelerator
    ? [
        {
          type: choice.instance.accelerator,
          count: choice.instance.gpu.count,
          // https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#create-gpu-pool-auto-drivers
          gpuDriverInstallationConfig: { gpuDriverVersion: o.gpuDriverVersion ?? CLOUD_POOL_DEFAULTS.gkeGpuDriverVersion },
        },
      ]
    : undefined;
  const args = {
    cluster: o.cluster,
    ...(o.location !== undefined ? { location: o.location } : {}),
    ...(o.project !== undefined ? { project: o.project } : {}),
    ...(o.zones ? { nodeLocations: [...o.zones] } : {}),
    // Pool-wide bounds (not per zone), so minNodes/maxNodes mean what they say in every region.
    autoscaling: { totalMinNodeCount: request.minNodes, totalMaxNodeCount: request.maxNodes, locationPolicy: CLOUD_POOL_DEFAULTS.gkeLocationPolicy },
    management: { autoRepair: true, autoUpgrade: true },
    nodeConfig: {
      machineType: choice.instance.name,
      ...(gpu ? { guestAccelerators: gpu } : {}),
      labels: { ...marks.labels },
      taints: [
        ...(gpu ? [{ key: GPU_TAINT_KEY, value: "present", effect: "NO_SCHEDULE" }] : []),
        { key: marks.taint.key, value: marks.taint.value, effect: "NO_SCHEDULE" },
      ],
      ...(o.spot ? { spot: true } : {}),
      ...(o.serviceAccount !== undefined ? { serviceAccount: o.serviceAccount } : {}),
    },
  } satisfies NodePoolArgs;
  return args;
}

export const gkePlanner: PoolPlanner = {
  plan(request) {
    if (!request.options.gke) return { issues: [{ path: "gke", message: 'required when backend is "gke": at least { cluster }' }] };
    return planGkePool(request).planned;
  },
};
