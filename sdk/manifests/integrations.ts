/**
 * Integration content in the pod: `shared` mode fills one PersistentVolumeClaim with a Job that
 * the Deployment waits for, then every replica mounts it read-only (one download per deployment,
 * as Gradient does); `per-replica` mode downloads into an `emptyDir` with an init container per
 * integration. `volume` integrations are PersistentVolumeClaims mounted read-write. Pure.
 */
import { createHash } from "node:crypto";
import { HELPER_SCRATCH_PATH, INTEGRATION_DEFAULTS } from "../core/defaults";
import type { Credential, ResolvedIntegration } from "../core/integrations";
import type { ResolvedDeployment } from "../core/resolve";
import { helperSecurity, podSecurity } from "../core/security";
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
}

const DATA = INTEGRATION_DEFAULTS.helperDataPath;
const SCRATCH_VOLUME = "fetch-scratch";
const volumeName = (x: ResolvedIntegration) => x.key;

function credentialEnv(name: string, c: Credential | undefined, secretRef: string): EnvVar[] {
  if (!c) return [];
  return [{ name, valueFrom: { secretKeyRef: { name: secretRef, key: "secret" in c ? c.secret : c.key } } }];
}

/*
 * The fetch scripts (POSIX sh: busybox in alpine/git, bash in amazon/aws-cli). Each fetches one
 * source into a private directory beside its final place, then renames it into place, so a reader
 * only ever sees a whole model: `$FETCH_ROOT/$FETCH_PATH` exists and is not empty only once it is
 * complete. A run that finds it complete does nothing (a re-run never touches what pods serve); a
 * run killed half-way leaves only its private directory. The kubelet may create the final
 * directory empty (a pod that mounts it before it exists): that one is replaced.
 */
const FETCH_PROLOGUE = [
  "set -eu",
  'final="$FETCH_ROOT/$FETCH_PATH"',
  'partial="$(dirname "$final")/.$(basename "$final").partial-${HOSTNAME:-local}"',
  // Private directories of runs that cannot be alive any more (older than the Job's deadline).
  "sweep() {",
  '  if [ -n "${FETCH_STALE_AFTER_MINUTES:-}" ]; then find "$(dirname "$final")" -mindepth 1 -maxdepth 1 -name ".$(basename "$final").partial-*" -mmin "+$FETCH_STALE_AFTER_MINUTES" -exec rm -rf {} +; fi',
  "}",
  'if [ -d "$final" ] && [ -n "$(ls -A "$final")" ]; then echo "model-fetch: $FETCH_PATH is complete already; nothing to do"; sweep; exit 0; fi',
  'mkdir -p "$(dirname "$final")"',
];
const FETCH_EPILOGUE = [
  'rmdir "$final" 2>/dev/null || true',
  'if [ -e "$final" ]; then echo "model-fetch: $FETCH_PATH was completed by another run; keeping it"; rm -rf "$partial"; exit 0; fi',
  'mv "$partial" "$final"',
  'echo "model-fetch: $FETCH_PATH complete"',
  "sweep",
];

/**
 * Clones a repository (`$GIT_URL`, `$GIT_REF`) and, with `$GIT_LFS=1`, its LFS files. The token
 * (`$GIT_PASSWORD`) reaches git and git-lfs through a credential helper that reads the
 * environment, so it is never in a process's argv, and only the servers that ask for it get it
 * (not the storage that LFS downloads redirect to). LFS files are fetched into `.git/lfs` and each
 * working-tree file becomes a hard link to its object, so the content is stored once; `.git` is
 * removed at the end. git-lfs is configured on the command line, so no HOME is written.
 */
