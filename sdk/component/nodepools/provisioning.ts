/**
 * Whether a deployment's first rollout waits for new nodes, and so needs node provisioning headroom
 * in its deadlines, and the dedicated pool's size. Shared by `ModelDeployment` and `model-deploy
 * preview --node-pool`, so both size and time a pool the same way. Pure.
 */
import type { NodePoolBackendName } from "./options";

/** What a pool keeps running and holds, as far as the deadlines care. */
export interface PoolCapacity {
  backend: NodePoolBackendName;
  minNodes: number;
  /** Replicas one node holds (1 when the backend does not choose the instance). */
  replicasPerNode: number;
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
 * rollout), `maxNodes` to the larger of `minNodes`, the replicas and 1, so a given `minNodes`
 * alone is never refused.
 */
export function dedicatedPoolBounds(given: { minNodes?: number; maxNodes?: number }, replicas: number): { minNodes: number; maxNodes: number } {
  const minNodes = given.minNodes ?? replicas;
  const maxNodes = given.maxNodes ?? Math.max(typeof minNodes === "number" && Number.isFinite(minNodes) ? minNodes : 0, replicas, 1);
  return { minNodes, maxNodes };
}
