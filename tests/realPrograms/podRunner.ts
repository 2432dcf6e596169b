/**
 * Runs one container of a rendered pod with the real program its image runs, as a container
 * runtime would start it on this machine, without a container runtime:
 *
 * - a private mount namespace (`unshare --mount`) and a new root (`chroot`) that holds the host's
 *   programs read-only (/usr, /etc) and, writable, only the pod's volumes at their mount paths
 *   (emptyDir: an empty directory; secret: the rendered Secret's keys as files; a claim: a directory
 *   the test gives; `subPath` honoured, created when missing as the kubelet does), so a program
 *   that writes anywhere else fails as it would on a read-only root filesystem;
 * - the user and groups of the security context (`runAsUser`, else the image's user; the primary
 *   group `runAsGroup`, else the image's group for that user, else 0; `fsGroup` as a supplementary
 *   group, owning the volumes as the kubelet makes it), `no_new_privs` from
 *   `allowPrivilegeEscalation: false`, and the capability bounding set from `capabilities`
 *   (containerd's default set, minus `drop`, plus `add`), all applied by `setpriv`;
 * - the file capabilities the image's binaries carry (`setcap`), on a copy of the host's binary;
 * - the command and args with `$(VAR)` expanded as the kubelet does, the image's env, then the
 *   container's env (Secret values taken from the rendered Secret), HOME as the runtime sets it
 *   (the env's, else the user's home in /etc/passwd, else `/`) and HOSTNAME the pod's name.
 *
 * Not modelled: seccomp, AppArmor, cgroups (resource limits), a separate network namespace (the
 * container shares the host's loopback, where the tests' servers listen). Needs root.
 * https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 */
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expandCommand, expandString } from "../../sdk/core/expansion";

/** containerd's default capabilities (oci.DefaultCapabilities; Docker's are the same). */
export const RUNTIME_DEFAULT_CAPABILITIES = [
  "CHOWN",
  "DAC_OVERRIDE",
  "FSETID",
  "FOWNER",
  "MKNOD",
  "NET_RAW",
  "SETGID",
  "SETUID",
  "SETFCAP",
  "SETPCAP",
  "NET_BIND_SERVICE",
  "SYS_CHROOT",
  "KILL",
  "AUDIT_WRITE",
];

/** What an image holds that changes how its program runs. */
export interface ImageProfile {
  /** The image's USER and its group. */
  user: { uid: number; gid: number };
  /** The image's ENV (PATH first). */
  env: Record<string, string>;
  /** Binaries with file capabilities: the path in the image, the host program, `setcap`'s text. */
  fileCapabilities?: Array<{ path: string; hostProgram: string; capabilities: string }>;
  /** Users the image's /etc/passwd has besides root: uid to [gid, home]. */
  users?: Record<number, { gid: number; home: string }>;
}

const PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * The images of our own containers, as their Dockerfiles build them: Caddy's
 * (https://github.com/caddyserver/caddy-docker, `setcap cap_net_bind_service=+ep /usr/bin/caddy`,
 * XDG directories at /config and /data), alpine/git (root, git and git-lfs), amazon/aws-cli (root).
 */
export const IMAGE_PROFILES = {
  caddy: {
    user: { uid: 0, gid: 0 },
    env: { PATH, XDG_CONFIG_HOME: "/config", XDG_DATA_HOME: "/data" },
    fileCapabilities: [{ path: "/usr/bin/caddy", hostProgram: "/usr/bin/caddy", capabilities: "cap_net_bind_service=+ep" }],
  },
  git: { user: { uid: 0, gid: 0 }, env: { PATH }, users: { 1000: { gid: 1000, home: "/home/git-user" } } },
  aws: { user: { uid: 0, gid: 0 }, env: { PATH } },
} satisfies Record<string, ImageProfile>;

type Obj = Record<string, any>;

