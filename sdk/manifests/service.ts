/** The Service in front of the workload, on the deployment's first port. Pure. */
import type { ResolvedDeployment } from "../core/resolve";
import type { Service } from "./k8s";
import { Naming, commonLabels, objectMeta, selectorLabels } from "./naming";
import { AUTH_PORT_NAME, nonEmpty } from "./endpoint";

/** The Service's type. */
export const ServiceType = {
  /** Reachable inside the cluster. */
  ClusterIP: "ClusterIP",
  /** A cloud load balancer in front of it. */
  LoadBalancer: "LoadBalancer",
} as const;
/** The Service's type (a plain string such as `"LoadBalancer"` is accepted too). */
export type ServiceType = (typeof ServiceType)[keyof typeof ServiceType];
export const SERVICE_TYPES: readonly ServiceType[] = Object.values(ServiceType);

export function buildService(r: ResolvedDeployment, naming: Naming, type: ServiceType, annotations?: Record<string, string>): Service {
  const primary = r.ports[0];
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: objectMeta(naming, commonLabels(naming.instance, r.spec.name), nonEmpty(annotations), naming.objectName ?? naming.workloadName),
    spec: {
      type,
      selector: selectorLabels(naming.instance),
      // A protected endpoint is served only through the auth proxy.
      ports: [{ name: primary.name, port: primary.containerPort, targetPort: r.basicAuth ? AUTH_PORT_NAME : primary.name, protocol: "TCP" }],
    },
  };
}
