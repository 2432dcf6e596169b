/**
 * Rollout deadlines that agree with the probes: neither Kubernetes (`progressDeadlineSeconds`) nor
 * `pulumi up` (the await timeout) may give up on a model that the probes still allow to load.
 */
import {
  DEFAULT_IMAGE_PULL_HEADROOM_SECONDS,
  MIN_PROGRESS_DEADLINE_SECONDS,
  ROLLING_UPDATE_MAX_SURGE,
} from "./defaults";
import { SpecIssue } from "./spec/issues";

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
 * update replaces pods in waves of `maxSurge` (25 %), and each wave may take a full deadline.
 */
export function computeDeadlines(
  readyBudget: number,
  replicas: number,
  options: DeadlineOptions,
  issues: SpecIssue[],
): Deadlines {
  const headroom = options.imagePullHeadroomSeconds ?? DEFAULT_IMAGE_PULL_HEADROOM_SECONDS;
  if (!Number.isInteger(headroom) || headroom < 0) {
    issues.push({ path: "imagePullHeadroomSeconds", message: `must be a whole number >= 0 (got ${headroom})` });
  }
  let progress = Math.max(MIN_PROGRESS_DEADLINE_SECONDS, readyBudget + Math.max(0, headroom));
  const override = options.progressDeadlineSeconds;
  if (override !== undefined) {
    if (!Number.isInteger(override) || override < readyBudget || override < 1) {
      issues.push({
        path: "progressDeadlineSeconds",
        message: `must be a whole number >= ${Math.max(1, readyBudget)}, the ${readyBudget} s the probes allow a pod to become ready (got ${override})`,
      });
    } else {
      progress = override;
    }
  }
  const waves = replicas <= 1 ? 1 : Math.ceil(replicas / Math.ceil(replicas * ROLLING_UPDATE_MAX_SURGE));
  return { progressDeadlineSeconds: progress, awaitTimeoutSeconds: progress * waves };
}
