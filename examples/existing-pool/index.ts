// GPU nodes you already run: by default pods select their GPU with the NVIDIA GPU feature
// discovery label nvidia.com/gpu.product; name your own node labels and taints to pin them further.
import * as pulumi from "@pulumi/pulumi";
import { GpuNodePool, ModelDeployment } from "model-deployment";

const config = new pulumi.Config();
const nodeLabel = config.get("nodeLabel"); // e.g. "cloud.google.com/gke-nodepool=a100-pool"

const pool = new GpuNodePool("a100", {
  machineType: "A100-80G",
  backend: "existing",
  existing: nodeLabel
    ? { nodeLabels: Object.fromEntries([nodeLabel.split("=", 2) as [string, string]]) }
    : undefined,
});

const app = new ModelDeployment("fastapi", { spec: ModelDeployment.loadSpec("deployment.yaml"), nodePool: pool });

export const endpoint = app.endpoint;
