// The `nodejs:20` kind: containers from the Docker baseline driver (or its node-process variant), called with the
// standard action-runtime protocol. Their HTTP replies become OpenWhisk outcomes by ActivationResult's rules
// (docs/openwhisk-protocols.md §2.1): init and run non-200 are developer errors, a 200 with `error` an application error.
import type { ActionContainer, ContainerDriver, RuntimeCall } from '../../docker-baseline/driver-types.js';
import { messages } from '../api-error.js';
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

export class NodejsFactory implements ContainerFactory {
  readonly runtime: string;

  constructor(
    private readonly driver: ContainerDriver,
    private readonly settings: { userMemoryMb: number; apiHost: () => string },
  ) {
    this.runtime = driver.variant;
  }

  async create(spec: ContainerSpec): Promise<PlatformContainer> {
    const container = await this.driver.start({
      name: spec.name,
      memoryMb: spec.memoryMb,
      userMemoryMb: this.settings.userMemoryMb,
      env: { __OW_API_HOST: this.settings.apiHost() },
      allowConcurrent: spec.concurrency > 1,
    });
    return new NodejsContainer(container, this.runtime);
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}

class NodejsContainer implements PlatformContainer {
  readonly id: string;

  constructor(
    private readonly container: ActionContainer,
    readonly runtime: string,
  ) {
    this.id = container.id;
  }

  async init(payload: InitPayload, timeoutMs: number): Promise<CallResult> {
    const call = await this.container.init(payload, timeoutMs);
    return { outcome: initOutcome(call, timeoutMs), ...callLogs(call) };
  }

  async run(payload: RunPayload, timeoutMs: number, logLimitBytes: number): Promise<CallResult> {
    // The container counts its output against the limit as it streams in and drops the rest (activation-logs.ts).
    const call = await this.container.run(payload, timeoutMs, logLimitBytes);
    return { outcome: runOutcome(call, timeoutMs), ...callLogs(call) };
  }

  async pause(): Promise<void> {
    await this.container.pause();
  }
  async resume(): Promise<void> {
    await this.container.unpause();
  }
  async destroy(): Promise<void> {
    await this.container.remove();
  }
  memoryBytes(): Promise<number | undefined> {
    return this.container.memoryBytes();
  }
}

function initOutcome(call: RuntimeCall, timeoutMs: number): CallOutcome {
  if (call.error) return failedCall(call, timeoutMs, true);
  if (call.status === 200) return { status: 'success', result: {} };
  if (isObject(call.body) && 'error' in call.body)
    return { status: 'action developer error', result: { error: call.body.error } };
  return { status: 'action developer error', result: { error: messages.initFailed(textOf(call.body)) } };
}

/** ActivationResult.processRunResponseContent (L199-257). */
function runOutcome(call: RuntimeCall, timeoutMs: number): CallOutcome {
  if (call.error) return failedCall(call, timeoutMs, false);
  const body = call.body;
  if (call.status === 200) {
    if (Array.isArray(body)) return { status: 'success', result: body };
    if (isObject(body))
      return 'error' in body
        ? { status: 'application error', result: { error: body.error } }
        : { status: 'success', result: body };
    return { status: 'action developer error', result: { error: messages.notJson(textOf(body)) } };
  }
  if (isObject(body) && 'error' in body) return { status: 'action developer error', result: { error: body.error } };
  return { status: 'action developer error', result: { error: messages.notJson(textOf(body)) } };
}

function failedCall(call: RuntimeCall, timeoutMs: number, init: boolean): CallOutcome {
  const error = call.error!;
  switch (error.kind) {
    case 'timeout':
      return {
        status: 'action developer error',
        result: { error: init ? messages.timedOutInit(timeoutMs) : messages.timedOut(timeoutMs) },
        timeout: true,
      };
    case 'memory':
      return { status: 'action developer error', result: { error: messages.memoryExhausted } };
    default:
      return { status: 'action developer error', result: { error: init ? messages.initExited : messages.runExited } };
  }
}

function callLogs(call: RuntimeCall): Pick<CallResult, 'logs' | 'logsTruncated'> {
  return call.logsTruncated ? { logs: parseLogs(call.logs), logsTruncated: true } : { logs: parseLogs(call.logs) };
}

/** The driver hands lines already formatted as `<ISO time padded to 30> stdout: text`; keep their time and stream. */
function parseLogs(lines: string[]): LogLine[] {
  return lines.map((line) => {
    const match = /^(\S+)\s+(stdout|stderr): (.*)$/s.exec(line);
    if (!match) return { stream: 'stdout', text: line };
    const time = Date.parse(match[1]!);
    return { stream: match[2] as 'stdout' | 'stderr', text: match[3]!, ...(Number.isNaN(time) ? {} : { time }) };
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(body: unknown): string {
  return (typeof body === 'string' ? body : (JSON.stringify(body) ?? '')).slice(0, 1000);
}
