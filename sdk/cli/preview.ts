/** `model-deploy preview [FILE]`: every object `pulumi up` would create, and the probe timeline, offline. */
import { checkDeployment } from "../manifests/plan";
import { buildPreview, renderPreview } from "./present/preview";
import { formatIssue } from "../core/spec/issues";
import { CliIO, EXIT } from "./io";
import { SpecOptions, specRequest } from "./load";
import { reportIssues } from "./report";
import { styleFor } from "./style";
import { DEFAULT_NODE_PROVISIONING_HEADROOM_SECONDS } from "../core/defaults";
import type { Cloud } from "../component/nodepools/cloudInstances";
import { ownPoolPlacement } from "../component/nodepools/placement";
import { previewNodePool } from "./present/nodePool";

export interface PreviewOptions extends SpecOptions {
  output: "text" | "json";
  /** Preview the dedicated node pool the component would create on this cloud. */
  nodePool?: Cloud;
  /** With `nodePool`: the zones asked for, comma-separated. */
  zones?: string;
  /** With `nodePool`: the instance type instead of the catalog's choice. */
  instanceType?: string;
  minNodes?: string;
  maxNodes?: string;
  /** With `--node-pool aks`: the agent pool's name. */
  agentPoolName?: string;
}

/** A flag's whole number, or its text for the check to refuse with it in the message. */
const count = (v: string | undefined) => (v === undefined ? undefined : /^\d+$/.test(v) ? Number(v) : (v as unknown as number));

export function previewCommand(file: string | undefined, options: PreviewOptions, io: CliIO): number {
  const spec = specRequest(file, options, io.cwd);
  if (options.nodePool) {
    // As ModelDeployment with a dedicatedNodePool: pods on the pool, and time for a new node.
    spec.request.resolve.placement = ownPoolPlacement(`${spec.instance}-pool`);
    spec.request.resolve.nodeProvisioningHeadroomSeconds ??= DEFAULT_NODE_PROVISIONING_HEADROOM_SECONDS;
  }
  const c = checkDeployment(spec.request);
  if (!c.plan) {
    reportIssues(io, spec.label, c.errors, c.warnings);
    return EXIT.invalid;
  }
  const pool = options.nodePool
    ? previewNodePool(spec.instance, c.plan.resolved.machine, spec.request.resolve.machineTypes, c.plan.resolved.replicas, {
        cloud: options.nodePool,
        ...(options.zones !== undefined ? { zones: options.zones.split(",").map((z) => z.trim()) } : {}),
        ...(options.instanceType !== undefined ? { instanceType: options.instanceType } : {}),
        ...(options.minNodes !== undefined ? { minNodes: count(options.minNodes) } : {}),
        ...(options.maxNodes !== undefined ? { maxNodes: count(options.maxNodes) } : {}),
        ...(options.agentPoolName !== undefined ? { agentPoolName: options.agentPoolName } : {}),
      })
    : undefined;
  if (pool && pool.issues.length > 0) {
    reportIssues(io, spec.label, pool.issues, [...c.warnings, ...pool.warnings]);
    return EXIT.invalid;
  }
  const preview = buildPreview(spec.instance, c.plan, [...c.warnings, ...(pool?.warnings ?? [])].map(formatIssue));
  if (pool?.resource) preview.tree.children.unshift(pool.resource);
  io.out(options.output === "json" ? `${JSON.stringify(preview, null, 2)}\n` : renderPreview(preview, styleFor(io.color)));
  return EXIT.ok;
}
