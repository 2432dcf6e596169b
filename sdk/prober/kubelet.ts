/**
 * The kubelet's probe workers for one container (as in the kubelet's prober,
 * https://github.com/kubernetes/kubernetes/tree/master/pkg/kubelet/prober): one worker per
 * probe on a fixed period from the worker's start, initial results (readiness not ready, liveness
 * healthy, startup unknown), startup gating, initial delays counted from container start,
 * consecutive-result thresholds, errored attempts retried up to 3 times and never counted, no
 * overlapping attempts (one catch-up tick), readiness triggered at once when the container is
 * started, liveness/startup failures that restart the container with the kubelet's container
 * back-off (the container runs on, and readiness probes it, until it has exited), and
 * `restartPolicy: Never`.
 */
import type { Probe } from "../manifests/k8s";
import type { ProbeKind, ResolvedProbes } from "../core/probes";
import { PROBE_KINDS } from "../core/probes";
import { CONTAINER_BACK_OFF } from "../core/defaults";
import { Clock, MAX_TIMER_MS } from "./clock";
import type { ProbeResult } from "./httpAttempt";

/** What one attempt of a probe returned. */
export interface AttemptReport {
  result: ProbeResult;
  output: string;
}

/** Makes one attempt; `signal` aborts it when the run ends. */
export type Runner = (kind: ProbeKind, probe: Probe, signal: AbortSignal) => Promise<AttemptReport>;

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
  /**
   * Probes: `success`, `warning`, `failure`, `errored` (3 attempts errored: not counted) and
   * `started` (startup). Container: `started`, `restarted`, `ready`, `not ready`, `killed`,
   * `exited`, `back-off`, `not restarted`.
   */
  event: string;
  detail?: string;
  /** The container (1, 2, ...) the event belongs to. */
  container: number;
  /** `exited`/`stopped`: the app's last lines of output. */
  output?: string[];
}

export interface KubeletOptions {
  restartPolicy?: "Always" | "Never";
  /**
   * Where the workers' tick phase sits relative to the container's start (ms, may be negative:
   * the kubelet starts the workers slightly before the container). 0: the first tick at the
   * container's start.
   */
  workerOffsetMs?: number;
  /** The container back-off, as the kubelet's. @default 10 s doubling to 300 s */
  backOff?: { initialSeconds: number; maxSeconds: number };
}

const INITIAL: Record<ProbeKind, CachedResult> = { readiness: "failure", liveness: "success", startup: "unknown" };

/**
 * The kubelet's container back-off (client-go `flowcontrol.Backoff`, used by
 * `kubeGenericRuntimeManager.doBackOff` in pkg/kubelet/kuberuntime): the first restart is at
 * once; each later one waits from the moment the container finished, 10 s doubling to 300 s. The
 * back-off is forgotten when the container ran for more than twice the maximum (10 minutes) since
 * the previous restart.
 */
export class ContainerBackOff {
  private entry?: { delayMs: number; lastUpdate: number };
  constructor(
    private readonly initialMs: number = CONTAINER_BACK_OFF.initialSeconds * 1000,
    private readonly maxMs: number = CONTAINER_BACK_OFF.maxSeconds * 1000,
  ) {}

  private expired(finishedAt: number): boolean {
    return this.entry === undefined || finishedAt - this.entry.lastUpdate > 2 * this.maxMs;
  }

  /** How long after `finishedAt` the container may start again (ms). */
  waitMs(finishedAt: number): number {
    return this.expired(finishedAt) ? 0 : this.entry!.delayMs;
  }

