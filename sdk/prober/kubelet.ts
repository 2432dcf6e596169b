/**
 * The kubelet's probe workers for one container (as in the kubelet's prober,
 * https://github.com/kubernetes/kubernetes/tree/master/pkg/kubelet/prober): one worker per
 * probe on a fixed period from the worker's start, initial results (readiness not ready, liveness
 * healthy, startup unknown), startup gating, initial delays counted from container start,
 * consecutive-result thresholds, errored attempts retried up to 3 times and never counted, no
 * overlapping attempts (one catch-up tick), liveness/startup failures that restart the container
 * with CrashLoopBackOff, and `restartPolicy: Never`.
 */
import type { Probe } from "../manifests/k8s";
import type { ProbeKind, ResolvedProbes } from "../core/probes";
import { PROBE_KINDS } from "../core/probes";
import type { Clock } from "./clock";
import type { ProbeResult } from "./httpAttempt";

/** What one attempt of a probe returned. */
export interface AttemptReport {
  result: ProbeResult;
  output: string;
}

export type Runner = (kind: ProbeKind, probe: Probe) => Promise<AttemptReport>;

/** Starts and stops "the container" (a process, or nothing when probing a URL). */
export interface ContainerControl {
  start(): void | Promise<void>;
  kill(reason: string): void | Promise<void>;
}

export type CachedResult = "success" | "failure" | "unknown";

export interface KubeletEvent {
  /** Seconds since the first container start. */
  t: number;
  kind: ProbeKind | "container";
  event: string;
  detail?: string;
}

export interface KubeletOptions {
  restartPolicy?: "Always" | "Never";
  /** Where the workers' tick phase sits relative to container start (ms, may be negative). */
  workerOffsetMs?: number;
}

const INITIAL: Record<ProbeKind, CachedResult> = { readiness: "failure", liveness: "success", startup: "unknown" };
/** CrashLoopBackOff: restart at once, then 10 s doubling to 5 min. */
export function backOffSeconds(restarts: number): number {
  return restarts === 0 ? 0 : Math.min(300, 10 * 2 ** (restarts - 1));
}

interface WorkerState {
  kind: ProbeKind;
  probe: Probe;
  result: CachedResult;
  lastResult?: "success" | "failure";
  resultRun: number;
  onHold: boolean;
  busy: boolean;
  pending: boolean;
  containerId: number;
  timer?: number;
}

export class KubeletSim {
  readonly events: KubeletEvent[] = [];
  containerId = 0;
  running = false;
  started = false;
  ready = false;
  restarts = 0;
  stopped = false;
  /** Seconds from first start to the startup probe's success (or to the first start, without one). */
  startedAfter?: number;
  readyAfter?: number;
  private startedAt = 0;
  private origin = 0;
  private readonly workers: WorkerState[];

  constructor(
    private readonly probes: ResolvedProbes,
    private readonly run: Runner,
    private readonly container: ContainerControl,
    private readonly clock: Clock,
    private readonly options: KubeletOptions = {},
  ) {
    this.workers = PROBE_KINDS.filter((k) => probes[k]).map((kind) => ({
      kind,
      probe: probes[kind]!,
      result: INITIAL[kind],
      resultRun: 0,
      onHold: false,
      busy: false,
      pending: false,
      containerId: 0,
    }));
  }

  private t(): number {
    return (this.clock.now() - this.origin) / 1000;
  }

  private log(kind: KubeletEvent["kind"], event: string, detail?: string): void {
    this.events.push({ t: Math.round(this.t() * 1000) / 1000, kind, event, ...(detail ? { detail } : {}) });
  }

  /**
   * Starts the container and the workers. `workerOffsetMs` places the workers' start relative to
   * the container's (the kubelet starts them slightly before: a negative offset).
   */
  async start(): Promise<void> {
    const offset = this.options.workerOffsetMs ?? 0;
    const startWorkers = () => {
      for (const w of this.workers) {
        // A fixed phase, like Go's ticker: tick k is at start + k * period, however late tick k-1 ran.
        const phase = this.clock.now();
        let k = 0;
        const loop = () => {
          if (this.stopped) return;
          k++;
          w.timer = this.clock.setTimeout(loop, phase + k * w.probe.periodSeconds * 1000 - this.clock.now());
          this.tick(w);
        };
        loop();
      }
    };
    if (offset < 0) {
      startWorkers();
      this.clock.setTimeout(() => {
        this.origin = this.clock.now();
        void this.startContainer();
      }, -offset);
    } else {
      this.origin = this.clock.now();
      await this.startContainer();
      if (offset === 0) startWorkers();
      else this.clock.setTimeout(startWorkers, offset);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.workers) if (w.timer !== undefined) this.clock.clearTimeout(w.timer);
  }