export const GIT_FETCH_SCRIPT = [
  ...FETCH_PROLOGUE,
  'command -v git >/dev/null || { echo "model-fetch: this image has no git" >&2; exit 1; }',
  'if [ "$GIT_LFS" = 1 ] && ! git lfs version >/dev/null 2>&1; then echo "model-fetch: this image has no git-lfs" >&2; exit 1; fi',
  'rm -rf "$partial"',
  "git_() {",
  '  if [ -n "${GIT_PASSWORD:-}" ]; then',
  '    git -c credential.helper= -c \'credential.helper=!f() { test "$1" = get || exit 0; echo "username=${GIT_USERNAME:-git}"; echo "password=${GIT_PASSWORD}"; }; f\' "$@"',
  "  else",
  '    git "$@"',
  "  fi",
  "}",
  "export GIT_LFS_SKIP_SMUDGE=1 GIT_TERMINAL_PROMPT=0",
  "set -- clone --depth 1 --no-tags",
  'if [ -n "${GIT_REF:-}" ]; then set -- "$@" --branch "$GIT_REF"; fi',
  'git_ "$@" -- "$GIT_URL" "$partial"',
  'if [ "$GIT_LFS" = 1 ]; then',
  '  (cd "$partial" && git_ lfs fetch && git lfs ls-files --long > .git/lfs-files)',
  '  while read -r oid _ file; do',
  '    ln -f "$partial/.git/lfs/objects/$(printf %s "$oid" | cut -c1-2)/$(printf %s "$oid" | cut -c3-4)/$oid" "$partial/$file"',
  '  done < "$partial/.git/lfs-files"',
  "fi",
  'rm -rf "$partial/.git"',
  ...FETCH_EPILOGUE,
].join("\n");

/**
 * Syncs a bucket prefix (`$1`, then `aws s3 sync`'s options) with the AWS CLI; credentials come
 * from the environment. A restarted container resumes into its own private directory.
 */
export const S3_FETCH_SCRIPT = [
  ...FETCH_PROLOGUE,
  'src="$1"',
  "shift",
  'mkdir -p "$partial"',
  'aws s3 sync "$src" "$partial" --no-progress --delete "$@"',
  ...FETCH_EPILOGUE,
].join("\n");

/**
 * The helper container that fetches one integration into `$root/<versionedPath>`. With
 * `staleAfterSeconds` (a Job's deadline: no run of it lives longer), it also removes private
 * directories that old, left by killed runs.
 */
export function fetchContainer(
  x: ResolvedIntegration,
  mount: VolumeMount,
  secretRef: string,
  r: Pick<ResolvedDeployment, "helperImages" | "securityProfile">,
  staleAfterSeconds?: number,
): HelperContainer | undefined {
  const common = {
    name: `fetch-${volumeName(x).slice(4)}`.slice(0, 63),
    volumeMounts: [mount, { name: SCRATCH_VOLUME, mountPath: HELPER_SCRATCH_PATH }],
    securityContext: helperSecurity(r.securityProfile),
  };
  const place: EnvVar[] = [
    { name: "FETCH_ROOT", value: mount.mountPath },
    { name: "FETCH_PATH", value: versionedPath(x) },
    // The root filesystem is read-only: HOME and temporary files on the scratch volume.
    { name: "HOME", value: HELPER_SCRATCH_PATH },
    { name: "TMPDIR", value: HELPER_SCRATCH_PATH },
    ...(staleAfterSeconds !== undefined ? [{ name: "FETCH_STALE_AFTER_MINUTES", value: String(Math.ceil(staleAfterSeconds / 60) + 1) }] : []),
  ];
  if (x.kind === "git") {
    return {
      ...common,
      image: r.helperImages.git,
      command: ["/bin/sh", "-c", GIT_FETCH_SCRIPT],
      env: [
        ...place,
        { name: "GIT_URL", value: x.url },
        { name: "GIT_LFS", value: x.lfs ? "1" : "0" },
        ...(x.ref ? [{ name: "GIT_REF", value: x.ref }] : []),
        ...(x.username ? [{ name: "GIT_USERNAME", value: x.username }] : []),
        ...credentialEnv("GIT_PASSWORD", x.password, secretRef),
      ],
    };
  }
  if (x.kind === "s3") {
    const signed = x.accessKeyId !== undefined || x.secretAccessKey !== undefined;
    return {
      ...common,
      image: r.helperImages.aws,
      command: ["/bin/sh", "-c", S3_FETCH_SCRIPT, "model-fetch"],
      args: [x.source, ...(x.endpoint ? ["--endpoint-url", x.endpoint] : []), ...(x.region ? ["--region", x.region] : []), ...(signed ? [] : ["--no-sign-request"])],
      env: [...place, ...credentialEnv("AWS_ACCESS_KEY_ID", x.accessKeyId, secretRef), ...credentialEnv("AWS_SECRET_ACCESS_KEY", x.secretAccessKey, secretRef)],
    };
  }
  return undefined;
}

