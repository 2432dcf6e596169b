/** All objects of a deployment, built from a resolved spec. Pure: no Pulumi, no I/O. */
import { DEFAULT_SERVICE_TYPE } from "../defaults";
import type { ResolvedDeployment } from "../resolve";
import { SpecError, describeValue } from "../spec/issues";
import { buildDeployment } from "./deployment";
import type { Deployment, HorizontalPodAutoscaler, Ingress, Job, PodDisruptionBudget, ScaledObject, Secret, Service } from "./k8s";
import { KedaSettings, buildAutoscaler } from "./autoscaling";
import { IngressOptions, buildAuthSecret, buildIngress, buildPdb } from "./endpoint";
import { buildPullSecret, buildSecret } from "./secrets";
import { IntegrationObjects, IntegrationOptions, buildIntegrations } from "./integrations";
import { KEDA_PROMETHEUS_ADDRESS, KEDA_REQUEST_DURATION_QUERY } from "../defaults";
import { Naming, instanceNameIssues } from "./naming";
import { SERVICE_TYPES, ServiceType, buildService } from "./service";

export interface ManifestOptions extends Naming {
  /** @default "ClusterIP" */
  serviceType?: ServiceType;
  /** An Ingress in front of the Service. */
  ingress?: IngressOptions;
  /** KEDA's Prometheus trigger for requestDuration. */
  keda?: Partial<KedaSettings>;
  /** How integrations are fetched and stored. */
  integrations?: IntegrationOptions;
}

export interface Manifests {
  /** Volumes of the integrations (shared content and `volume` integrations), with their keys. */
  claims?: IntegrationObjects["claims"];
  /** The Job that fills the shared integrations volume. */
  job?: Job;
  /** The image pull Secret of the spec's private registry (a placeholder login here). */
  pullSecret?: Secret;
  /** The provided `secret:NAME` values (placeholders here). */
  secret?: Secret;
  /** The auth proxy's configuration, for a protected endpoint. */
  authSecret?: Secret;
  deployment: Deployment;
  service: Service;
  autoscaler?: HorizontalPodAutoscaler | ScaledObject;
  pdb?: PodDisruptionBudget;
  ingress?: Ingress;
}

/** Builds the Deployment and Service; throws a `SpecError` for a bad name or Service type. */
export function buildManifests(r: ResolvedDeployment, options: ManifestOptions): Manifests {
  const issues = instanceNameIssues(options.instance);
  const type = options.serviceType ?? DEFAULT_SERVICE_TYPE;
  if (!SERVICE_TYPES.includes(type)) {
    issues.push({ path: "serviceType", message: `must be one of ${SERVICE_TYPES.join(", ")} (got ${describeValue(type)})` });
  }
  if (options.ingress !== undefined && !(typeof options.ingress.host === "string" && /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(options.ingress.host))) {
    issues.push({ path: "ingress.host", message: `must be a DNS host name (got ${describeValue(options.ingress.host)})` });
  }
  if (issues.length > 0) throw new SpecError(issues);
  const keda: KedaSettings = {
    prometheusAddress: options.keda?.prometheusAddress ?? KEDA_PROMETHEUS_ADDRESS,
    query: options.keda?.query ?? KEDA_REQUEST_DURATION_QUERY,
  };
  const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as { [k in K]: V }));
  const integ = buildIntegrations(r, options, options.integrations);
  return {
    ...optional("claims", integ && integ.claims.length > 0 ? integ.claims : undefined),
    ...optional("job", integ?.job),
    ...optional("pullSecret", buildPullSecret(r, options)),
    ...optional("secret", buildSecret(r, options)),
    ...optional("authSecret", buildAuthSecret(r, options)),
    deployment: buildDeployment(r, options, integ?.pod),
    service: buildService(r, options, type),
    ...optional("autoscaler", buildAutoscaler(r, options, keda)),
    ...optional("pdb", buildPdb(r, options)),
    ...optional("ingress", buildIngress(r, options, options.ingress)),
  };
}

/** The objects in apply order (what `render` prints and what the component creates). */
export function manifestList(m: Manifests) {
  return [...(m.claims ?? []).map((c) => c.claim), m.pullSecret, m.secret, m.authSecret, m.job, m.deployment, m.service, m.autoscaler, m.pdb, m.ingress].filter(
    (o): o is NonNullable<typeof o> => o !== undefined,
  );
}
