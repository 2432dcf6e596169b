/**
 * The endpoint beyond the Service: an optional Ingress, a PodDisruptionBudget for 2+ replicas, and
 * Gradient's protected endpoint, enforced by an auth proxy sidecar (Caddy, bcrypt) in every pod:
 * the Service sends traffic only through the proxy, while the kubelet still probes the app's own
 * port directly, so health checks need no credentials. Pure.
 */
import { createHash } from "node:crypto";
import { AUTH_PROXY_CONFIG_DIR, AUTH_PROXY_IMAGE, AUTH_PROXY_PORT, AUTH_PROXY_RESOURCES, BASIC_AUTH_USER, BCRYPT_ROUNDS, DEFAULT_INGRESS_PATH, PDB_MAX_UNAVAILABLE } from "../core/defaults";
import type { ResolvedDeployment } from "../core/resolve";
import type { Container, Ingress, PodDisruptionBudget, Secret, Volume } from "./k8s";
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
}

/** The auth proxy's container port name; the Service targets it when the endpoint is protected. */
export const AUTH_PORT_NAME = "auth";
const AUTH_VOLUME = "auth-proxy-config";

/** The proxy's port: the default, or the next one the app does not use. */
export function authProxyPort(r: ResolvedDeployment): number {
  let port = AUTH_PROXY_PORT;
  while (r.ports.some((p) => p.containerPort === port)) port++;
  return port;
}

/**
 * A bcrypt salt derived from the password and the instance, so the same secret always gives the
 * same hash: `pulumi preview` shows no change until the secret does.
 */
export function bcryptSalt(password: string, instance: string, rounds = BCRYPT_ROUNDS): string {
  const alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const digest = createHash("sha256").update(`model-deployment:${instance}:${password}`).digest();
  let salt = "";
  for (let i = 0; i < 22; i++) salt += alphabet[digest[i] % 64];
  // bcrypt's last salt character carries only 2 bits; keep it canonical.
  salt = salt.slice(0, 21) + "./Oe"[digest[21] % 4];
  return `$2a$${String(rounds).padStart(2, "0")}$${salt}`;
}

/** The proxy's Caddyfile: Basic auth for user `paperspace`, then the app on localhost. */
export function caddyfile(passwordHash: string, listenPort: number, appPort: number): string {
  return [
    "{",
    "\tadmin off",
    "\tauto_https off",
    "}",
    `:${listenPort} {`,
    "\tbasic_auth {",
    `\t\t${BASIC_AUTH_USER} ${passwordHash}`,
    "\t}",
    `\treverse_proxy 127.0.0.1:${appPort}`,
    "}",
    "",
  ].join("\n");
}

/** The sidecar and its config volume, for a protected endpoint. */
export function authProxy(r: ResolvedDeployment, naming: Naming): { container: Container; volume: Volume } | undefined {
  if (!r.basicAuth) return undefined;
  const port = authProxyPort(r);
  return {
    container: {
      name: "auth-proxy",
      image: AUTH_PROXY_IMAGE,
      ports: [{ name: AUTH_PORT_NAME, containerPort: port, protocol: "TCP" }],
      resources: { requests: { ...AUTH_PROXY_RESOURCES }, limits: { ...AUTH_PROXY_RESOURCES } },
      volumeMounts: [{ name: AUTH_VOLUME, mountPath: AUTH_PROXY_CONFIG_DIR, readOnly: true }],
    },
    volume: { name: AUTH_VOLUME, secret: { secretName: objectRefs(naming).authSecret } },
  };
}

/** The proxy's config Secret, with the hash shown as a placeholder (the component fills it in). */
export function buildAuthSecret(r: ResolvedDeployment, naming: Naming): Secret | undefined {
  if (!r.basicAuth) return undefined;
  return secretObject(r, naming, "authSecret", {
    Caddyfile: caddyfile(placeholder({ kind: "passwordHash" }), authProxyPort(r), r.ports[0].containerPort),
  });
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
    metadata: objectMeta(naming, commonLabels(naming.instance, r.spec.name)),
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
