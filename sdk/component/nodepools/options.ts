/**
 * The public options of node pools, per backend. Plain where a value decides what gets created
 * (the backend, the machine type, node counts); `pulumi.Input` where it names something another
 * resource of the program makes (the node class, the cluster, the Droplet size and tags).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { NodeSelectorRequirement, Toleration } from "../../manifests/k8s";
import type { Placement } from "../../core/scheduling";
import type { CloudInstanceType } from "./cloudInstances";

/** The backends: `existing` creates nothing; the others create a pool. */
export const NodePoolBackendName = {
  /** Nodes you already run; nothing is created. */
  Existing: "existing",
  /** A Karpenter `karpenter.sh/v1` NodePool. */
  Karpenter: "karpenter",
  /** A DigitalOcean Kubernetes node pool. */
  DigitalOcean: "digitalocean",
  /** A GKE node pool (`gcp.container.NodePool`). */
  Gke: "gke",
  /** An EKS managed node group (`aws.eks.NodeGroup`). */
  Eks: "eks",
  /** An AKS agent pool (`azure-native` `containerservice.AgentPool`). */
  Aks: "aks",
} as const;
/** A node pool backend (a plain string such as `"karpenter"` is accepted too). */
export type NodePoolBackendName = (typeof NodePoolBackendName)[keyof typeof NodePoolBackendName];

/** Options of the `existing` backend: pods land on nodes you already run. */
export interface ExistingPoolOptions {
  /**
   * Node labels the pods require. When left out, pods select their GPU by the NVIDIA GPU feature
   * discovery label `nvidia.com/gpu.product`.
   */
  nodeLabels?: Record<string, string>;
  /** Extra tolerations for your nodes' taints (the `nvidia.com/gpu` taint is always tolerated). */
  tolerations?: Toleration[];
}

/** Options of the `karpenter` backend: a `karpenter.sh/v1` NodePool. */
export interface KarpenterPoolOptions {
  /** The node class the pool launches nodes from (e.g. your `EC2NodeClass`). */
  nodeClassRef: KarpenterNodeClassRef;
  /**
   * `karpenter.k8s.aws/instance-gpu-name` to require.
   * @default the catalog's AWS GPU name for the machine type (a100, h100, v100)
   */
  gpuName?: string;
  /**
   * `karpenter.sh/capacity-type` values.
   * @default ["on-demand"]
   */
  capacityTypes?: string[];
  /**
   * How long a node must be empty before Karpenter removes it. Nodes are only consolidated when
   * empty, so pods that are starting (or serving) are never evicted to consolidate.
   * @default "10m"
   */
  consolidateAfter?: string;
  /** Extra requirements, appended as given. */
  requirements?: NodeSelectorRequirement[];
}

/** A reference to a Karpenter node class; each field may come from the resource that defines it. */
export interface KarpenterNodeClassRef {
  /** The node class's name, e.g. `nodeClass.metadata.name` (checked not empty once known). */
  name: pulumi.Input<string>;
  /**
   * The node class's API group.
   * @default "karpenter.k8s.aws"
   */
  group?: pulumi.Input<string>;
  /**
   * The node class's kind.
   * @default "EC2NodeClass"
   */
  kind?: pulumi.Input<string>;
}

/** Options of the `digitalocean` backend: a DOKS node pool. */
export interface DigitalOceanPoolOptions {
  /** The DOKS cluster's id. */
  clusterId: pulumi.Input<string>;
  /**
   * The Droplet size slug. Required for machine types DigitalOcean does not offer. Checked to
   * carry the machine's GPUs once known.
   * @default the size of the machine type (H100 → gpu-h100x1-80gb, H100x8 → gpu-h100x8-640gb)
   */
  size?: pulumi.Input<string>;
  /** Tags of the pool's Droplets. */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
}

/** Which NVIDIA driver GKE installs on a pool's nodes (`gpuDriverInstallationConfig.gpuDriverVersion`). */
export const GkeGpuDriverVersion = {
  /** The default driver of the node's GKE version. */
  Default: "DEFAULT",
  /** The latest driver available for the node's GKE version. */
  Latest: "LATEST",
  /** None: you install the driver (e.g. with the GPU operator). */
  InstallationDisabled: "INSTALLATION_DISABLED",
} as const;
export type GkeGpuDriverVersion = (typeof GkeGpuDriverVersion)[keyof typeof GkeGpuDriverVersion];

/** How an EKS node group buys its instances. */
export const EksCapacityType = {
  /** On-Demand instances. */
  OnDemand: "ON_DEMAND",
  /** Spot instances (may be reclaimed). */
  Spot: "SPOT",
} as const;
export type EksCapacityType = (typeof EksCapacityType)[keyof typeof EksCapacityType];

/** Whether AKS installs the NVIDIA driver on a pool's nodes (`gpuProfile.driver`). */
export const AksGpuDriver = {
  /** AKS installs it. */
  Install: "Install",
  /** You do (e.g. with the GPU operator). */
  None: "None",
} as const;
export type AksGpuDriver = (typeof AksGpuDriver)[keyof typeof AksGpuDriver];

/**
 * Options of the `gke` backend: a GKE node pool with the machine's GPUs attached and their driver
 * installed by GKE. https://cloud.google.com/kubernetes-engine/docs/how-to/gpus
 */
