/**
 * One HTTP probe attempt, as the kubelet makes it (its HTTP prober,
 * https://github.com/kubernetes/kubernetes/tree/master/pkg/probe/http): a new connection
 * per attempt, the kubelet's headers, no proxy, no TLS verification, one deadline over every
 * redirect hop and the body, same-host redirects followed (at most 10), a body read of at most
 * 10 KiB. Success is 200-399; a redirect that is not followed is a Warning (also a success).
 */
import * as http from "node:http";
import * as https from "node:https";
import { isIP } from "node:net";
import { goRequestTarget } from "./goUrl";
import { MAX_TIMER_MS } from "./clock";

/** The kubelet version `User-Agent` claims by default. */
export const KUBE_PROBE_VERSION = "1.31";
export const MAX_BODY_BYTES = 10240;
export const MAX_REDIRECTS = 10;
/** Go's default limit on a response's headers (`http.Transport.MaxResponseHeaderBytes` 0 → 10 MiB). */
export const MAX_RESPONSE_HEADER_BYTES = 10 << 20;
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
    let current: http.ClientRequest | undefined;
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
      headers["Connection"] = "close";
      const lib = req.url.protocol === "https:" ? https : http;
      const options: https.RequestOptions = {
        method: "GET",
        host: req.url.hostname.replace(/^\[|\]$/g, ""),
        port: Number(req.url.port || (req.url.protocol === "https:" ? 443 : 80)),
        path,
        headers,
        agent: false,
        maxHeaderSize: MAX_RESPONSE_HEADER_BYTES,
        rejectUnauthorized: false,
        ...(isIP(req.url.hostname.replace(/^\[|\]$/g, "")) ? {} : { servername: req.url.hostname }),
      };
      const hop: { url: string; status?: number } = { url: `${req.url.origin}${path}` };
      hops.push(hop);
      phase = "headers";
      try {
        current = lib.request(options, (res) => {
        const status = res.statusCode ?? 0;
        hop.status = status;
        const location = res.headers.location;
        if (FOLLOWED.has(status) && location) {
          res.resume();
          let next: URL;
          try {
            next = new URL(location, req.url);
          } catch {
            return finish({ result: "failure", output: `invalid redirect Location ${JSON.stringify(location)}` });
          }
          if (next.hostname !== first.hostname) {
            // Not followed: the 3xx itself is the result, a Warning.
            return readBody(res, status);
          }
          if (hops.length >= MAX_REDIRECTS) {
            return finish({ result: "failure", output: `Get "${next.href}": stopped after ${MAX_REDIRECTS} redirects` });
          }
          const relative = !/^[a-z][a-z0-9+.-]*:/i.test(location);
          current?.destroy();
          return send({ url: next, hostHeader: relative && specHost ? specHost : hostPort(next.hostname.replace(/^\[|\]$/g, ""), Number(next.port || (next.protocol === "https:" ? 443 : 80))) }, req.url.href);
        }
        readBody(res, status);
        });
      } catch (e) {
        // Node refuses what Go would send (a raw space in the query): the server would reject it.
        return finish({ result: "failure", output: `Get "${hop.url}": ${(e as Error).message}` });
      }
      current.on("error", (e: NodeJS.ErrnoException) => {
        if (phase === "headers") finish({ result: "failure", output: `Get "${hop.url}": ${e.code ?? ""} ${e.message}`.trim() });
        else finish({ result: "error", output: `error reading the body: ${e.message}` });
      });
      current.end();
    };

    const readBody = (res: http.IncomingMessage, status: number) => {
      phase = "body";
      const chunks: Buffer[] = [];
      let size = 0;
      const complete = () => {
        const body = Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString("utf8");
        if (status >= 200 && status < 400) {
          if (status >= 300) finish({ result: "warning", output: `Probe terminated redirects, Response body: ${body}`, statusCode: status });
          else finish({ result: "success", output: body, statusCode: status });
        } else {
          finish({ result: "failure", output: `HTTP probe failed with statuscode: ${status}`, statusCode: status });
        }
      };
      res.on("data", (chunk: Buffer) => {
        if (done) return;
        chunks.push(chunk);
        size += chunk.length;
        if (size >= MAX_BODY_BYTES) {
          complete();
        }
      });
      res.on("end", complete);
      res.on("aborted", () => finish({ result: "error", output: "error reading the body: connection reset" }));
      res.on("error", (e) => finish({ result: "error", output: `error reading the body: ${e.message}` }));
    };

    send({ url: first, hostHeader: specHost ?? hostPort(target.host, target.port) }, undefined, requestTarget);
  });
}
