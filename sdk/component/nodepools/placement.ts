/** The label and taint that tie the pods of a deployment to a pool this package created. */
import { POOL_LABEL } from "../../core/scheduling";
import type { Placement } from "../../core/scheduling";

/** Pods require the pool's label and tolerate its taint, so only they land on its nodes. */
export function ownPoolPlacement(poolName: string): Placement {
  return {
    nodeLabels: { [POOL_LABEL]: poolName },
    tolerations: [{ key: POOL_LABEL, operator: "Equal", value: poolName, effect: "NoSchedule" }],
  };
}

/** The node label and taint the pool puts on its nodes (the counterpart of `ownPoolPlacement`). */
export function ownPoolNodeMarks(poolName: string) {
  return {
    labels: { [POOL_LABEL]: poolName },
    taint: { key: POOL_LABEL, value: poolName, effect: "NoSchedule" as const },
  };
}
