/**
 * The preview: the resource tree `pulumi up` would create for a spec, with each resource's key
 * settings, and what the probes mean in time. Pure: turns resolved data into lines of text.
 */
import { DEFAULT_NAMESPACE } from "./defaults";
import type { Manifests } from "./manifests";
import type { ResolvedDeployment } from "./resolve";
import { ProbeTimeline, describeTimeline, probeTimelines } from "./timeline";

/** Type tokens of the resources the component creates. */
export const TYPE_TOKENS = {
  component: "model-deployment:index:ModelDeployment",
  namespace: "kubernetes:core/v1:Namespace",
  deployment: "kubernetes:apps/v1:Deployment",
  service: "kubernetes:core/v1:Service",
  secret: "kubernetes:core/v1:Secret",
  hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
  scaledObject: "kubernetes:keda.sh/v1alpha1:ScaledObject",
  pdb: "kubernetes:policy/v1:PodDisruptionBudget",
  ingress: "kubernetes:networking.k8s.io/v1:Ingress",
} as const;

export interface PreviewResource {
  type: string;
  name: string;
  settings: Array<[string, string]>;
  children: PreviewResource[];
}

export interface Preview {
  tree: PreviewResource;
  timelines: ProbeTimeline[];
  warnings: string[];
}

/** Builds the preview of a resolved deployment and its objects. */
export function buildPreview(instance: string, r: ResolvedDeployment, m: Manifests, warnings: string[]): Preview {
  const d = m.deployment;
  const container = d.spec.template.spec.containers[0];
  const gpu = r.machine.gpu;
  const requests = Object.entries(container.resources.requests)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  const tolerations = (d.spec.template.spec.tolerations ?? []).map((t) => t.key).join(", ");
  const affinity = d.spec.template.spec.affinity?.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]?.matchExpressions
    .map((e) => `${e.key} in (${(e.values ?? []).join(", ")})`)
    .join("; ");
  const ns = d.metadata.namespace ?? DEFAULT_NAMESPACE;
  const svc = m.service;
  const port = svc.spec.ports[0];
  const deploymentSettings: Array<[string, string]> = [
    ["image", container.image],
    ["replicas", r.autoscaling ? `${r.autoscaling.minReplicas}-${r.autoscaling.maxReplicas}, set by the autoscaler` : `${d.spec.replicas}${r.replicas === 0 ? " (enabled: false)" : ""}`],
    [
      "machine",
      `${r.machine.label}: ${gpu ? `${gpu.count} x ${gpu.model} (${gpu.memoryGiB} GiB), ` : "no GPU, "}${r.machine.vcpu} vCPU, ${r.machine.memoryGiB} GiB RAM`,
    ],
    ["requests", `${requests} (limits the same)`],
    ...(tolerations || affinity ? [["scheduling", [tolerations && `tolerates ${tolerations}`, affinity && `requires ${affinity}`].filter(Boolean).join("; ")] as [string, string]] : []),
    ["rollout", `progressDeadlineSeconds ${d.spec.progressDeadlineSeconds}, pulumi await timeout ${r.awaitTimeoutSeconds} s`],
  ];
  if (container.command) deploymentSettings.splice(1, 0, ["command", container.command.join(" ")]);
  if (container.env?.length) deploymentSettings.splice(2, 0, ["env", container.env.map((e) => e.name).join(", ")]);
  const named = (n: string | undefined) => n ?? `${instance}-<random>`;
  const extra: PreviewResource[] = [];
  if (m.autoscaler?.kind === "HorizontalPodAutoscaler") {
    const a = m.autoscaler.spec;
    extra.push({
      type: TYPE_TOKENS.hpa,
      name: named(m.autoscaler.metadata.name),
      settings: [
        ["replicas", `${a.minReplicas}-${a.maxReplicas} (the Deployment states none: the autoscaler owns the count)`],
        ["targets", a.metrics.map((x) => `${x.resource.name} ${x.resource.target.averageUtilization} %`).join(", ") + " (the highest replica count wins)"],
        ["scale down", `after ${a.behavior.scaleDown.stabilizationWindowSeconds} s of lower load`],
      ],
      children: [],
    });
  } else if (m.autoscaler?.kind === "ScaledObject") {
    const a = m.autoscaler.spec;
    extra.push({
      type: TYPE_TOKENS.scaledObject,
      name: named(m.autoscaler.metadata.name),
      settings: [
        ["replicas", `${a.minReplicaCount}-${a.maxReplicaCount} (KEDA owns the count)`],
        ["triggers", a.triggers.map((t) => (t.type === "prometheus" ? `request duration > ${t.metadata.threshold} s (Prometheus)` : `${t.type} ${t.metadata.value} %`)).join(", ")],
        ["scale down", `after ${a.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds} s of lower load`],
      ],
      children: [],
    });
  }
  if (m.pdb) extra.push({ type: TYPE_TOKENS.pdb, name: named(m.pdb.metadata.name), settings: [["maxUnavailable", "1 (a node drain never takes every replica)"]], children: [] });
  if (m.ingress) {
    const rule = m.ingress.spec.rules[0];
    extra.push({
      type: TYPE_TOKENS.ingress,
      name: named(m.ingress.metadata.name),
      settings: [
        ["host", `${rule.host}${m.ingress.spec.tls ? " (TLS)" : ""}`],
        ...(m.ingress.spec.ingressClassName ? [["class", m.ingress.spec.ingressClassName] as [string, string]] : []),
      ],
      children: [],
    });
  }
  const secrets: PreviewResource[] = [];
  if (m.secret) secrets.push({ type: TYPE_TOKENS.secret, name: named(m.secret.metadata.name), settings: [["keys", `${Object.keys(m.secret.stringData).join(", ")} (values from the program, never shown)`]], children: [] });
  if (m.authSecret) secrets.push({ type: TYPE_TOKENS.secret, name: named(m.authSecret.metadata.name), settings: [["holds", "the auth proxy's config: user paperspace, bcrypt hash of basicAuthKey"]], children: [] });
  if (r.basicAuth) deploymentSettings.push(["protected", "HTTP Basic auth (user paperspace) by the auth-proxy sidecar; probes reach the app directly"]);
  const tree: PreviewResource = {
    type: TYPE_TOKENS.component,
    name: instance,
    settings: [],
    children: [
      ...secrets,
      { type: TYPE_TOKENS.deployment, name: d.metadata.name ?? `${instance}-<random>`, settings: deploymentSettings, children: [] },
      {
        type: TYPE_TOKENS.service,
        name: svc.metadata.name ?? `${instance}-<random>`,
        settings: [
          ["type", svc.spec.type],
          ["port", `${port.port} -> container port ${port.targetPort}`],
          [
            "endpoint",
            m.ingress
              ? `${m.ingress.spec.tls ? "https" : "http"}://${m.ingress.spec.rules[0].host}/ (through the Ingress)`
              : `http://${svc.metadata.name ?? `${instance}-<random>`}.${ns}.svc.cluster.local:${port.port}${svc.spec.type === "LoadBalancer" ? " (and the load balancer's address)" : ""}`,
          ],
        ],
        children: [],
      },
      ...extra,
    ],
  };
  return { tree, timelines: probeTimelines(r.probes), warnings };
}

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
    const width = Math.max(0, ...r.settings.map(([k]) => k.length));
    for (const [k, v] of r.settings) out.push(`${childPrefix}${r.children.length > 0 ? "|  " : "   "}${style.dim(k.padEnd(width))}  ${v}`);
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
