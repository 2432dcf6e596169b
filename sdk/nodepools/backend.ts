/**
 * The interface every node pool backend implements. A backend is one file; adding one (GKE, EKS
 * managed node groups, ...) means adding a file and a line in `index.ts`, nothing else.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { MachineType } from "../machines";
import type { Placement } from "../scheduling";
import type { SpecIssue } from "../spec/issues";
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
}

export interface NodePoolBackend {
  /**
   * Checks the backend's options and says where the pool's pods run (labels to require, taints to
   * tolerate), or nothing to fall back on the GPU product. Pure: creates nothing.
   */
  plan(request: PoolRequest): { placement?: Placement; issues: SpecIssue[] };
  /** Creates the pool's resources as children of `parent`. Called only after `plan` passed. */
  create(request: PoolRequest, parent: pulumi.ComponentResource): pulumi.Resource[];
}
