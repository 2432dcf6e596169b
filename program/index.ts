/**
 * The root Pulumi program: one ModelDeployment per spec file named in stack config, so a repo of
 * Gradient spec files is deployed with `pulumi up`.
 *
 *   pulumi config set --path 'specs[0]' services/llm/paperspace.yaml
 *   pulumi config set namespace models          # optional
 *   pulumi config set serviceType LoadBalancer  # optional
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ModelDeployment } from "../sdk";

const DEFAULT_SPECS = ["examples/fastapi-model/deployment.yaml"];

const config = new pulumi.Config();
const specs = config.getObject<string[]>("specs") ?? DEFAULT_SPECS;
const namespace = config.get("namespace");
const serviceType = config.get("serviceType") as "ClusterIP" | "LoadBalancer" | undefined;

const endpointsByName: Record<string, pulumi.Output<string>> = {};
for (const file of specs) {
  const spec = ModelDeployment.loadSpec(path.resolve(file));
  const name = spec.name ?? path.basename(file, path.extname(file));
  endpointsByName[name] = new ModelDeployment(name, { spec, namespace, serviceType }).endpoint;
}

/** Each deployment's endpoint, by name. */
export const endpoints = pulumi.output(endpointsByName);
