// Every knob of the embedded platform, its default (OpenWhisk's own where one exists) and its validation, in one place.
import { AllowedDirs, AllowedDirsError } from '../executor/allowed-dirs.js';
import type { ContainerFactory } from './invoker/container.js';
import type { PrewarmConfig } from './invoker/container-pool.js';
import type { FaultInjector } from './invoker/faults.js';
import { parseKindList, supportedKinds, type KindFamily } from './controller/kinds.js';
import { OwEvalError } from '../errors/ow-eval-error.js';

/** The standalone OpenWhisk guest key (core/standalone/src/main/resources/standalone.conf). */
export const guestKey =
  '23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP';

/** One kind's stem cells (count, memory, and optionally OpenWhisk's reactive scaling): the pool's own config. */
export type PrewarmSpec = PrewarmConfig;

export interface PlatformOptions {
  /** Port on 127.0.0.1; 0 picks a free one. @default 3233 */
  port?: number;
  /** `uuid:key` accepted by Basic auth. @default the standalone guest key */
  auth?: string;
  /** Namespace of that key. @default 'guest' */
  namespace?: string;
  /** Memory the pool may hand to containers (prewarms included). @default 1024 (whisk.container-pool.user-memory) */
  userMemoryMb?: number;
  /** Idle time before a container is paused. @default 10000 (pause-grace) */
  pauseGraceMs?: number;
  /** Time a paused container is kept before removal. @default 600000 (idle-container) */
  idleTimeoutMs?: number;
  /** Stem cells kept started but not initialized. @default [] (off for cold-start experiments) */
  prewarm?: PrewarmSpec[];
  /** Highest `limits.concurrency` an action may ask for. @default 1 (OpenWhisk's concurrency-limit.max) */
  concurrencyMax?: number;
  /** Namespace throttles; absent means off. @default {} (OpenWhisk standalone: 60/min, 30 concurrent) */
  throttles?: { invocationsPerMinute?: number; concurrentInvocations?: number };
  /** Most actions kept in memory. @default 10000 */
  maxActions?: number;
  /** Most activation records kept in memory (oldest dropped first). @default 10000 */
  maxActivations?: number;
  /**
   * Bytes of stored actions (code, parameters, annotations) the platform keeps; a create or update past it gets 413.
   * @default 536870912 (512 MiB)
   */
  maxCodeBytes?: number;
  /**
   * Bytes of activation records (results, logs, a fixed allowance each) kept in memory; the oldest go first.
   * @default 134217728 (128 MiB)
   */
  maxActivationBytes?: number;
  /**
   * How long an activation may wait for a container before it ends as "Failed to provision resources".
   * @default 300000
   */
  provisionTimeoutMs?: number;
  /** Time past an action's timeout before the invoker gives up on a silent container. @default 10000 */
  containerCallGraceMs?: number;
  /** Largest invoke body; larger gets 413. @default 1048576 (whisk.activation.payload.max) */
  maxPayloadBytes?: number;
  /** Largest action PUT body; larger gets 413. @default 50331648 (48 MiB, the Node.js runtime's own cap) */
  maxEntityBytes?: number;
  /** How long a blocking invoke waits before answering 202. @default 60000 */
  blockingWaitMs?: number;
  /**
   * Host directories a wasm action's `dir` annotation may name (with their subfolders), as real paths; passed on to
   * the executor the platform starts. @default [] (no action gets a host directory)
   */
  allowDirs?: string[];
  /** Kinds the platform offers (`--kinds`); others are refused at PUT with OpenWhisk's 400. @default all three */
  kinds?: string[];
  /** Container factories per kind family (the wasm executor, the nodejs baseline, or a fake in tests). */
  factories?: Partial<Record<KindFamily, ContainerFactory>>;
  /** Extra facts for `GET /api/v1` and manifests (which baseline variant, which executor). */
  describe?: Record<string, unknown>;
  /** Tests only: makes steps of the activation path fail or hang (invoker/faults.ts). */
  faults?: FaultInjector;
}

export type ResolvedPlatformOptions = Required<
  Omit<PlatformOptions, 'factories' | 'describe' | 'throttles' | 'faults'>
