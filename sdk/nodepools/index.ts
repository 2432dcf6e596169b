/** The node pool backends by name, and the pure planning step every pool goes through. */
import { CustomMachineType, MachineType, lookupMachine } from "../machines";
import { LABEL_VALUE } from "../spec/rules";
import { SpecIssue, describeValue } from "../spec/issues";
import type { Placement } from "../scheduling";
import type { NodePoolBackend, PoolRequest } from "./backend";
import { digitalOceanBackend } from "./digitalocean";
import { existingBackend } from "./existing";
import { karpenterBackend } from "./karpenter";
import type { NodePoolBackendName, NodePoolOptions } from "./options";

export const NODE_POOL_BACKENDS: Record<NodePoolBackendName, NodePoolBackend> = {
  existing: existingBackend,
  karpenter: karpenterBackend,
  digitalocean: digitalOceanBackend,
};

/** @default bounds of a pool's node count. */
export const DEFAULT_MIN_NODES = 0;
export const DEFAULT_MAX_NODES = 4;

/** Everything needed to create a pool, once checked. */
export interface PoolPlan {
  request: PoolRequest;
  backend: NodePoolBackend;
  placement?: Placement;
}

/** Checks a pool's arguments and plans it; returns the plan or every issue found. Pure. */
export function planNodePool(
  name: string,
  args: NodePoolOptions & { machineType: string; minNodes?: number; maxNodes?: number; machineTypes?: Record<string, CustomMachineType> },
): { plan?: PoolPlan; issues: SpecIssue[] } {
  const issues: SpecIssue[] = [];
  if (!(name.length <= 63 && LABEL_VALUE.test(name) && name !== "")) {
    issues.push({ path: "name", message: `${describeValue(name)} labels the pool's nodes, so it must be a Kubernetes label value: at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends` });
  }
  const backendName = args.backend ?? "existing";
  const backend = Object.prototype.hasOwnProperty.call(NODE_POOL_BACKENDS, backendName) ? NODE_POOL_BACKENDS[backendName] : undefined;
  if (!backend) issues.push({ path: "backend", message: `must be one of ${Object.keys(NODE_POOL_BACKENDS).join(", ")} (got ${describeValue(backendName)})` });
  const lookup = lookupMachine(args.machineType, args.machineTypes);
  if ("error" in lookup) issues.push({ path: "machineType", message: lookup.error });
  const minNodes = args.minNodes ?? DEFAULT_MIN_NODES;
  const maxNodes = args.maxNodes ?? Math.max(DEFAULT_MAX_NODES, minNodes);
  if (!Number.isInteger(minNodes) || minNodes < 0) issues.push({ path: "minNodes", message: `must be a whole number >= 0 (got ${describeValue(minNodes)})` });
  if (!Number.isInteger(maxNodes) || maxNodes < minNodes) issues.push({ path: "maxNodes", message: `must be a whole number >= minNodes (${minNodes}) (got ${describeValue(maxNodes)})` });
  if (!backend || "error" in lookup || issues.length > 0) return { issues };
  const request: PoolRequest = { name, machine: lookup.machine as MachineType, minNodes, maxNodes, options: args };
  const planned = backend.plan(request);
  if (planned.issues.length > 0) return { issues: planned.issues };
  return { plan: { request, backend, placement: planned.placement }, issues: [] };
}

export type { NodePoolBackend, PoolRequest } from "./backend";
export type * from "./options";
