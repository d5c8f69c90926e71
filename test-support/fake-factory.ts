// A container factory with no runtime behind it, for testing the pool, invoker and routes without the executor or
// Docker. Behaviour is driven by the run parameters: `sleepMs` delays the run, `fail` answers an application error,
// `crash` a developer error; code 'bad-init' fails /init. Every lifecycle call is logged for assertions.
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  CallResult,
  ContainerFactory,
  ContainerSpec,
  InitPayload,
  PlatformContainer,
  RunPayload,
} from '../platform/invoker/container.js';

export interface FakeFactoryOptions {
  createMs?: number;
  initMs?: number;
}

export type FakeEvent = { event: 'create' | 'init' | 'run' | 'pause' | 'resume' | 'destroy'; id: string; kind: string };

export class FakeFactory implements ContainerFactory {
  readonly runtime = 'fake';
  readonly events: FakeEvent[] = [];
  private next = 1;

  constructor(private readonly options: FakeFactoryOptions = {}) {}

  async create(spec: ContainerSpec): Promise<PlatformContainer> {
    if (this.options.createMs) await sleep(this.options.createMs);
    const id = `fake-${this.next++}`;
    this.events.push({ event: 'create', id, kind: spec.kind });
    return new FakeContainer(id, spec.kind, this.events, this.options.initMs ?? 0);
  }

  count(event: FakeEvent['event']): number {
    return this.events.filter((e) => e.event === event).length;
  }

  async close(): Promise<void> {}
}

class FakeContainer implements PlatformContainer {
  readonly runtime = 'fake';
  private initialized = false;
  private destroyed = false;

  constructor(
    readonly id: string,
    private readonly kind: string,
    private readonly events: FakeEvent[],
    private readonly initMs: number,
  ) {}

  private log(event: FakeEvent['event']): void {
    this.events.push({ event, id: this.id, kind: this.kind });
  }

  async init(payload: InitPayload): Promise<CallResult> {
    this.log('init');
    if (this.initMs) await sleep(this.initMs);
    if (payload.value.code === 'bad-init')
      return {
        outcome: {
          status: 'action developer error',
          result: { error: 'The action failed during initialization: bad-init' },
        },
        logs: [],
      };
    this.initialized = true;
    return { outcome: { status: 'success', result: {} }, logs: [] };
  }

  async run(payload: RunPayload, timeoutMs: number): Promise<CallResult> {
    this.log('run');
    if (!this.initialized || this.destroyed)
      return { outcome: { status: 'action developer error', result: { error: 'System not initialized.' } }, logs: [] };
    const params = (payload.value ?? {}) as Record<string, unknown>;
    const wait = typeof params.sleepMs === 'number' ? params.sleepMs : 0;
    if (wait >= timeoutMs) {
      await sleep(timeoutMs);
      return {
        outcome: {
          status: 'action developer error',
          result: { error: `The action exceeded its time limits of ${timeoutMs} milliseconds.` },
          timeout: true,
        },
        logs: [],
      };
    }
    if (wait > 0) await sleep(wait);
    const logs = [{ stream: 'stdout' as const, text: `ran ${payload.activation_id}`, time: Date.now() }];
    if (params.crash)
      return {
        outcome: {
          status: 'action developer error',
          result: { error: 'The action did not produce a valid response and exited unexpectedly.' },
        },
        logs,
      };
    if (params.fail) return { outcome: { status: 'application error', result: { error: params.fail } }, logs };
    return { outcome: { status: 'success', result: { ...params, container: this.id } }, logs };
  }

  async pause(): Promise<void> {
    this.log('pause');
  }
  async resume(): Promise<void> {
    this.log('resume');
  }
  async destroy(): Promise<void> {
    this.destroyed = true;
    this.log('destroy');
  }
}
