// The log lines of one activation, bounded by the action's `limits.logs` (MiB) as OpenWhisk's log store bounds them:
// lines are kept in order until their formatted bytes would pass the limit, then one last line says so and the rest
// is dropped (Messages.truncateLogs, ErrorResponse.scala L198-200). Lines are added one by one, never spread into
// a call's arguments: a flood of hundreds of thousands of lines must cost a loop, not the stack.
import type { LogLine } from './container.js';

export const logMessages = {
  truncated: (limit: number) => `Logs were truncated because the total bytes size exceeds the limit of ${limit} bytes.`,
  /** Messages.logFailure (ErrorResponse.scala L201): log collection itself failed. */
  failure: 'There was an issue while collecting your logs. Data might be missing.',
} as const;

/** limits.logs (MiB) in bytes: what a runtime may keep of one activation's output. */
export function logLimitBytes(limitMb: number): number {
  return limitMb * 1024 * 1024;
}

export class LogCollector {
  readonly lines: string[] = [];
  private bytes = 0;
  private full = false;
  private readonly limit: number;

  /** `limitMb` is limits.logs: 0 keeps nothing (and says nothing), as OpenWhisk. */
  constructor(limitMb: number) {
    this.limit = logLimitBytes(limitMb);
  }

  /**
   * `truncatedUpstream`: the runtime already dropped lines after these at the same limit (it counts as this does, so
   * the lines it kept fit); the record then ends with the same truncation line.
   */
  add(lines: readonly LogLine[], truncatedUpstream = false): void {
    if (this.limit === 0) return;
    this.addLines(lines);
    if (truncatedUpstream && !this.full) {
      this.full = true;
      this.lines.push(formatLog({ stream: 'stderr', text: logMessages.truncated(this.limit) }));
    }
  }

  private addLines(lines: readonly LogLine[]): void {
    for (let i = 0; i < lines.length && !this.full; i++) {
      const text = formatLog(lines[i]!);
      const size = Buffer.byteLength(text) + 1;
      if (this.bytes + size > this.limit) {
        this.full = true;
        this.lines.push(formatLog({ stream: 'stderr', text: logMessages.truncated(this.limit) }));
        return;
      }
      this.bytes += size;
      this.lines.push(text);
    }
  }

  /** Log collection failed: the record keeps what was collected and says that more may be missing. */
  failed(): void {
    if (this.limit > 0) this.lines.push(formatLog({ stream: 'stderr', text: logMessages.failure }));
  }
}

/** `f"$time%-30s $stream: $log"` (DockerToActivationLogStore.scala L40-41). */
export function formatLog(line: LogLine): string {
  return `${new Date(line.time ?? Date.now()).toISOString().padEnd(30)} ${line.stream}: ${line.text}`;
}
