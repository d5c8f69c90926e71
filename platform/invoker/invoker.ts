// Runs one activation the way ContainerProxy does (docs/openwhisk-protocols.md §5): take a container from the pool, /init it
// if it is fresh, /run, build the record. `waitTime` runs from request arrival to the start of /init or /run; `initTime`
// is the /init call; `start` is moved back by initTime so that `duration` includes it.
import { performance } from 'node:perf_hooks';
import { OwEvalError } from '../../errors/ow-eval-error.js';
import { messages } from '../api-error.js';
import type { CallOutcome, CallResult, InitPayload, LogLine, RunPayload } from './container.js';
import { ContainerPool, type Lease, type WorkRequest } from './container-pool.js';
import { failureRecord } from './failure-record.js';
import { faultAt, type FaultInjector } from './faults.js';
import { LogCollector, logLimitBytes } from './log-collector.js';
import type { ActivationRecord, CodeAction, KeyValue, OwEvalAnnotation } from '../types.js';

export interface InvocationJob {
  /** The action with its parameters already merged across package and binding (resolve.ts). */
  action: CodeAction;
  /** The request body: an object merged over the action's parameters, or an array passed through. */
  payload: unknown;
  namespace: string;
  subject: string;
  apiKey: string;
  activationId: string;
  transactionId: string;
  /** performance.now() when the HTTP request arrived. */
  arrivedAt: number;
  /** The enclosing sequence's activation id when this runs as a sequence component (record `cause`, `causedBy`). */
  cause?: string;
  /** The entity path of the package binding the action was invoked through (the record's `binding` annotation). */
  binding?: string;
}

const maxResultBytes = 1_048_576; // whisk.activation.payload.max

export interface InvokerOptions {
  /**
   * How long an activation may wait for a container (queue and creation) before it ends as "Failed to provision
   * resources"; a lease that arrives later is given back at once. @default 300000
   */
  provisionTimeoutMs?: number;
  /**
   * Time past an action's own timeout that the invoker gives a container's /init or /run before it stops waiting,
   * records a whisk internal error and destroys the container (the adapters time out themselves; this is the
   * backstop for one that never answers). @default 10000
   */
  callGraceMs?: number;
  /** Tests only: makes steps of the path fail or hang (faults.ts). */
  faults?: FaultInjector;
}

export const invokerMessages = {
  noAnswer: (ms: number) => `The container did not answer within ${ms} milliseconds; it was removed.`,
} as const;

export class Invoker {
  private readonly provisionTimeoutMs: number;
  private readonly callGraceMs: number;
  private readonly faults: FaultInjector | undefined;

  constructor(
    private readonly pool: ContainerPool,
    options: InvokerOptions = {},
  ) {
    this.provisionTimeoutMs = options.provisionTimeoutMs ?? 300_000;
    this.callGraceMs = options.callGraceMs ?? 10_000;
    this.faults = options.faults;
  }

