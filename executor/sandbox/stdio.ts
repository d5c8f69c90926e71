// An activation's stdout or stderr, kept in memory: the first MAX_LOG_BYTES bytes, plus a count of what was cut.
// Each activation gets its own pair (nothing can mix between activations), and no host file is involved.

/** OpenWhisk's default log limit (docs/openwhisk-protocols.md §1.3: logs 10 MB). */
export const MAX_LOG_BYTES = 10 * 1024 * 1024;

export class OutputCapture {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;
  /** The last bytes written, for the message of a failed activation (stderr's tail). */
  private tail: Buffer = Buffer.alloc(0);

  constructor(private readonly tailBytes = 400) {}

  write(bytes: Uint8Array): void {
    const room = MAX_LOG_BYTES - this.kept;
    if (room > 0) {
      const keep = bytes.length <= room ? bytes : bytes.subarray(0, room);
      this.chunks.push(Buffer.from(keep)); // a copy: the guest's memory changes after the call
      this.kept += keep.length;
    }
    this.dropped += Math.max(0, bytes.length - Math.max(0, room));
    const recent =
      bytes.length >= this.tailBytes
        ? bytes.subarray(bytes.length - this.tailBytes)
        : Buffer.concat([this.tail, bytes]);
    this.tail = Buffer.from(recent.subarray(Math.max(0, recent.length - this.tailBytes)));
  }

  get size(): number {
    return this.kept + this.dropped;
  }

  /** Everything kept, with a note when the limit cut it. */
  text(): string {
    const text = Buffer.concat(this.chunks, this.kept).toString('utf8');
    return this.dropped > 0 ? `${text}\n[logs truncated at ${MAX_LOG_BYTES} bytes]` : text;
  }

  /** The last `tailBytes` bytes written. */
  tailText(): string {
    return this.tail.toString('utf8');
  }
}
