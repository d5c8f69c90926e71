// The pool's sense of time: when a container was last used, and the timers that pause and remove idle containers.
// Injected so that tests can move time themselves instead of sleeping past real grace periods.
import { performance } from 'node:perf_hooks';

export interface PoolTimer {
  cancel(): void;
}

export interface PoolClock {
  /** Milliseconds on a monotonic scale (only differences are used). */
  now(): number;
  /** Calls `fn` once after `ms`; never keeps the process alive on its own. */
  after(ms: number, fn: () => void): PoolTimer;
}

export const realClock: PoolClock = {
  now: () => performance.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