  /**
   * Never rejects and always gives its lease back: whatever throws after the lease is taken ends in a whisk internal
   * error record and the container's removal (the `finally` is the one place a lease is released).
   */
  async invoke(job: InvocationJob): Promise<ActivationRecord> {
    const { action } = job;
    const request: WorkRequest = {
      fingerprint: action.fingerprint,
      action: `${action.namespace}/${action.name}`,
      kind: action.exec.kind,
      memoryMb: action.limits.memory,
      concurrency: action.limits.concurrency,
    };
    if (action.exec.image) request.image = action.exec.image;
    let lease: Lease | undefined;
    let initPending = false;
    let destroy = true;
    try {
      // Under fault injection every acquire takes the slow path, where the `acquire` point is.
      lease = (this.faults ? undefined : this.pool.tryAcquire(request)) ?? (await this.acquire(request));
    } catch {
      const now = performance.now();
      return this.record(job, { status: 'whisk internal error', result: { error: messages.provisionFailed } }, [], {
        runStart: now,
        runEnd: now,
        waitMs: now - job.arrivedAt,
        ranOn: undefined,
      });
    }
    try {
      const { container } = lease;
      const timeout = action.limits.timeout;
      let initStart: number | undefined;
      let initMs: number | undefined;
      const logs = new LogCollector(action.limits.logs);
      let engine: string | undefined;
      let code: CallResult['code'];
      const taken = lease;
      // Read when the record is written: init and run may each learn the engine.
      const ranOn = (): RanOn => ({
        lease: taken,
        container: container.id,
        runtime: container.runtime,
        engine,
        code,
        restarts: container.restarts,
      });
      if (lease.needsInit) {
        initPending = true;
        initStart = performance.now();
        const init = await this.call('init', () => container.init(this.initPayload(job), timeout), timeout);
        initMs = performance.now() - initStart;
        initPending = false;
        this.pool.initDone(lease, init.outcome.status === 'success');
        this.collect(logs, init.logs, init.logsTruncated === true);
        engine = init.engine;
        code = init.code;
        if (init.outcome.status !== 'success') {
          const end = performance.now();
          const outcome: CallOutcome =
            init.outcome.status === 'application error'
              ? { status: 'action developer error', result: init.outcome.result }
              : init.outcome;
          return this.record(job, outcome, logs.lines, {
            runStart: end,
            runEnd: end,
            waitMs: initStart - job.arrivedAt,
            initMs,
            ranOn: ranOn(),
          });
        }
      }
      const runStart = performance.now();
      const run = await this.call(
        'run',
        () => container.run(this.runPayload(job), timeout, logLimitBytes(action.limits.logs)),
        timeout,
      );
      const runEnd = performance.now();
      this.collect(logs, run.logs, run.logsTruncated === true);
      engine = run.engine ?? engine;
      const record = this.record(job, run.outcome, logs.lines, {
        runStart,
        runEnd,
        waitMs: (initStart ?? runStart) - job.arrivedAt,
        initMs,
        ranOn: ranOn(),
      });
      destroy = run.outcome.status === 'action developer error' || run.outcome.status === 'whisk internal error';
      return record;
    } catch (error) {
      return this.failureRecord(job, error);
    } finally {
      this.giveBack(lease, initPending, destroy);
    }
  }

  /** Releases a lease whatever state the pool is in: a failure here must not turn a record into a rejection. */
  private giveBack(lease: Lease, initPending: boolean, destroy: boolean): void {
    try {
      if (initPending) this.pool.initDone(lease, false);
      this.pool.release(lease, { destroy });
    } catch (error) {
      process.emitWarning(`ow-eval: releasing a container lease failed: ${String(error)}`);
    }
  }