export interface GkePoolOptions {
  /** The cluster: its name, or its id `projects/P/locations/L/clusters/C`. */
  cluster: pulumi.Input<string>;
  /** The cluster's location (region or zone); needed when `cluster` is a bare name and the provider has no default. */
  location?: pulumi.Input<string>;
  /** The cluster's project. @default the provider's project */
  project?: pulumi.Input<string>;
  /**
   * Zones of the nodes (`nodeLocations`), e.g. `["us-central1-a", "us-central1-c"]`: GPUs exist in
   * few zones of a region. @default the cluster's zones
   */
  zones?: string[];
  /**
   * The Compute Engine machine type. It must be in the catalog (built-in or `instanceTypes`), which
   * says which accelerator to attach. @default the smallest catalog type that fits one replica
   */
  machineType?: string;
  /** Your own machine types (each with its `accelerator`), considered before the built-in ones. */
  instanceTypes?: CloudInstanceType[];
  /**
   * Which NVIDIA driver GKE installs: `DEFAULT`, `LATEST` or `INSTALLATION_DISABLED` (you install it).
   * @default "DEFAULT"
   */
  gpuDriverVersion?: GkeGpuDriverVersion;
  /** Spot VMs. @default false */
  spot?: boolean;
  /** The nodes' service account. @default the Compute Engine default service account */
  serviceAccount?: pulumi.Input<string>;
}

/**
 * Options of the `eks` backend: an EKS managed node group on an NVIDIA-enabled AMI.
 * https://docs.aws.amazon.com/eks/latest/userguide/ml-eks-optimized-ami.html
 */
export interface EksPoolOptions {
  /** The EKS cluster's name. */
  clusterName: pulumi.Input<string>;
  /** The ARN of the IAM role the nodes run as (the cluster's node role). */
  nodeRoleArn: pulumi.Input<string>;
  /**
   * The subnets of the nodes; their availability zones are the pool's zones (GPU instances exist in
   * few zones: give subnets in those).
   */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The EC2 instance type. @default the smallest catalog type that fits one replica */
  instanceType?: string;
  /** Your own instance types, considered before the built-in ones. */
  instanceTypes?: CloudInstanceType[];
  /**
   * The AMI type: `BOTTLEROCKET_x86_64_NVIDIA` (driver and device plugin built in) or
   * `AL2023_x86_64_NVIDIA` (driver built in; you run the NVIDIA device plugin).
   * @default "BOTTLEROCKET_x86_64_NVIDIA" for GPU machine types, "AL2023_x86_64_STANDARD" for CPU ones
   */
  amiType?: string;
  /** `ON_DEMAND` or `SPOT`. @default "ON_DEMAND" */
  capacityType?: EksCapacityType;
}

/**
 * Options of the `aks` backend: an AKS user agent pool of a GPU VM size, its driver installed by AKS.
 * https://learn.microsoft.com/azure/aks/use-nvidia-gpu
 */
export interface AksPoolOptions {
  /** The resource group of the cluster. */
  resourceGroupName: pulumi.Input<string>;
  /** The AKS cluster's name. */
  clusterName: pulumi.Input<string>;
  /**
   * The agent pool's name: lowercase letters and digits, starting with a letter, at most 12.
   * @default the pool's name when it is one, else derived from it (its letters and digits cut to 8, and 4 hex digits of its SHA-256), the same on every run
   */
  agentPoolName?: string;
  /** Availability zones of the nodes, e.g. `["1", "2"]`. @default no zones (regional) */
  zones?: string[];
  /** The VM size. @default the smallest catalog size that fits one replica */
  vmSize?: string;
  /** Your own VM sizes, considered before the built-in ones. */
  instanceTypes?: CloudInstanceType[];
  /** Whether AKS installs the NVIDIA driver (`Install`) or you do (`None`). @default "Install" */
  gpuDriver?: AksGpuDriver;
}

/**
 * What a deployment needs of a shared node pool: its machine type and where its pods must run. A
 * `GpuNodePool` is one: TypeScript passes the pool itself (and the Deployment then depends on it).
 * Other Pulumi languages pass the two as plain data (a pool `name` created by this package places
 * pods with the node label `model-deployment/pool: name` and a toleration of the taint of that key
 * and value, `NoSchedule`), with `dependsOn` the pool.
 */
export interface NodePoolRef {
  /** The pool's machine type; it must be the spec's. */
  machineType: string;
  /** Where the pool's pods must run (the pool's `placement`); none: any node with the GPU. */
  placement?: Placement;
}

/** Options shared by every `GpuNodePool`, plus the chosen backend's. */
export interface NodePoolOptions {
  /**
   * What provides the nodes: `existing`, `karpenter`, `digitalocean`, `gke`, `eks` or `aks`.
   * @default "existing"
   */
  backend?: NodePoolBackendName;
  /** For `backend: "existing"`. */
  existing?: ExistingPoolOptions;
  /** For `backend: "karpenter"`; required then. */
  karpenter?: KarpenterPoolOptions;
  /** For `backend: "digitalocean"`; required then. */
  digitalocean?: DigitalOceanPoolOptions;
  /** For `backend: "gke"`; required then. */
  gke?: GkePoolOptions;
  /** For `backend: "eks"`; required then. */
  eks?: EksPoolOptions;
  /** For `backend: "aks"`; required then. */
  aks?: AksPoolOptions;
}
