/**
 * A ModelDeployment as `pulumi up` would create it, under Pulumi's mocks: the pods' specs and the
 * Secrets with the values the component fills in at deploy time (the bcrypt hash, tokens), so the
 * real programs run exactly what the cluster would get.
 */
import { ModelDeployment, ModelDeploymentArgs } from "../../sdk";
import { installMocks, registered, settle, valueOf } from "../mocks";

installMocks();

export interface Deployed {
  /** The Deployment's pod template spec. */
  pod: any;
  /** The fetch Job's pod template spec, in the shared mode. */
  jobPod?: any;
  /** Every Secret, with its name and data as created. */
  secrets: any[];
  /** The names of the PersistentVolumeClaims. */
  claims: string[];
}

// Pulumi's marker of a secret value in serialized inputs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { specialSigKey, specialSecretSig } = require("@pulumi/pulumi/runtime/rpc") as { specialSigKey: string; specialSecretSig: string };

/** Inputs with secret values unwrapped, as the provider hands them to the cluster. */
function revealed(v: any): any {
  if (Array.isArray(v)) return v.map(revealed);
  if (v === null || typeof v !== "object") return v;
  if (v[specialSigKey] === specialSecretSig) return revealed(v.value);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revealed(x)]));
}

const named = (r: (typeof registered)[number]) => {
  const inputs = revealed(r.inputs);
  return { ...inputs, metadata: { ...inputs.metadata, name: r.state?.metadata?.name ?? inputs.metadata?.name } };
};

export async function deploy(name: string, args: ModelDeploymentArgs): Promise<Deployed> {
  registered.length = 0;
  const app = new ModelDeployment(name, args);
  await valueOf(app.deployment.urn);
  await settle();
  const of = (type: string) => registered.filter((r) => r.type === type).map(named);
  const job = of("kubernetes:batch/v1:Job")[0];
  return {
    pod: of("kubernetes:apps/v1:Deployment")[0].spec.template.spec,
    ...(job ? { jobPod: job.spec.template.spec } : {}),
    secrets: of("kubernetes:core/v1:Secret"),
    claims: of("kubernetes:core/v1:PersistentVolumeClaim").map((c) => c.metadata.name),
  };
}
