/**
 * Integration content in the pod: `shared` mode fills one PersistentVolumeClaim with a Job that
 * the Deployment waits for, then every replica mounts it read-only (one download per deployment,
 * as Gradient does); `per-replica` mode downloads into an `emptyDir` with an init container per
 * integration. `volume` integrations are PersistentVolumeClaims mounted read-write. Pure.
 */
import { createHash } from "node:crypto";
import { HELPER_IMAGES, INTEGRATION_DEFAULTS } from "../core/defaults";
import type { Credential, ResolvedIntegration } from "../core/integrations";
import type { ResolvedDeployment } from "../core/resolve";
import { SecurityProfile, helperSecurity, podSecurity } from "../core/security";
import type { EnvVar, HelperContainer, Job, PersistentVolumeClaim, Volume, VolumeMount } from "./k8s";
import { Naming, commonLabels, objectMeta, objectRefs } from "./naming";
import { placeholder } from "./placeholders";

/** Where integrations are downloaded to. */
export const IntegrationMode = {
  /** One ReadWriteMany PersistentVolumeClaim, filled once by a Job the Deployment waits for. */
  Shared: "shared",
  /** An init container downloads into each pod's `emptyDir`. */
  PerReplica: "per-replica",
} as const;
/** Where integrations are downloaded to (a plain string such as `"per-replica"` is accepted too). */
export type IntegrationMode = (typeof IntegrationMode)[keyof typeof IntegrationMode];

/** How integrations are fetched and stored (component args; see `INTEGRATION_DEFAULTS`). */
export interface IntegrationOptions {
  /**
   * `shared` (one volume, filled once) or `per-replica` (each pod downloads).
   * @default "shared"
   */
  mode?: IntegrationMode;
  /** The shared volume's storage class. @default the cluster's default class */
  storageClassName?: string;
  /** The shared volume's size, and each `volume` integration's. @default "100Gi" */
  size?: string;
  /** How long the download may take. @default 1800 */
  downloadTimeoutSeconds?: number;
  /** Overrides of the helper images. */
  images?: HelperImages;
}

/** The images of the download helpers. */
export interface HelperImages {
  /** The git (and git-lfs) client. */
  git?: string;
  /** The AWS CLI, for s3 and spaces. */
  aws?: string;
}

const DATA = INTEGRATION_DEFAULTS.helperDataPath;
const volumeName = (x: ResolvedIntegration) => x.key;

function credentialEnv(name: string, c: Credential | undefined, secretRef: string): EnvVar[] {
  if (!c) return [];
  return [{ name, valueFrom: { secretKeyRef: { name: secretRef, key: "secret" in c ? c.secret : c.key } } }];
}

/** The shell script that clones a repository (with LFS files) into $DEST. Values come from env. */
export const GIT_FETCH_SCRIPT = [
  "set -eu",
  // Images that have git and git-lfs already (e.g. for a non-root user) skip the install.
  "if ! command -v git >/dev/null || ! git lfs version >/dev/null 2>&1; then apk add --no-cache git git-lfs >/dev/null; fi",
  'find "$DEST" -mindepth 1 -maxdepth 1 -exec rm -rf {} +',
  'set -- clone --depth 1',
  'if [ -n "${GIT_REF:-}" ]; then set -- "$@" --branch "$GIT_REF"; fi',
  'if [ -n "${GIT_PASSWORD:-}" ]; then set -- -c "http.extraHeader=Authorization: Basic $(printf \'%s:%s\' "${GIT_USERNAME:-git}" "$GIT_PASSWORD" | base64 | tr -d \'\\n\')" "$@"; fi',
  'if [ "$GIT_LFS" = "1" ]; then git lfs install --skip-repo >/dev/null; else export GIT_LFS_SKIP_SMUDGE=1; fi',
  'git "$@" "$GIT_URL" "$DEST"',
].join("\n");

/** The helper container that fetches one integration into `dest`. */
export function fetchContainer(
  x: ResolvedIntegration,
  mount: VolumeMount,
  secretRef: string,
  options: IntegrationOptions = {},
  profile: SecurityProfile = "default",
): HelperContainer | undefined {
  const dest = mount.mountPath;
  if (x.kind === "git") {
    return {
      name: `fetch-${volumeName(x).slice(4)}`.slice(0, 63),
      image: options.images?.git ?? HELPER_IMAGES.git,
      command: ["/bin/sh", "-c", GIT_FETCH_SCRIPT],
      env: [
        { name: "DEST", value: dest },
        { name: "GIT_URL", value: x.url },
        { name: "GIT_LFS", value: x.lfs ? "1" : "0" },
        ...(x.ref ? [{ name: "GIT_REF", value: x.ref }] : []),
        ...(x.username ? [{ name: "GIT_USERNAME", value: x.username }] : []),
        ...credentialEnv("GIT_PASSWORD", x.password, secretRef),
      ],
      volumeMounts: [mount],
      securityContext: helperSecurity(profile),
    };
  }
  if (x.kind === "s3") {
    const signed = x.accessKeyId !== undefined || x.secretAccessKey !== undefined;
    return {
      name: `fetch-${volumeName(x).slice(4)}`.slice(0, 63),
      image: options.images?.aws ?? HELPER_IMAGES.aws,
      command: ["aws"],
      args: [
        "s3",
        "sync",
        x.source,
        dest,
        "--delete",
        "--no-progress",
        ...(x.endpoint ? ["--endpoint-url", x.endpoint] : []),
        ...(x.region ? ["--region", x.region] : []),
        ...(signed ? [] : ["--no-sign-request"]),
      ],
      env: [...credentialEnv("AWS_ACCESS_KEY_ID", x.accessKeyId, secretRef), ...credentialEnv("AWS_SECRET_ACCESS_KEY", x.secretAccessKey, secretRef)],
      volumeMounts: [mount],
      securityContext: helperSecurity(profile),
    };
  }
  return undefined;
}

