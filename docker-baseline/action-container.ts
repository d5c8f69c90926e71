// What both variants share: /init and /run over HTTP, per-activation logs, and turning "no answer" into
// OpenWhisk's developer errors (timeout → container removed; OOM; the runtime died; the connection failed).
import { ActivationLogs, DEFAULT_LOG_LIMIT_BYTES, type TakenLogs } from './activation-logs.js';
import type {
  ActionContainer,
  BaselineVariant,
  RuntimeCall,
  RuntimeCallErrorKind,
  StartupTimes,
} from './driver-types.js';
import { RuntimeClient } from './runtime-client.js';

/** How long to wait for an activation's sentinels after its answer (Docker's log stream can lag the HTTP reply). */
const SENTINEL_WAIT_MS = 2000;
/** V8's own out-of-memory abort, as printed to stderr. */
const HEAP_OOM = /JavaScript heap out of memory|Reached heap limit|FATAL ERROR: .*Allocation failed/;

/** Why the runtime stopped answering, as far as the variant can tell. */
export type Death = { kind: 'memory' | 'crashed'; detail: string } | undefined;

export abstract class BaseActionContainer implements ActionContainer {
  abstract readonly id: string;
  abstract readonly name: string;
  abstract readonly variant: BaselineVariant;
  readonly logs = new ActivationLogs();
  protected readonly client: RuntimeClient;
  protected removed = false;

  protected constructor(
    readonly url: string,
    readonly startup: StartupTimes,
    /** The runtime's Unix socket, when the container has no network. */
    readonly socketPath?: string,
  ) {
    this.client = new RuntimeClient(url, socketPath);
  }

  get isRemoved(): boolean {
    return this.removed;
  }

  init(body: unknown, timeoutMs: number): Promise<RuntimeCall> {
    return this.call('/init', body, timeoutMs);
  }

  run(body: unknown, timeoutMs: number, logLimitBytes = DEFAULT_LOG_LIMIT_BYTES): Promise<RuntimeCall> {
    this.logs.setLimit(logLimitBytes);
    return this.call('/run', body, timeoutMs);
  }

  output(): { stdout: string; stderr: string } {
    return this.logs.transcript();
  }

  heldLogBytes(): number {
    return this.logs.heldBytes();
  }

  abstract pause(): Promise<number>;
  abstract unpause(): Promise<number>;
  abstract remove(): Promise<number>;
  abstract memoryBytes(): Promise<number | undefined>;
  /** After a failed connection: waits briefly for the runtime to be seen dead and says why, or undefined if alive. */
  protected abstract diagnose(): Promise<Death>;

  private async call(path: '/init' | '/run', body: unknown, timeoutMs: number): Promise<RuntimeCall> {
    const outcome = await this.client.post(path, body, timeoutMs);
    if (outcome.ok) {
      // The runtime prints sentinels after every /run it executed (200, 502) and after a failed /init (502).
      const executed = path === '/run' ? outcome.status === 200 || outcome.status === 502 : outcome.status === 502;
      const taken: TakenLogs =
        path === '/init' && outcome.status === 200
          ? { lines: [], truncated: false }
          : await this.logs.take(executed, SENTINEL_WAIT_MS);
      return { status: outcome.status, body: outcome.body, ms: outcome.ms, ...callLogs(taken) };
    }
    const during = path === '/init' ? ' during initialization' : '';
    if (outcome.reason === 'timeout') {
      await this.remove();
      return this.failed(
        'timeout',
        `The action exceeded its time limits of ${timeoutMs} milliseconds${during}.`,
        outcome.ms,
        `no answer within ${timeoutMs} ms; container removed`,
      );
    }
    const death = await this.diagnose();
    if (!death)
      return this.failed(
        'connection',
        `The action did not produce a valid response and exited unexpectedly.`,
        outcome.ms,
        outcome.message,
      );
    const memory = death.kind === 'memory' || HEAP_OOM.test(this.logs.transcript().stderr);
    await this.remove();
    if (memory)
      return this.failed('memory', 'The action exhausted its memory and was aborted.', outcome.ms, death.detail);
    const message =
      path === '/init'
        ? 'The action did not initialize and exited unexpectedly.'
        : 'The action did not produce a valid response and exited unexpectedly.';
    return this.failed('crashed', message, outcome.ms, `${death.detail} (${outcome.message})`);
  }

  private async failed(kind: RuntimeCallErrorKind, message: string, ms: number, detail: string): Promise<RuntimeCall> {
    const taken = await this.logs.take(false, 0);
    return { status: 0, body: { error: message }, ms, ...callLogs(taken), error: { kind, message, detail } };
  }
}

function callLogs(taken: TakenLogs): Pick<RuntimeCall, 'logs' | 'logsTruncated'> {
  return taken.truncated ? { logs: taken.lines, logsTruncated: true } : { logs: taken.lines };
}
