// An activation's stdout or stderr, kept in memory and bounded per activation in bytes, lines and write calls, plus
// a count of what was cut. Each activation gets its own pair (nothing can mix between activations), no host file is
// involved, and nothing is allocated per call: the kept bytes live in one buffer that doubles up to the byte budget,
// and the tail in a fixed ring. A million one-byte writes used to keep a million Buffers (≈ 950 MiB of executor RSS).

/** OpenWhisk's default log limit (docs/openwhisk-protocols.md §1.3: logs 10 MB). */
export const MAX_LOG_BYTES = 10 * 1024 * 1024;
/**
 * Lines kept per stream: each becomes a string in the activation record, so a flood of newlines within the byte
 * budget (10 million one-byte lines) would otherwise cost the platform far more than 10 MB.
 */
export const MAX_LOG_LINES = 100_000;
/** `fd_write` calls kept per stream (an unbuffered `eprintln!` makes a few per line). */
export const MAX_LOG_CALLS = 500_000;

export interface CaptureLimits {
  bytes: number;
  lines: number;
  calls: number;
}

/** The budgets of a log stream (stderr always; stdout under the wow ABI). */
export const LOG_LIMITS: CaptureLimits = { bytes: MAX_LOG_BYTES, lines: MAX_LOG_LINES, calls: MAX_LOG_CALLS };
/** A WASI command's stdout is its result: only the byte budget applies (results over 1 MB fail anyway). */
export const RESULT_LIMITS: CaptureLimits = { bytes: MAX_LOG_BYTES, lines: Infinity, calls: Infinity };

type Cut = 'bytes' | 'lines' | 'calls';

/** The truncation line: OpenWhisk's own wording for bytes (Messages.truncateLogs in ErrorMessages.scala). */
export function truncationNote(cut: Cut, limits: CaptureLimits): string {
  if (cut === 'bytes')
    return `Logs were truncated because the total bytes size exceeds the limit of ${limits.bytes} bytes.`;
  if (cut === 'lines')
    return `Logs were truncated because the number of lines exceeds the limit of ${limits.lines} lines.`;
  return `Logs were truncated because the number of writes exceeds the limit of ${limits.calls} writes.`;
}

const NEWLINE = 10;

export class OutputCapture {
  private store = new Uint8Array(0);
  private kept = 0;
  private written = 0;
  private lines = 0;
  private calls = 0;
  /** Set once a budget is used up; `cut` once something arrived after that. */
  private full: Cut | undefined;
  private cut: Cut | undefined;
  /** The last bytes written (past any cut), for the message of a failed activation: a ring of `tailBytes`. */
  private readonly ring: Uint8Array;
  private ringEnd = 0;
  private ringFilled = 0;

  constructor(
    private readonly tailBytes = 400,
    private readonly limits: CaptureLimits = LOG_LIMITS,
  ) {
    this.ring = new Uint8Array(tailBytes);
  }

  /** One `fd_write` call; false when the call budget is spent (its bytes are then counted, not kept). */
  call(): boolean {
    this.calls++;
    if (this.calls <= this.limits.calls) return true;
    this.cut ??= this.full ?? 'calls';
    return false;
  }

  /** Keeps `length` bytes of `source` from `start` (a copy: the guest's memory changes after the call). */
  write(source: Uint8Array, start = 0, length = source.length - start, keep = true): void {
    if (length === 0) return;
    this.written += length;
    this.remember(source, start, length);
    if (!keep || this.cut !== undefined) return;
    if (this.full !== undefined) {
      this.cut = this.full;
      return;
    }
    let take = Math.min(length, this.limits.bytes - this.kept);
    if (this.limits.lines !== Infinity) {
      for (let i = start; i < start + take; i++) {
        if (source[i] === NEWLINE && ++this.lines === this.limits.lines) {
          take = i + 1 - start;
          this.full = 'lines';
          break;
        }
      }
    }
    this.append(source, start, take);
    if (this.kept === this.limits.bytes) this.full ??= 'bytes';
    if (take < length) this.cut = this.full;
  }

  /** Every byte written, kept or not. */
  get size(): number {
    return this.written;
  }

  /** Everything kept, and when a budget cut it, OpenWhisk's truncation line last. */
  text(): string {
    const text = Buffer.from(this.store.buffer, this.store.byteOffset, this.kept).toString('utf8');
    if (this.cut === undefined) return text;
    return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${truncationNote(this.cut, this.limits)}`;
  }

  /** The last `tailBytes` bytes written. */
  tailText(): string {
    const n = this.ringFilled;
    const from = (this.ringEnd - n + this.tailBytes) % this.tailBytes;
    const bytes =
      from + n <= this.tailBytes
        ? this.ring.subarray(from, from + n)
        : Buffer.concat([this.ring.subarray(from), this.ring.subarray(0, this.ringEnd)]);
    return Buffer.from(bytes).toString('utf8');
  }

  private append(source: Uint8Array, start: number, length: number): void {
    const need = this.kept + length;
    if (need > this.store.length) {
      let capacity = Math.max(4096, this.store.length);
      while (capacity < need) capacity *= 2;
      const grown = new Uint8Array(Math.min(capacity, this.limits.bytes));
      grown.set(this.store.subarray(0, this.kept));
      this.store = grown;
    }
    if (length <= 16) for (let i = 0; i < length; i++) this.store[this.kept + i] = source[start + i]!;
    else this.store.set(source.subarray(start, start + length), this.kept);
    this.kept = need;
  }

  private remember(source: Uint8Array, start: number, length: number): void {
    if (this.tailBytes === 0) return;
    const from = length > this.tailBytes ? start + length - this.tailBytes : start;
    for (let i = from; i < start + length; i++) {
      this.ring[this.ringEnd] = source[i]!;
      this.ringEnd = (this.ringEnd + 1) % this.tailBytes;
    }
    this.ringFilled = Math.min(this.tailBytes, this.ringFilled + (start + length - from));
  }
}
