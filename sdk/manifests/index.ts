/** All objects of a deployment, built from a resolved spec. Pure: no Pulumi, no I/O. */
import { DEFAULT_SERVICE_TYPE } from "../defaults";
import type { ResolvedDeployment } from "../resolve";
import { SpecError, describeValue } from "../spec/issues";
import { buildDeployment } from "./deployment";
import type { Deployment, Service } from "./k8s";
import { Naming, instanceNameIssues } from "./naming";
import { SERVICE_TYPES, ServiceType, buildService } from "./service";

export interface ManifestOptions extends Naming {
  /** @default "ClusterIP" */
  serviceType?: ServiceType;
}

export interface Manifests {
  deployment: Deployment;
  service: Service;
}

/** Builds the Deployment and Service; throws a `SpecError` for a bad name or Service type. */
export function buildManifests(r: ResolvedDeployment, options: ManifestOptions): Manifests {
  const issues = instanceNameIssues(options.instance);
  const type = options.serviceType ?? DEFAULT_SERVICE_TYPE;
  if (!SERVICE_TYPES.includes(type)) {
    issues.push({ path: "serviceType", message: `must be one of ${SERVICE_TYPES.join(", ")} (got ${describeValue(type)})` });
  }
  if (issues.length > 0) throw new SpecError(issues);
  return { deployment: buildDeployment(r, options), service: buildService(r, options, type) };
}

/** The objects in apply order (what `render` prints and what the component creates). */
export function manifestList(m: Manifests): [Deployment, Service] {
  return [m.deployment, m.service];
}
