/**
 * `GpuNodePool`: the nodes a model runs on. One pool can serve several `ModelDeployment`s (pass it
 * as their `nodePool`), or a deployment can ask for a dedicated one (`dedicatedNodePool`).
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_NODE_POOL_BACKEND } from "../core/defaults";
import type { CustomMachineType, MachineType } from "../core/machines";
import { NODE_POOL_BACKENDS } from "./nodepools/backends";
import { PoolPlan, planNodePool } from "./nodepools/plan";
import type { NodePoolBackendName, NodePoolOptions } from "./nodepools/options";
import type { ComputeOverrides, Placement } from "../core/scheduling";
import type { PoolCapacity } from "./nodepools/provisioning";
import { SpecError, formatIssue } from "../core/spec/issues";

/** Arguments of a `GpuNodePool`. */
export interface GpuNodePoolArgs extends NodePoolOptions {
  /** The Gradient machine type of every node, e.g. `A100-80G` or `H100x8`. */
  machineType: string;
  /**
   * The fewest nodes an autoscaling backend keeps.
   * @default 0
   */
  minNodes?: number;
  /**
   * The most nodes an autoscaling backend runs (Karpenter's limits follow from it).
   * @default 4
   */
  maxNodes?: number;
  /** Machine types for labels the catalog does not know (private hardware). */
  machineTypes?: Record<string, CustomMachineType>;
}

/** Each pool's resources, outside the class (a package schema has no list of any resource). */
const RESOURCES = new WeakMap<GpuNodePool, pulumi.Resource[]>();
/** Each pool's warm nodes and replicas per node, for the deadlines of the deployments on it. */
const CAPACITY = new WeakMap<GpuNodePool, PoolCapacity>();

/**
 * The key under which `ModelDeployment` hands its dedicated pool the pod's own requests (its
 * `compute`), so the instance is sized for them. Not a public argument: a shared pool is sized for
 * the machine type's share (`MACHINE_SHARE` of its vCPU and RAM).
 */
export const DEDICATED_POD_COMPUTE = Symbol("model-deployment: a dedicated pool's pod requests");

/** What a pool keeps warm and holds per node; undefined for an object that is not a `GpuNodePool`. */
export function poolCapacity(pool: unknown): PoolCapacity | undefined {
  return pool instanceof GpuNodePool ? CAPACITY.get(pool) : undefined;
}

/**
 * The nodes a model runs on: nodes you already run (`existing`), a Karpenter NodePool, or a
 * DigitalOcean, GKE, EKS or AKS node pool of one machine type, shared by the deployments that name it.
 */
export class GpuNodePool extends pulumi.ComponentResource {
  /** The machine type label of the pool's nodes. */
  public readonly machineType: string;
  /** The pool's machine: GPUs, vCPU, RAM. */
  public readonly machine: MachineType;
  /** The backend that provides the nodes. */
  public readonly backend: NodePoolBackendName;
  /** Where pods of this pool must run: known before deployment, so pods and pool always agree. */
  public readonly placement: Placement | undefined;
  /** The resources the backend created (none for `existing`). TypeScript only. */
  public get resources(): pulumi.Resource[] {
    return RESOURCES.get(this)!;
  }

  constructor(name: string, args: GpuNodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super("model-deployment:index:GpuNodePool", name, {}, opts);
    let plan: PoolPlan;
    try {
      const compute = (args as GpuNodePoolArgs & { [DEDICATED_POD_COMPUTE]?: ComputeOverrides })[DEDICATED_POD_COMPUTE];
      const planned = planNodePool(name, args, compute);
      if (!planned.plan) throw new SpecError(planned.issues, undefined, "node pool");
      plan = planned.plan;
    } catch (e) {
      if (e instanceof SpecError) throw new pulumi.ResourceError(`GpuNodePool ${name}: ${e.message}`, this);
      throw e;
    }
    this.machineType = args.machineType;
    this.machine = plan.request.machine;
    this.backend = args.backend ?? DEFAULT_NODE_POOL_BACKEND;
    this.placement = plan.placement;
    CAPACITY.set(this, { backend: plan.backend, minNodes: plan.request.minNodes, replicasPerNode: plan.replicasPerNode, ...(plan.nodeRoom ? { nodeRoom: plan.nodeRoom } : {}) });
    // Shown by `pulumi preview` and `up`, e.g. an instance type with idle GPUs.
    for (const w of plan.warnings) pulumi.log.warn(`GpuNodePool ${name}: ${formatIssue(w)}`, this);
    try {
      RESOURCES.set(this, NODE_POOL_BACKENDS[plan.backend].create(plan.request, this));
    } catch (e) {
      throw new pulumi.ResourceError(`GpuNodePool ${name}: ${(e as Error).message}`, this);
    }
    this.registerOutputs({ machineType: this.machineType, backend: this.backend });
  }
}
