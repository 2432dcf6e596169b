// An AKS user agent pool of Standard_NC24ads_A100_v4 VMs (one A100 80GB each, chosen from the
// machine type) in the zones asked for, autoscaled from zero; AKS installs the NVIDIA driver.
// Needs an existing AKS cluster, a kubeconfig for it (`az aks get-credentials`), the NVIDIA
// device plugin tolerating the pool's taint (docs/aks.md), and NCads A100 v4 quota.
import * as pulumi from "@pulumi/pulumi";
import { GpuNodePool, ModelDeployment } from "model-deployment";

const config = new pulumi.Config();

const pool = new GpuNodePool("a100", {
  machineType: "A100-80G",
  backend: "aks",
  minNodes: 0,
  maxNodes: config.getNumber("maxNodes") ?? 2,
  aks: {
    resourceGroupName: config.get("resourceGroup") ?? "models",
    clusterName: config.get("cluster") ?? "models",
    zones: config.getObject<string[]>("zones") ?? ["1", "2"],
  },
});

const app = new ModelDeployment("fastapi", { spec: ModelDeployment.loadSpec("deployment.yaml"), nodePool: pool });

export const endpoint = app.endpoint;
