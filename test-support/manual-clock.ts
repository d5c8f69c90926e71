// A clock that moves only when a test says so: for code that takes a PoolClock (the container pool), so tests of
// grace periods and idle timeouts neither sleep nor depend on how busy the machine is.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PoolClock, PoolTimer } from '../platform/invoker/pool-clock.js';

export class ManualClock implements PoolClock {
  private time = 0;
  private readonly timers = new Set<{ at: number; fn: () => void }>();

  now(): number {
    return this.time;
  }

  after(ms: number, fn: () => void): PoolTimer {
    const timer = { at: this.time + ms, fn };
    this.timers.add(timer);
    return { cancel: () => this.timers.delete(timer) };
  }

  /** Moves time forward, firing every timer that falls due on the way, in order, with pending work settled between. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      await settle();
      const due = [...this.timers].filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers.delete(due);
      this.time = due.at;
      due.fn();
    }
    this.time = until;
    await settle();
  }
}

/** Lets promise chains and I/O callbacks that are already due run (a few event-loop turns). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await nextTurn();
}
