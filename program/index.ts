/**
 * The root Pulumi program: one ModelDeployment per spec file named in stack config, so a repo of
 * Gradient spec files is deployed with `pulumi up`.
 *
 *   pulumi config set --path 'specs[0]' services/llm/paperspace.yaml
 *   pulumi config set --secret HF_TOKEN hf_...      # a value for each secret:NAME the specs use
 *   pulumi config set namespace models              # optional
 *   pulumi config set serviceType LoadBalancer      # optional
 *   pulumi config set --path keda.enabled true      # optional: requestDuration autoscaling
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { KedaArgs, ModelDeployment, secretReferences } from "../sdk";

const DEFAULT_SPECS = ["examples/fastapi-model/deployment.yaml"];

const config = new pulumi.Config();
const specs = config.getObject<string[]>("specs") ?? DEFAULT_SPECS;
const namespace = config.get("namespace");
const serviceType = config.get("serviceType") as "ClusterIP" | "LoadBalancer" | undefined;
const keda = config.getObject<KedaArgs>("keda");
const secretName = config.get("secretName");

const endpointsByName: Record<string, pulumi.Output<string>> = {};
for (const file of specs) {
  const spec = ModelDeployment.loadSpec(path.resolve(file));
  const name = spec.name ?? path.basename(file, path.extname(file));
  // Each secret:NAME the spec uses comes from the stack's (encrypted) config value NAME.
  const refs = secretReferences(spec);
  const secrets: Record<string, pulumi.Output<string>> = {};
  for (const key of [...refs.env, ...(refs.basicAuth ? [refs.basicAuth] : []), ...refs.integrations]) {
    const value = config.getSecret(key);
    if (value !== undefined) secrets[key] = value;
  }
  endpointsByName[name] = new ModelDeployment(name, { spec, namespace, serviceType, keda, secrets, secretName }).endpoint;
}

/** Each deployment's endpoint, by name. */
export const endpoints = pulumi.output(endpointsByName);
