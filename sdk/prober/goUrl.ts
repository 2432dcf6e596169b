/**
 * The request target (`GET <target>`) the kubelet sends for an HTTP check's `path`, reproducing
 * what Go does with it: `formatURL` in pkg/probe/http/request.go parses the path with
 * `url.Parse` (on failure it keeps it as a raw `Path`, "too late to reject it"), sets the scheme
 * and host, and `http.NewRequest` parses `url.String()` again. The escaping rules are Go's
 * `net/url` (https://pkg.go.dev/net/url, `shouldEscape`, `validEncoded`, `EscapedPath`,
 * `RequestURI`), so a path Node's WHATWG parser would treat otherwise (`\`, `%zz`, `!`) goes on
 * the wire as the kubelet sends it.
 */

const HEX = "0123456789ABCDEF";
const isAlnum = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** Go's `shouldEscape(c, encodePath)`. */
function shouldEscapePath(c: number): boolean {
  if (isAlnum(c)) return false;
  switch (String.fromCharCode(c)) {
    case "-":
    case "_":
    case ".":
    case "~":
      return false;
    case "$":
    case "&":
    case "+":
    case ",":
    case "/":
    case ":":
    case ";":
    case "=":
    case "@":
      return false;
    case "?":
      return true;
  }
  return true;
}

/** Go's `escape(s, encodePath)`, over the string's UTF-8 bytes. */
function escapePath(bytes: Buffer): string {
  let out = "";
  for (const c of bytes) out += shouldEscapePath(c) ? `%${HEX[c >> 4]}${HEX[c & 15]}` : String.fromCharCode(c);
  return out;
}

/** Go's `unescape(s, encodePath)`: undefined for a malformed `%` escape. */
function unescapePath(s: string): Buffer | undefined {
  const bytes = Buffer.from(s, "utf8");
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x25) {
      if (i + 2 >= bytes.length || !isHex(bytes[i + 1]) || !isHex(bytes[i + 2])) return undefined;
      out.push(parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16));
      i += 2;
    } else out.push(bytes[i]);
  }
  return Buffer.from(out);
}

/** Go's `validEncoded(s, encodePath)`. */
function validEncoded(s: string): boolean {
  for (const c of Buffer.from(s, "utf8")) {
    if ("!$&'()*+,;=:@[]%".includes(String.fromCharCode(c))) continue;
    if (shouldEscapePath(c)) return false;
  }
  return true;
}

interface ParsedPath {
  /** The unescaped path, as bytes. */
  path: Buffer;
  rawPath: string;
  rawQuery?: string;
  forceQuery: boolean;
}

/**
 * Go's `url.Parse` for what a probe path can hold: undefined where Go returns an error, "opaque"
 * for `scheme:opaque` (whose request then has no host).
 */
function goParse(raw: string): ParsedPath | "opaque" | undefined {
  const hash = raw.indexOf("#");
  const fragment = hash === -1 ? "" : raw.slice(hash + 1);
  let rest = hash === -1 ? raw : raw.slice(0, hash);
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(rest)) return undefined; // "invalid control character in URL"
  if (rest === "*") return { path: Buffer.from("*"), rawPath: "", forceQuery: false };
  if (rest.startsWith(":")) return undefined; // "missing protocol scheme"
  // getScheme: a letter, then letters, digits, + - . up to a colon.
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  let rawQuery: string | undefined;
  let forceQuery = false;
  const q = rest.indexOf("?");
  if (rest.endsWith("?") && q === rest.length - 1) {
    forceQuery = true;
    rest = rest.slice(0, -1);
  } else if (q !== -1) {
    rawQuery = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  if (!rest.startsWith("/")) {
    if (scheme) return rest === "" ? { path: Buffer.alloc(0), rawPath: "", ...(rawQuery !== undefined ? { rawQuery } : {}), forceQuery } : "opaque";
    if (rest.split("/")[0].includes(":")) return undefined; // "first path segment in URL cannot contain colon"
  }
  if (rest.startsWith("//") && (scheme || !rest.startsWith("///"))) {
    // An authority: Go reads a host here, which formatURL then replaces with the pod's.
    const slash = rest.indexOf("/", 2);
    const authority = slash === -1 ? rest.slice(2) : rest.slice(2, slash);
    const host = authority.slice(authority.lastIndexOf("@") + 1);
    if (!/^[A-Za-z0-9\-._~!$&'()*+,;=:[\]%<>"]*$/.test(host) || !unescapePath(host)) return undefined;
    rest = slash === -1 ? "" : rest.slice(slash);
  }
  const path = unescapePath(rest);
  if (!path || (fragment && !unescapePath(fragment))) return undefined;
  return { path, rawPath: escapePath(path) === rest ? "" : rest, ...(rawQuery !== undefined ? { rawQuery } : {}), forceQuery };
}

/** Go's `EscapedPath`. */
function escapedPath(u: ParsedPath): string {
  if (u.rawPath !== "" && validEncoded(u.rawPath)) {
    const p = unescapePath(u.rawPath);
    if (p && p.equals(u.path)) return u.rawPath;
  }
  if (u.path.toString("latin1") === "*") return "*";
  return escapePath(u.path);
}

/**
 * The request target for a probe `path`: `/ready` → `/ready`, `healthz` → `/healthz`, `?x` →
 * `/?x`, `/a b` → `/a%20b`, `/%zz` (unparseable, kept raw) → `/%25zz`; a fragment is dropped.
 * Undefined when Go's request has no host at all (`a:b` parses as an opaque URL), which the
 * kubelet reports as a failed check.
 */
export function goRequestTarget(path: string): string | undefined {
  const parsed = goParse(path);
  // `scheme:opaque`: String() yields "http:opaque", whose reparse has no host.
  if (parsed === "opaque") return undefined;
  const u = parsed ?? { path: Buffer.from(path, "utf8"), rawPath: "", forceQuery: false };
  let target = escapedPath(u);
  // url.String() puts a "/" before a relative path when there is a host.
  if (target !== "" && !target.startsWith("/")) target = `/${target}`;
  if (target === "") target = "/";
  if (u.forceQuery || (u.rawQuery !== undefined && u.rawQuery !== "")) target += `?${u.rawQuery ?? ""}`;
  return target;
}
