/** How the workload's pods run: options shared by the component's args and the resolution. */
import type { RolloutOptions } from "./rollout";
import type { SecurityProfile } from "./security";

/** A Kubernetes quantity such as `"32Gi"`, or `false` for none. */
export type QuantityOrFalse = string | false;

/**
 * The images of our own containers, for clusters that mirror images or require digests. Each
 * must run the same program as its default (see `HELPER_IMAGES`).
 */
export interface HelperImages {
  /**
   * The auth proxy of a protected endpoint: a Caddy 2.6+ image with `caddy` on its PATH.
   * @default "caddy:2.10.2-alpine"
   */
  authProxy?: string;
  /**
   * The git-lfs integration fetcher: an image with `/bin/sh`, git and git-lfs.
   * @default "alpine/git:v2.47.2"
   */
  git?: string;
  /**
   * The s3 and spaces integration fetcher: an image with `/bin/sh` and the AWS CLI.
   * @default "amazon/aws-cli:2.22.35"
   */
  aws?: string;
}

export interface PodOptions {
  /**
   * The images of our own containers (auth proxy, integration fetchers), e.g. a mirror's or pinned
   * by digest.
   * @default HELPER_IMAGES: caddy:2.10.2-alpine, alpine/git:v2.47.2, amazon/aws-cli:2.22.35
   */
  helperImages?: HelperImages;
  /**
   * The rolling update: pods added above (`maxSurge`) and taken down below (`maxUnavailable`) the
   * replica count at a time, as numbers or percentages. Always written out; `Recreate` is not
   * offered, since switching an existing Deployment to it through Pulumi fails.
   * @default GPU machines: { maxSurge: 0, maxUnavailable: 1 } (a surge pod would need a spare GPU
   * node; with one replica a rollout takes the endpoint down); CPU machines: "25%" and "25%"
   */
  rollout?: RolloutOptions;
  /**
   * How long a stopping pod may take after SIGTERM before SIGKILL.
   * @default 30
   */
  terminationGracePeriodSeconds?: number;
  /**
   * A memory-backed `/dev/shm` of this size for the model container (NCCL needs more than the
   * runtime's 64 MiB), or `false` for none. It counts against the container's memory limit.
   * @default "16Gi" on machines with more than one GPU, else none
   */
  sharedMemory?: QuantityOrFalse;
  /**
   * How far the pods are hardened. Every container gets `allowPrivilegeEscalation: false` and the
   * `RuntimeDefault` seccomp profile, and our own containers drop every capability; `hardened`
   * drops them for the model container too; `restricted` meets the Pod Security Standard
   * "restricted" (non-root everywhere, `fsGroup` with `OnRootMismatch`); `none` leaves the model
   * container's context out, for images that need more.
   * @default "default"
   */
  securityProfile?: SecurityProfile;
  /** The pod's `runtimeClassName`, e.g. the NVIDIA container runtime's class (`nvidia`). */
  runtimeClassName?: string;
  /** The pod's `priorityClassName`. */
  priorityClassName?: string;
}
