// McGrath-style closed-loop load: `clients` loops, each with one request outstanding, until the deadline or an abort.
// Each completed invocation is handed to `onResult` at once, so records are appended as they complete.
import type { InvokeResult, RunTarget } from './run-target.js';

export interface ClosedLoopOptions {
  target: RunTarget;
  clients: number;
  durationMs: number;
  signal: AbortSignal;
  /** Picks the next action and its params; called once per request (seeded randomness lives in the caller). */
  next: (client: number) => { name: string; action: string; params: Record<string, unknown> };
  onResult: (request: { name: string; action: string; client: number }, result: InvokeResult) => void;
}

export async function closedLoop(options: ClosedLoopOptions): Promise<void> {
  const deadline = performance.now() + options.durationMs;
  const loop = async (client: number): Promise<void> => {
    while (performance.now() < deadline && !options.signal.aborted) {
      const { name, action, params } = options.next(client);
      const result = await options.target.invoke(name, params);
      options.onResult({ name, action, client }, result);
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, client) => loop(client)));
}
