/**
 * The protected endpoint's auth proxy, run for real: Debian's Caddy (2.6; the image has 2.10, and
 * the config is Caddy's native JSON, which both read alike) with the file capability the image's
 * binary carries, as the rendered pod says, under each security profile, in front of a real
 * backend on 127.0.0.1.
 */
import * as assert from "node:assert/strict";
import { createServer, IncomingHttpHeaders, Server } from "node:http";
import { AddressInfo, connect } from "node:net";
import { baseSpec } from "../helpers";
import { deploy } from "./deployed";
import { IMAGE_PROFILES, runContainer } from "./podRunner";
import { requirePrograms } from "./programs";

const PASSWORD = "correct horse battery staple";

/** A backend that records the headers it got and answers 200 on every path. */
async function backend(): Promise<{ server: Server; port: number; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    res.end(`app ${req.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

/** Resolves once something accepts connections on the port, or rejects after `ms`. */
async function listening(port: number, ms: number, exited: Promise<unknown>): Promise<void> {
  const deadline = Date.now() + ms;
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, "127.0.0.1");
      s.once("connect", () => (s.destroy(), resolve(true)));
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    if (gone || Date.now() > deadline) throw new Error(`nothing listens on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function get(port: number, path: string, auth?: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: auth ? { authorization: `Basic ${Buffer.from(auth).toString("base64")}` } : {} });
  return { status: res.status, body: await res.text() };
}

describe("real programs: the auth proxy (Caddy)", function () {
  this.timeout(30_000);
  before(function () {
    requirePrograms(this, "auth proxy", ["caddy"]);
  });

  for (const profile of ["default", "hardened", "restricted"] as const) {
    it(`${profile}: starts as rendered, admits the right password only, strips it before the app; probes reach the app without one`, async () => {
      const app = await backend();
      try {
        const spec = {
          ...baseSpec(),
          basicAuthKey: "secret:ENDPOINT_PASSWORD",
          resources: { ...baseSpec().resources, ports: [app.port] },
          healthChecks: { readiness: { path: "/ready" }, liveness: { path: "/healthz" } },
        };
        const d = await deploy(`proxy-${profile}`, { spec: spec as never, secrets: { ENDPOINT_PASSWORD: PASSWORD }, securityProfile: profile });
        const proxy = d.pod.containers.find((c: any) => c.name === "auth-proxy");
        const proxyPort: number = proxy.ports[0].containerPort;
        const run = runContainer({ pod: d.pod, podName: `proxy-${profile}-abc`, container: "auth-proxy", image: IMAGE_PROFILES.caddy, secrets: d.secrets });
        try {
          await listening(proxyPort, 10_000, run.exited).catch((e) => {
            throw new Error(`${e.message}; the proxy said:\n${run.output()}`);
          });
          assert.equal((await get(proxyPort, "/v1/models")).status, 401);
          assert.equal((await get(proxyPort, "/v1/models", "paperspace:wrong")).status, 401);
          assert.equal((await get(proxyPort, "/v1/models", `someone:${PASSWORD}`)).status, 401);
          assert.equal(app.seen.length, 0, "a refused request reached the app");
          assert.deepEqual(await get(proxyPort, "/v1/models", `paperspace:${PASSWORD}`), { status: 200, body: "app /v1/models" });
          assert.equal(app.seen.length, 1);
          assert.equal(app.seen[0].authorization, undefined, "the app received the endpoint's password");
          // The kubelet probes the app's own port, as rendered: no credentials needed.
          const model = d.pod.containers.find((c: any) => c.name === "model");
          for (const probe of [model.readinessProbe, model.livenessProbe]) {
            assert.equal(probe.httpGet.port, app.port);
            assert.equal((await get(probe.httpGet.port, probe.httpGet.path)).status, 200);
          }
        } finally {
          await run.stop();
        }
      } finally {
        app.server.close();
      }
    });
  }

  it("the runner is faithful: without NET_BIND_SERVICE in the bounding set the kernel refuses Caddy, as in the cluster", async () => {
    const spec = { ...baseSpec(), basicAuthKey: "secret:ENDPOINT_PASSWORD" };
    const d = await deploy("proxy-nocaps", { spec: spec as never, secrets: { ENDPOINT_PASSWORD: PASSWORD }, securityProfile: "restricted" });
    const proxy = d.pod.containers.find((c: any) => c.name === "auth-proxy");
    proxy.securityContext.capabilities = { drop: ["ALL"] };
    const run = runContainer({ pod: d.pod, podName: "nocaps", container: "auth-proxy", image: IMAGE_PROFILES.caddy, secrets: d.secrets });
    const exit = await run.exited;
    assert.equal(exit.code, 126, exit.output);
    assert.match(exit.output, /Operation not permitted/);
  });
});
