/**
 * Security contexts, by profile. Every container we emit gets `allowPrivilegeEscalation: false`
 * and the `RuntimeDefault` seccomp profile (what Docker applies by default, so images already run
 * under it); our own containers (auth proxy, fetch helpers) also drop every capability (keeping only
 * what their binaries' file capabilities need) and get a read-only root filesystem. The model
 * container's image is the user's: root entrypoints that chown or switch users need some
 * capabilities, so dropping them all is a profile to choose. Pod Security Standards:
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/ . Pure.
 */
import { NON_ROOT_UID, RESTRICTED_FS_GROUP } from "./defaults";

/**
 * - `default`: no privilege escalation, RuntimeDefault seccomp (PSS "baseline");
 * - `hardened`: the model container also drops every capability;
 * - `restricted`: PSS "restricted": non-root everywhere, `fsGroup` with `OnRootMismatch`;
 * - `none`: the model container gets no security context (images that need more); ours keep theirs.
 */
export const SecurityProfile = {
  /** No privilege escalation, RuntimeDefault seccomp (Pod Security Standard "baseline"). */
  Default: "default",
  /** The model container also drops every capability. */
  Hardened: "hardened",
  /** Pod Security Standard "restricted": non-root everywhere, `fsGroup` with `OnRootMismatch`. */
  Restricted: "restricted",
  /** The model container gets no security context (images that need more); ours keep theirs. */
  None: "none",
} as const;
/** How far the pods are hardened (a plain string such as `"hardened"` is accepted too). */
export type SecurityProfile = (typeof SecurityProfile)[keyof typeof SecurityProfile];
export const SECURITY_PROFILES: readonly SecurityProfile[] = Object.values(SecurityProfile);

export interface SecurityContext {
  allowPrivilegeEscalation?: boolean;
  capabilities?: { drop: string[]; add?: string[] };
  readOnlyRootFilesystem?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  seccompProfile?: { type: "RuntimeDefault" };
}

export interface PodSecurityContext {
  runAsNonRoot: boolean;
  fsGroup: number;
  fsGroupChangePolicy: "OnRootMismatch";
  seccompProfile: { type: "RuntimeDefault" };
}

const BASE: SecurityContext = { allowPrivilegeEscalation: false, seccompProfile: { type: "RuntimeDefault" } };
const DROP_ALL = { capabilities: { drop: ["ALL"] } };

/** The model container's security context. */
export function modelSecurity(profile: SecurityProfile): SecurityContext | undefined {
  switch (profile) {
    case "none":
      return undefined;
    case "default":
      return { ...BASE };
    case "hardened":
      return { ...BASE, ...DROP_ALL };
    case "restricted":
      return { ...BASE, ...DROP_ALL, runAsNonRoot: true };
  }
}

/**
 * Our own containers' security context: every capability dropped but `fileCapabilities`, and a
 * read-only root filesystem (they write only to their volumes). Under `restricted` they run as a
 * fixed non-root user, since their images (Caddy, Alpine, the AWS CLI) run as root by default.
 *
 * `fileCapabilities`: the capabilities the image's binary carries as file capabilities with the
 * effective bit (`setcap cap_net_bind_service=+ep`, as Caddy's image does). The kernel refuses to
 * exec such a binary when one of them is outside the bounding set, whoever runs it ("operation not
 * permitted", `bprm_caps_from_vfs_caps` in security/commoncap.c), so they stay in the set; with
 * `allowPrivilegeEscalation: false` (no_new_privs) the process still gains none of them.
 */
export function helperSecurity(profile: SecurityProfile, fileCapabilities: readonly string[] = []): SecurityContext {
  return {
    ...BASE,
    capabilities: { drop: ["ALL"], ...(fileCapabilities.length > 0 ? { add: [...fileCapabilities] } : {}) },
    readOnlyRootFilesystem: true,
    ...(profile === "restricted" ? { runAsNonRoot: true, runAsUser: NON_ROOT_UID } : {}),
  };
}

/** The pod's security context: only under `restricted`. */
export function podSecurity(profile: SecurityProfile): PodSecurityContext | undefined {
  return profile === "restricted"
    ? { runAsNonRoot: true, fsGroup: RESTRICTED_FS_GROUP, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: { type: "RuntimeDefault" } }
    : undefined;
}
