/**
 * An HTTP/1.1 response reader with the rules of Go's `net/http` client, which the kubelet's HTTP
 * prober uses (https://github.com/kubernetes/kubernetes/blob/master/pkg/probe/http/http.go).
 * Node's own parser (llhttp) is stricter: it errors on bytes after a Content-Length body or
 * after a 204/304, even with `insecureHTTPParser`, where Go reads exactly what the framing says
 * and ignores the rest. The rules, from Go's net/http/transfer.go and transport.go
 * (https://github.com/golang/go/blob/master/src/net/http/transfer.go):
 *
 * - 1xx responses other than 101 are skipped (at most 5: `max1xxResponses`).
 * - No body for 1xx, 204 and 304 (`bodyAllowedForStatus`) whatever the headers say; a GET is never
 *   a HEAD, so every other status may have one.
 * - `Transfer-Encoding: chunked` (HTTP/1.1 and later) wins over Content-Length; any other
 *   transfer encoding, or more than one, is an error; chunked bodies are decoded and a malformed
 *   one is an error.
 * - Otherwise `Content-Length` bytes exactly (an io.LimitReader): bytes beyond it are never read;
 *   fewer, then the connection closes, is `unexpected EOF`. Several different Content-Length
 *   values, or one that is not a number, are errors.
 * - Otherwise the body runs to the connection's close.
 */

/** Go's `http.Transport` default limit on a response's headers: `MaxResponseHeaderBytes` 0 → 10 MiB. */
export const GO_MAX_HEADER_BYTES = 10 << 20;
/** Go's `max1xxResponses`. */
const MAX_1XX = 5;
/** Go's chunked reader refuses longer size lines (`maxLineLength`). */
const MAX_CHUNK_LINE = 4096;

export interface ResponseHead {
  statusCode: number;
  /** `HTTP/1.1 200 OK` → `200 OK`. */
  status: string;
  /** Canonical name → values, in order. */
  headers: Map<string, string[]>;
}

/** What the reader reports, in order: one `head`, body chunks, then `end` or `error`. */
export interface ResponseSink {
  head(h: ResponseHead): void;
  body(chunk: Buffer): void;
  end(): void;
  /** `phase`: while reading the status line and headers (Go's `client.Do` fails) or the body. */
  error(message: string, phase: "head" | "body"): void;
}

type Framing = { kind: "none" } | { kind: "length"; left: number } | { kind: "chunked" } | { kind: "close" };

type ChunkState = { at: "size" } | { at: "data"; left: number } | { at: "crlf" } | { at: "trailer" };

function canonical(name: string): string {
  return name
    .split("-")
    .map((p) => (p ? p[0].toUpperCase() + p.slice(1).toLowerCase() : p))
    .join("-");
}

/** RFC 7230 token characters: what Go's textproto accepts in a header name. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Feeds bytes in with `push`, and the connection's end with `close`. */
export class GoResponseReader {
  private buf: Buffer = Buffer.alloc(0);
  private state: "head" | "body" | "done" = "head";
  private framing: Framing = { kind: "none" };
  private chunk: ChunkState = { at: "size" };
  private informational = 0;
  private headBytes = 0;

  constructor(private readonly sink: ResponseSink) {}

  get finished(): boolean {
    return this.state === "done";
  }

  push(data: Buffer): void {
    if (this.state === "done") return; // bytes beyond the framing: Go never reads them
    this.buf = this.buf.length === 0 ? data : Buffer.concat([this.buf, data]);
    this.run();
  }

  /** The connection ended (EOF). */
  close(): void {
    if (this.state === "done") return;
    if (this.state === "head") return this.fail(this.headBytes === 0 && this.buf.length === 0 ? "EOF" : "unexpected EOF", "head");
    if (this.framing.kind === "close") return this.finish();
    this.fail("unexpected EOF", "body");
  }

  private fail(message: string, phase: "head" | "body"): void {
    this.state = "done";
    this.sink.error(message, phase);
  }

  private finish(): void {
    this.state = "done";
    this.sink.end();
  }

