/**
 * The preview: every resource `pulumi up` would create for a spec (one per object of the model),
 * with each one's key settings, and what the probes mean in time. Pure: data in, lines of text out.
 */
import type { DeploymentPlan } from "../../manifests/plan";
import { DEFAULT_NAMESPACE, MINIMUM_GRACE_SECONDS } from "../../core/defaults";
import type { Deployment, HelperContainer, Ingress, Service } from "../../manifests/k8s";
import type { ObjectEntry } from "../../manifests/objects";
import type { ResolvedDeployment } from "../../core/resolve";
import { rolloutStep } from "../../core/rollout";
import { ProbeTimeline, describeTimeline, probeTimelines } from "../../core/timeline";

/** The type token of the component. */
export const COMPONENT_TYPE = "model-deployment:index:ModelDeployment";

/** The pulumi-kubernetes type token of an object: `kubernetes:apps/v1:Deployment`. */
export function typeToken(o: { apiVersion: string; kind: string }): string {
  return `kubernetes:${o.apiVersion.includes("/") ? o.apiVersion : `core/${o.apiVersion}`}:${o.kind}`;
}

export interface PreviewResource {
  type: string;
  name: string;
  /** The object model's key (`deployment`, `claim:int-cache`); absent for the component. */
  key?: string;
  /**
   * The object's key settings, each a sentence, keyed by the setting's name (`image`, `replicas`,
   * `sharedMemory`, ...) in the order the text shows them (`settingLabel` names them there).
   */
  settings: Record<string, string>;
  children: PreviewResource[];
}

export interface Preview {
  tree: PreviewResource;
  timelines: ProbeTimeline[];
  warnings: string[];
}

/** The settings of an object as they are built: [name, sentence], in display order. */
type Settings = Array<[string, string]>;

/** The text's label of a setting whose name is not already what the text shows. */
const SETTING_LABELS: Readonly<Record<string, string>> = {
  waitsFor: "waits for",
  sharedMemory: "shared memory",
  runtimeClass: "runtime class",
  priorityClass: "priority class",
  scaleDown: "scale down",
  podLabels: "pod labels",
  podAnnotations: "pod annotations",
  serviceAccount: "service account",
  imagePullPolicy: "image pull",
  envFrom: "env from",
  nodeSelector: "node selector",
};

/** A map as `key=value, ...` (what `kubectl` shows). */
const pairs = (map: Readonly<Record<string, string>>) =>
  Object.entries(map)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");

/** An `annotations` setting when the object has any. */
const annotationSettings = (annotations: Readonly<Record<string, string>> | undefined, name = "annotations"): Settings =>
  annotations && Object.keys(annotations).length > 0 ? [[name, pairs(annotations)]] : [];

/** How the text labels a setting. */
export const settingLabel = (name: string): string => SETTING_LABELS[name] ?? name;

/** Settings as the preview holds them: one key per setting, in order; a name used twice is a bug. */
function keyed(settings: Settings): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of settings) {
    if (name in out) throw new Error(`preview: the setting ${name} is given twice`);
    out[name] = value;
  }
  return out;
}

/** Builds the preview of a checked deployment: one resource for every object of the model. */
export function buildPreview(instance: string, plan: DeploymentPlan, warnings: string[]): Preview {
  const r = plan.resolved;
  const service = plan.objects.find((e) => e.role === "service")!.object as Service;
  const ingress = plan.objects.find((e) => e.role === "ingress")?.object as Ingress | undefined;
  const children = plan.objects.map((entry) => ({
    type: typeToken(entry.object),
    name: entry.object.metadata.name ?? `${instance}-<random>`,
    key: entry.key,
    settings: keyed(settingsOf(entry, r, service, ingress, instance, plan.workload?.volumeMounts?.length ?? 0)),
    children: [],
  }));
  // Not a Kubernetes object, but created with them: the salt of the password hash.
  if (r.basicAuth) {
    children.push({
      type: "random:index/randomPassword:RandomPassword",
      name: `${instance}-auth-salt`,
      key: "authSalt",
      settings: { holds: "the bcrypt salt of the password hash: 22 random characters, kept in the stack's state as a secret" },
      children: [],
    });
  }
  return { tree: { type: COMPONENT_TYPE, name: instance, settings: {}, children }, timelines: probeTimelines(r.probes, { terminationGracePeriodSeconds: r.terminationGracePeriodSeconds }), warnings };
}

