// Deploys the FastAPI example with its unchanged Gradient spec file.
import * as pulumi from "@pulumi/pulumi";
import { ModelDeployment } from "model-deployment";

const config = new pulumi.Config();

const app = new ModelDeployment("fastapi", {
  spec: ModelDeployment.loadSpec("deployment.yaml"),
  // Set `pulumi config set image <ref>` to run an image you pushed.
  image: config.get("image"),
  namespace: config.get("namespace"),
});

export const endpoint = app.endpoint;
export const deploymentName = app.deploymentName;
export const serviceName = app.serviceName;
export const startupBudgetSeconds = app.startupBudgetSeconds;
export const probes = app.probes;
