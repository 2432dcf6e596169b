/** The workload: one Deployment running the model-serving container. Pure. */
import type { ResolvedDeployment } from "../resolve";
import type { Container, Deployment } from "./k8s";
import { Naming, commonLabels, objectMeta, selectorLabels } from "./naming";

/** Annotation recording the Gradient machine type the spec asked for. */
export const MACHINE_TYPE_ANNOTATION = "model-deployment/machine-type";

export function buildDeployment(r: ResolvedDeployment, naming: Naming): Deployment {
  const labels = commonLabels(naming.instance, r.spec.name);
  const container: Container = {
    name: r.containerName,
    image: r.image,
    ...(r.command ? { command: r.command } : {}),
    ...(r.env.length > 0 ? { env: r.env } : {}),
    ports: r.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: "TCP" as const })),
    resources: r.resources,
    ...(r.probes.liveness ? { livenessProbe: r.probes.liveness } : {}),
    ...(r.probes.readiness ? { readinessProbe: r.probes.readiness } : {}),
    ...(r.probes.startup ? { startupProbe: r.probes.startup } : {}),
  };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: objectMeta(naming, labels, { [MACHINE_TYPE_ANNOTATION]: r.machineType }),
    spec: {
      replicas: r.replicas,
      progressDeadlineSeconds: r.progressDeadlineSeconds,
      selector: { matchLabels: selectorLabels(naming.instance) },
      template: {
        metadata: { labels },
        spec: { containers: [container], ...r.scheduling },
      },
    },
  };
}
