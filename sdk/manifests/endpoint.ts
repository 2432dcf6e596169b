/**
 * The endpoint beyond the Service: an optional Ingress, a PodDisruptionBudget for 2+ replicas, and
 * Gradient's protected endpoint, enforced by an auth proxy sidecar (Caddy, bcrypt) in every pod:
 * the Service sends traffic only through the proxy, while the kubelet still probes the app's own
 * port directly, so health checks need no credentials. Pure.
 */
import { createHash } from "node:crypto";
import { AUTH_PROXY_CONFIG_DIR, AUTH_PROXY_CONFIG_FILE, AUTH_PROXY_PORT, AUTH_PROXY_RESOURCES, BASIC_AUTH_USER, BCRYPT_ROUNDS, DEFAULT_INGRESS_PATH, HELPER_SCRATCH_PATH, KEDA_SCRAPE_NAMESPACE, PDB_MAX_UNAVAILABLE } from "../core/defaults";
import type { ResolvedDeployment } from "../core/resolve";
import { helperSecurity } from "../core/security";
import type { KedaSettings } from "./autoscaling";
import type { Container, Ingress, NetworkPolicy, PodDisruptionBudget, Secret, Volume } from "./k8s";
import { Naming, commonLabels, objectMeta, objectRefs, selectorLabels } from "./naming";
import { placeholder } from "./placeholders";
import { secretObject } from "./secrets";

/** An Ingress in front of the Service. */
export interface IngressOptions {
  /** The host name clients call. */
  host: string;
  /** `spec.ingressClassName`. @default the cluster's default class */
  className?: string;
  /** A TLS Secret for the host (the endpoint is then https). */
  tlsSecretName?: string;
  /** @default "/" */
  path?: string;
  /** The Ingress's annotations (cert-manager, the controller's settings). */
  annotations?: Record<string, string>;
}

/** The auth proxy's container port name; the Service targets it when the endpoint is protected. */
export const AUTH_PORT_NAME = "auth";
const AUTH_VOLUME = "auth-proxy-config";
const AUTH_SCRATCH_VOLUME = "auth-proxy-scratch";

/**
 * The proxy's port: the default, or the next one that neither the app nor any probe uses. A probe
 * that reached the proxy would get 401 and, for liveness, restart the container forever.
 */
export function authProxyPort(r: ResolvedDeployment): number {
  const taken = new Set<number>(r.ports.map((p) => p.containerPort));
  for (const probe of Object.values(r.probes)) {
    if (typeof probe?.httpGet?.port === "number") taken.add(probe.httpGet.port);
  }
  let port = AUTH_PROXY_PORT;
  while (taken.has(port)) port++;
  return port;
}

/** bcrypt's salt: 22 characters of its base-64 alphabet (`./A-Za-z0-9`). */
export const BCRYPT_SALT_CHARACTERS = 22;
const BCRYPT_ALPHABET = /^[./A-Za-z0-9]{22}$/;

/**
 * The bcrypt salt setting for 22 random characters (the component keeps them in the stack's state
 * as a secret: a preview gives the same hash again, while no one can derive the salt, and two
 * stacks with one password get different hashes).
 */
export function bcryptSalt(random: string, rounds = BCRYPT_ROUNDS): string {
  if (!BCRYPT_ALPHABET.test(random)) throw new Error("a bcrypt salt is 22 characters of ./A-Za-z0-9");
  // The last character carries only its 2 high bits; keep it canonical (the low 4 bits zero) so the
  // hash shows the salt used.
  const last = ".Oeu"[BCRYPT_BASE64.indexOf(random[21]) >> 4];
  return `$2a$${String(rounds).padStart(2, "0")}$${random.slice(0, 21)}${last}`;
}

/** bcrypt's base-64 alphabet, in its order. */
const BCRYPT_BASE64 = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * The salt's 22 characters from the `RandomPassword`'s result: the result itself, as the provider
 * makes it (22 characters of `./A-Za-z0-9`); any other value (a test's mock that returns another
 * alphabet, another length or no result) is hashed into 22 such characters, so the endpoint still
 * gets a valid, stable salt instead of failing. Real results are used unchanged.
 */
