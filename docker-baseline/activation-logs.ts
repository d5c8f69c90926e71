// Splits a runtime's stdout/stderr into per-activation logs the way OpenWhisk's invoker does (docs/openwhisk-protocols.md §2.3):
// an activation's lines are everything up to the next sentinel on each stream; sentinels are stripped and lines are
// formatted as `<ISO time padded to 30> stdout: line`. Also keeps the tail of the raw output for diagnostics.
//
// Bytes are counted as they stream in, against the activation's log limit (limits.logs, counted on the formatted lines
// as OpenWhisk's log store counts them): once an activation's lines reach the limit, the rest of its output is read
// (the runtime must not block on a full pipe) and dropped, only watched for the sentinel, and `take()` says the logs
// were truncated. A flood of any size thus costs at most the limit per activation waiting to be taken, plus the raw
// tail and one partial line (itself bounded by the limit), never the flood itself.
import { ACTIVATION_LOG_SENTINEL } from './runtime/protocol.js';

export type StreamName = 'stdout' | 'stderr';

/** OpenWhisk's largest limits.logs (10 MB): what an activation may keep when its caller names no limit. */
export const DEFAULT_LOG_LIMIT_BYTES = 10 * 1024 * 1024;
/** Raw output kept per stream for `output()`: the last this many characters (enough for a crash's last lines). */
export const TRANSCRIPT_TAIL_CHARS = 64 * 1024;
/** `<ISO time, 24 chars, padded to 30> <stream, 6 chars>: ` and the newline LogCollector counts: 40 bytes a line. */
const LINE_OVERHEAD_BYTES = 30 + 1 + 6 + 2 + 1;

interface Line {
  time: string;
  text: string;
  sentinel: boolean;
}

/** One activation's share of the output, over both streams: how much it may keep and how much it kept. */
class Budget {
  bytes = 0;
  truncated = false;
  constructor(public limit: number) {}
}

class StreamState {
  /** The line still being written; when it cannot fit its budget, only its last characters (to see a sentinel). */
  partial = '';
  /** The partial line is already over its activation's budget: it will be dropped when it ends. */
  partialDropped = false;
  readonly lines: Line[] = [];
  /** Sentinels in `lines`: the lines pushed now belong to the activation `budgets[sentinels]`. */
  sentinels = 0;
  /**
   * Activations taken before this stream's sentinel arrived (the wait ran out): what the stream still prints up to
   * that many sentinels belongs to activations whose records are written, so it is read and dropped, sentinels
   * included. A count, not a flag: a runtime whose stdout drains slowly (its pipe writes are asynchronous, so
   * stderr's sentinel can come first) may be several activations behind.
   */
  skipSentinels = 0;
  tail = '';
  ended = false;
}

export interface TakenLogs {
  lines: string[];
  /** Lines were dropped because the activation's logs reached its limit. */
  truncated: boolean;
}

export class ActivationLogs {
  private readonly streams: Record<StreamName, StreamState> = { stdout: new StreamState(), stderr: new StreamState() };
  /** budgets[0] is the activation the next `take()` hands over; later ones are output after its sentinel. */
  private budgets: Budget[] = [];
  private limitBytes = DEFAULT_LOG_LIMIT_BYTES;
  private waiters: Array<() => void> = [];

  /**
   * The log limit in bytes of the activation about to run (and of those after it until set again). Lines already
   * queued for it stay; a queue already past the new limit keeps them and counts as truncated.
   */
  setLimit(bytes: number): void {
    this.limitBytes = bytes;
    const current = this.budgets[0];
    if (current) {
      current.limit = bytes;
      if (current.bytes > bytes) current.truncated = true;
    }
  }

  push(stream: StreamName, chunk: Buffer | string, at: Date = new Date()): void {
    const state = this.streams[stream];
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    state.tail = keepTail(state.tail + text);
    const parts = (state.partial + text).split('\n');
    const partial = parts.pop() ?? '';
    for (const part of parts) {
      this.addLine(stream, part, at, state.partialDropped);
      state.partialDropped = false;
    }
    this.setPartial(stream, partial);
    this.wake();
  }

  /** The stream ended (process exited, container gone): a trailing partial line becomes a line. */
  end(stream: StreamName): void {
    const state = this.streams[stream];
    if (state.partial !== '') this.addLine(stream, state.partial, new Date(), state.partialDropped);
    state.partial = '';
    state.partialDropped = false;
    state.ended = true;
    this.wake();
  }