/**
 * The version of an integration's source: a short hash of where it comes from (URL, ref, bucket,
 * endpoint, region, and which credentials), never of a credential's value.
 */
export function sourceVersion(x: ResolvedIntegration): string {
  const { name: _name, key: _key, mountPath: _mountPath, ...source } = x;
  const credential = (c: unknown) => (c && typeof c === "object" ? ("secret" in c ? { secret: (c as { secret: string }).secret } : { key: (c as { key: string }).key }) : c);
  const shape = Object.fromEntries(Object.entries(source).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, credential(v)]));
  return createHash("sha256").update(JSON.stringify(shape)).digest("hex").slice(0, 10);
}

/** Where one version of an integration's content lives in the shared volume. */
export const versionedPath = (x: ResolvedIntegration) => `${x.name}/${sourceVersion(x)}`;

export interface IntegrationObjects {
  /** Claims to create (the shared content volume and one per `volume` integration), by key. */
  claims: Array<{ key: string; claim: PersistentVolumeClaim }>;
  /** The Job that fills the shared volume (shared mode). */
  job?: Job;
  /** What the Deployment's pod gets. */
  pod: { volumes: Volume[]; initContainers: HelperContainer[]; mounts: VolumeMount[] };
}

/** How a pod refers to a claim: its explicit name, or a placeholder the component fills in. */
export const claimRef = (naming: Naming, key: string) => (naming.objectName !== undefined ? `${naming.objectName}-${key}` : claimPlaceholder(key));

/** The object model's key of the claim with `key`. */
export const claimKey = (key: string) => `claim:${key}`;

/** The placeholder of an autonamed claim's name. */
const claimPlaceholder = (key: string) => placeholder({ kind: "name", of: claimKey(key) });

export function buildIntegrations(r: ResolvedDeployment, naming: Naming, options: IntegrationOptions = {}): IntegrationObjects | undefined {
  const list = r.integrations;
  if (list.length === 0) return undefined;
  const refs = objectRefs(naming);
  const labels = commonLabels(naming.instance, r.spec.name);
  const size = options.size ?? INTEGRATION_DEFAULTS.size;
  const claim = (key: string): PersistentVolumeClaim => ({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: objectMeta(naming, labels, undefined, naming.objectName !== undefined ? claimRef(naming, key) : undefined),
    spec: {
      accessModes: [INTEGRATION_DEFAULTS.accessMode],
      resources: { requests: { storage: size } },
      ...(options.storageClassName ? { storageClassName: options.storageClassName } : {}),
    },
  });
  const claims: IntegrationObjects["claims"] = [];
  const volumes: Volume[] = [];
  const mounts: VolumeMount[] = [];
  const initContainers: HelperContainer[] = [];

  for (const x of list.filter((i: ResolvedIntegration) => i.kind === "volume")) {
    const key = volumeName(x);
    claims.push({ key, claim: claim(key) });
    volumes.push({ name: key, persistentVolumeClaim: { claimName: claimRef(naming, key) } });
    mounts.push({ name: key, mountPath: x.mountPath });
  }

  const fetched = list.filter((i: ResolvedIntegration) => i.kind !== "volume");
  let job: Job | undefined;
  if (fetched.length > 0 && (options.mode ?? INTEGRATION_DEFAULTS.mode) === "shared") {
    claims.push({ key: "integrations", claim: claim("integrations") });
    const contentRef = claimRef(naming, "integrations");
    volumes.push({ name: "integrations", persistentVolumeClaim: { claimName: contentRef, readOnly: true } });
    // Each source is fetched into a directory named after its version: a changed source lands in a
    // new directory (the Job's template changes, so it runs again) and the pods roll onto it once it
    // is there (their mount names the version), so serving pods never read a half-written model.
    for (const x of fetched) mounts.push({ name: "integrations", mountPath: x.mountPath, subPath: versionedPath(x), readOnly: true });
    // The Job's pods must never match the Deployment's selector: another component label.
    const jobLabels = { ...labels, "app.kubernetes.io/component": "model-fetch" };
    job = {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: objectMeta(naming, jobLabels, undefined, naming.objectName !== undefined ? `${naming.objectName}-fetch` : undefined),
      spec: {
        backoffLimit: INTEGRATION_DEFAULTS.backoffLimit,
        activeDeadlineSeconds: options.downloadTimeoutSeconds ?? INTEGRATION_DEFAULTS.downloadTimeoutSeconds,
        template: {
          metadata: { labels: jobLabels },
          spec: {
            restartPolicy: "OnFailure",
            ...(podSecurity(r.securityProfile) ? { securityContext: podSecurity(r.securityProfile) } : {}),
            containers: fetched.map((x: ResolvedIntegration) => fetchContainer(x, { name: "integrations", mountPath: `${DATA}/${x.name}`, subPath: versionedPath(x) }, refs.secret, options, r.securityProfile)!),
            volumes: [{ name: "integrations", persistentVolumeClaim: { claimName: contentRef } }],
          },
        },
      },
    };
  } else {
    for (const x of fetched) {
      volumes.push({ name: volumeName(x), emptyDir: {} });
      initContainers.push(fetchContainer(x, { name: volumeName(x), mountPath: DATA }, refs.secret, options, r.securityProfile)!);
      mounts.push({ name: volumeName(x), mountPath: x.mountPath, readOnly: true });
    }
  }
  return { claims, ...(job ? { job } : {}), pod: { volumes, initContainers, mounts } };
}