> & {
  faults: FaultInjector | undefined;
  factories: Partial<Record<KindFamily, ContainerFactory>>;
  describe: Record<string, unknown>;
  throttles: { invocationsPerMinute?: number; concurrentInvocations?: number };
};

/** An operator's platform setting is out of range or inconsistent: user-fixable. */
export class PlatformConfigError extends OwEvalError {
  constructor(message: string) {
    super('ERR_PLATFORM_CONFIG', message, { userFixable: true });
  }
}

export function resolvePlatformOptions(options: PlatformOptions = {}): ResolvedPlatformOptions {
  const resolved: ResolvedPlatformOptions = {
    port: options.port ?? 3233,
    auth: options.auth ?? guestKey,
    namespace: options.namespace ?? 'guest',
    userMemoryMb: options.userMemoryMb ?? 1024,
    pauseGraceMs: options.pauseGraceMs ?? 10_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 600_000,
    prewarm: options.prewarm ?? [],
    concurrencyMax: options.concurrencyMax ?? 1,
    throttles: options.throttles ?? {},
    maxActions: options.maxActions ?? 10_000,
    maxActivations: options.maxActivations ?? 10_000,
    maxCodeBytes: options.maxCodeBytes ?? 512 * 1024 * 1024,
    maxActivationBytes: options.maxActivationBytes ?? 128 * 1024 * 1024,
    provisionTimeoutMs: options.provisionTimeoutMs ?? 300_000,
    containerCallGraceMs: options.containerCallGraceMs ?? 10_000,
    faults: options.faults,
    maxPayloadBytes: options.maxPayloadBytes ?? 1_048_576,
    maxEntityBytes: options.maxEntityBytes ?? 48 * 1024 * 1024,
    blockingWaitMs: options.blockingWaitMs ?? 60_000,
    allowDirs: options.allowDirs ?? [],
    kinds: [...supportedKinds],
    factories: options.factories ?? {},
    describe: options.describe ?? {},
  };
  try {
    resolved.allowDirs = [...AllowedDirs.resolve(resolved.allowDirs).roots];
  } catch (error) {
    if (error instanceof AllowedDirsError) throw new PlatformConfigError(error.message);
    throw error;
  }
  if (options.kinds !== undefined) {
    try {
      resolved.kinds = parseKindList(options.kinds);
    } catch (error) {
      throw new PlatformConfigError(`--kinds: ${(error as Error).message}`);
    }
  }
  if (!/^[^:]+:.+$/.test(resolved.auth))
    throw new PlatformConfigError(`--auth: expected 'uuid:key', got '${resolved.auth}'`);
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65535)
    throw new PlatformConfigError(`port: expected 0-65535, got ${resolved.port}`);
  for (const key of [
    'userMemoryMb',
    'pauseGraceMs',
    'idleTimeoutMs',
    'concurrencyMax',
    'maxActions',
    'maxActivations',
    'maxCodeBytes',
    'maxActivationBytes',
    'provisionTimeoutMs',
    'containerCallGraceMs',
    'maxPayloadBytes',
    'maxEntityBytes',
    'blockingWaitMs',
  ] as const) {
    const value = resolved[key];
    if (!Number.isFinite(value) || value < (key === 'pauseGraceMs' ? 0 : 1))
      throw new PlatformConfigError(`${key}: expected a positive number, got ${value}`);
  }
  for (const spec of resolved.prewarm) {
    const r = spec.reactive;
    const reactiveOk =
      r === undefined ||
      (Number.isInteger(r.minCount) &&
        r.minCount >= 0 &&
        Number.isInteger(r.maxCount) &&
        r.maxCount >= r.minCount &&
        r.ttlMs > 0 &&
        r.threshold >= 1 &&
        r.increment >= 0 &&
        r.checkIntervalMs > 0);
    if (!(spec.count >= 0 && spec.memoryMb > 0) || !reactiveOk)
      throw new PlatformConfigError(`prewarm: bad entry ${JSON.stringify(spec)}`);
    if (!resolved.kinds.includes(spec.kind) || spec.kind === 'blackbox') {
      throw new PlatformConfigError(
        `prewarm: kind '${spec.kind}' is not one of ${resolved.kinds.filter((k) => k !== 'blackbox').join(', ')}`,
      );
    }
  }
  return resolved;
}