  /** Records a restart at `now` of a container that finished at `finishedAt` (`Backoff.Next`). */
  restarted(finishedAt: number, now: number): void {
    const delayMs = this.expired(finishedAt) ? this.initialMs : Math.min(this.entry!.delayMs * 2, this.maxMs);
    this.entry = { delayMs, lastUpdate: now };
  }
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
  /** The ticker: tick k is at phase + k × period. */
  phase: number;
  k: number;
  /** Results counted (not errored) on the current container, and in the whole run. */
  counted: number;
  countedTotal: number;
  /** The last counted failure on the current container (seconds after its start). */
  lastFailureAt?: number;
  /** Attempts (after retries) that errored, and the last reason. */
  errored: number;
  lastError?: string;
  /** The attempt in flight (with its retries): settles once its result is counted or discarded. */
  flight?: Promise<void>;
}


export class KubeletSim {
  readonly events: KubeletEvent[] = [];
  containerId = 0;
  running = false;
  started = false;
  ready = false;
  /**
   * Between a liveness or startup kill decision and the container's exit: the container is still
   * running (and readiness still probed), but it is going away.
   */
  terminating = false;
  /** Times the container stopped (killed or exited) and the kubelet restarted or would restart it. */
  restarts = 0;
  stopped = false;
  /** Seconds from the start of the container that started to its startup success. */
  startedAfter?: number;
  /** Seconds from the start of the container that first became ready to that moment. */
  readyAfter?: number;
  /** The container that first started / first became ready. */
  startedContainer?: number;
  readyContainer?: number;
  private containerStartMs = 0;
  private readonly firstSuccesses: Partial<Record<ProbeKind, { at: number; lastFailure?: number }>> = {};
  private origin = 0;
  private readonly workers: WorkerState[];
  private readonly backOff: ContainerBackOff;
  private readonly abort = new AbortController();

  constructor(
    private readonly probes: ResolvedProbes,
    private readonly run: Runner,
    private readonly container: ContainerControl,
    private readonly clock: Clock,
    private readonly options: KubeletOptions = {},
  ) {
    this.backOff = new ContainerBackOff(
      (options.backOff?.initialSeconds ?? CONTAINER_BACK_OFF.initialSeconds) * 1000,
      (options.backOff?.maxSeconds ?? CONTAINER_BACK_OFF.maxSeconds) * 1000,
    );
    this.workers = PROBE_KINDS.filter((k) => probes[k]).map((kind) => ({
      kind,
      probe: probes[kind]!,
      result: INITIAL[kind],
      resultRun: 0,
      onHold: false,
      busy: false,
      pending: false,
      containerId: 0,
      phase: 0,
      k: 0,
      counted: 0,
      countedTotal: 0,
      errored: 0,
    }));
  }

  private t(): number {
    return (this.clock.now() - this.origin) / 1000;
  }

  private log(kind: KubeletEvent["kind"], event: string, detail?: string, output?: string[]): void {
    this.events.push({
      t: Math.round(this.t() * 1000) / 1000,
      kind,
      event,
      ...(detail ? { detail } : {}),
      container: this.containerId,
      ...(output && output.length > 0 ? { output } : {}),
    });
  }

  /** Adds an event that the container's owner observed (how a stopped app ended). */
  note(kind: KubeletEvent["kind"], event: string, detail?: string, output?: string[]): void {
    this.log(kind, event, detail, output);
  }

  /** Seconds since the current container started. */
  private age(): number {
    return (this.clock.now() - this.containerStartMs) / 1000;
  }