/**
 * The layout of the fetched content: part of every version, so content written by an earlier
 * layout (fetched in place, possibly half-written) is never taken for a complete fetch.
 */
const CONTENT_LAYOUT = 2;

/**
 * The version of an integration's source: a short hash of where it comes from (URL, ref, bucket,
 * endpoint, region, and which credentials), never of a credential's value.
 */
export function sourceVersion(x: ResolvedIntegration): string {
  const { name: _name, key: _key, mountPath: _mountPath, ...source } = x;
  const credential = (c: unknown) => (c && typeof c === "object" ? ("secret" in c ? { secret: (c as { secret: string }).secret } : { key: (c as { key: string }).key }) : c);
  const shape = Object.fromEntries(Object.entries(source).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, credential(v)]));
  return createHash("sha256").update(JSON.stringify({ layout: CONTENT_LAYOUT, ...shape })).digest("hex").slice(0, 10);
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

/**
 * `serviceAccountName` is the model pods' service account: the fetch Job's pod runs as it too, so
 * a download authorised by the pods' identity (IRSA, GKE Workload Identity, AKS Workload Identity)
 * works in shared mode as it does in per-replica mode (where the init containers share the pod).
 */
export function buildIntegrations(r: ResolvedDeployment, naming: Naming, options: IntegrationOptions = {}, serviceAccountName?: string): IntegrationObjects | undefined {
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
    const deadline = options.downloadTimeoutSeconds ?? INTEGRATION_DEFAULTS.downloadTimeoutSeconds;
    // The Job's pods must never match the Deployment's selector: another component label.
    const jobLabels = { ...labels, "app.kubernetes.io/component": "model-fetch" };
    job = {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: objectMeta(naming, jobLabels, undefined, naming.objectName !== undefined ? `${naming.objectName}-fetch` : undefined),
      spec: {
        backoffLimit: INTEGRATION_DEFAULTS.backoffLimit,
        activeDeadlineSeconds: deadline,
        template: {
          metadata: { labels: jobLabels },
          spec: {
            restartPolicy: "OnFailure",
            ...(serviceAccountName !== undefined ? { serviceAccountName } : {}),
            ...(podSecurity(r.securityProfile) ? { securityContext: podSecurity(r.securityProfile) } : {}),
            containers: fetched.map((x: ResolvedIntegration) => fetchContainer(x, { name: "integrations", mountPath: DATA }, refs.secret, r, deadline)!),
            volumes: [{ name: "integrations", persistentVolumeClaim: { claimName: contentRef } }, { name: SCRATCH_VOLUME, emptyDir: {} }],
          },
        },
      },
    };
  } else {
    for (const x of fetched) {
      volumes.push({ name: volumeName(x), emptyDir: {} });
      initContainers.push(fetchContainer(x, { name: volumeName(x), mountPath: DATA }, refs.secret, r)!);
      mounts.push({ name: volumeName(x), mountPath: x.mountPath, subPath: versionedPath(x), readOnly: true });
    }
    if (fetched.length > 0) volumes.push({ name: SCRATCH_VOLUME, emptyDir: {} });
  }
  return { claims, ...(job ? { job } : {}), pod: { volumes, initContainers, mounts } };
}