export function saltCharacters(result: unknown): string {
  if (typeof result === "string" && BCRYPT_ALPHABET.test(result)) return result;
  const text = typeof result === "string" ? result : JSON.stringify(result ?? null);
  const bytes = createHash("sha256").update(`model-deployment bcrypt salt\0${text}`).digest();
  return Array.from({ length: BCRYPT_SALT_CHARACTERS }, (_, i) => BCRYPT_BASE64[bytes[i] % 64]).join("");
}

/**
 * A bcrypt hash as the proxy's config takes it: base64-encoded, which Caddy 2.6 requires and later
 * versions still read (2.8+ also take the hash as it is; caddyauth's HTTPBasicAuth.Provision).
 */
export function passwordHashForProxy(bcryptHash: string): string {
  return Buffer.from(bcryptHash).toString("base64");
}

/** Where the password hash goes in the proxy's config. */
const PASSWORD_SLOT = "password-hash-slot";

/**
 * The proxy's config, in Caddy's native JSON (https://caddyserver.com/docs/json/): HTTP Basic auth
 * for user `paperspace` (bcrypt), then the app on localhost without the `Authorization` header, so
 * the app never sees the endpoint's password. No admin endpoint, no automatic HTTPS.
 */
export function caddyConfig(passwordHashBase64: string, listenPort: number, appPort: number): string {
  const config = {
    admin: { disabled: true },
    apps: {
      http: {
        servers: {
          proxy: {
            listen: [`:${listenPort}`],
            automatic_https: { disable: true },
            routes: [
              {
                handle: [
                  {
                    handler: "authentication",
                    providers: { http_basic: { hash: { algorithm: "bcrypt" }, accounts: [{ username: BASIC_AUTH_USER, password: PASSWORD_SLOT }] } },
                  },
                  { handler: "reverse_proxy", upstreams: [{ dial: `127.0.0.1:${appPort}` }], headers: { request: { delete: ["Authorization"] } } },
                ],
              },
            ],
          },
        },
      },
    },
  };
  // The hash goes in as written (it may be a placeholder, which JSON would escape); base64 needs
  // no escaping.
  return `${JSON.stringify(config, null, 2).replace(JSON.stringify(PASSWORD_SLOT), () => `"${passwordHashBase64}"`)}\n`;
}

/** The command the proxy runs: Caddy with the JSON config (the image's own CMD reads a Caddyfile). */
export const AUTH_PROXY_COMMAND = ["caddy", "run", "--config", `${AUTH_PROXY_CONFIG_DIR}/${AUTH_PROXY_CONFIG_FILE}`];

/** The capabilities the proxy's binary carries as file capabilities (the Caddy image's `setcap`). */
export const AUTH_PROXY_FILE_CAPABILITIES = ["NET_BIND_SERVICE"];

/** The sidecar and its volumes (config, scratch), for a protected endpoint. */
export function authProxy(r: ResolvedDeployment, naming: Naming): { container: Container; volumes: Volume[] } | undefined {
  if (!r.basicAuth) return undefined;
  const port = authProxyPort(r);
  return {
    container: {
      name: "auth-proxy",
      image: r.helperImages.authProxy,
      command: [...AUTH_PROXY_COMMAND],
      // Caddy keeps state under HOME and the XDG directories (the image points them at /config and
      // /data): on the scratch volume, since the root filesystem is read-only.
      env: [
        { name: "HOME", value: HELPER_SCRATCH_PATH },
        { name: "XDG_CONFIG_HOME", value: `${HELPER_SCRATCH_PATH}/config` },
        { name: "XDG_DATA_HOME", value: `${HELPER_SCRATCH_PATH}/data` },
      ],
      ports: [{ name: AUTH_PORT_NAME, containerPort: port, protocol: "TCP" }],
      resources: { requests: { ...AUTH_PROXY_RESOURCES }, limits: { ...AUTH_PROXY_RESOURCES } },
      volumeMounts: [
        { name: AUTH_VOLUME, mountPath: AUTH_PROXY_CONFIG_DIR, readOnly: true },
        { name: AUTH_SCRATCH_VOLUME, mountPath: HELPER_SCRATCH_PATH },
      ],
      securityContext: helperSecurity(r.securityProfile, AUTH_PROXY_FILE_CAPABILITIES),
    },
    volumes: [
      { name: AUTH_VOLUME, secret: { secretName: objectRefs(naming).authSecret } },
      { name: AUTH_SCRATCH_VOLUME, emptyDir: {} },
    ],
  };
}

