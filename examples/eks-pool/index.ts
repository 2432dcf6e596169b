// A dedicated EKS managed node group for one deployment: the A100-80G machine type runs on
// p4de.24xlarge (AWS sells A100 80GB only with 8 GPUs, so `pulumi preview` warns that 7 sit idle
// per replica, and that up to 8 replicas share one node). Bottlerocket's NVIDIA AMI brings the
// driver and the device plugin. Needs an existing EKS cluster, its node role, subnets in zones that
// have the instance type, the Cluster Autoscaler (1.24 or later) for scale-up, and a kubeconfig.
import * as pulumi from "@pulumi/pulumi";
import { ModelDeployment } from "model-deployment";

const config = new pulumi.Config();

const app = new ModelDeployment("fastapi", {
  spec: ModelDeployment.loadSpec("deployment.yaml"),
  dedicatedNodePool: {
    backend: "eks",
    eks: {
      clusterName: config.get("clusterName") ?? "models",
      nodeRoleArn: config.require("nodeRoleArn"),
      subnetIds: config.requireObject<string[]>("subnetIds"),
    },
  },
});

export const endpoint = app.endpoint;
export const progressDeadlineSeconds = app.progressDeadlineSeconds;
