/** Time for the prober: the real one, or a virtual one that tests advance by hand (no sleeping). */

export interface Clock {
  /** Milliseconds. */
  now(): number;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(handle: number): void;
}

/**
 * Node's timers hold at most 2^31 - 1 ms (about 24.8 days) and fire after 1 ms beyond that; a
 * longer wait is held at the maximum, which no run reaches (`--duration` is bounded by it).
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export class RealClock implements Clock {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private next = 1;
  now(): number {
    return performance.now();
  }
  setTimeout(fn: () => void, ms: number): number {
    const id = this.next++;
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        fn();
      }, Math.min(Math.max(0, ms), MAX_TIMER_MS)),
    );
    return id;
  }
  clearTimeout(handle: number): void {
    clearTimeout(this.timers.get(handle));
    this.timers.delete(handle);
  }
  /** Cancels every pending timer (the end of a session). */
  clearAll(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

/** A clock that only moves when told to; due timers run in time order, with promises settled between. */
export class VirtualClock implements Clock {
  private time = 0;
  private next = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): number {
    const id = this.next++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), fn });
    return id;
  }
  clearTimeout(handle: number): void {
    this.timers.delete(handle);
  }
  /** Resolves after `ms` of virtual time. */
  sleep(ms: number): Promise<void> {
    return new Promise((r) => this.setTimeout(r, ms));
  }
  /** Moves time forward by `ms`, running every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await flush();
      let due: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= end && (!due || entry[1].at < due[1].at || (entry[1].at === due[1].at && entry[0] < due[0]))) due = entry;
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
    }
    this.time = end;
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