  /**
   * This activation's log lines. With `expectSentinel`, waits (up to `waitMs`) for a sentinel on both streams and
   * consumes through it; without, takes what is queued before the next sentinel and leaves that sentinel in place.
   * Either way the lines taken are no longer held here.
   */
  async take(expectSentinel: boolean, waitMs: number): Promise<TakenLogs> {
    if (expectSentinel) await this.waitFor(() => this.bothHaveSentinel(), waitMs);
    const taken: Array<Line & { stream: StreamName }> = [];
    let consumed = 0;
    for (const stream of ['stdout', 'stderr'] as const) {
      const state = this.streams[stream];
      const lines = state.lines;
      const cut = lines.findIndex((l) => l.sentinel);
      const upTo = cut === -1 ? lines.length : cut;
      for (const line of lines.splice(0, upTo)) taken.push({ ...line, stream });
      if (expectSentinel && lines[0]?.sentinel) {
        lines.shift();
        state.sentinels--;
        consumed++;
      } else if (expectSentinel) state.skipSentinels++;
    }
    const truncated = this.budgets[0]?.truncated ?? false;
    // The activation is over: its budget goes. Without both sentinels (a failed call, a lost sentinel) what still
    // comes before the next sentinel starts a fresh budget rather than one already spent.
    if (consumed === 2) this.budgets.shift();
    else if (this.budgets.length > 0) this.budgets[0] = new Budget(this.limitBytes);
    taken.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)); // stable: stdout first on ties
    return { lines: taken.map((l) => `${l.time.padEnd(30)} ${l.stream}: ${l.text}`), truncated };
  }

  /** The last TRANSCRIPT_TAIL_CHARS each stream printed, sentinels included. */
  transcript(): Record<StreamName, string> {
    return { stdout: this.streams.stdout.tail, stderr: this.streams.stderr.tail };
  }

  /**
   * Bytes of output held now (queued lines as the limit counts them, partial lines, raw tails), for tests and
   * diagnostics: bounded by the limit per activation waiting to be taken plus the tails, whatever was printed.
   */
  heldBytes(): number {
    let held = 0;
    for (const budget of this.budgets) held += budget.bytes;
    for (const state of Object.values(this.streams)) held += Buffer.byteLength(state.partial) + state.tail.length;
    return held;
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

  private budgetOf(state: StreamState): Budget {
    while (this.budgets.length <= state.sentinels) this.budgets.push(new Budget(this.limitBytes));
    return this.budgets[state.sentinels]!;
  }

  /** A complete line; `dropped`: it was already over the budget while partial (only its tail was kept). */
  private addLine(stream: StreamName, text: string, at: Date, dropped: boolean): void {
    const state = this.streams[stream];
    const sentinel = text.endsWith(ACTIVATION_LOG_SENTINEL);
    if (state.skipSentinels > 0) {
      if (sentinel) state.skipSentinels--;
      return;
    }
    const before = sentinel ? text.slice(0, -ACTIVATION_LOG_SENTINEL.length) : text;
    const time = at.toISOString();
    if (!sentinel || before !== '') {
      const budget = this.budgetOf(state);
      const size = LINE_OVERHEAD_BYTES + Buffer.byteLength(before);
      if (dropped || budget.truncated || budget.bytes + size > budget.limit) budget.truncated = true;
      else {
        budget.bytes += size;
        state.lines.push({ time, text: before, sentinel: false });
      }
    }
    if (sentinel) {
      state.lines.push({ time, text: '', sentinel: true });
      state.sentinels++;
    }
  }

  /**
   * Keeps the unfinished line, unless it can no longer fit its activation's budget: then the budget is marked
   * truncated and only the line's last characters stay, enough to recognise a sentinel when the line ends.
   */
  private setPartial(stream: StreamName, partial: string): void {
    const state = this.streams[stream];
    if (state.skipSentinels > 0) state.partialDropped = true; // dropped whatever it is; only a sentinel matters
    if (!state.partialDropped) {
      const budget = this.budgetOf(state);
      // Characters never outnumber UTF-8 bytes: past this the line is over the budget whatever follows.
      if (!budget.truncated && budget.bytes + LINE_OVERHEAD_BYTES + partial.length <= budget.limit) {
        state.partial = partial;
        return;
      }
      budget.truncated = true;
      state.partialDropped = true;
    }
    state.partial = copyOf(partial.slice(-ACTIVATION_LOG_SENTINEL.length));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** The last TRANSCRIPT_TAIL_CHARS of `text`, as a string of its own (not a view that keeps all of `text` alive). */
function keepTail(text: string): string {
  return text.length <= TRANSCRIPT_TAIL_CHARS ? text : copyOf(text.slice(-TRANSCRIPT_TAIL_CHARS));
}

/**
 * A flat copy: V8 represents a slice of a long string as a view that keeps the whole string alive, so a short piece
 * kept from a large chunk would hold the chunk.
 */
function copyOf(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
