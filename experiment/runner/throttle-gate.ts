// Keeps a run under a namespace's throttles (OpenWhisk answers 429 past them): at most `concurrent` invocations in
// flight and at most `perMinute` started in any 60 s window. Waiting here is the client's time, before `sentAt`.
export interface Throttles {
  invocationsPerMinute?: number;
  concurrentInvocations?: number;
}

export class ThrottleGate {
  readonly #perMinute: number;
  readonly #concurrent: number;
  readonly #starts: number[] = [];
  readonly #waiting: Array<() => void> = [];
  #inFlight = 0;

  constructor(
    throttles: Throttles,
    readonly windowMs = 60_000,
  ) {
    // A margin of one: OpenWhisk's own counters and ours do not tick at the same instant.
    this.#perMinute = throttles.invocationsPerMinute ? Math.max(1, throttles.invocationsPerMinute - 1) : Infinity;
    this.#concurrent = throttles.concurrentInvocations ? Math.max(1, throttles.concurrentInvocations - 1) : Infinity;
  }

  get limited(): boolean {
    return Number.isFinite(this.#perMinute) || Number.isFinite(this.#concurrent);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.#acquire();
    try {
      return await work();
    } finally {
      this.#inFlight--;
      this.#waiting.shift()?.();
    }
  }

  async #acquire(): Promise<void> {
    for (;;) {
      if (this.#inFlight >= this.#concurrent) {
        await new Promise<void>((resolve) => this.#waiting.push(resolve));
        continue;
      }
      const now = Date.now();
      while (this.#starts.length > 0 && this.#starts[0]! <= now - this.windowMs) this.#starts.shift();
      if (this.#starts.length >= this.#perMinute) {
        await new Promise((resolve) => setTimeout(resolve, this.#starts[0]! + this.windowMs - now + 1));
        continue;
      }
      this.#starts.push(now);
      this.#inFlight++;
      return;
    }
  }
}