  private run(): void {
    while (this.state === "head") {
      const end = this.headEnd();
      if (end === undefined) {
        if (this.headBytes + this.buf.length > GO_MAX_HEADER_BYTES) this.fail(`server response headers exceeded ${GO_MAX_HEADER_BYTES} bytes; aborted`, "head");
        return;
      }
      const text = this.buf.subarray(0, end.at).toString("latin1");
      this.headBytes += end.at + end.length;
      this.buf = this.buf.subarray(end.at + end.length);
      if (this.headBytes > GO_MAX_HEADER_BYTES) return this.fail(`server response headers exceeded ${GO_MAX_HEADER_BYTES} bytes; aborted`, "head");
      this.parseHead(text);
    }
    if (this.state === "body") this.readBody();
  }

  /** Where the header block ends: the first empty line (CRLF or bare LF, as Go's textproto reads lines). */
  private headEnd(): { at: number; length: number } | undefined {
    for (let i = this.buf.indexOf(10); i !== -1; i = this.buf.indexOf(10, i + 1)) {
      const next = i + 1;
      if (this.buf[next] === 10) return { at: next, length: 1 };
      if (this.buf[next] === 13 && this.buf[next + 1] === 10) return { at: next, length: 2 };
      if (next >= this.buf.length || (this.buf[next] === 13 && next + 1 >= this.buf.length)) return undefined;
    }
    return undefined;
  }

  private parseHead(text: string): void {
    const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
    const statusLine = lines.shift() ?? "";
    // Go's ReadResponse: "HTTP/1.1 200 OK" → proto, then a 3-digit code, then the reason (optional).
    const sp = statusLine.indexOf(" ");
    if (sp === -1) return this.fail(`malformed HTTP response ${JSON.stringify(statusLine)}`, "head");
    const proto = statusLine.slice(0, sp);
    const status = statusLine.slice(sp + 1).replace(/^ +/, "");
    const version = /^HTTP\/(\d)\.(\d)$/.exec(proto);
    if (!version) return this.fail(`malformed HTTP version ${JSON.stringify(proto)}`, "head");
    const code = status.slice(0, 3);
    if (!/^\d{3}$/.test(code) || (status.length > 3 && status[3] !== " ")) return this.fail(`malformed HTTP status code ${JSON.stringify(status.split(" ")[0])}`, "head");
    const headers = new Map<string, string[]>();
    let last: string | undefined;
    for (const line of lines) {
      if (line === "") continue;
      if (/^[ \t]/.test(line)) {
        // obs-fold: a continuation of the previous header's value (textproto joins it with a space).
        if (!last) return this.fail(`malformed MIME header initial line: ${JSON.stringify(line)}`, "head");
        const values = headers.get(last)!;
        values[values.length - 1] = `${values[values.length - 1]} ${line.trim()}`;
        continue;
      }
      const colon = line.indexOf(":");
      const name = colon === -1 ? "" : line.slice(0, colon);
      if (!TOKEN.test(name)) return this.fail(`malformed MIME header line: ${line}`, "head");
      last = canonical(name);
      const list = headers.get(last) ?? [];
      list.push(line.slice(colon + 1).trim());
      headers.set(last, list);
    }
    const statusCode = Number(code);
    const framing = this.framingOf(statusCode, headers, Number(version[1]) * 10 + Number(version[2]));
    if (typeof framing === "string") return this.fail(framing, "head");
    if (statusCode >= 100 && statusCode < 200 && statusCode !== 101) {
      if (++this.informational > MAX_1XX) return this.fail("net/http: too many 1xx informational responses", "head");
      return; // read the next response
    }
    this.framing = framing;
    this.state = "body";
    this.sink.head({ statusCode, status, headers });
    if (this.framing.kind === "none" || (this.framing.kind === "length" && this.framing.left === 0)) this.finish();
  }

