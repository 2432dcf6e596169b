/**
 * What a node pool backend provides: a pure plan (checks and placement, `<backend>Plan.ts`) and the
 * Pulumi resources it creates (`<backend>.ts`). Adding one (GKE, EKS managed node groups, ...) means
 * those two files and a line in `plan.ts` and `backends.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { MachineType } from "../../core/machines";
import type { ComputeOverrides, Placement } from "../../core/scheduling";
import type { SpecIssue, SpecWarning } from "../../core/spec/issues";
import type { NodePoolOptions } from "./options";

/** What a pool must provide. */
export interface PoolRequest {
  /** The pool's name: its node label value and the prefix of its children. */
  name: string;
  machine: MachineType;
  /** Node count bounds for autoscaling backends. */
  minNodes: number;
  maxNodes: number;
  options: NodePoolOptions;
  /**
   * The CPU and memory one pod requests, when a deployment's `compute` overrides the machine's
   * share: a dedicated pool is sized for them. A shared `GpuNodePool` sizes for the machine's share.
   */
  compute?: ComputeOverrides;
}

/** The pure half of a backend. */
export interface PoolPlanner {
  /**
   * Checks the backend's options and says where the pool's pods run (labels to require, taints to
   * tolerate), or nothing to fall back on the GPU product. Pure: creates nothing.
   */
  plan(request: PoolRequest): PlannedPool;
}

/** What a planner found: placement, problems, and what the preview should say about the pool. */
export interface PlannedPool {
  placement?: Placement;
  issues: SpecIssue[];
  /** What works but deserves a look (an instance with idle GPUs); logged by the pool. */
  warnings?: SpecWarning[];
  /** The pool's key facts for the preview, each a sentence keyed by its name (`instance`, `zones`, `scaling`). */
  facts?: Record<string, string>;
  /** How many replicas one node holds, when the backend chose the instance (else taken as 1). */
  replicasPerNode?: number;
  /** What one node leaves to pods, when the instance is in the catalog: its name, vCPU and GiB. */
  nodeRoom?: NodeRoom;
}

/** What one node of a pool leaves to pods after the kubelet's reservations. */
export interface NodeRoom {
  instance: string;
  vcpu: number;
  memoryGiB: number;
}

/** The Pulumi half of a backend. */
export interface PoolCreator {
  /** Creates the pool's resources as children of `parent`. Called only after `plan` passed. */
  create(request: PoolRequest, parent: pulumi.ComponentResource): pulumi.Resource[];
}

/** A whole backend: its plan and its resources. */
export type NodePoolBackend = PoolPlanner & PoolCreator;
