/** The pure planning step every node pool goes through, with each backend's planner. */
import { CustomMachineType, MachineType, lookupMachine } from "../../core/machines";
import { LABEL_VALUE } from "../../core/spec/rules";
import { SpecIssue, SpecWarning, describeValue } from "../../core/spec/issues";
import type { ComputeOverrides, Placement } from "../../core/scheduling";
import { DEFAULT_MAX_NODES, DEFAULT_MIN_NODES, DEFAULT_NODE_POOL_BACKEND } from "../../core/defaults";
import type { NodeRoom, PoolPlanner, PoolRequest } from "./backend";
import { digitalOceanPlanner } from "./digitaloceanPlan";
import { existingPlanner } from "./existingPlan";
import { karpenterPlanner } from "./karpenterPlan";
import { gkePlanner } from "./gkePlan";
import { eksPlanner } from "./eksPlan";
import { aksPlanner } from "./aksPlan";
import type { NodePoolBackendName, NodePoolOptions } from "./options";

export const NODE_POOL_PLANNERS: Record<NodePoolBackendName, PoolPlanner> = {
  existing: existingPlanner,
  karpenter: karpenterPlanner,
  digitalocean: digitalOceanPlanner,
  gke: gkePlanner,
  eks: eksPlanner,
  aks: aksPlanner,
};

/** Everything needed to create a pool, once checked. */
export interface PoolPlan {
  request: PoolRequest;
  backend: NodePoolBackendName;
  placement?: Placement;
  /** What works but deserves a look (an instance with idle GPUs). */
  warnings: SpecWarning[];
  /** The pool's key facts for the preview (`instance`, `zones`, `scaling`), when the backend states them. */
  facts: Record<string, string>;
  /** How many replicas one node holds (1 when the backend does not choose the instance). */
  replicasPerNode: number;
  /** What one node leaves to pods, when the backend chose a catalog instance. */
  nodeRoom?: NodeRoom;
}

/** Checks a pool's arguments and plans it; returns the plan or every issue found. Pure. */
export function planNodePool(
  name: string,
  args: NodePoolOptions & { machineType: string; minNodes?: number; maxNodes?: number; machineTypes?: Record<string, CustomMachineType> },
  /** The pod's own requests (a deployment's `compute`), for a dedicated pool. */
  compute?: ComputeOverrides,
): { plan?: PoolPlan; issues: SpecIssue[] } {
  const issues: SpecIssue[] = [];
  if (!(name.length <= 63 && LABEL_VALUE.test(name) && name !== "")) {
    issues.push({ path: "name", message: `${describeValue(name)} labels the pool's nodes, so it must be a Kubernetes label value: at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends` });
  }
  const backendName = args.backend ?? DEFAULT_NODE_POOL_BACKEND;
  const backend = Object.prototype.hasOwnProperty.call(NODE_POOL_PLANNERS, backendName) ? NODE_POOL_PLANNERS[backendName] : undefined;
  if (!backend) issues.push({ path: "backend", message: `must be one of ${Object.keys(NODE_POOL_PLANNERS).join(", ")} (got ${describeValue(backendName)})` });
  const lookup = lookupMachine(args.machineType, args.machineTypes);
  if ("error" in lookup) issues.push({ path: "machineType", message: lookup.error });
  const minNodes = args.minNodes ?? DEFAULT_MIN_NODES;
  const maxNodes = args.maxNodes ?? Math.max(DEFAULT_MAX_NODES, minNodes);
  if (!Number.isInteger(minNodes) || minNodes < 0) issues.push({ path: "minNodes", message: `must be a whole number >= 0 (got ${describeValue(minNodes)})` });
  if (!Number.isInteger(maxNodes) || maxNodes < minNodes) issues.push({ path: "maxNodes", message: `must be a whole number >= minNodes (${minNodes}) (got ${describeValue(maxNodes)})` });
  if (!backend || "error" in lookup || issues.length > 0) return { issues };
  const request: PoolRequest = { name, machine: lookup.machine as MachineType, minNodes, maxNodes, options: args, ...(compute ? { compute } : {}) };
  const planned = backend.plan(request);
  if (planned.issues.length > 0) return { issues: planned.issues };
  return { plan: { request, backend: backendName, placement: planned.placement, warnings: planned.warnings ?? [], facts: planned.facts ?? {}, replicasPerNode: Math.max(planned.replicasPerNode ?? 1, 1), ...(planned.nodeRoom ? { nodeRoom: planned.nodeRoom } : {}) }, issues: [] };
}

export type { NodePoolBackend, PoolPlanner, PoolCreator, PoolRequest, PlannedPool } from "./backend";
export type * from "./options";
