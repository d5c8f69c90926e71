// A RunTarget that behaves like a tiny OpenWhisk without any server: a container per action, cold on the first
// invocation after a drain, warm after. Used to test the runner's bookkeeping, never to produce numbers.
import type {
  DeploySpec,
  InvokeResult,
  MemoryUsage,
  RunTarget,
  TargetDescription,
} from '../experiment/runner/run-target.js';

export interface FakeTargetOptions {
  baseline?: 'docker' | 'node-process';
  /** initTime in ms reported on a cold start. */
  initMs?: number;
  waitMs?: number;
  /** Actions whose invocations fail with an application error. */
  failing?: (name: string) => boolean;
  /** Keep containers across drains, so cold samples come back warm (to test dropping). */
  ignoreDrain?: boolean;
  /**
   * Stem cells: a cold invocation takes one while any is free (start kind `prewarm`); used ones come back only when
   * the runner calls `settleStemCells` (the pool's background replacement, done).
   */
  stemCells?: number;
}

export class FakeRunTarget implements RunTarget {
  readonly description: TargetDescription;
  readonly deployed = new Map<string, DeploySpec>();
  /** Every deploy in order (an update of a name is a second entry). */
  readonly deployHistory: DeploySpec[] = [];
  readonly warm = new Set<string>();
  drains = 0;
  closed = false;
  /** Calls of settleStemCells, and stem cells free now. */
  settles = 0;
  freeStemCells: number;
  #activation = 0;

  constructor(readonly options: FakeTargetOptions = {}) {
    this.freeStemCells = options.stemCells ?? 0;
    this.description = {
      kind: 'embedded',
      apihost: 'fake',
      baseline: options.baseline ?? 'docker',
      throttles: {},
      details: {},
    };
  }

  async deploy(spec: DeploySpec): Promise<void> {
    this.deployed.set(spec.name, spec);
    this.deployHistory.push(spec);
  }

  async invoke(name: string, params: Record<string, unknown>): Promise<InvokeResult> {
    const sentAt = performance.timeOrigin + performance.now();
    await new Promise((resolve) => setImmediate(resolve));
    const receivedAt = performance.timeOrigin + performance.now();
    if (!this.deployed.has(name))
      return {
        sentAt,
        receivedAt,
        httpStatus: 404,
        error: { code: '404', message: 'The requested resource does not exist.' },
      };
    const cold = !this.warm.has(name);
    this.warm.add(name);
    const stemCell = cold && this.freeStemCells > 0;
    if (stemCell) this.freeStemCells -= 1;
    const failing = this.options.failing?.(name) ?? false;
    const annotations = [
      { key: 'waitTime', value: this.options.waitMs ?? 3 },
      ...(cold ? [{ key: 'initTime', value: this.options.initMs ?? 7 }] : []),
      { key: 'ow-eval', value: { startKind: stemCell ? 'prewarm' : cold ? 'cold' : 'warm' } },
    ];
    return {
      sentAt,
      receivedAt,
      httpStatus: failing ? 502 : 200,
      activation: {
        activationId: (this.#activation++).toString(16).padStart(32, '0'),
        duration: 12,
        response: failing
          ? { status: 'application error', success: false, result: { error: 'boom' } }
          : { status: 'success', success: true, result: params },
        annotations,
      },
    };
  }

  async ensureNoContainers(names: readonly string[]): Promise<void> {
    this.drains++;
    if (!this.options.ignoreDrain) for (const name of names) this.warm.delete(name);
  }

  async settleStemCells(): Promise<boolean> {
    this.settles++;
    this.freeStemCells = this.options.stemCells ?? 0;
    return true;
  }

  async remove(names: readonly string[]): Promise<void> {
    for (const name of names) this.deployed.delete(name);
  }

  /** 1 MiB of base plus 64 KiB per warm container of these names. */
  async memoryUsage(names: readonly string[]): Promise<MemoryUsage> {
    const containers = names.filter((n) => this.warm.has(n)).length;
    return { bytes: 1024 * 1024 + containers * 65536, containers, method: 'fake' };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
