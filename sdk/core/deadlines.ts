/**
 * Rollout deadlines that agree with the probes: neither Kubernetes (`progressDeadlineSeconds`) nor
 * `pulumi up` (the await timeout) may give up on a model that the probes still allow to load.
 */
import { DEFAULT_IMAGE_PULL_HEADROOM_SECONDS, MIN_PROGRESS_DEADLINE_SECONDS } from "./defaults";
import { INT32_MAX } from "./spec/rules";
import { describeValue, SpecIssue, SpecWarning } from "./spec/issues";

export interface DeadlineOptions {
  /** Overrides the computed `progressDeadlineSeconds`; must cover the probes' ready budget. */
  progressDeadlineSeconds?: number;
  /** Time for pulling the image on top of the probes' budget. @default 300 */
  imagePullHeadroomSeconds?: number;
  /**
   * Time for a new GPU node to join and advertise its GPUs, on top of the probes' budget: the
   * component sets it when it creates the node pool. @default 0
   */
  nodeProvisioningHeadroomSeconds?: number;
}

export interface Deadlines {
  /** The Deployment's `spec.progressDeadlineSeconds`. */
  progressDeadlineSeconds: number;
  /** Pulumi's create/update await timeout: one progress deadline per rolling-update wave. */
  awaitTimeoutSeconds: number;
}

/**
 * `readyBudget` is how long the probes allow one pod to take to become ready
 * (`readyBudgetSeconds`). The progress deadline is that plus headroom for pulling the image (and
 * for a new node, when the component creates the pool), never below Kubernetes' default of 600 s. A rolling
 * update replaces pods in `waves` (from the Deployment's strategy, `rollout.ts`), and each wave may
 * take a full deadline.
 */
export function computeDeadlines(
  readyBudget: number,
  waves: number,
  options: DeadlineOptions,
  issues: SpecIssue[],
  warnings: SpecWarning[] = [],
): Deadlines {
  const pull = options.imagePullHeadroomSeconds ?? DEFAULT_IMAGE_PULL_HEADROOM_SECONDS;
  const nodes = options.nodeProvisioningHeadroomSeconds ?? 0;
  for (const [path, value] of [
    ["imagePullHeadroomSeconds", pull],
    ["nodeProvisioningHeadroomSeconds", nodes],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > INT32_MAX) issues.push({ path, message: `must be a whole number from 0 to ${INT32_MAX} (got ${describeValue(value)})` });
  }
  const headroom = Math.max(0, pull) + Math.max(0, nodes);
  let progress = Math.max(MIN_PROGRESS_DEADLINE_SECONDS, readyBudget + headroom);
  const override = options.progressDeadlineSeconds;
  if (override !== undefined) {
    const floor = Math.min(Math.max(1, readyBudget), INT32_MAX);
    if (!Number.isInteger(override) || override < floor || override > INT32_MAX) {
      issues.push({
        path: "progressDeadlineSeconds",
        message: `must be a whole number from ${floor} (the ${readyBudget} s the probes allow a pod to become ready) to ${INT32_MAX} (got ${describeValue(override)})`,
      });
    } else {
      progress = override;
      if (override < readyBudget + headroom) {
        warnings.push({
          path: "progressDeadlineSeconds",
          message: `${override} s leaves ${override - readyBudget} s beyond the ${readyBudget} s the probes allow a pod to become ready, less than the ${headroom} s of headroom for ${
            nodes > 0 ? "a new node and " : ""
          }pulling the image: Kubernetes may mark a healthy but slow rollout as failed (ProgressDeadlineExceeded); ${readyBudget + headroom} s or more leaves room`,
        });
      }
    }
  }
  // Kubernetes accepts probe numbers up to int32 each, so their budget can exceed what the
  // deadline field (an int32) holds: clamp, and say so.
  if (progress > INT32_MAX) {
    warnings.push({
      path: "healthChecks",
      message: `the probes allow a pod ${readyBudget} s to become ready (the startup check's last possible success, then readiness), more than progressDeadlineSeconds can hold: it is clamped to ${INT32_MAX} s (about 68 years)`,
    });
    progress = INT32_MAX;
  }
  return { progressDeadlineSeconds: progress, awaitTimeoutSeconds: Math.min(progress * waves, INT32_MAX) };
}