function settingsOf(entry: ObjectEntry, r: ResolvedDeployment, svc: Service, ing: Ingress | undefined, instance: string, extraMounts: number): Settings {
  const o = entry.object;
  const wait: Settings = entry.dependsOn.length > 0 ? [["waitsFor", entry.dependsOn.join(", ")]] : [];
  switch (o.kind) {
    case "Namespace":
      return [["created", "by this deployment (deleting the stack deletes everything in it)"]];
    case "ServiceAccount":
      return [["runs", "the deployment's pods (their identity for cloud APIs)"], ...annotationSettings(o.metadata.annotations)];
    case "PersistentVolumeClaim":
      return [
        ["size", o.spec.resources.requests.storage],
        ["access", `${o.spec.accessModes.join(", ")}${o.spec.storageClassName ? `, storage class ${o.spec.storageClassName}` : ", the cluster's default storage class"}`],
        ["data", "kept while the claim exists: deleting or replacing it deletes the data"],
      ];
    case "Secret":
      if (entry.role === "authSecret") return [["holds", "the auth proxy's config: user paperspace, bcrypt hash of basicAuthKey"]];
      if (entry.role === "pullSecret") return [["holds", `the login of registry ${r.spec.containerRegistry} (${o.type})`]];
      return [["keys", `${Object.keys(o.stringData).join(", ")} (values from the program, never shown)`]];
    case "Job":
      return [
        ["fetches", `${fetchPaths(o.spec.template.spec.containers)} (a directory per source version: a changed source is fetched anew, then the pods roll onto it; a complete one is never fetched again)`],
        ["images", imagesOf(o.spec.template.spec.containers)],
        ...(o.spec.template.spec.serviceAccountName ? [["serviceAccount", `${o.spec.template.spec.serviceAccountName} (as the model pods: the download has their cloud identity)`] as [string, string]] : []),
        ["deadline", `${o.spec.activeDeadlineSeconds} s (pulumi waits ${entry.awaitSeconds} s)`],
        ...wait,
      ];
    case "Deployment":
      return [...deploymentSettings(o, r, entry, extraMounts), ...wait];
    case "Service": {
      const port = o.spec.ports[0];
      const ns = o.metadata.namespace ?? DEFAULT_NAMESPACE;
      return [
        ["type", o.spec.type],
        ...annotationSettings(o.metadata.annotations),
        ["port", `${port.port} -> container port ${port.targetPort}`],
        [
          "endpoint",
          ing
            ? `${ing.spec.tls ? "https" : "http"}://${ing.spec.rules[0].host}/ (through the Ingress)`
            : `http://${o.metadata.name ?? `${instance}-<random>`}.${ns}.svc.cluster.local:${port.port}${o.spec.type === "LoadBalancer" ? " (and the load balancer's address)" : ""}`,
        ],
      ];
    }
    case "HorizontalPodAutoscaler":
      return [
        ["replicas", `${o.spec.minReplicas}-${o.spec.maxReplicas} (the Deployment states none: the autoscaler owns the count)`],
        ["targets", o.spec.metrics.map((x) => `${x.resource.name} ${x.resource.target.averageUtilization} %`).join(", ") + " (the highest replica count wins)"],
        ["scaleDown", `after ${o.spec.behavior.scaleDown.stabilizationWindowSeconds} s of lower load`],
      ];
    case "ScaledObject":
      return [
        ["replicas", `${o.spec.minReplicaCount}-${o.spec.maxReplicaCount} (KEDA owns the count)`],
        ["triggers", o.spec.triggers.map((t) => (t.type === "prometheus" ? `request duration > ${t.metadata.threshold} s (Prometheus)` : `${t.type} ${t.metadata.value} %`)).join(", ")],
        ["scaleDown", `after ${o.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds} s of lower load`],
        ...wait,
      ];
    case "PodDisruptionBudget":
      return [["maxUnavailable", "1 (a node drain never takes every replica)"]];
    case "NetworkPolicy":
      return [
        [
          "admits",
          o.spec.ingress
            .map((rule) => `port ${rule.ports.map((p) => p.port).join(", ")} from ${rule.from ? rule.from.map((f) => `namespace ${f.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"]}${f.podSelector ? ` pods ${Object.entries(f.podSelector.matchLabels).map(([k, v]) => `${k}=${v}`).join(",")}` : ""}`).join(", ") : "anywhere"}`)
            .join("; ") + "; nothing else (the kubelet's checks come from the node, which most CNIs admit)",
        ],
      ];
    case "Ingress": {
      const rule = o.spec.rules[0];
      return [
        ["host", `${rule.host}${o.spec.tls ? " (TLS)" : ""}`],
        ...(o.spec.ingressClassName ? [["class", o.spec.ingressClassName] as [string, string]] : []),
        ...annotationSettings(o.metadata.annotations),
        ["backend", `Service ${svc.metadata.name ?? "(autonamed)"} port ${svc.spec.ports[0].name}`],
      ];
    }
  }
}

/** What the rolling update costs: room for extra pods, or replicas taken down. */
function rolloutCost(r: ResolvedDeployment, d: Deployment): string {
  const { maxSurge, maxUnavailable } = d.spec.strategy.rollingUpdate;
  const replicas = r.autoscaling ? r.autoscaling.maxReplicas : r.replicas;
  const { surge, unavailable } = rolloutStep(r.rollout, Math.max(1, replicas));
  const what = `maxSurge ${maxSurge}, maxUnavailable ${maxUnavailable}`;
  if (surge > 0) return `${what}: needs room for ${surge} extra ${surge === 1 ? "pod" : "pods"} on ${r.machine.gpu ? `a ${r.machine.label} machine` : "the nodes"} during a rollout`;
  if (replicas <= 1) return `${what}: a rollout takes the only replica down while the new pod starts`;
  return `${what}: ${unavailable} of ${replicas} replicas down at a time during a rollout, no extra node needed`;
}

function deploymentSettings(d: Deployment, r: ResolvedDeployment, entry: ObjectEntry, extraMountCount: number): Settings {
  const container = d.spec.template.spec.containers[0];
  const gpu = r.machine.gpu;
  const requests = Object.entries(container.resources.requests)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  const tolerations = (d.spec.template.spec.tolerations ?? []).map((t) => t.key).join(", ");
  const affinity = d.spec.template.spec.affinity?.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]?.matchExpressions
    .map((e) => `${e.key} in (${(e.values ?? []).join(", ")})`)
    .join("; ");
  const pod = d.spec.template;
  const ownLabels = d.metadata.labels ?? {};
  const extraLabels = Object.fromEntries(Object.entries(pod.metadata.labels ?? {}).filter(([k]) => !(k in ownLabels)));
  // The extra mounts are the last ones (deployment.ts puts them after the component's own).
  const extraMounts = (container.volumeMounts ?? []).slice((container.volumeMounts ?? []).length - extraMountCount);
  const settings: Settings = [
    ["image", container.image],
    ...(container.imagePullPolicy ? [["imagePullPolicy", container.imagePullPolicy] as [string, string]] : []),
    ...(container.command ? [["command", container.command.join(" ")] as [string, string]] : []),
    ...(container.envFrom?.length
      ? [["envFrom", `${container.envFrom.map((e) => `${e.configMapRef ? `ConfigMap ${e.configMapRef.name}` : `Secret ${e.secretRef?.name}`}${e.prefix ? ` (prefix ${e.prefix})` : ""}`).join(", ")} (every key as a variable; env entries win)`] as [string, string]]
      : []),
    ...(container.env?.length ? [["env", container.env.map((e) => e.name).join(", ")] as [string, string]] : []),
    ...(pod.spec.serviceAccountName ? [["serviceAccount", pod.spec.serviceAccountName] as [string, string]] : []),
    ...(Object.keys(extraLabels).length > 0 ? [["podLabels", `${pairs(extraLabels)} (the selector stays the component's)`] as [string, string]] : []),
    ...annotationSettings(pod.metadata.annotations, "podAnnotations"),
    ["replicas", r.autoscaling ? `${r.autoscaling.minReplicas}-${r.autoscaling.maxReplicas}, set by the autoscaler` : `${d.spec.replicas}${r.replicas === 0 ? " (enabled: false)" : ""}`],
    [
      "machine",
      `${r.machine.label}: ${gpu ? `${gpu.count} x ${gpu.model} (${gpu.memoryGiB} GiB), ` : "no GPU, "}${r.machine.vcpu} vCPU, ${r.machine.memoryGiB} GiB RAM`,
    ],
    ["requests", `${requests} (limits the same)`],
    ...(tolerations || affinity ? [["scheduling", [tolerations && `tolerates ${tolerations}`, affinity && `requires ${affinity}`].filter(Boolean).join("; ")] as [string, string]] : []),
    ...(pod.spec.nodeSelector ? [["nodeSelector", pairs(pod.spec.nodeSelector)] as [string, string]] : []),
    ...((d.spec.template.spec.volumes ?? []).length > 0
      ? [["volumes", (d.spec.template.spec.volumes ?? []).map((v) => v.name).join(", ")] as [string, string]]
      : []),
    ...(extraMounts.length > 0 ? [["mounts", extraMounts.map((m) => `${m.name} at ${m.mountPath}${m.readOnly ? " (read-only)" : ""}`).join(", ")] as [string, string]] : []),
    ["rollout", `${rolloutCost(r, d)}; progressDeadlineSeconds ${d.spec.progressDeadlineSeconds}, pulumi await timeout ${entry.awaitSeconds} s`],
    [
      "termination",
      `${d.spec.template.spec.terminationGracePeriodSeconds} s from SIGTERM to SIGKILL${
        (d.spec.template.spec.terminationGracePeriodSeconds ?? MINIMUM_GRACE_SECONDS) < MINIMUM_GRACE_SECONDS
          ? `; a kill by the kubelet (a failed liveness or startup check) still waits ${MINIMUM_GRACE_SECONDS} s, its minimum`
          : ""
      }`,
    ],
    ...(r.sharedMemory ? [["sharedMemory", `/dev/shm in memory, up to ${r.sharedMemory} (counts against the memory limit)`] as [string, string]] : []),
    ["placement", "replicas spread across nodes and zones where they can (ScheduleAnyway)"],
    ...(r.runtimeClassName ? [["runtimeClass", r.runtimeClassName] as [string, string]] : []),
    ...(r.priorityClassName ? [["priorityClass", r.priorityClassName] as [string, string]] : []),
  ];
  const inits = d.spec.template.spec.initContainers ?? [];
  if (inits.length > 0) settings.push(["fetches", `${fetchPaths(inits)} in each pod before the app starts (init containers: ${imagesOf(inits)})`]);
  const proxy = d.spec.template.spec.containers.find((c) => c.name === "auth-proxy");
  if (r.basicAuth) settings.push(["protected", `HTTP Basic auth (user paperspace) by the auth-proxy sidecar (${proxy?.image}); probes reach the app directly`]);
  return settings;
}

/** Where fetch containers put their source's version (`<name>/<version>`). */
const fetchPaths = (containers: readonly HelperContainer[]) => containers.map((c) => c.env?.find((e) => e.name === "FETCH_PATH")?.value ?? c.name).join(", ");

/** The distinct images of some containers. */
const imagesOf = (containers: readonly HelperContainer[]) => [...new Set(containers.map((c) => c.image))].join(", ");

/** Minimal styling hooks, so the text renderer can colour on a terminal. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  yellow(s: string): string;
}
const plain: Style = { bold: (s) => s, dim: (s) => s, yellow: (s) => s };

/** The preview as text. */
export function renderPreview(p: Preview, style: Style = plain): string {
  const out: string[] = [style.bold("Resources `pulumi up` would create:"), ""];
  const walk = (r: PreviewResource, prefix: string, childPrefix: string) => {
    out.push(`${prefix}${r.type}  ${style.bold(r.name)}`);
    const settings = Object.entries(r.settings).map(([name, v]) => [settingLabel(name), v]);
    const width = Math.max(0, ...settings.map(([k]) => k.length));
    for (const [k, v] of settings) out.push(`${childPrefix}${r.children.length > 0 ? "|  " : "   "}${style.dim(k.padEnd(width))}  ${v}`);
    r.children.forEach((c, i) => {
      const last = i === r.children.length - 1;
      walk(c, `${childPrefix}${last ? "`- " : "|- "}`, `${childPrefix}${last ? "   " : "|  "}`);
    });
  };
  walk(p.tree, "", "");
  out.push("", style.bold("Probe timeline:"));
  if (p.timelines.length === 0) out.push("  no health checks: Kubernetes treats the container as ready as soon as it runs");
  for (const t of p.timelines) {
    out.push(`  ${style.bold(t.kind)}`);
    for (const line of describeTimeline(t)) out.push(`    ${line}`);
  }
  if (p.warnings.length > 0) {
    out.push("", style.bold("Warnings:"));
    for (const w of p.warnings) out.push(`  ${style.yellow(w)}`);
  }
  return `${out.join("\n")}\n`;
}