/** The proxy's config Secret, with the hash shown as a placeholder (the component fills it in). */
export function buildAuthSecret(r: ResolvedDeployment, naming: Naming): Secret | undefined {
  if (!r.basicAuth) return undefined;
  return secretObject(r, naming, "authSecret", {
    [AUTH_PROXY_CONFIG_FILE]: caddyConfig(placeholder({ kind: "passwordHash" }), authProxyPort(r), r.ports[0].containerPort),
  });
}

/**
 * For a protected endpoint: a NetworkPolicy that admits traffic to the pods only on the auth
 * proxy's port, and on the app's port from the metrics scraper behind KEDA's `requestDuration`.
 * The kubelet's probes come from the node, which most CNIs admit regardless
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/).
 */
export function buildNetworkPolicy(r: ResolvedDeployment, naming: Naming, keda: KedaSettings): NetworkPolicy | undefined {
  if (!r.basicAuth) return undefined;
  const scraped = r.autoscaling?.engine === "keda" && r.autoscaling.metrics.some((m) => m.metric === "requestDuration");
  const from = keda.scrapeFrom ?? {};
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: objectMeta(naming, commonLabels(naming.instance, r.spec.name)),
    spec: {
      podSelector: { matchLabels: selectorLabels(naming.instance) },
      policyTypes: ["Ingress"],
      ingress: [
        { ports: [{ protocol: "TCP", port: AUTH_PORT_NAME }] },
        ...(scraped
          ? [
              {
                from: [
                  {
                    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": from.namespace ?? KEDA_SCRAPE_NAMESPACE } },
                    ...(from.podLabels && Object.keys(from.podLabels).length > 0 ? { podSelector: { matchLabels: { ...from.podLabels } } } : {}),
                  },
                ],
                ports: [{ protocol: "TCP" as const, port: r.ports[0].name }],
              },
            ]
          : []),
      ],
    },
  };
}

/** A PodDisruptionBudget when 2+ replicas run, so a node drain never takes the endpoint down. */
export function buildPdb(r: ResolvedDeployment, naming: Naming): PodDisruptionBudget | undefined {
  const floor = r.autoscaling?.minReplicas ?? r.replicas;
  if (floor < 2) return undefined;
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: objectMeta(naming, commonLabels(naming.instance, r.spec.name)),
    spec: { maxUnavailable: PDB_MAX_UNAVAILABLE, selector: { matchLabels: selectorLabels(naming.instance) } },
  };
}

/** The Ingress, routing the host to the Service's `http` port. */
export function buildIngress(r: ResolvedDeployment, naming: Naming, options: IngressOptions | undefined): Ingress | undefined {
  if (!options) return undefined;
  const refs = objectRefs(naming);
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: objectMeta(naming, commonLabels(naming.instance, r.spec.name), nonEmpty(options.annotations)),
    spec: {
      ...(options.className ? { ingressClassName: options.className } : {}),
      ...(options.tlsSecretName ? { tls: [{ hosts: [options.host], secretName: options.tlsSecretName }] } : {}),
      rules: [
        {
          host: options.host,
          http: { paths: [{ path: options.path ?? DEFAULT_INGRESS_PATH, pathType: "Prefix", backend: { service: { name: refs.service, port: { name: r.ports[0].name } } } }] },
        },
      ],
    },
  };
}

/** A map when it has entries, else nothing (so an empty map changes no object). */
export function nonEmpty(map: Record<string, string> | undefined): Record<string, string> | undefined {
  return map && Object.keys(map).length > 0 ? map : undefined;
}
