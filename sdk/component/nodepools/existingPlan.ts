/** The `existing` backend's plan: nothing is created; pods are placed by the labels and taints you name. Pure. */
import type { PoolPlanner } from "./backend";

export const existingPlanner: PoolPlanner = {
  plan(request) {
    const o = request.options.existing ?? {};
    const hasLabels = o.nodeLabels !== undefined && Object.keys(o.nodeLabels).length > 0;
    if (!hasLabels && !o.tolerations) return { issues: [] };
    return {
      placement: { ...(hasLabels ? { nodeLabels: { ...o.nodeLabels } } : {}), ...(o.tolerations ? { tolerations: [...o.tolerations] } : {}) },
      issues: [],
    };
  },
};
