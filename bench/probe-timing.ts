/**
 * Benchmark: how closely `model-deploy probe` keeps the kubelet's schedule. Runs a session against
 * a local server for a while and prints, per probe, the median and worst deviation of each
 * request's arrival from its tick on the fixed-period grid (anchored at the probe's first request).
 *
 *   npm run bench:probe            # 20 s
 *   node dist/bench/probe-timing.js --seconds 60
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { resolveDeployment } from "../sdk/core/resolve";
import { runProbeSession } from "../sdk/prober/session";

async function main(): Promise<void> {
  const i = process.argv.indexOf("--seconds");
  const seconds = i >= 0 ? Number(process.argv[i + 1]) : 20;
  const arrivals: Record<string, number[]> = {};
  const server = http.createServer((req, res) => {
    (arrivals[req.url ?? ""] ??= []).push(performance.now());
    res.end("ok");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const r = resolveDeployment({
    image: "bench",
    resources: { machineType: "C4", ports: [8000] },
    healthChecks: {
      // A failing liveness probe would end the watch early; these all succeed.
      startup: { path: "/startup", periodSeconds: 1, failureThreshold: 5 },
      readiness: { path: "/readiness", periodSeconds: 1, failureThreshold: 1000 },
      liveness: { path: "/liveness", periodSeconds: 2, failureThreshold: 1000 },
    },
  });
  await runProbeSession(r, { mode: { url: `http://127.0.0.1:${port}` }, durationSeconds: seconds });
  server.close();
  console.log(`Probe send-time fidelity over ${seconds} s (deviation of each request from its tick on the period grid)`);
  console.log("probe       period  requests  median dev  worst dev");
  const all: number[] = [];
  for (const [path, period] of [["/readiness", 1], ["/liveness", 2]] as const) {
    const times = arrivals[path] ?? [];
    if (times.length < 3) continue;
    const devs = times.map((t) => {
      const k = Math.round((t - times[0]) / (period * 1000));
      return Math.abs(t - (times[0] + k * period * 1000));
    });
    all.push(...devs);
    const sorted = [...devs].sort((a, b) => a - b);
    console.log(
      `${path.slice(1).padEnd(10)}  ${String(period).padStart(4)} s  ${String(times.length).padStart(8)}  ${sorted[Math.floor(sorted.length / 2)].toFixed(2).padStart(7)} ms  ${sorted[sorted.length - 1].toFixed(2).padStart(6)} ms`,
    );
  }
  const sorted = all.sort((a, b) => a - b);
  console.log(`all         median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} ms, worst ${sorted[sorted.length - 1].toFixed(2)} ms`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
