// Splits a runtime's stdout/stderr into per-activation logs the way OpenWhisk's invoker does (docs/openwhisk-protocols.md §2.3):
// an activation's lines are everything up to the next sentinel on each stream; sentinels are stripped and lines are
// formatted as `<ISO time padded to 30> stdout: line`. Also keeps the raw transcript for conformance checks.
import { ACTIVATION_LOG_SENTINEL } from './runtime/protocol.js';

export type StreamName = 'stdout' | 'stderr';

interface Line {
  time: string;
  text: string;
  sentinel: boolean;
}

class StreamState {
  partial = '';
  readonly lines: Line[] = [];
  transcript = '';
  ended = false;
}

/** Raw output kept per stream for `output()`; more is dropped (the per-activation queue is unaffected). */
const MAX_TRANSCRIPT_CHARS = 16 * 1024 * 1024;

export class ActivationLogs {
  private readonly streams: Record<StreamName, StreamState> = { stdout: new StreamState(), stderr: new StreamState() };
  private waiters: Array<() => void> = [];

  push(stream: StreamName, chunk: Buffer | string, at: Date = new Date()): void {
    const state = this.streams[stream];
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (state.transcript.length < MAX_TRANSCRIPT_CHARS) state.transcript += text;
    const parts = (state.partial + text).split('\n');
    state.partial = parts.pop() ?? '';
    for (const part of parts) this.addLine(state, part, at);
    this.wake();
  }

  /** The stream ended (process exited, container gone): a trailing partial line becomes a line. */
  end(stream: StreamName): void {
    const state = this.streams[stream];
    if (state.partial !== '') this.addLine(state, state.partial, new Date());
    state.partial = '';
    state.ended = true;
    this.wake();
  }

  /**
   * This activation's log lines. With `expectSentinel`, waits (up to `waitMs`) for a sentinel on both streams and
   * consumes through it; without, takes what is queued before the next sentinel and leaves that sentinel in place.
   */
  async take(expectSentinel: boolean, waitMs: number): Promise<string[]> {
    if (expectSentinel) await this.waitFor(() => this.bothHaveSentinel(), waitMs);
    const taken: Array<Line & { stream: StreamName }> = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      const lines = this.streams[stream].lines;
      const cut = lines.findIndex((l) => l.sentinel);
      const upTo = cut === -1 ? lines.length : cut;
      for (const line of lines.splice(0, upTo)) taken.push({ ...line, stream });
      if (expectSentinel && lines[0]?.sentinel) lines.shift();
    }
    taken.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)); // stable: stdout first on ties
    return taken.map((l) => `${l.time.padEnd(30)} ${l.stream}: ${l.text}`);
  }

  /** Everything each stream printed so far, sentinels included. */
  transcript(): Record<StreamName, string> {
    return { stdout: this.streams.stdout.transcript, stderr: this.streams.stderr.transcript };
  }

  /** Resolves when `predicate` holds or after `waitMs`; for callers that need to wait on the raw output. */
  async waitFor(predicate: () => boolean, waitMs: number): Promise<boolean> {
    const deadline = Date.now() + waitMs;
    while (!predicate()) {
      const left = deadline - Date.now();
      if (left <= 0 || (this.streams.stdout.ended && this.streams.stderr.ended)) return predicate();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return true;
  }

  private bothHaveSentinel(): boolean {
    return this.streams.stdout.lines.some((l) => l.sentinel) && this.streams.stderr.lines.some((l) => l.sentinel);
  }

  private addLine(state: StreamState, text: string, at: Date): void {
    const sentinel = text.endsWith(ACTIVATION_LOG_SENTINEL);
    const before = sentinel ? text.slice(0, -ACTIVATION_LOG_SENTINEL.length) : text;
    const time = at.toISOString();
    if (sentinel && before !== '') state.lines.push({ time, text: before, sentinel: false });
    state.lines.push({ time, text: sentinel ? '' : text, sentinel });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
