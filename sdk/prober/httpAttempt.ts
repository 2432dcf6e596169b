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

/** The kubelet version `User-Agent` claims by default. */
export const KUBE_PROBE_VERSION = "1.31";
export const MAX_BODY_BYTES = 10240;
export const MAX_REDIRECTS = 10;
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

/** The request path as the kubelet builds it: a leading `/`, a query kept (`?x` → `/?x`). */
export function probePath(path: string): string {
  if (path === "") return "/";
  return path.startsWith("/") ? path : `/${path}`;
}

function hostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

interface Request {
  url: URL;
  hostHeader: string;
}

/** Makes one probe attempt within `timeoutMs`. Never throws. */
export function httpAttempt(target: HttpTarget, timeoutMs: number, userAgentVersion = KUBE_PROBE_VERSION): Promise<AttemptOutcome> {
  const first = new URL(`${target.scheme}://${hostPort(target.host, target.port)}${probePath(target.path)}`);
  const specHost = (target.headers ?? []).filter((h) => canonicalHeader(h.name) === "Host").pop()?.value;
  const hops: AttemptOutcome["hops"] = [];

  return new Promise<AttemptOutcome>((resolve) => {
    let done = false;
    let current: http.ClientRequest | undefined;
    const finish = (o: Omit<AttemptOutcome, "hops">) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      current?.destroy();
      resolve({ ...o, hops });
    };
    let phase: "headers" | "body" = "headers";
    const timer = setTimeout(() => {
      // Expiry before the response headers is a Failure; while reading the body, an error.
      finish(
        phase === "headers"
          ? { result: "failure", output: `Get "${first.href}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` }
          : { result: "error", output: "context deadline exceeded while reading the body" },
      );
    }, timeoutMs);

    const send = (req: Request, referer?: string) => {
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
        path: `${req.url.pathname}${req.url.search}`,
        headers,
        agent: false,
        rejectUnauthorized: false,
        ...(isIP(req.url.hostname.replace(/^\[|\]$/g, "")) ? {} : { servername: req.url.hostname }),
      };
      const hop: { url: string; status?: number } = { url: req.url.href };
      hops.push(hop);
      phase = "headers";
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
      current.on("error", (e: NodeJS.ErrnoException) => {
        if (phase === "headers") finish({ result: "failure", output: `Get "${req.url.href}": ${e.code ?? ""} ${e.message}`.trim() });
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

    send({ url: first, hostHeader: specHost ?? hostPort(target.host, target.port) });
  });
}
