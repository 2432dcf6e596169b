/**
 * Whether a deployment's first rollout waits for new nodes, and so needs node provisioning headroom
 * in its deadlines, and the dedicated pool's size. Shared by `ModelDeployment` and `model-deploy
 * preview --node-pool`, so both size and time a pool the same way. Pure.
 */
import type { MachineType } from "../../core/machines";
import type { ComputeOverrides } from "../../core/scheduling";
import type { SpecIssue } from "../../core/spec/issues";
import type { NodeRoom } from "./backend";
import { podRequests } from "./instanceChoice";
import type { NodePoolBackendName } from "./options";

/** What a pool keeps running and holds, as far as the deadlines care. */
export interface PoolCapacity {
  backend: NodePoolBackendName;
  minNodes: number;
  /** Replicas one node holds (1 when the backend does not choose the instance). */
  replicasPerNode: number;
  /** What one node leaves to pods, when the backend chose a catalog instance (GKE, EKS, AKS). */
  nodeRoom?: NodeRoom;
}

/**
 * A shared pool is sized for its machine type's share; a deployment whose `compute` asks for more
 * than one of its nodes leaves to pods would stay Pending: that is an error at `compute`.
 */
export function computeFitIssue(pool: PoolCapacity, machine: MachineType, compute: ComputeOverrides | undefined): SpecIssue | undefined {
  if (!compute || !pool.nodeRoom) return undefined;
  const need = podRequests(machine, compute);
  const room = pool.nodeRoom;
  if (!(need.vcpu > 0) || !(need.memoryGiB > 0) || (need.vcpu <= room.vcpu + 1e-9 && need.memoryGiB <= room.memoryGiB + 1e-9)) return undefined;
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    path: "compute",
    message: `the pod requests ${need.vcpu} vCPU and ${r(need.memoryGiB)} GiB, but a node of the pool (${room.instance}) leaves ${r(room.vcpu)} vCPU and ${r(room.memoryGiB)} GiB to pods: the pods would stay Pending; lower compute, or use a dedicatedNodePool (sized for compute) or a pool with a larger instance type`,
  };
}

/**
 * Whether `replicas` replicas may have to wait for nodes the pool creates: every backend but
 * `existing` creates nodes; Karpenter keeps none warm (it launches a node for pending pods:
 * https://karpenter.sh/docs/concepts/nodepools/), the others keep `minNodes`. The warm nodes are
 * taken as free for this deployment (another deployment on the same pool may use them).
 */
export function waitsForNodes(pool: PoolCapacity, replicas: number): boolean {
  if (pool.backend === "existing" || replicas <= 0) return false;
  const warm = pool.backend === "karpenter" ? 0 : pool.minNodes;
  return warm * pool.replicasPerNode < replicas;
}

/**
 * A dedicated pool's node bounds: `minNodes` defaults to the replicas (all nodes up before the
 * rollout), `maxNodes` to the largest of `minNodes`, the replicas and 1, so a given `minNodes`
 * alone is never refused.
 */
export function dedicatedPoolBounds(given: { minNodes?: number; maxNodes?: number }, replicas: number): { minNodes: number; maxNodes: number } {
  const minNodes = given.minNodes ?? replicas;
  const maxNodes = given.maxNodes ?? Math.max(typeof minNodes === "number" && Number.isFinite(minNodes) ? minNodes : 0, replicas, 1);
  return { minNodes, maxNodes };
}
