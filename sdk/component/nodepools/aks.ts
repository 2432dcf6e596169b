/**
 * The `aks` backend's resources: an azure-native `containerservice.AgentPool`.
 * `@pulumi/azure-native` is an optional peer dependency, loaded only here (its agent pool module
 * alone, not the whole provider).
 */
import type { PoolCreator } from "./backend";
import { aksAgentPoolArgs, planAksPool } from "./aksPlan";
import { loadPeer } from "./loadPeer";

export const aksCreator: PoolCreator = {
  create(request, parent) {
    const { AgentPool } = loadPeer<typeof import("@pulumi/azure-native/containerservice/agentPool")>(
      "@pulumi/azure-native/containerservice/agentPool",
      "@pulumi/azure-native",
      "aks",
    );
    const { choice } = planAksPool(request);
    // The cluster autoscaler moves count; a later `pulumi up` must not reset it.
    return [new AgentPool(request.name, aksAgentPoolArgs(request, choice!), { parent, ignoreChanges: ["count"] })];
  },
};
