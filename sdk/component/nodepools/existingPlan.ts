/** The `existing` backend's plan: nothing is created; pods are placed by the labels and taints you name. Pure. */
import { labelIssues, tolerationIssues } from "../../core/spec/rules";
import type { PoolPlanner } from "./backend";

export const existingPlanner: PoolPlanner = {
  plan(request) {
    const o = request.options.existing ?? {};
    // They become the pods' node affinity and tolerations: the API server's rules, up front.
    const issues = [...labelIssues(o.nodeLabels, "existing.nodeLabels"), ...tolerationIssues(o.tolerations, "existing.tolerations")];
    if (issues.length > 0) return { issues };
    const hasLabels = o.nodeLabels !== undefined && Object.keys(o.nodeLabels).length > 0;
    if (!hasLabels && !o.tolerations) return { issues: [] };
    return {
      placement: { ...(hasLabels ? { nodeLabels: { ...o.nodeLabels } } : {}), ...(o.tolerations ? { tolerations: [...o.tolerations] } : {}) },
      issues: [],
    };
  },
};
