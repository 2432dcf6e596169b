/** The `existing` backend: nothing is created; pods are placed by the labels and taints you name. */
import type { NodePoolBackend } from "./backend";

export const existingBackend: NodePoolBackend = {
  plan(request) {
    const o = request.options.existing ?? {};
    const hasLabels = o.nodeLabels !== undefined && Object.keys(o.nodeLabels).length > 0;
    if (!hasLabels && !o.tolerations) return { issues: [] };
    return {
      placement: { ...(hasLabels ? { nodeLabels: { ...o.nodeLabels } } : {}), ...(o.tolerations ? { tolerations: [...o.tolerations] } : {}) },
      issues: [],
    };
  },
  create() {
    return [];
  },
};
