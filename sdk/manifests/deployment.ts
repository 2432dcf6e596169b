/** The workload: one Deployment running the model-serving container. Pure. */
import { SPREAD_TOPOLOGY_KEYS } from "../core/defaults";
import { modelSecurity, podSecurity } from "../core/security";
import type { ResolvedDeployment } from "../core/resolve";
import type { Container, Deployment, Toleration } from "./k8s";
import { Naming, commonLabels, objectMeta, objectRefs, selectorLabels } from "./naming";
import { authProxy } from "./endpoint";
import type { IntegrationObjects } from "./integrations";
import { nonEmpty } from "./endpoint";
import { type WorkloadOptions, podServiceAccountName } from "./workload";

const SHM_VOLUME = "dshm";

/** Annotation recording the Gradient machine type the spec asked for. */
export const MACHINE_TYPE_ANNOTATION = "model-deployment/machine-type";

export function buildDeployment(r: ResolvedDeployment, naming: Naming, integrations?: IntegrationObjects["pod"], workload: WorkloadOptions = {}): Deployment {
  const labels = commonLabels(naming.instance, r.spec.name);
  const refs = objectRefs(naming);
  const env = r.env.map((e) =>
    "value" in e
      ? { name: e.name, value: e.value }
      : { name: e.name, valueFrom: { secretKeyRef: { name: e.secret.from === "provided" ? refs.secret : e.secret.secretName, key: e.secret.key } } },
  );
  const proxy = authProxy(r, naming);
  // Multi-GPU pods: a memory-backed /dev/shm (NCCL), instead of the runtime's 64 MiB.
  const shm = r.sharedMemory !== undefined ? { name: SHM_VOLUME, emptyDir: { medium: "Memory" as const, sizeLimit: r.sharedMemory } } : undefined;
  const mounts = [...(integrations?.mounts ?? []), ...(shm ? [{ name: SHM_VOLUME, mountPath: "/dev/shm" }] : []), ...(workload.volumeMounts ?? [])];
  const volumes = [...(integrations?.volumes ?? []), ...(proxy?.volumes ?? []), ...(shm ? [shm] : []), ...(workload.volumes ?? [])];
  const w = workload;
  // The pods' own labels come last: a pod label can never change the selector's.
  const podLabels = w.podLabels && Object.keys(w.podLabels).length > 0 ? { ...w.podLabels, ...labels } : labels;
  const serviceAccountName = podServiceAccountName(w, refs.serviceAccount);
  const scheduling = {
    ...r.scheduling,
    ...(w.tolerations && w.tolerations.length > 0 ? { tolerations: uniqueTolerations([...(r.scheduling.tolerations ?? []), ...w.tolerations]) } : {}),
  };
  const selector = selectorLabels(naming.instance);
  const container: Container = {
    name: r.containerName,
    image: r.image,
    ...(w.imagePullPolicy ? { imagePullPolicy: w.imagePullPolicy } : {}),
    ...(r.command ? { command: r.command } : {}),
    ...(w.envFrom && w.envFrom.length > 0 ? { envFrom: w.envFrom } : {}),
    ...(env.length > 0 ? { env } : {}),
    ports: r.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: "TCP" as const })),
    resources: r.resources,
    ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
    ...(r.probes.liveness ? { livenessProbe: r.probes.liveness } : {}),
    ...(r.probes.readiness ? { readinessProbe: r.probes.readiness } : {}),
    ...(r.probes.startup ? { startupProbe: r.probes.startup } : {}),
    ...(modelSecurity(r.securityProfile) ? { securityContext: modelSecurity(r.securityProfile) } : {}),
  };
  const podSecurityContext = podSecurity(r.securityProfile);
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: objectMeta(naming, labels, { [MACHINE_TYPE_ANNOTATION]: r.machineType }, naming.objectName ?? naming.workloadName),
    spec: {
      // While an autoscaler owns the replica count, the Deployment does not state one, so
      // `pulumi up` never resets what the autoscaler chose.
      ...(r.autoscaling ? {} : { replicas: r.replicas }),
      progressDeadlineSeconds: r.progressDeadlineSeconds,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: r.rollout.maxSurge, maxUnavailable: r.rollout.maxUnavailable } },
      selector: { matchLabels: selectorLabels(naming.instance) },
      template: {
        metadata: { labels: podLabels, ...(nonEmpty(w.podAnnotations) ? { annotations: w.podAnnotations } : {}) },
        spec: {
          ...(serviceAccountName !== undefined ? { serviceAccountName } : {}),
          ...(podSecurityContext ? { securityContext: podSecurityContext } : {}),
          terminationGracePeriodSeconds: r.terminationGracePeriodSeconds,
          ...(integrations && integrations.initContainers.length > 0 ? { initContainers: integrations.initContainers } : {}),
          containers: proxy ? [container, proxy.container] : [container],
          ...(volumes.length > 0 ? { volumes } : {}),
          ...(r.runtimeClassName ? { runtimeClassName: r.runtimeClassName } : {}),
          ...(r.priorityClassName ? { priorityClassName: r.priorityClassName } : {}),
          // Replicas spread across nodes and zones when they can (zones are not known offline);
          // each ReplicaSet's pods are counted apart, so a rollout does not skew the spread.
          // Written for one replica too, so that scaling out changes nothing in the pod template.
          topologySpreadConstraints: SPREAD_TOPOLOGY_KEYS.map((topologyKey) => ({
            maxSkew: 1,
            topologyKey,
            whenUnsatisfiable: "ScheduleAnyway" as const,
            labelSelector: { matchLabels: selector },
            matchLabelKeys: ["pod-template-hash"],
          })),
          ...(r.spec.containerRegistry !== undefined ? { imagePullSecrets: [{ name: refs.pullSecret }] } : {}),
          ...(nonEmpty(w.nodeSelector) ? { nodeSelector: w.nodeSelector } : {}),
          ...scheduling,
        },
      },
    },
  };
}

/**
 * Tolerations without repeats: one that says what an earlier one says (same key, operator, value,
 * effect and seconds, e.g. the GPU's own `nvidia.com/gpu Exists NoSchedule` given again) is
 * dropped; the scheduler reads a list as a set, so the pod tolerates the same taints.
 */
function uniqueTolerations(list: Toleration[]): Toleration[] {
  const norm = (t: Toleration) => JSON.stringify([t.key ?? "", t.operator ?? "Equal", t.value ?? "", t.effect ?? "", (t as { tolerationSeconds?: number }).tolerationSeconds ?? null]);
  const seen = new Set<string>();
  return list.filter((t) => {
    const k = norm(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
