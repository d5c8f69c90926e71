// The `wasm:0.1` kind: containers are ids in the executor process, called exactly as the fork's invoker calls it
// (docs/openwhisk-protocols.md §6.2): a fresh UUID per container, POST /<uuid>/init, /<uuid>/run, and /<uuid>/destroy with the
// id as a text/plain body. Unlike the fork, the executor's {status, result} becomes OpenWhisk's own outcome.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ActivationLogs, ForkErrorCode, RunReply } from '../../executor/protocol/fork.js';
import { messages } from '../api-error.js';
import { fixedLink, type ExecutorLink } from './executor-supervisor.js';
import type {
  CallOutcome,
  CallResult,
  ContainerFactory,
  ContainerSpec,
  InitPayload,
  LogLine,
  PlatformContainer,
  RunPayload,
} from '../invoker/container.js';
import { ContainerClient, type ContainerReply } from '../../http-client/container-client.js';

type Reply = Extract<ContainerReply, { ok: true }>;
type Failure = Extract<ContainerReply, { ok: false }>;

/** Time the platform grants beyond the action timeout before it gives up on the executor itself. */
const graceMs = 2_000;
/** How long a failed call waits to learn whether the executor process died (its exit is seen just after the reset). */
const deathCheckMs = 1_000;
const executorDied =
  'the wasm executor died during this activation (it is being restarted; the next invocation is cold)';
const executorGone = 'the wasm executor this container lived in died and was restarted';

export class WasmFactory implements ContainerFactory {
  readonly runtime = 'executor';

  private readonly link: ExecutorLink;
  /** One client for all of this executor's containers (the same client the baseline uses); a new one after a restart. */
  private client: ContainerClient;
  private clientUrl: string;

  /** A URL (`http://127.0.0.1:<port>`) of an executor run by someone else, or the link to one the platform supervises. */
  constructor(executor: string | ExecutorLink) {
    this.link = typeof executor === 'string' ? fixedLink(executor) : executor;
    this.clientUrl = this.link.url;
    this.client = new ContainerClient(this.clientUrl);
  }

  get executorUrl(): string {
    return this.link.url;
  }

  get restarts(): number {
    return this.link.restarts;
  }

  /** VmRSS of the executor process: every wasm container shares it. Unknown for an executor the platform did not start. */
  async sharedMemoryBytes(): Promise<number | undefined> {
    if (this.link.pid === undefined) return undefined;
    try {
      const status = await readFile(`/proc/${this.link.pid}/status`, 'utf8');
      const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
      return kb === undefined ? undefined : Number(kb) * 1024;
    } catch {
      return undefined;
    }
  }

  async create(spec: ContainerSpec): Promise<PlatformContainer> {
    await this.link.ready();
    if (this.link.url !== this.clientUrl) {
      this.client.close();
      this.clientUrl = this.link.url;
      this.client = new ContainerClient(this.clientUrl);
    }
    return new WasmContainer(randomUUID(), this.link, this.client, spec.memoryMb);
  }

  async close(): Promise<void> {
    this.client.close();
    await this.link.close();
  }
}

class WasmContainer implements PlatformContainer {
  readonly runtime = 'executor';

  private readonly generation: number;

  constructor(
    readonly id: string,
    private readonly link: ExecutorLink,
    private readonly client: ContainerClient,
    private readonly memoryMb: number,
  ) {
    this.generation = link.generation;
  }

  /** The header that proves to a platform-started executor that this is its platform. */
  private auth(): Record<string, string> {
    return this.link.secret === undefined ? {} : { 'x-ow-eval-secret': this.link.secret };
  }

  /** The executor it lived in has died since: the pool forgets it, and the next invocation is cold. */
  get lost(): boolean {
    return this.link.generation !== this.generation;
  }

  get restarts(): number {
    return this.link.restarts;
  }

  async init(payload: InitPayload, timeoutMs: number): Promise<CallResult> {
    if (this.lost) return { outcome: internalError(executorGone), logs: [] };
    const body = JSON.stringify({ value: { ...payload.value, limits: { memory: this.memoryMb } } });
    const reply = await this.client.post(`/${this.id}/init`, body, timeoutMs, 'application/json', this.auth());
    if (!reply.ok) return { outcome: await this.transportFailure(reply, timeoutMs, true), logs: [] };
    const engine = engineOf(reply);
    if (reply.status >= 200 && reply.status < 300) {
      const code = reply.headers['x-ow-eval-code'];
      return {
        outcome: { status: 'success', result: {} },
        logs: [],
        engine,
        ...(code === 'compiled' || code === 'cached' ? { code } : {}),
      };
    }
    return { outcome: executorFailure(reply), logs: [], engine };
  }

