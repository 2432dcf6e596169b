/**
 * Rollout deadlines that agree with the probes: neither Kubernetes (`progressDeadlineSeconds`) nor
 * `pulumi up` (the await timeout) may give up on a model that the probes still allow to load.
 */
import { DEFAULT_IMAGE_PULL_HEADROOM_SECONDS, MIN_PROGRESS_DEADLINE_SECONDS } from "./defaults";
import { INT32_MAX } from "./spec/rules";
import { SpecIssue, SpecWarning } from "./spec/issues";

export interface DeadlineOptions {
  /** Overrides the computed `progressDeadlineSeconds`; must cover the probes' ready budget. */
  progressDeadlineSeconds?: number;
  /** Time for pulling the image on top of the probes' budget. @default 300 */
  imagePullHeadroomSeconds?: number;
}

export interface Deadlines {
  /** The Deployment's `spec.progressDeadlineSeconds`. */
  progressDeadlineSeconds: number;
  /** Pulumi's create/update await timeout: one progress deadline per rolling-update wave. */
  awaitTimeoutSeconds: number;
}

/**
 * `readyBudget` is how long the probes allow one pod to take to become ready. The progress
 * deadline is that plus image-pull headroom, never below Kubernetes' default of 600 s. A rolling
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
  const headroom = options.imagePullHeadroomSeconds ?? DEFAULT_IMAGE_PULL_HEADROOM_SECONDS;
  if (!Number.isInteger(headroom) || headroom < 0) {
    issues.push({ path: "imagePullHeadroomSeconds", message: `must be a whole number >= 0 (got ${headroom})` });
  }
  let progress = Math.max(MIN_PROGRESS_DEADLINE_SECONDS, readyBudget + Math.max(0, headroom));
  const override = options.progressDeadlineSeconds;
  if (override !== undefined) {
    const floor = Math.min(Math.max(1, readyBudget), INT32_MAX);
    if (!Number.isInteger(override) || override < floor || override > INT32_MAX) {
      issues.push({
        path: "progressDeadlineSeconds",
        message: `must be a whole number from ${floor} (the ${readyBudget} s the probes allow a pod to become ready) to ${INT32_MAX} (got ${override})`,
      });
    } else {
      progress = override;
    }
  }
  // Kubernetes accepts probe numbers up to int32 each, so their budget can exceed what the
  // deadline field (an int32) holds: clamp, and say so.
  if (progress > INT32_MAX) {
    warnings.push({
      path: "healthChecks",
      message: `the probes allow a pod ${readyBudget} s to become ready (initialDelaySeconds + periodSeconds x failureThreshold), more than progressDeadlineSeconds can hold: it is clamped to ${INT32_MAX} s (about 68 years)`,
    });
    progress = INT32_MAX;
  }
  return { progressDeadlineSeconds: progress, awaitTimeoutSeconds: Math.min(progress * waves, INT32_MAX) };
}