export interface ContainerRun {
  /** The container's process (the program itself: every wrapper execs). */
  child: ChildProcess;
  /** Everything it wrote, so far. */
  output(): string;
  /** Resolves when it exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface RunOptions {
  /** The rendered pod spec (a Deployment's or Job's `spec.template.spec`). */
  pod: Obj;
  /** The pod's name (HOSTNAME). */
  podName: string;
  /** Which container (or init container) to run. */
  container: string;
  /** What its image holds. */
  image: ImageProfile;
  /** The rendered Secrets, for `secretKeyRef` and secret volumes. */
  secrets?: Obj[];
  /** Host directories standing for the pod's claims, by claim name. */
  claims?: Record<string, string>;
  /** Host directories to use for volumes (any type) by volume name, so a test can look inside. */
  volumes?: Record<string, string>;
  /**
   * What to run instead of the container's command and args, already expanded (an exec probe's
   * command, which the kubelet expands with the static env only).
   */
  command?: string[];
  /** The image's trusted CA bundle (PEM), for servers with a test certificate. */
  caBundle?: string;
  /** Extra environment for the program, as an image's ENV would give it (e.g. AWS config paths). */
  imageEnv?: Record<string, string>;
}

/** The programs and rights the runner needs, with what is missing. */
export function runnerProblems(): string[] {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push("root (the container runs in its own mount namespace)");
  for (const p of ["/usr/bin/unshare", "/usr/bin/setpriv", "/usr/sbin/setcap", "/usr/sbin/chroot"]) if (!existsSync(p)) missing.push(p);
  return missing;
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function secretValue(secrets: Obj[], name: string, key: string): string {
  const secret = secrets.find((s) => s.metadata?.name === name);
  if (!secret) throw new Error(`no rendered Secret named ${name}`);
  if (secret.stringData?.[key] !== undefined) return String(secret.stringData[key]);
  if (secret.data?.[key] !== undefined) return Buffer.from(String(secret.data[key]), "base64").toString();
  throw new Error(`Secret ${name} has no key ${key}`);
}

const BINARY_COPIES = new Map<string, string>();

/** A copy of a host program with file capabilities set, made once per process. */
function capableCopy(hostProgram: string, capabilities: string): string {
  const id = `${hostProgram} ${capabilities}`;
  let copy = BINARY_COPIES.get(id);
  if (!copy) {
    copy = join(mkdtempSync(join(tmpdir(), "filecaps-")), "program");
    copyFileSync(hostProgram, copy);
    chmodSync(copy, 0o755);
    execFileSync("/usr/sbin/setcap", [capabilities, copy]);
    BINARY_COPIES.set(id, copy);
  }
  return copy;
}

/**
 * A missing `subPath`, made as the kubelet makes it: each missing directory owned by root with
 * the volume root's mode, less the kubelet's umask 022 (`SafeMakeDir` in
 * pkg/volume/util/subpath/subpath_linux.go, called from makeMounts in kubelet_pods.go).
 */
function makeSubPath(base: string, subPath: string): void {
  const mode = (statSync(base).mode & 0o7777) & ~0o022;
  let dir = base;
  for (const part of subPath.split("/").filter(Boolean)) {
    dir = join(dir, part);
    if (existsSync(dir)) continue;
    mkdirSync(dir);
    chmodSync(dir, mode);
  }
}

/** Starts the container; its volumes and root live in a temp directory removed when it exits. */
export function runContainer(options: RunOptions): ContainerRun {
  const { pod } = options;
  const all = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
  const c = all.find((x: Obj) => x.name === options.container);
  if (!c) throw new Error(`no container ${options.container} in the pod`);
  const podSc = pod.securityContext ?? {};
  const sc = c.securityContext ?? {};
  const image = options.image;
  const work = mkdtempSync(join(tmpdir(), `pod-${options.container}-`));
  const root = join(work, "root");
  mkdirSync(root);
  const fsGroup: number | undefined = podSc.fsGroup;

  // The user, as the runtime picks it.
  const uid: number = sc.runAsUser ?? podSc.runAsUser ?? image.user.uid;
  const known = uid === 0 ? { gid: 0, home: "/root" } : uid === image.user.uid ? { gid: image.user.gid, home: "/" } : image.users?.[uid];
  const gid: number = sc.runAsGroup ?? podSc.runAsGroup ?? known?.gid ?? 0;
  if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) && uid === 0) throw new Error(`${options.container}: runAsNonRoot with a root user: the kubelet refuses to start it`);
  const groups = [...(podSc.supplementalGroups ?? []), ...(fsGroup !== undefined ? [fsGroup] : [])];

  // The environment, as the kubelet and the runtime make it.
  const env: Array<{ name: string; value: string }> = Object.entries({ ...image.env, ...options.imageEnv }).map(([name, value]) => ({ name, value }));
  const set = (name: string, value: string) => {
    const i = env.findIndex((e) => e.name === name);
    if (i >= 0) env.splice(i, 1);
    env.push({ name, value });
  };
  set("HOSTNAME", options.podName);
  for (const e of c.env ?? []) {
    if (e.valueFrom?.secretKeyRef) set(e.name, secretValue(options.secrets ?? [], e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key));
    else if (e.valueFrom) throw new Error(`${e.name}: only secretKeyRef is modelled`);
    else set(e.name, expandString(e.value ?? "", env));
  }
  if (!env.some((e) => e.name === "HOME")) set("HOME", known?.home ?? "/");
  const argv = options.command ?? expandCommand([...(c.command ?? []), ...(c.args ?? [])], env);
  if (argv.length === 0) throw new Error(`${options.container}: no command (the image's entrypoint is not modelled)`);

  // The volumes, by name.
  const sources = new Map<string, string>();
  for (const v of pod.volumes ?? []) {
    const given = options.volumes?.[v.name];
    const dir = given ?? join(work, "volumes", v.name);
    if (given && !v.persistentVolumeClaim) {
      if (v.emptyDir) chmodSync(dir, 0o777);
    } else if (v.emptyDir) {
      mkdirSync(dir, { recursive: true });
      chmodSync(dir, 0o777); // the kubelet makes emptyDir world-writable
    } else if (v.secret) {
      mkdirSync(dir, { recursive: true });
      const secret = (options.secrets ?? []).find((s) => s.metadata?.name === v.secret.secretName);
      if (!secret) throw new Error(`no rendered Secret named ${v.secret.secretName}`);
      for (const key of [...Object.keys(secret.stringData ?? {}), ...Object.keys(secret.data ?? {})]) {
        writeFileSync(join(dir, key), secretValue([secret], secret.metadata.name, key), { mode: 0o644 });
      }
    } else if (v.persistentVolumeClaim) {
      const host = given ?? options.claims?.[v.persistentVolumeClaim.claimName];
      if (!host) throw new Error(`no host directory for claim ${v.persistentVolumeClaim.claimName}`);
      sources.set(v.name, host);
      // fsGroup: the kubelet gives the volume's root to the group, setgid, group-writable.
      if (fsGroup !== undefined) {
        chownSync(host, 0, fsGroup);
        chmodSync(host, 0o2775);
      }
      continue;
    } else {
      throw new Error(`volume ${v.name}: only emptyDir, secret and persistentVolumeClaim are modelled`);
    }
    if (fsGroup !== undefined) chownSync(dir, 0, fsGroup);
    sources.set(v.name, dir);
  }

  const script: string[] = ["set -e", `R=${shq(root)}`, 'mount -t tmpfs -o mode=755 tmpfs "$R"'];
  script.push('mkdir "$R/usr"; mount --rbind /usr "$R/usr"; mount -o remount,bind,ro "$R/usr"');
  script.push('for l in bin lib lib64 sbin; do ln -s "usr/$l" "$R/$l"; done');
  // /etc: each entry of the host's, read-only, in a directory of its own so mount points can be made.
  script.push(
    'mkdir "$R/etc"; mount -t tmpfs -o mode=755 tmpfs "$R/etc"',
    'for e in /etc/* /etc/.[!.]*; do',
    '  [ -e "$e" ] || [ -L "$e" ] || continue; n="$R/etc/${e#/etc/}"',
    '  if [ -L "$e" ]; then cp -P "$e" "$n"; elif [ -d "$e" ]; then mkdir "$n"; mount --rbind "$e" "$n"; mount -o remount,bind,ro "$n"',
    '  else touch "$n"; mount --bind "$e" "$n"; mount -o remount,bind,ro "$n"; fi',
    "done",
  );
  script.push('mkdir "$R/proc" "$R/dev" "$R/tmp"; chmod 1777 "$R/tmp"; mount -t proc proc "$R/proc"; mount --rbind /dev "$R/dev"');
  for (const f of image.fileCapabilities ?? []) {
    script.push(`mount --bind ${shq(capableCopy(f.hostProgram, f.capabilities))} "$R"${shq(f.path)}`);
  }
  if (options.caBundle !== undefined) {
    const bundle = join(work, "ca-certificates.crt");
    writeFileSync(bundle, options.caBundle);
    script.push(`mount --bind ${shq(bundle)} "$R/etc/ssl/certs/ca-certificates.crt"`);
  }
  for (const m of c.volumeMounts ?? []) {
    const base = sources.get(m.name);
    if (!base) throw new Error(`${options.container}: mount of unknown volume ${m.name}`);
    const from = m.subPath ? join(base, m.subPath) : base;
    if (m.subPath && !existsSync(from)) makeSubPath(base, m.subPath);
    script.push(`mkdir -p "$R"${shq(m.mountPath)}`, `mount --bind ${shq(from)} "$R"${shq(m.mountPath)}`);
    if (m.readOnly) script.push(`mount -o remount,bind,ro "$R"${shq(m.mountPath)}`);
  }
  // A read-only root filesystem leaves only the volumes writable; otherwise the image's layer is
  // writable (here an empty one: the host's programs stay read-only either way).
  if (sc.readOnlyRootFilesystem) script.push('mount -o remount,ro "$R/etc"', 'mount -o remount,ro "$R"');

  const capabilities = sc.capabilities?.drop?.includes("ALL")
    ? (sc.capabilities?.add ?? [])
    : [...RUNTIME_DEFAULT_CAPABILITIES.filter((x) => !(sc.capabilities?.drop ?? []).includes(x)), ...(sc.capabilities?.add ?? [])];
  const setpriv = [
    "/usr/bin/setpriv",
    `--reuid=${uid}`,
    `--regid=${gid}`,
    groups.length > 0 ? `--groups=${groups.join(",")}` : "--clear-groups",
    "--inh-caps=-all",
    `--bounding-set=-all${capabilities.map((x: string) => `,+${x.toLowerCase()}`).join("")}`,
    ...(sc.allowPrivilegeEscalation === false ? ["--no-new-privs"] : []),
    "--",
  ];
  // The environment goes through the process environment, never argv (where `ps` would show a
  // Secret's value, and the tests look for exactly that).
  script.push(`cd "$R"`, `exec /usr/sbin/chroot "$R" /usr/bin/env -u PWD -u OLDPWD ${setpriv.map(shq).join(" ")} ${argv.map(shq).join(" ")}`);

  const child = spawn("/usr/bin/unshare", ["--mount", "--propagation", "private", "/bin/sh", "-c", script.join("\n")], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: Object.fromEntries(env.map((e) => [e.name, e.value])),
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on("close", (code, signal) => {
      rmSync(work, { recursive: true, force: true });
      resolve({ code, signal, output });
    }),
  );
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      /* gone already */
    }
  };
  return {
    child,
    output: () => output,
    exited,
    stop: async (graceMs = 2000) => {
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The env line of `name` in a rendered container, or undefined. */
export function envOf(container: Obj, name: string): string | undefined {
  return (container.env ?? []).find((e: Obj) => e.name === name)?.value;
}