  /**
   * Go's `readTransfer`, in its order: the transfer encoding (HTTP/1.1 and later), then several
   * Content-Length values, both checked whatever the status; then no body for 1xx, 204 and 304;
   * then chunked; then Content-Length; else to the close. A string is the error client.Do returns.
   */
  private framingOf(statusCode: number, headers: Map<string, string[]>, version: number): Framing | string {
    const te = version >= 11 ? headers.get("Transfer-Encoding") : undefined;
    let chunked = false;
    if (te && te.length > 0) {
      if (te.length > 1) return `too many transfer encodings: ${JSON.stringify(te)}`;
      if (te[0].toLowerCase() !== "chunked") return `unsupported transfer encoding: ${JSON.stringify(te[0])}`;
      chunked = true;
    }
    const lengths = headers.get("Content-Length") ?? [];
    const first = lengths[0]?.trim();
    if (lengths.some((l) => l.trim() !== first)) return `http: message cannot contain multiple Content-Length headers; got [${lengths.map((l) => JSON.stringify(l)).join(" ")}]`; // Go's %q of a []string
    if ((statusCode >= 100 && statusCode < 200) || statusCode === 204 || statusCode === 304) return { kind: "none" };
    if (chunked) return { kind: "chunked" };
    if (first === undefined) return { kind: "close" };
    // parseContentLength: a non-negative decimal that fits 63 bits; empty is an error since Go 1.22.
    if (first === "") return `invalid empty Content-Length ${JSON.stringify(first)}`;
    if (!/^\d+$/.test(first) || BigInt(first) > 2n ** 63n - 1n) return `bad Content-Length ${JSON.stringify(first)}`;
    return { kind: "length", left: Number(first) };
  }

  private readBody(): void {
    const f = this.framing;
    while (this.state === "body" && this.buf.length > 0) {
      if (f.kind === "close") {
        const data = this.buf;
        this.buf = Buffer.alloc(0);
        this.sink.body(data);
      } else if (f.kind === "length") {
        const n = Math.min(f.left, this.buf.length);
        const data = this.buf.subarray(0, n);
        this.buf = this.buf.subarray(n);
        f.left -= n;
        if (n > 0) this.sink.body(data);
        if (f.left === 0) return this.finish();
      } else if (f.kind === "chunked") {
        if (!this.readChunked()) return;
      } else return;
    }
  }

  /** One step of Go's chunked reader (net/http/internal/chunked.go); false when it needs more bytes. */
  private readChunked(): boolean {
    const c = this.chunk;
    if (c.at === "data") {
      const n = Math.min(c.left, this.buf.length);
      const data = this.buf.subarray(0, n);
      this.buf = this.buf.subarray(n);
      c.left -= n;
      if (n > 0) this.sink.body(data);
      if (c.left === 0) this.chunk = { at: "crlf" };
      return true;
    }
    if (c.at === "crlf") {
      if (this.buf.length < 2) return false;
      if (this.buf[0] !== 13 || this.buf[1] !== 10) {
        this.fail("malformed chunked encoding", "body");
        return false;
      }
      this.buf = this.buf.subarray(2);
      this.chunk = { at: "size" };
      return true;
    }
    const nl = this.buf.indexOf(10);
    if (nl === -1) {
      if (this.buf.length >= MAX_CHUNK_LINE) this.fail("header line too long", "body");
      return false;
    }
    const line = this.buf.subarray(0, nl).toString("latin1").replace(/\r$/, "");
    this.buf = this.buf.subarray(nl + 1);
    if (c.at === "trailer") {
      if (line === "") this.finish();
      return true;
    }
    const size = line.replace(/[ \t]+$/, "").split(";")[0].replace(/[ \t]+$/, "");
    if (size === "") {
      this.fail("empty hex number for chunk length", "body");
      return false;
    }
    if (!/^[0-9a-fA-F]+$/.test(size)) {
      this.fail("invalid byte in chunk length", "body");
      return false;
    }
    if (size.length > 16) {
      this.fail("http chunk length too large", "body");
      return false;
    }
    const n = parseInt(size, 16);
    this.chunk = n === 0 ? { at: "trailer" } : { at: "data", left: n };
    return true;
  }
}