  /**
   * Starts the container and the workers. `workerOffsetMs` places the workers' start relative to
   * the container's (the kubelet starts them slightly before: a negative offset).
   */
  async start(): Promise<void> {
    const offset = this.options.workerOffsetMs ?? 0;
    const startWorkers = () => {
      for (const w of this.workers) {
        w.phase = this.clock.now();
        w.k = 0;
        this.arm(w);
        this.tick(w);
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

  /** Ends the run: no more ticks, restarts or counted results; attempts in flight are aborted. */
  stop(): void {
    this.stopped = true;
    this.abort.abort();
    for (const w of this.workers) if (w.timer !== undefined) this.clock.clearTimeout(w.timer);
  }

  /**
   * The attempts in flight now, as one promise that settles when each has been counted or
   * discarded; undefined when none is in flight. A verdict must not be given over an attempt
   * whose result the kubelet has yet to see (a hang that began just before).
   */
  inFlight(): Promise<void> | undefined {
    const flights = this.workers.flatMap((w) => (w.flight ? [w.flight] : []));
    return flights.length === 0 ? undefined : Promise.all(flights).then(() => undefined);
  }

  /** The probes whose consecutive failures are in progress but below their threshold. */
  failureStreaks(): ProbeKind[] {
    if (!this.running) return [];
    return this.workers
      .filter((w) => !w.onHold && w.lastResult === "failure" && w.resultRun > 0 && w.resultRun < w.probe.failureThreshold && w.containerId === this.containerId)
      .map((w) => w.kind);
  }

  /** Per probe: results counted in the whole run, and attempts that errored. */
  tally(): Partial<Record<ProbeKind, { counted: number; errored: number; lastError?: string }>> {
    return Object.fromEntries(this.workers.map((w) => [w.kind, { counted: w.countedTotal, errored: w.errored, ...(w.lastError ? { lastError: w.lastError } : {}) }]));
  }

  /** Whether liveness has answered with a success on the current container. */
  livenessSucceeded(): boolean {
    const w = this.workers.find((x) => x.kind === "liveness");
    return w !== undefined && w.containerId === this.containerId && w.counted > 0 && w.lastResult === "success";
  }

  /**
   * The first time `kind` reached its success threshold: seconds after its container's start,
   * with the last failure counted before it on that container.
   */
  firstSuccess(kind: ProbeKind): { at: number; lastFailure?: number } | undefined {
    return this.firstSuccesses[kind];
  }

  /** Arms the ticker's next tick: a fixed phase, like Go's ticker, however late the last one ran. */
  private arm(w: WorkerState): void {
    w.k++;
    const at = w.phase + w.k * w.probe.periodSeconds * 1000 - this.clock.now();
    w.timer = this.clock.setTimeout(() => {
      if (this.stopped) return;
      this.arm(w);
      this.tick(w);
    }, Math.min(at, MAX_TIMER_MS));
  }

  /** The kubelet's manual trigger: the ticker is reset and the probe runs now (or after the one in flight). */
  private trigger(w: WorkerState): void {
    if (this.stopped) return;
    if (w.timer !== undefined) this.clock.clearTimeout(w.timer);
    w.phase = this.clock.now();
    w.k = 0;
    this.arm(w);
    this.tick(w);
  }

  private async startContainer(): Promise<void> {
    if (this.stopped) return;
    await this.container.start();
    this.containerId++;
    this.running = true;
    this.containerStartMs = this.clock.now();
    this.started = !this.probes.startup;
    this.ready = false;
    this.log("container", this.containerId === 1 ? "started" : "restarted", `container #${this.containerId}`);
    if (this.started) this.onStarted();
  }

  /** The container counts as started: at its start without a startup probe, else at startup success. */
  private onStarted(): void {
    if (this.startedAfter === undefined) {
      this.startedAfter = (this.clock.now() - this.containerStartMs) / 1000;
      this.startedContainer = this.containerId;
    }
    const readiness = this.workers.find((w) => w.kind === "readiness");
    if (!readiness) this.setReady(true);
    // The pod's status changes; readiness is not yet Success, so the kubelet triggers it at once
    // (prober_manager.go UpdatePodStatus → worker.manualTriggerCh).
    else if (this.probes.startup) this.trigger(readiness);
  }

  private setReady(ready: boolean): void {
    if (this.ready === ready) return;
    this.ready = ready;
    if (ready && this.readyAfter === undefined) {
      this.readyAfter = (this.clock.now() - this.containerStartMs) / 1000;
      this.readyContainer = this.containerId;
    }
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
    if (!this.running || this.stopped) return;
    if (w.containerId !== this.containerId) {
      w.containerId = this.containerId;
      w.result = INITIAL[w.kind];
      w.onHold = false;
      w.counted = 0;
      w.lastFailureAt = undefined;
    }
    if (w.onHold || (this.terminating && w.kind !== "readiness")) return;
    if (Math.floor((this.clock.now() - this.containerStartMs) / 1000) < w.probe.initialDelaySeconds) return;
    if (w.kind === "startup" ? this.started : !this.started) return;

    w.busy = true;
    let release!: () => void;
    w.flight = new Promise<void>((r) => (release = r));
    const id = this.containerId;
    let report: AttemptReport | undefined;
    for (let i = 0; i < 3 && !this.stopped; i++) {
      report = await this.run(w.kind, w.probe, this.abort.signal);
      if (report.result !== "error") break;
    }
    w.busy = false;
    const current = !this.stopped && id === this.containerId && this.running;
    if (current && report?.result === "error") {
      // The kubelet discards the result: it counts toward neither threshold.
      w.errored++;
      w.lastError = report.output;
      this.log(w.kind, "errored", report.output.slice(0, 200));
    } else if (current && report) {
      this.count(w, report);
    }
    w.flight = undefined;
    release();
    if (w.pending && !this.stopped) {
      w.pending = false;
      void this.doProbe(w);
    }
  }

  private count(w: WorkerState, report: AttemptReport): void {
    const result = report.result === "failure" ? "failure" : "success";
    w.counted++;
    w.countedTotal++;
    if (result === "failure") w.lastFailureAt = this.age();
    w.resultRun = w.lastResult === result ? w.resultRun + 1 : 1;
    w.lastResult = result;
    this.log(w.kind, result === "success" ? (report.result === "warning" ? "warning" : "success") : "failure", report.output.slice(0, 200));
    const threshold = result === "failure" ? w.probe.failureThreshold : w.probe.successThreshold;
    if (w.resultRun < threshold) return;
    w.result = result;
    if (result === "success" && !this.firstSuccesses[w.kind]) {
      this.firstSuccesses[w.kind] = { at: this.age(), ...(w.lastFailureAt !== undefined ? { lastFailure: w.lastFailureAt } : {}) };
    }
    if (w.kind === "readiness") this.setReady(result === "success" && this.started);
    if (w.kind === "startup") {
      w.onHold = true;
      w.resultRun = 0;
      if (result === "success") {
        this.started = true;
        this.log("startup", "started", "startup probe succeeded");
        this.onStarted();
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
  containerExited(detail: string, output?: string[]): void {
    if (!this.running || this.stopped || this.terminating) return;
    void this.restart(`exited: ${detail}`, false, output);
  }

  private async restart(reason: string, kill = true, output?: string[]): Promise<void> {
    this.restarts++;
    this.log("container", kill ? "killed" : "exited", reason, output);
    if (kill) {
      // The kill is a decision; the container keeps running through its grace period
      // (kuberuntime_container.go killContainer), and the readiness worker keeps probing it while
      // its status is Running (worker.go doProbe): the pod stays Ready, and in the Service's
      // endpoints, until the container has exited. Liveness and startup are on hold meanwhile.
      this.terminating = true;
      await this.container.kill(reason);
      this.terminating = false;
    }
    this.running = false;
    this.setReady(false);
    if (this.stopped) return;
    if (this.options.restartPolicy === "Never") {
      this.log("container", "not restarted", "restartPolicy: Never");
      this.stop();
      return;
    }
    const finishedAt = this.clock.now();
    const wait = this.backOff.waitMs(finishedAt);
    if (wait > 0) this.log("container", "back-off", `restarting in ${wait / 1000} s (CrashLoopBackOff)`);
    this.clock.setTimeout(() => {
      if (this.stopped) return;
      this.backOff.restarted(finishedAt, this.clock.now());
      void this.startContainer();
    }, Math.min(wait, MAX_TIMER_MS));
  }
}
