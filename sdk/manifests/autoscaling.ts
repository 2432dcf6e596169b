/**
 * The autoscaler: an `autoscaling/v2` HorizontalPodAutoscaler for cpu and memory, or a KEDA
 * `ScaledObject` when `requestDuration` is among the metrics (KEDA then owns the HPA). Pure.
 */
import { SCALE_DOWN_STABILIZATION_SECONDS } from "../core/defaults";
import type { ResolvedDeployment } from "../core/resolve";
import type { HorizontalPodAutoscaler, ScaledObject } from "./k8s";

type Trigger = ScaledObject["spec"]["triggers"][number];
import { Naming, commonLabels, objectMeta, objectRefs } from "./naming";

/** KEDA's Prometheus trigger settings (see the defaults in `defaults.ts`). */
export interface KedaSettings {
  prometheusAddress: string;
  /** The query, with `{{namespace}}` and `{{service}}` still in it. */
  query: string;
  /**
   * Who scrapes the app's metrics for the query, admitted through a protected endpoint's
   * NetworkPolicy: pods of this namespace (and with these labels, when given).
   */
  scrapeFrom?: MetricsScraper;
}

/** Who scrapes the app's metrics: pods of a namespace, with these labels when given. */
export interface MetricsScraper {
  /**
   * The scrapers' namespace.
   * @default "monitoring"
   */
  namespace?: string;
  /** Labels the scraping pods carry. */
  podLabels?: Record<string, string>;
}

/** Fills `{{namespace}}` and `{{service}}` into a Prometheus query template. */
export function renderQuery(template: string, values: { namespace: string; service: string }): string {
  return template.replace(/\{\{\s*(namespace|service)\s*\}\}/g, (_, k: "namespace" | "service") => values[k]);
}

export function buildAutoscaler(r: ResolvedDeployment, naming: Naming, keda: KedaSettings): HorizontalPodAutoscaler | ScaledObject | undefined {
  const a = r.autoscaling;
  if (!a) return undefined;
  const refs = objectRefs(naming);
  const meta = objectMeta(naming, commonLabels(naming.instance, r.spec.name));
  const target = { apiVersion: "apps/v1" as const, kind: "Deployment" as const, name: refs.deployment };
  const behavior = { scaleDown: { stabilizationWindowSeconds: SCALE_DOWN_STABILIZATION_SECONDS } };
  if (a.engine === "hpa") {
    return {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: meta,
      spec: {
        scaleTargetRef: target,
        minReplicas: a.minReplicas,
        maxReplicas: a.maxReplicas,
        // With several metrics the HPA computes a replica count for each and takes the highest.
        metrics: a.metrics.map((m) => ({
          type: "Resource" as const,
          resource: { name: m.metric as "cpu" | "memory", target: { type: "Utilization" as const, averageUtilization: m.value } },
        })),
        behavior,
      },
    };
  }
  return {
    apiVersion: "keda.sh/v1alpha1",
    kind: "ScaledObject",
    metadata: meta,
    spec: {
      scaleTargetRef: target,
      minReplicaCount: a.minReplicas,
      maxReplicaCount: a.maxReplicas,
      advanced: { horizontalPodAutoscalerConfig: { behavior } },
      triggers: a.metrics.map((m): Trigger =>
        m.metric === "requestDuration"
          ? {
              type: "prometheus",
              metadata: {
                serverAddress: keda.prometheusAddress,
                query: renderQuery(keda.query, { namespace: refs.namespace, service: refs.service }),
                threshold: String(m.value),
              },
            }
          : { type: m.metric, metricType: "Utilization" as const, metadata: { value: String(m.value) } },
      ),
    },
  };
}
