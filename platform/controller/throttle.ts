// Namespace throttles (Entitlement.scala): invocations per minute and concurrent activations. Off unless configured,
// so benchmarks measure the platform and not its rate limiter; the run manifest states which applied.
import { ApiError, messages } from '../api-error.js';

export class Throttle {
  private readonly recent = new Map<string, number[]>();
  private readonly running = new Map<string, number>();

  constructor(private readonly limits: { invocationsPerMinute?: number; concurrentInvocations?: number }) {}

  /** Admits one invocation or throws 429; call the returned function when the activation ends. */
  admit(namespace: string): () => void {
    const { invocationsPerMinute: perMinute, concurrentInvocations: concurrent } = this.limits;
    const now = Date.now();
    if (perMinute !== undefined) {
      const window = (this.recent.get(namespace) ?? []).filter((t) => t > now - 60_000);
      this.recent.set(namespace, window);
      if (window.length >= perMinute) throw new ApiError(429, messages.tooManyPerMinute(window.length + 1, perMinute));
    }
    const inFlight = this.running.get(namespace) ?? 0;
    if (concurrent !== undefined && inFlight >= concurrent)
      throw new ApiError(429, messages.tooManyConcurrent(inFlight + 1, concurrent));
    if (perMinute !== undefined) this.recent.get(namespace)!.push(now);
    this.running.set(namespace, inFlight + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.running.set(namespace, (this.running.get(namespace) ?? 1) - 1);
    };
  }
}
