// A DOKS cluster with a small CPU pool for system pods, and a dedicated H100 node pool
// (gpu-h100x1-80gb) for the model, autoscaled from the spec's replicas.
// Needs a DigitalOcean token (`pulumi config set digitalocean:token --secret`) and GPU access.
import * as pulumi from "@pulumi/pulumi";
import * as digitalocean from "@pulumi/digitalocean";
import * as k8s from "@pulumi/kubernetes";
import { ModelDeployment } from "model-deployment";

const config = new pulumi.Config();

const cluster = new digitalocean.KubernetesCluster("models", {
  region: config.get("region") ?? "nyc2",
  version: config.get("kubernetesVersion") ?? "1.33",
  nodePool: { name: "system", size: "s-2vcpu-4gb", nodeCount: 2 },
});

const provider = new k8s.Provider("models", {
  kubeconfig: cluster.kubeConfigs.apply((c) => c?.[0]?.rawConfig ?? ""),
});

const app = new ModelDeployment(
  "fastapi",
  {
    spec: ModelDeployment.loadSpec("deployment.yaml"),
    dedicatedNodePool: { backend: "digitalocean", digitalocean: { clusterId: cluster.id } },
  },
  { providers: [provider] },
);

export const endpoint = app.endpoint;
export const clusterId = cluster.id;
