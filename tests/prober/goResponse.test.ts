/**
 * The Go client's body rules, as the kubelet's HTTP prober meets them: real servers on 127.0.0.1
 * that write raw bytes, so every response is exactly what a buggy or unusual app sends. Each case
 * carries bytes beyond what its framing says, which Go never reads and Node's parser rejects
 * (net/http/transfer.go, https://github.com/golang/go/blob/master/src/net/http/transfer.go).
 */
import * as assert from "node:assert/strict";
import * as net from "node:net";
import { httpAttempt } from "../../sdk/prober/httpAttempt";
import { GoResponseReader, ResponseHead } from "../../sdk/prober/goResponse";

/** A server that answers each connection with `raw` once the request has arrived, then waits `closeAfterMs` (or never closes). */
async function rawServer(raw: Buffer | string, closeAfterMs: number | "never" = 0): Promise<{ port: number; close: () => void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((c) => {
    sockets.add(c);
    c.on("error", () => undefined);
    c.once("data", () => {
      c.write(raw);
      if (closeAfterMs !== "never") setTimeout(() => c.end(), closeAfterMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

async function probe(raw: Buffer | string, closeAfterMs: number | "never" = 0, timeoutMs = 1000) {
  const s = await rawServer(raw, closeAfterMs);
  try {
    return await httpAttempt({ scheme: "http", host: "127.0.0.1", port: s.port, path: "/" }, timeoutMs);
  } finally {
    s.close();
  }
}

describe("HTTP probe attempt: Go's rules for response bodies (raw servers)", () => {
  it("a body longer than its Content-Length: exactly Content-Length bytes are read; a 500 is a Failure, a 200 a Success", async () => {
    const bad = await probe("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 2\r\n\r\nnoEXTRA BYTES");
    assert.deepEqual([bad.result, bad.output], ["failure", "HTTP probe failed with statuscode: 500"]);
    // "héllo" is 5 characters but 6 UTF-8 bytes: a Content-Length counted in characters.
    const good = await probe(Buffer.concat([Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"), Buffer.from("héllo", "utf8")]));
    assert.deepEqual([good.result, Buffer.from(good.output, "utf8").subarray(0, 3).toString()], ["success", "hé"]);
  });

  it("the extra bytes may come later, while the connection stays open: the body is complete at Content-Length", async () => {
    const o = await probe("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokjunk", "never");
    assert.deepEqual([o.result, o.output], ["success", "ok"]);
  });

  it("204 and 304 have no body whatever follows: Success and Warning", async () => {
    const a = await probe("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nstray");
    assert.deepEqual([a.result, a.statusCode], ["success", 204]);
    const b = await probe("HTTP/1.1 304 Not Modified\r\n\r\nstray body");
    assert.deepEqual([b.result, b.statusCode], ["warning", 304]);
  });

  it("1xx responses are skipped (the final response decides), at most 5 of them", async () => {
    const o = await probe("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokX");
    assert.deepEqual([o.result, o.output], ["success", "ok"]);
    const many = await probe("HTTP/1.1 100 Continue\r\n\r\n".repeat(6) + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assert.deepEqual([many.result, /too many 1xx/.test(many.output)], ["failure", true]);
  });

  it("chunked bodies are decoded and win over Content-Length; bytes after the last chunk are ignored", async () => {
    const o = await probe("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\nGARBAGE");
    assert.deepEqual([o.result, o.output], ["success", "abcde"]);
    const failing = await probe("HTTP/1.1 503 Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nbusy\r\n0\r\n\r\nGARBAGE");
    assert.equal(failing.result, "failure");
  });

  it("a malformed chunked body, or a body cut short of its Content-Length, errors (not counted)", async () => {
    const chunked = await probe("HTTP/1.1 500 X\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcXY\r\n0\r\n\r\n");
    assert.deepEqual([chunked.result, /malformed chunked encoding/.test(chunked.output)], ["error", true]);
    const short = await probe("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    assert.deepEqual([short.result, /unexpected EOF/.test(short.output)], ["error", true]);
  });

  it("framing errors in the headers are Failures: two different Content-Lengths, a bad one, an unknown transfer encoding", async () => {
    for (const head of ["Content-Length: 2\r\nContent-Length: 3", "Content-Length: 2x", "Transfer-Encoding: gzip"]) {
      const o = await probe(`HTTP/1.1 200 OK\r\n${head}\r\n\r\nokk`);
      assert.equal(o.result, "failure", head);
    }
    // Checked before the status: a 204 with two different lengths fails too; an empty one fails (Go 1.22+).
    const noContent = await probe("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nContent-Length: 1\r\n\r\nx");
    // The message as Go writes it: %q of the []string of values.
    assert.deepEqual([noContent.result, /multiple Content-Length headers; got \["0" "1"\]/.test(noContent.output)], ["failure", true], noContent.output);
    const empty = await probe("HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\nokk");
    assert.deepEqual([empty.result, /invalid empty Content-Length/.test(empty.output)], ["failure", true]);
    const huge = await probe("HTTP/1.1 200 OK\r\nContent-Length: 9999999999999999999\r\n\r\nokk");
    assert.deepEqual([huge.result, /bad Content-Length/.test(huge.output)], ["failure", true]);
    // The same Content-Length twice is accepted, and what follows it ignored.
    const twice = await probe("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nokXX");
    assert.deepEqual([twice.result, twice.output], ["success", "ok"]);
  });

  it("without Content-Length or chunking the body runs to the close; the kubelet reads at most 10 KiB of any body", async () => {
    const close = await probe("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nnot-chunked (HTTP/1.0 ignores Transfer-Encoding)");
    assert.deepEqual([close.result, close.output], ["success", "not-chunked (HTTP/1.0 ignores Transfer-Encoding)"]);
    // 12 KiB announced, 10 KiB sent and the connection held open: the read stops at 10 KiB.
    const capped = await probe(`HTTP/1.1 200 OK\r\nContent-Length: 12288\r\n\r\n${"x".repeat(10240)}`, "never");
    assert.deepEqual([capped.result, capped.output.length], ["success", 10240]);
  });

  it("the reader gives the same answer whatever the bytes' split into packets", () => {
    const raw = Buffer.from("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n  folded\r\n\r\n3\r\nabc\r\n0\r\n\r\nJUNK");
    for (let size = 1; size <= 7; size++) {
      let head: ResponseHead | undefined;
      let body = "";
      let ended = false;
      const r = new GoResponseReader({ head: (h) => (head = h), body: (c) => (body += c.toString()), end: () => (ended = true), error: (m) => assert.fail(m) });
      for (let i = 0; i < raw.length; i += size) r.push(raw.subarray(i, i + size));
      assert.deepEqual([head?.statusCode, head?.headers.get("X-A"), body, ended], [200, ["1 folded"], "abc", true], `split ${size}`);
    }
  });
});