  async run(payload: RunPayload, timeoutMs: number, logLimitBytes: number): Promise<CallResult> {
    // The executor bounds its own capture (its 10 MiB cap); the platform's LogCollector applies the action's limit.
    const wantLogs = logLimitBytes > 0;
    if (this.lost) return { outcome: internalError(executorGone), logs: [] };
    const reply = await this.client.post(
      `/${this.id}/run`,
      JSON.stringify(payload),
      timeoutMs + graceMs,
      'application/json',
      wantLogs ? { 'x-ow-eval-logs': 'true', ...this.auth() } : this.auth(),
    );
    if (!reply.ok) return { outcome: await this.transportFailure(reply, timeoutMs, false), logs: [] };
    const engine = engineOf(reply);
    if (reply.status < 200 || reply.status >= 300) return { outcome: executorFailure(reply), logs: [], engine };
    let parsed: RunReply;
    try {
      parsed = JSON.parse(reply.text) as RunReply;
    } catch {
      return {
        outcome: { status: 'action developer error', result: { error: messages.notJson(reply.text.slice(0, 1000)) } },
        logs: [],
        engine,
      };
    }
    return { outcome: outcomeOf(parsed), logs: logLines(parsed.logs), engine };
  }

  async pause(): Promise<void> {} // the fork does not suspend wasm containers (docs/openwhisk-protocols.md §6.1)
  async resume(): Promise<void> {}

  async destroy(): Promise<void> {
    if (this.lost) return; // nothing of it is left in the new process
    await this.client.post(`/${this.id}/destroy`, this.id, 10_000, 'text/plain; charset=UTF-8', this.auth());
  }

  /** A reset connection is the platform's fault when the executor process died, else the action's. */
  private async transportFailure(failure: Failure, timeoutMs: number, init: boolean): Promise<CallOutcome> {
    if (failure.reason !== 'timeout' && (await this.link.diedWithin(this.generation, deathCheckMs)))
      return internalError(executorDied);
    return transportFailure(failure, timeoutMs, init);
  }
}

/** success → the result; application error → {"error": …} (the guest's Err value already has that shape). */
function outcomeOf(reply: RunReply): CallOutcome {
  if (reply.status === 'success') return { status: 'success', result: reply.result };
  const result = reply.result;
  const error =
    typeof result === 'object' && result !== null && !Array.isArray(result) && 'error' in result
      ? result
      : { error: result };
  return { status: 'application error', result: error };
}

/**
 * A non-2xx from the executor (trap, timeout, bad module, unknown id) is the action's fault, as any container's non-200.
 * What kind of failure it is comes from the `x-ow-eval-error` code (protocol/fork.ts), never from the message's words.
 */
export function executorFailure(reply: Pick<Reply, 'status' | 'text' | 'headers'>): CallOutcome {
  let message = reply.text;
  try {
    const body = JSON.parse(reply.text) as { error?: unknown };
    if (typeof body.error === 'string') message = body.error;
  } catch {
    /* keep the raw text */
  }
  const timeout = errorCodeOf(reply) === 'ERR_TIMEOUT';
  return {
    status: 'action developer error',
    result: { error: message || `executor answered HTTP ${reply.status}` },
    ...(timeout ? { timeout } : {}),
  };
}

function internalError(error: string): CallOutcome {
  return { status: 'whisk internal error', result: { error } };
}

function transportFailure(failure: Failure, timeoutMs: number, init: boolean): CallOutcome {
  if (failure.reason === 'timeout') {
    return {
      status: 'action developer error',
      result: { error: init ? messages.timedOutInit(timeoutMs) : messages.timedOut(timeoutMs) },
      timeout: true,
    };
  }
  return { status: 'action developer error', result: { error: init ? messages.initExited : messages.runExited } };
}

function errorCodeOf(reply: Pick<Reply, 'headers'>): ForkErrorCode | undefined {
  const header = reply.headers['x-ow-eval-error'];
  return typeof header === 'string' ? (header as ForkErrorCode) : undefined;
}

function engineOf(reply: Reply): string | undefined {
  const header = reply.headers['x-ow-eval-engine'];
  return typeof header === 'string' ? header : undefined;
}

function logLines(logs: ActivationLogs | undefined): LogLine[] {
  if (!logs) return [];
  const time = Date.now();
  const split = (text: string, stream: 'stdout' | 'stderr'): LogLine[] =>
    text.length === 0
      ? []
      : text
          .replace(/\n$/, '')
          .split('\n')
          .map((line) => ({ stream, text: line, time }));
  return [...split(logs.stdout, 'stdout'), ...split(logs.stderr, 'stderr')];
}
