/**
 * One HTTP probe attempt, as the kubelet makes it (its HTTP prober,
 * https://github.com/kubernetes/kubernetes/tree/master/pkg/probe/http): a new connection
 * per attempt, the kubelet's headers, no proxy, no TLS verification, one deadline over every
 * redirect hop and the body, same-host redirects followed (at most 10), a body read of at most
 * 10 KiB. Success is 200-399; a redirect that is not followed is a Warning (also a success).
 * The request is written as Go's client writes it, and the response read with Go's rules for
 * bodies (`GoResponseReader`): Node's HTTP client rejects responses Go accepts.
 */
import * as net from "node:net";
import { isIP } from "node:net";
import * as tls from "node:tls";
import { GoResponseReader, GO_MAX_HEADER_BYTES } from "./goResponse";
import { goRequestTarget } from "./goUrl";
import { MAX_TIMER_MS } from "./clock";

/** The kubelet version `User-Agent` claims by default. */
export const KUBE_PROBE_VERSION = "1.31";
export const MAX_BODY_BYTES = 10240;
export const MAX_REDIRECTS = 10;
/** Go's default limit on a response's headers (`http.Transport.MaxResponseHeaderBytes` 0 → 10 MiB). */
export const MAX_RESPONSE_HEADER_BYTES = GO_MAX_HEADER_BYTES;
const FOLLOWED = new Set([301, 302, 303, 307, 308]);

export type ProbeResult = "success" | "warning" | "failure" | "error";

export interface HttpTarget {
  scheme: "http" | "https";
  /** Where to connect: the pod IP in a cluster. */
  host: string;
  port: number;
  path: string;
  /** The probe's `httpHeaders`, in order (duplicates allowed). */
  headers?: Array<{ name: string; value: string }>;
}

export interface AttemptOutcome {
  result: ProbeResult;
  /** The kubelet's output text: body, status message, or the error. */
  output: string;
  statusCode?: number;
  /** Each request made: method-less URL and status. */
  hops: Array<{ url: string; status?: number }>;
}

/** Go's `http.CanonicalHeaderKey`: `x-foo` → `X-Foo`. */
export function canonicalHeader(name: string): string {
  return name
    .split("-")
    .map((p) => (p ? p[0].toUpperCase() + p.slice(1).toLowerCase() : p))
    .join("-");
}


function hostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The request as Go's `Request.write` puts it on the wire: the request line, Host, User-Agent,
 * the other headers sorted by name (`Header.writeSubset`), then `Connection: close` (the
 * kubelet's transport disables keep-alives). A value with a control character is refused, as
 * Go refuses it (`net/http: invalid header field value`): the string is that error.
 */
export function requestBytes(path: string, headers: Record<string, string | string[]>): Buffer | string {
  const lines = [`GET ${path} HTTP/1.1`, `Host: ${headers["Host"]}`];
  const ua = headers["User-Agent"];
  if (ua !== undefined && ua !== "") lines.push(`User-Agent: ${([] as string[]).concat(ua)[0]}`);
  const rest = Object.keys(headers)
    .filter((k) => k !== "Host" && k !== "User-Agent")
    .sort();
  for (const name of rest) {
    for (const value of ([] as string[]).concat(headers[name])) {
      // eslint-disable-next-line no-control-regex
      if (/[\x00-\x08\x0a-\x1f\x7f]/.test(value)) return `net/http: invalid header field value for ${JSON.stringify(name)}`;
      lines.push(`${name}: ${value.trim()}`);
    }
  }
  lines.push("Connection: close", "", "");
  return Buffer.from(lines.join("\r\n"), "utf8");
}

interface Request {
  url: URL;
  hostHeader: string;
}

/**
 * Makes one probe attempt within `timeoutMs`. Never throws. `signal` aborts it (the run is over):
 * the attempt then ends as an error.
 */
export function httpAttempt(target: HttpTarget, timeoutMs: number, userAgentVersion = KUBE_PROBE_VERSION, signal?: AbortSignal): Promise<AttemptOutcome> {
  const origin = `${target.scheme}://${hostPort(target.host, target.port)}`;
  const requestTarget = goRequestTarget(target.path);
  const hops: AttemptOutcome["hops"] = [];
  if (requestTarget === undefined) {
    return Promise.resolve({ result: "failure", output: `Get "${target.scheme}:${target.path}": http: no Host in request URL`, hops });
  }
  // The base for relative redirects (the wire path is requestTarget, exactly).
  let first: URL;
  try {
    first = new URL(`${origin}${requestTarget}`);
  } catch {
    first = new URL(origin);
  }
  // Go's Header.Get: the first Host header wins (request.go sets req.Host from it).
  const specHost = (target.headers ?? []).find((h) => canonicalHeader(h.name) === "Host")?.value || undefined;

  return new Promise<AttemptOutcome>((resolve) => {
    let done = false;
    let current: net.Socket | undefined;
    const finish = (o: Omit<AttemptOutcome, "hops">) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      current?.destroy();
      resolve({ ...o, hops });
    };
    const onAbort = () => finish({ result: "error", output: "the run ended during the attempt" });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort);
    let phase: "headers" | "body" = "headers";
    const timer = setTimeout(() => {
      // Expiry before the response headers is a Failure; while reading the body, an error.
      finish(
        phase === "headers"
          ? { result: "failure", output: `Get "${origin}${requestTarget}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` }
          : { result: "error", output: "context deadline exceeded while reading the body" },
      );
    }, Math.min(timeoutMs, MAX_TIMER_MS));

    const send = (req: Request, referer?: string, path = `${req.url.pathname}${req.url.search}`) => {
      if (done) return;
      const headers: Record<string, string | string[]> = {};
      for (const h of target.headers ?? []) {
        const name = canonicalHeader(h.name);
        if (name === "Host") continue;
        headers[name] = name in headers ? [...([] as string[]).concat(headers[name]), h.value] : h.value;
      }
      if (!("User-Agent" in headers)) headers["User-Agent"] = `kube-probe/${userAgentVersion}`;
      else if (headers["User-Agent"] === "") delete headers["User-Agent"];
      if (!("Accept" in headers)) headers["Accept"] = "*/*";
      else if (headers["Accept"] === "") delete headers["Accept"];
      if (referer) headers["Referer"] = referer;
      headers["Host"] = req.hostHeader;
      const hop: { url: string; status?: number } = { url: `${req.url.origin}${path}` };
      hops.push(hop);
      phase = "headers";
      const wire = requestBytes(path, headers);
      if (typeof wire === "string") return finish({ result: "failure", output: `Get "${hop.url}": ${wire}` });
      const hostname = req.url.hostname.replace(/^\[|\]$/g, "");
      const port = Number(req.url.port || (req.url.protocol === "https:" ? 443 : 80));
      const socket =
        req.url.protocol === "https:"
          ? tls.connect({ host: hostname, port, rejectUnauthorized: false, ...(isIP(hostname) ? {} : { servername: hostname }) })
          : net.connect({ host: hostname, port });
      current = socket;
      let body: { chunks: Buffer[]; size: number; status: number } | undefined;
      const complete = () => {
        const b = body!;
        const text = Buffer.concat(b.chunks).subarray(0, MAX_BODY_BYTES).toString("utf8");
        if (b.status >= 200 && b.status < 400) {
          if (b.status >= 300) finish({ result: "warning", output: `Probe terminated redirects, Response body: ${text}`, statusCode: b.status });
          else finish({ result: "success", output: text, statusCode: b.status });
        } else {
          finish({ result: "failure", output: `HTTP probe failed with statuscode: ${b.status}`, statusCode: b.status });
        }
      };
      const reader = new GoResponseReader({
        head: (h) => {
          const status = h.statusCode;
          hop.status = status;
          phase = "body";
          const location = h.headers.get("Location")?.[0];
          if (FOLLOWED.has(status) && location) {
            let next: URL;
            try {
              next = new URL(location, req.url);
            } catch {
              return finish({ result: "failure", output: `invalid redirect Location ${JSON.stringify(location)}` });
            }
            if (next.hostname !== first.hostname) {
              // Not followed: the 3xx itself is the result, a Warning.
              body = { chunks: [], size: 0, status };
              return;
            }
            if (hops.length >= MAX_REDIRECTS) {
              return finish({ result: "failure", output: `Get "${next.href}": stopped after ${MAX_REDIRECTS} redirects` });
            }
            const relative = !/^[a-z][a-z0-9+.-]*:/i.test(location);
            // Go closes the redirect's body unread and makes the next request.
            socket.destroy();
            return send(
              { url: next, hostHeader: relative && specHost ? specHost : hostPort(next.hostname.replace(/^\[|\]$/g, ""), Number(next.port || (next.protocol === "https:" ? 443 : 80))) },
              req.url.href,
            );
          }
          body = { chunks: [], size: 0, status };
        },
        body: (chunk) => {
          if (done || !body || current !== socket) return;
          body.chunks.push(chunk);
          body.size += chunk.length;
          // The kubelet reads at most 10 KiB (utilio.ReadAtMost) and stops there.
          if (body.size >= MAX_BODY_BYTES) complete();
        },
        end: () => {
          if (!done && body && current === socket) complete();
        },
        error: (message, at) => {
          if (current !== socket) return;
          if (at === "head") finish({ result: "failure", output: `Get "${hop.url}": ${message}` });
          else finish({ result: "error", output: `error reading the body: ${message}` });
        },
      });
      socket.on(req.url.protocol === "https:" ? "secureConnect" : "connect", () => socket.write(wire));
      socket.on("data", (d: Buffer) => reader.push(d));
      socket.on("end", () => reader.close());
      socket.on("close", () => reader.close());
      socket.on("error", (e: NodeJS.ErrnoException) => {
        if (current !== socket || reader.finished) return;
        if (phase === "headers") finish({ result: "failure", output: `Get "${hop.url}": ${e.code ?? ""} ${e.message}`.trim() });
        else finish({ result: "error", output: `error reading the body: ${e.message}` });
      });
    };

    send({ url: first, hostHeader: specHost ?? hostPort(target.host, target.port) }, undefined, requestTarget);
  });
}
