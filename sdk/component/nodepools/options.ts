/**
 * The public options of node pools, per backend. Plain where a value decides what gets created
 * (the backend, the machine type, node counts); `pulumi.Input` where it names something another
 * resource of the program makes (the node class, the cluster, the Droplet size and tags).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { NodeSelectorRequirement, Toleration } from "../../manifests/k8s";
import type { Placement } from "../../core/scheduling";

/** The backends: `existing` creates nothing; the others create a pool. */
export const NodePoolBackendName = {
  /** Nodes you already run; nothing is created. */
  Existing: "existing",
  /** A Karpenter `karpenter.sh/v1` NodePool. */
  Karpenter: "karpenter",
  /** A DigitalOcean Kubernetes node pool. */
  DigitalOcean: "digitalocean",
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
   * What provides the nodes: `existing`, `karpenter` or `digitalocean`.
   * @default "existing"
   */
  backend?: NodePoolBackendName;
  /** For `backend: "existing"`. */
  existing?: ExistingPoolOptions;
  /** For `backend: "karpenter"`; required then. */
  karpenter?: KarpenterPoolOptions;
  /** For `backend: "digitalocean"`; required then. */
  digitalocean?: DigitalOceanPoolOptions;
}
