// A GKE node pool of A100 80GB nodes (a2-ultragpu-1g, chosen from the machine type) in the zones
// that have them, autoscaled from zero, shared by the deployments that name it. GKE attaches the
// GPUs and installs the NVIDIA driver and device plugin.
// Needs an existing GKE Standard cluster, credentials for it in the kubeconfig
// (`gcloud container clusters get-credentials`), and A100 80GB quota in the region.
import * as pulumi from "@pulumi/pulumi";
import { GpuNodePool, ModelDeployment } from "model-deployment";

const config = new pulumi.Config();

const pool = new GpuNodePool("a100", {
  machineType: "A100-80G",
  backend: "gke",
  minNodes: 0,
  maxNodes: config.getNumber("maxNodes") ?? 2,
  gke: {
    cluster: config.get("cluster") ?? "models",
    location: config.get("location") ?? "us-central1",
    // GPUs exist in few zones of a region: https://cloud.google.com/compute/docs/gpus/gpu-regions-zones
    zones: config.getObject<string[]>("zones") ?? ["us-central1-a", "us-central1-c"],
  },
});

const app = new ModelDeployment("fastapi", { spec: ModelDeployment.loadSpec("deployment.yaml"), nodePool: pool });

export const endpoint = app.endpoint;
