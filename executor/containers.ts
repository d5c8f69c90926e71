// The containers one executor process hosts: init compiles and keeps a module per id, run hands a fresh-instance
// activation to the pool, destroy forgets. Shared by both protocols; replies are shaped by the server.
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { AllowedDirs } from './allowed-dirs.js';
import { CodeCache, compileAction, decodeBase64, extractModule, type LoadedCode } from './code.js';
import { ExecutorError } from './errors.js';
import type { ActivationThreads } from './pool/pool.js';
import type { TaskResult } from './pool/messages.js';
import type { InitValue } from './protocol/fork.js';
import { owEnvironment } from './requests.js';

export const DEFAULT_MEMORY_MB = 256;

/**
 * The instance's memory cap in MB. `limits.memory` is what the platform accounted for this container, so the
 * `memory` annotation (the tenant's own) may only lower it; wow's fork sends no limits, and there the annotation
 * alone decides, as before.
 */
export function memoryLimitMb(limits: number | undefined, annotation: number | undefined): number {
  if (limits === undefined) return annotation ?? DEFAULT_MEMORY_MB;
  return annotation === undefined ? limits : Math.min(limits, annotation);
}
const MAX_TIMER_MS = 2 ** 31 - 1;
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface Container {
  id: string;
  moduleKey: string;
  code: LoadedCode;
  env: Record<string, string>;
  dir?: string;
  netAccess: boolean;
  memoryLimitBytes: number;
  /** Whether /init compiled the bytes or took them from the code cache (reported as the CODE_HEADER). */
  codeFrom: 'compiled' | 'cached';
}

export interface RunInput {
  value: unknown;
  /** Epoch ms; undefined means the default timeout from now. */
  deadline?: number;
  /** The run body's string fields, exported as __OW_* (value excluded). */
  fields: Record<string, unknown>;
  wantLogs: boolean;
}

export class ContainerStore {
  private readonly containers = new Map<string, Container>();
  private readonly initializing = new Set<string>();
  private generation = 0;
  private readonly codes: CodeCache | undefined;

  /** `codeCache: false` compiles at every /init: a cold start then costs what its bytes cost, every time. */
  constructor(
    private readonly pool: ActivationThreads,
    private readonly allowedDirs: AllowedDirs,
    options: { codeCache?: boolean } = {},
  ) {
    this.codes = options.codeCache === true ? new CodeCache() : undefined;
  }

  /** Code served from the cache since start (0 without the cache). */
  get cacheHits(): number {
    return this.codes?.hits ?? 0;
  }

  get count(): number {
    return this.containers.size;
  }

  isInitializing(id: string): boolean {
    return this.initializing.has(id);
  }

  get(id: string): Container | undefined {
    return this.containers.get(id);
  }

  /** Decodes, compiles and checks the code; a second init of a ready id replaces its module, as wow does. */
  async init(id: string, value: InitValue): Promise<Container> {
    if (this.initializing.has(id)) throw new ExecutorError('ERR_BUSY', `Container ${id} is already being initialized.`);
    this.initializing.add(id);
    try {
      const annotations = value.annotations ?? {};
      const memoryMb = memoryLimitMb(value.limits?.memory, annotations.memory);
      const memoryLimitBytes = memoryMb * 1024 * 1024;
      const hitsBefore = this.cacheHits;
      const code =
        this.codes === undefined
          ? await compileAction(extractModule(decodeBase64(value.code)), memoryLimitBytes)
          : await this.codes.load(value.code, memoryLimitBytes);
      const codeFrom = this.cacheHits > hitsBefore ? 'cached' : 'compiled';
      const netAccess = annotations.net_access === true;
      if (code.importsHttpGet && !netAccess) {
        throw new ExecutorError(
          'ERR_BAD_CODE',
          "The module imports http.get, which is linked only when the annotation 'net_access' is true.",
        );
      }
      const container: Container = {
        id,
        moduleKey: `${id}#${++this.generation}`,
        code,
        env: value.env ?? {},
        netAccess,
        memoryLimitBytes,
        codeFrom,
      };
      if (annotations.dir !== undefined) container.dir = grantDirectory(annotations.dir, this.allowedDirs);
      const previous = this.containers.get(id);
      this.containers.set(id, container);
      if (previous !== undefined) this.pool.drop(previous.moduleKey);
      return container;
    } finally {
      this.initializing.delete(id);
    }
  }

  destroy(id: string): boolean {
    const container = this.containers.get(id);
    if (container === undefined) return false;
    this.containers.delete(id);
    this.pool.drop(container.moduleKey);
    return true;
  }

  run(container: Container, input: RunInput): Promise<TaskResult> {
    const now = Date.now();
    // Capped at the largest delay a Node.js timer holds (about 24.8 days); beyond it setTimeout would fire at once.
    const timeoutMs =
      input.deadline === undefined ? DEFAULT_TIMEOUT_MS : Math.min(MAX_TIMER_MS, Math.max(0, input.deadline - now));
    return this.pool.run({
      moduleKey: container.moduleKey,
      module: container.code.module,
      spec: {
        abi: container.code.abi,
        input: JSON.stringify(input.value),
        env: { ...container.env, ...owEnvironment(input.fields) },
        ...(container.dir === undefined ? {} : { dir: container.dir }),
        netAccess: container.netAccess,
        memoryLimitBytes: container.memoryLimitBytes,
      },
      mayBlock: container.code.importsHttpGet,
      reusable: container.code.reusable,
      timeoutMs,
      limitMs: timeoutMs,
      wantLogs: input.wantLogs,
    });
  }
}

/** The `dir` annotation: allowed by the operator (allowed-dirs.ts), existing, granted as its real path. */
function grantDirectory(dir: string, allowed: AllowedDirs): string {
  const decision = allowed.check(dir);
  if (!decision.ok) throw new ExecutorError('ERR_BAD_REQUEST', decision.message);
  const escape = outwardSymlink(decision.real);
  if (escape !== undefined) {
    throw new ExecutorError(
      'ERR_BAD_CODE',
      `The directory '${dir}' contains a symlink that leads outside it ('${escape}').`,
    );
  }
  return decision.real;
}

/**
 * The WASI layer never follows a symlink out of the granted tree (sandbox/wasi-paths.ts); refusing a tree that holds
 * one also closes the window in which another activation could move such a link into a path being resolved.
 */
function outwardSymlink(root: string, limit = 10_000): string | undefined {
  const pending = [root];
  let seen = 0;
  while (pending.length > 0) {
    const folder = pending.pop()!;
    for (const name of readdirSync(folder)) {
      if (++seen > limit)
        throw new ExecutorError(
          'ERR_BAD_CODE',
          `The directory '${root}' holds more than ${limit} entries; grant a smaller one.`,
        );
      const path = join(folder, name);
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(path);
        } catch {
          return path; // dangling: it could lead anywhere once its target exists
        }
        if (target !== root && !target.startsWith(root + sep)) return path;
      } else if (stat.isDirectory()) {
        pending.push(path);
      }
    }
  }
  return undefined;
}
