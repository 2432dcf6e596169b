/** The Service in front of the workload, on the deployment's first port. Pure. */
import type { ResolvedDeployment } from "../core/resolve";
import type { Service } from "./k8s";
import { Naming, commonLabels, objectMeta, selectorLabels } from "./naming";
import { AUTH_PORT_NAME } from "./endpoint";

export type ServiceType = Service["spec"]["type"];
export const SERVICE_TYPES: readonly ServiceType[] = ["ClusterIP", "LoadBalancer"];

export function buildService(r: ResolvedDeployment, naming: Naming, type: ServiceType): Service {
  const primary = r.ports[0];
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: objectMeta(naming, commonLabels(naming.instance, r.spec.name), undefined, naming.objectName ?? naming.workloadName),
    spec: {
      type,
      selector: selectorLabels(naming.instance),
      // A protected endpoint is served only through the auth proxy.
      ports: [{ name: primary.name, port: primary.containerPort, targetPort: r.basicAuth ? AUTH_PORT_NAME : primary.name, protocol: "TCP" }],
    },
  };
}