  /** A lease from the pool within the provision deadline; one that comes after it is given back unused. */
  private async acquire(request: WorkRequest): Promise<Lease> {
    let timer: NodeJS.Timeout | undefined;
    let late = false;
    const leased = (async () => {
      if (this.faults) await this.faults.at('acquire');
      return this.pool.acquire(request);
    })();
    leased.then(
      (lease) => {
        if (late) this.giveBack(lease, lease.needsInit, lease.needsInit);
      },
      () => undefined,
    );
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        late = true;
        reject(new OwEvalError('ERR_PROVISION_TIMEOUT', `no container within ${this.provisionTimeoutMs} ms`));
      }, this.provisionTimeoutMs);
    });
    try {
      return await Promise.race([leased, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * /init or /run with the backstop deadline; a rejection (adapters promise never to) becomes an outcome. The call
   * itself is not cancelled: the container is destroyed when the lease is released.
   */
  private async call(step: 'init' | 'run', send: () => Promise<CallResult>, timeoutMs: number): Promise<CallResult> {
    const limit = timeoutMs + this.callGraceMs;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<CallResult>((resolve) => {
      timer = setTimeout(() => resolve({ outcome: internalError(invokerMessages.noAnswer(limit)), logs: [] }), limit);
    });
    const faults = this.faults;
    const sent = safely(faults ? async () => (await faults.at(step), send()) : send);
    try {
      return await Promise.race([sent, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Collects lines into the bounded log; a failure there keeps the activation's outcome and says so in the logs. */
  private collect(logs: LogCollector, lines: readonly LogLine[], truncated: boolean): void {
    try {
      faultAt(this.faults, 'logs');
      logs.add(lines, truncated);
    } catch {
      logs.failed();
    }
  }

  /** The record of an activation whose path failed in the platform: OpenWhisk's whisk-error shape. */
  failureRecord(job: InvocationJob, error: unknown): ActivationRecord {
    return failureRecord(job.action, job, error);
  }

  private initPayload(job: InvocationJob): InitPayload {
    const { action } = job;
    const env: Record<string, string> = {};
    for (const p of action.parameters) if (p.init) env[p.key] = stringify(p.value);
    Object.assign(env, this.owEnv(job));
    const annotations: Record<string, unknown> = {};
    for (const a of action.annotations) annotations[a.key] = a.value;
    return {
      value: {
        name: action.name,
        main: action.exec.main ?? 'main',
        code: action.exec.code,
        binary: action.exec.binary,
        env,
        annotations,
      },
    };
  }

  private runPayload(job: InvocationJob): RunPayload {
    const { action } = job;
    let value: unknown = job.payload;
    if (!Array.isArray(job.payload)) {
      const merged: Record<string, unknown> = {};
      for (const p of action.parameters) if (!p.init) merged[p.key] = p.value;
      value = Object.assign(merged, job.payload ?? {});
    }
    return withMetadata(job, value);
  }

  /** The init env's __OW_* values: the run body's metadata fields under OpenWhisk's env names (cold path only). */
  private owEnv(job: InvocationJob): Record<string, string> {
    const { value: _value, api_key: _apiKey, ...fields } = withMetadata(job, undefined);
    const env: Record<string, string> = {};
    for (const [field, text] of Object.entries(fields)) env[`__OW_${field.toUpperCase()}`] = text;
    if (providesApiKey(job.action)) env.__OW_API_KEY = job.apiKey;
    return env;
  }

  private record(job: InvocationJob, outcome: CallOutcome, logs: string[], t: Timing): ActivationRecord {
    const { action } = job;
    faultAt(this.faults, 'result');
    const capped = capResult(outcome);
    outcome = capped.outcome;
    const initTime = t.initMs === undefined ? undefined : Math.floor(t.initMs);
    const end = Math.floor(epochOf(t.runEnd));
    const start = Math.floor(epochOf(t.runStart)) - (initTime ?? 0);
    // Built with pushes and assignments, not conditional spreads: this runs once per activation, and spreads in
    // literals take V8's slow path (the same order of keys and annotations either way).
    const annotations: KeyValue[] = [
      { key: 'limits', value: { ...action.limits } },
      { key: 'path', value: `${action.namespace}/${action.name}` },
      { key: 'kind', value: action.exec.kind },
    ];
    if (job.binding !== undefined) annotations.push({ key: 'binding', value: job.binding });
    if (job.cause !== undefined) annotations.push({ key: 'causedBy', value: 'sequence' });
    annotations.push({ key: 'timeout', value: 'timeout' in outcome && outcome.timeout === true });
    if (initTime !== undefined) annotations.push({ key: 'initTime', value: initTime });
    annotations.push({ key: 'waitTime', value: Math.max(0, Math.floor(t.waitMs)) });
    if (t.ranOn) annotations.push({ key: 'ow-eval', value: owEvalOf(t.ranOn, t) });
    const size = capped.size;
    const success = outcome.status === 'success';
    const response: ActivationRecord['response'] =
      size === undefined
        ? { result: outcome.result, status: outcome.status, success }
        : { result: outcome.result, size, status: outcome.status, success };
    const record: ActivationRecord = {
      namespace: job.namespace,
      name: action.name,
      subject: job.subject,
      activationId: job.activationId,
      start,
      end,
      duration: end - start,
      response,
      logs: action.limits.logs === 0 ? [] : logs,
      version: action.version,
      publish: action.publish,
      annotations,
    };
    if (job.cause !== undefined) record.cause = job.cause;
    return record;
  }
}

interface Timing {
  runStart: number;
  runEnd: number;
  waitMs: number;
  initMs?: number;
  /** The container that ran the activation, for the `ow-eval` annotation; undefined when none was obtained. */
  ranOn: RanOn | undefined;
}

/** Where an activation ran: its lease, the container, its runtime process, and what that runtime reported. */
interface RanOn {
  lease: Lease;
  container: string;
  runtime: string;
  engine: string | undefined;
  code?: CallResult['code'];
  restarts: number | undefined;
}

/** Adapters promise never to reject; a bug that makes one reject still ends as a record, not a hung request. */
async function safely(call: () => Promise<CallResult>): Promise<CallResult> {
  try {
    return await call();
  } catch (error) {
    return {
      outcome: {
        status: 'whisk internal error' as const,
        result: { error: `container call failed: ${error instanceof Error ? error.message : String(error)}` },
      },
      logs: [] as LogLine[],
    };
  }
}

/** The outcome with a result over the limit replaced, and the result's size in bytes (its JSON text, made once). */
function capResult(outcome: CallOutcome): { outcome: CallOutcome; size: number | undefined } {
  if (outcome.result === undefined) return { outcome, size: undefined };
  const text = JSON.stringify(outcome.result);
  const bytes = Buffer.byteLength(text ?? '');
  if (outcome.status !== 'success' || bytes <= maxResultBytes) return { outcome, size: bytes };
  const capped: CallOutcome = {
    status: 'application error',
    result: {
      error: `The action produced a response that exceeded the allowed length: ${bytes} > ${maxResultBytes} bytes. The truncated response was: ${text.slice(0, maxResultBytes)}`,
    },
  };
  return { outcome: capped, size: Buffer.byteLength(JSON.stringify(capped.result)) };
}

/** A run body: `value` and the activation's metadata, built field by field (once per run, on the warm path). */
function withMetadata(job: InvocationJob, value: unknown): RunPayload {
  const { action } = job;
  const payload: RunPayload = {
    value,
    namespace: job.namespace,
    action_name: `/${action.namespace}/${action.name}`,
    action_version: action.version,
    activation_id: job.activationId,
    transaction_id: job.transactionId,
    deadline: String(Date.now() + action.limits.timeout),
  };
  if (providesApiKey(action) && job.apiKey) payload.api_key = job.apiKey;
  return payload;
}

/** OpenWhisk passes the API key unless the action's `provide-api-key` annotation says otherwise. */
function providesApiKey(action: CodeAction): boolean {
  const provide = action.annotations.find((a) => a.key === 'provide-api-key');
  return provide === undefined || provide.value === true || provide.value === 'true';
}

/** The `ow-eval` annotation: µs phases, how the container was obtained, the engine and restarts when known. */
function owEvalOf(ranOn: RanOn, t: Timing): OwEvalAnnotation {
  const { lease } = ranOn;
  const times: OwEvalAnnotation['phases'] = {
    queueMs: micro(t.waitMs - (lease.createMs ?? 0) - (lease.unpauseMs ?? 0)),
    runMs: micro(t.runEnd - t.runStart),
  };
  if (lease.createMs !== undefined) times.createMs = micro(lease.createMs);
  if (lease.unpauseMs !== undefined) times.unpauseMs = micro(lease.unpauseMs);
  if (t.initMs !== undefined) times.initMs = micro(t.initMs);
  const ow: OwEvalAnnotation = {
    containerId: ranOn.container,
    startKind: lease.startKind,
    runtime: ranOn.runtime,
    phases: times,
  };
  if (ranOn.engine) ow.engine = ranOn.engine;
  if (ranOn.code) ow.code = ranOn.code;
  if (ranOn.restarts !== undefined) ow.restarts = ranOn.restarts;
  return ow;
}

const epochOf = (mono: number): number => performance.timeOrigin + mono;
const micro = (ms: number): number => Math.round(ms * 1000) / 1000;

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  // objects go through JSON.stringify; the rest are primitives, so no "[object Object]"
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function internalError(error: string): CallOutcome {
  return { status: 'whisk internal error', result: { error } };
}