  private async startContainer(): Promise<void> {
    await this.container.start();
    this.containerId++;
    this.running = true;
    this.startedAt = this.clock.now();
    this.started = !this.probes.startup;
    this.ready = false;
    if (this.started && this.startedAfter === undefined) this.startedAfter = this.t();
    this.log("container", this.containerId === 1 ? "started" : "restarted", `container #${this.containerId}`);
    if (!this.probes.readiness && this.started) this.setReady(true);
  }

  private setReady(ready: boolean): void {
    if (this.ready === ready) return;
    this.ready = ready;
    if (ready && this.readyAfter === undefined) this.readyAfter = this.t();
    this.log("container", ready ? "ready" : "not ready");
  }

  private tick(w: WorkerState): void {
    if (this.stopped) return;
    if (w.busy) {
      w.pending = true; // a Go ticker holds one tick; the rest are dropped
      return;
    }
    void this.doProbe(w);
  }

  private async doProbe(w: WorkerState): Promise<void> {
    if (!this.running) return;
    if (w.containerId !== this.containerId) {
      w.containerId = this.containerId;
      w.result = INITIAL[w.kind];
      w.onHold = false;
    }
    if (w.onHold) return;
    if (Math.floor((this.clock.now() - this.startedAt) / 1000) < w.probe.initialDelaySeconds) return;
    if (w.kind === "startup" ? this.started : !this.started) return;

    w.busy = true;
    const id = this.containerId;
    let report: AttemptReport | undefined;
    for (let i = 0; i < 3; i++) {
      report = await this.run(w.kind, w.probe);
      if (report.result !== "error") break;
    }
    w.busy = false;
    if (!this.stopped && id === this.containerId && this.running && report && report.result !== "error") {
      this.count(w, report);
    }
    if (w.pending && !this.stopped) {
      w.pending = false;
      void this.doProbe(w);
    }
  }

  private count(w: WorkerState, report: AttemptReport): void {
    const result = report.result === "failure" ? "failure" : "success";
    w.resultRun = w.lastResult === result ? w.resultRun + 1 : 1;
    w.lastResult = result;
    this.log(w.kind, result === "success" ? (report.result === "warning" ? "warning" : "success") : "failure", report.output.slice(0, 200));
    const threshold = result === "failure" ? w.probe.failureThreshold : w.probe.successThreshold;
    if (w.resultRun < threshold) return;
    w.result = result;
    if (w.kind === "readiness") this.setReady(result === "success" && this.started);
    if (w.kind === "startup") {
      w.onHold = true;
      w.resultRun = 0;
      if (result === "success") {
        this.started = true;
        if (this.startedAfter === undefined) this.startedAfter = this.t();
        this.log("startup", "started", `startup probe succeeded`);
        if (!this.probes.readiness) this.setReady(true);
      } else {
        void this.restart(`failed startup probe ${w.probe.failureThreshold} times`);
      }
    } else if (w.kind === "liveness" && result === "failure") {
      w.onHold = true;
      w.resultRun = 0;
      void this.restart(`failed liveness probe ${w.probe.failureThreshold} times`);
    }
  }

  /** The container exited by itself (it crashed): the kubelet restarts it, with back-off. */
  containerExited(detail: string): void {
    if (!this.running || this.stopped) return;
    void this.restart(`exited: ${detail}`, false);
  }

  private async restart(reason: string, kill = true): Promise<void> {
    this.running = false;
    this.setReady(false);
    this.log("container", kill ? "killed" : "exited", reason);
    if (kill) await this.container.kill(reason);
    if (this.options.restartPolicy === "Never") {
      this.log("container", "not restarted", "restartPolicy: Never");
      this.stop();
      return;
    }
    const wait = backOffSeconds(this.restarts);
    this.restarts++;
    this.clock.setTimeout(() => {
      if (!this.stopped) void this.startContainer();
    }, wait * 1000);
  }
}
