// A protected, autoscaled endpoint. Secrets come from the stack's encrypted config:
//   pulumi config set --secret HF_TOKEN hf_...
//   pulumi config set --secret ENDPOINT_PASSWORD ...
//   pulumi config set host llm.example.com      # optional: an Ingress for this host
// Needs KEDA and Prometheus in the cluster for the requestDuration metric.
import * as pulumi from "@pulumi/pulumi";
import { ModelDeployment } from "model-deployment";

const config = new pulumi.Config();
const host = config.get("host");

const app = new ModelDeployment("llm", {
  spec: ModelDeployment.loadSpec("deployment.yaml"),
  secrets: {
    HF_TOKEN: config.requireSecret("HF_TOKEN"),
    ENDPOINT_PASSWORD: config.requireSecret("ENDPOINT_PASSWORD"),
  },
  keda: { enabled: true },
  ingress: host ? { host, tlsSecretName: config.get("tlsSecret") } : undefined,
});

export const endpoint = app.endpoint;
export const startupBudgetSeconds = app.startupBudgetSeconds;
