// Executor options: defaults and validation in one place (resolveExecutorOptions), used by the CLI and the tests.
import { availableParallelism } from 'node:os';
import type { Writable } from 'node:stream';
import { type Engine, engines } from './engine.js';

export type Mode = 'fork' | 'runtime';

export interface ExecutorOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 9000 */
  port?: number;
  /** @default 'fork' */
  mode?: Mode;
  /** V8's wasm compilation strategy, process-wide. @default 'tiered' */
  engine?: Engine;
  /** Activations computing at once. @default os.availableParallelism() */
  workers?: number;
  /** Upper bound on threads, including those blocked in http.get. @default 256 */
  maxThreads?: number;
  /**
   * Reuse compiled code for identical init bytes (the code cache, code.ts). Off, every /init decodes and compiles;
   * V8's own native module cache can still share identical bytes, which only distinct bytes avoid. @default false
   */
  codeCache?: boolean;
  /**
   * Keep an instance per module and thread and restore it to its state right after instantiation before each
   * activation (sandbox/instance-reuse.ts); off, every activation instantiates afresh. Either way no activation
   * sees another's state. @default true
   */
  instanceReuse?: boolean;
  /** Where runtime mode writes activation logs and sentinels. @default process.stdout / process.stderr */
  logs?: { stdout: Writable; stderr: Writable };
  /** Host directories a `dir` annotation may name (and their subfolders). @default [] (no host filesystem) */
  allowDirs?: string[];
  /**
   * A per-launch secret: every request must carry it in `x-ow-eval-secret`, or it is refused with 401 before its
   * body is read. The platform sets it (through OW_EVAL_EXECUTOR_SECRET) for the executor it starts, so nothing else
   * on this host (another user's process, a container on the host's network) can drive it. @default none: the open
   * fork protocol, as wow's executor
   */
  secret?: string;
  /**
   * Called once when the executor can no longer serve (its threads keep failing to start, e.g. out of file
   * descriptors). The CLI logs the reason and exits non-zero, so whoever started it replaces it.
   * @default nothing: the executor answers every activation with 500
   */
  onFatal?: (reason: string) => void;
}

export interface ResolvedExecutorOptions {
  host: string;
  port: number;
  mode: Mode;
  engine: Engine;
  workers: number;
  maxThreads: number;
  codeCache: boolean;
  instanceReuse: boolean;
  logs: { stdout: Writable; stderr: Writable };
  allowDirs: string[];
}

export function resolveExecutorOptions(options: ExecutorOptions = {}): ResolvedExecutorOptions {
  const resolved: ResolvedExecutorOptions = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 9000,
    mode: options.mode ?? 'fork',
    engine: options.engine ?? 'tiered',
    workers: options.workers ?? availableParallelism(),
    maxThreads: options.maxThreads ?? 256,
    codeCache: options.codeCache ?? false,
    instanceReuse: options.instanceReuse ?? true,
    logs: options.logs ?? { stdout: process.stdout, stderr: process.stderr },
    allowDirs: options.allowDirs ?? [],
  };
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65535)
    throw new RangeError(`port must be 0..65535, got ${options.port}`);
  if (resolved.mode !== 'fork' && resolved.mode !== 'runtime')
    throw new RangeError(`mode must be fork or runtime, got ${String(options.mode)}`);
  if (!engines.includes(resolved.engine))
    throw new RangeError(`engine must be one of ${engines.join(', ')}, got ${String(options.engine)}`);
  if (!Number.isInteger(resolved.workers) || resolved.workers < 1 || resolved.workers > 256)
    throw new RangeError(`workers must be 1..256, got ${options.workers}`);
  if (!Number.isInteger(resolved.maxThreads) || resolved.maxThreads < resolved.workers) {
    throw new RangeError(
      `maxThreads must be a whole number ≥ workers (${resolved.workers}), got ${options.maxThreads}`,
    );
  }
  return resolved;
}
