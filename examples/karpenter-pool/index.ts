// A Karpenter NodePool that launches H100 nodes on demand for one or more deployments.
// Needs an EKS cluster running Karpenter v1 with an EC2NodeClass (default name "default")
// and the NVIDIA device plugin.
import * as pulumi from "@pulumi/pulumi";
import { GpuNodePool, ModelDeployment } from "model-deployment";

const config = new pulumi.Config();

const pool = new GpuNodePool("h100", {
  machineType: "H100",
  backend: "karpenter",
  maxNodes: config.getNumber("maxNodes") ?? 4,
  karpenter: { nodeClassRef: { name: config.get("nodeClass") ?? "default" } },
});

const app = new ModelDeployment("fastapi", { spec: ModelDeployment.loadSpec("deployment.yaml"), nodePool: pool });

export const endpoint = app.endpoint;
