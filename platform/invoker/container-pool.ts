// The invoker's container pool with OpenWhisk's ContainerPool v1 semantics (docs/openwhisk-protocols.md §5): warm reuse per
// action (with intra-container concurrency), stem-cell prewarms, cold start when memory allows, LRU eviction of idle
// containers, a FIFO wait when full, pause after a grace period and removal after the idle timeout.
// Phases (createMs, unpauseMs) are measured on the real clock; the injected clock only schedules.
import { performance } from 'node:perf_hooks';
import type { ContainerFactory, ContainerSpec, PlatformContainer } from './container.js';
import type { PoolStartKind } from '../types.js';
import { OwEvalError } from '../../errors/ow-eval-error.js';
import { realClock, type PoolClock, type PoolTimer } from './pool-clock.js';

export interface PoolConfig {
  userMemoryMb: number;
  pauseGraceMs: number;
  idleTimeoutMs: number;
  prewarm: PrewarmConfig[];
  factoryFor: (kind: string) => ContainerFactory | undefined;
  /** @default realClock (tests pass one they advance themselves) */
  clock?: PoolClock;
}

/**
 * One kind's stem cells, as an entry of OpenWhisk's runtimes manifest (`stemCells`): `count` started with the pool
 * (`initialCount`), each one used replaced at once; with `reactive`, the count also follows the cold starts seen.
 */
export interface PrewarmConfig {
  kind: string;
  memoryMb: number;
  count: number;
  reactive?: ReactivePrewarm;
}

/**
 * OpenWhisk's reactive prewarming (ContainerPool.scala `adjustPrewarmedContainer`, `increasePrewarms`,
 * `getReactiveCold`, `removeExpired`): every `checkIntervalMs`, stem cells unused for `ttlMs` are removed, and the
 * kind is topped up to min(max(minCount, ⌊cold starts since the last check / threshold⌋ × increment), maxCount);
 * after any container removal it is topped up to `minCount`.
 */
export interface ReactivePrewarm {
  minCount: number;
  maxCount: number;
  ttlMs: number;
  threshold: number;
  increment: number;
  checkIntervalMs: number;
}

export interface WorkRequest {
  /** Structural identity of the action (revision ignored): warm containers are reused only for the same one. */
  fingerprint: string;
  /** `namespace/action`, for drains and the pool state. */
  action: string;
  kind: string;
  memoryMb: number;
  concurrency: number;
  /** The runtime image of a blackbox action (part of the fingerprint, so containers never mix images). */
  image?: string;
}

export type EntryState = 'creating' | 'prewarm' | 'initializing' | 'ready' | 'paused' | 'removing';

interface Entry {
  poolId: number;
  container?: PlatformContainer;
  kind: string;
  memoryMb: number;
  request?: WorkRequest;
  state: EntryState;
  active: number;
  lastUsed: number;
  initialized?: Promise<boolean>;
  resolveInit?: (ok: boolean) => void;
  pausing?: Promise<void>;
  resuming?: Promise<void>;
  timer?: PoolTimer;
  drainWhenIdle: boolean;
  /** A reactive stem cell's expiry (its ttl from its start); unset for other containers. */
  expiresAt?: number;
  gone: Promise<void>;
  markGone: () => void;
}

/** A container handed to one activation; give it back with `release`. */
export interface Lease {
  container: PlatformContainer;
  startKind: PoolStartKind;
  /** The caller must POST /init and then call `initDone`. */
  needsInit: boolean;
  createMs?: number;
  unpauseMs?: number;
  entry: Entry;
}

/** A container could not be had for a request (its memory exceeds what the pool may ever hold, the pool closed). */
export class ProvisionError extends OwEvalError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_CONTAINER_PROVISION', message, options);
  }
}

export class ContainerPool {
  private readonly entries = new Set<Entry>();
  private readonly queue: { request: WorkRequest; resolve: (plan: Plan) => void; reject: (e: Error) => void }[] = [];
  private nextId = 1;
  private closed = false;
  private startingQueued = false;
  /** Cold starts per `kind memory` of a reactive stem-cell config since the last check (OpenWhisk's coldStartCount). */
  private readonly coldStarts = new Map<string, number>();
  private checkTimer?: PoolTimer;

  private readonly clock: PoolClock;

  constructor(private readonly config: PoolConfig) {
    this.clock = config.clock ?? realClock;
  }

  /** Starts the configured stem cells; resolves when they are up (failures are left out, not fatal). */
  async start(): Promise<void> {
    const starts: Promise<void>[] = [];
    for (const spec of this.config.prewarm)
      for (let i = 0; i < spec.count; i += 1) starts.push(this.startPrewarm(spec.kind, spec.memoryMb));
    this.armPrewarmCheck();
    await Promise.all(starts);
  }

  async acquire(request: WorkRequest): Promise<Lease> {
    if (this.closed) throw new ProvisionError('the pool is closed');
    const plan = this.queue.length === 0 ? this.schedule(request) : undefined;
    return this.execute(
      request,
      plan ?? (await new Promise<Plan>((resolve, reject) => this.queue.push({ request, resolve, reject }))),
    );
  }

  /**
   * A lease at once, without a promise, when the pool would hand out a ready warm container anyway (nobody queued,
   * the container `acquire` would pick is ready); otherwise undefined, and the caller uses `acquire`. The warm
   * invoke's fast path: the same choice as `acquire`, minus two async hops.
   */
  tryAcquire(request: WorkRequest): Lease | undefined {
    if (this.closed || this.queue.length > 0) return undefined;
    const entry = this.warmEntry(request);
    if (entry === undefined || entry.state !== 'ready') return undefined;
    entry.active += 1;
    entry.timer?.cancel();
    return { container: entry.container!, startKind: 'warm', needsInit: false, entry };
  }

  /** Called by the activation that did /init on a fresh container. */
  initDone(lease: Lease, ok: boolean): void {
    lease.entry.state = ok ? 'ready' : lease.entry.state;
    lease.entry.resolveInit?.(ok);
  }

  /** Gives a container back; `destroy` after developer or internal errors, as ContainerProxy does. */
  release(lease: Lease, options: { destroy: boolean }): void {
    const entry = lease.entry;
    entry.active = Math.max(0, entry.active - 1);
    entry.lastUsed = this.clock.now();
    if (options.destroy) void this.remove(entry);
    else if (entry.active === 0 && entry.drainWhenIdle) void this.remove(entry);
    else if (entry.active === 0 && entry.state === 'ready') this.armPause(entry);
    this.startQueued();
  }

  /** Removes the containers of an action (`namespace/name`) or a kind, waiting for running work; resolves when gone. */
  async drain(filter: { action?: string; kind?: string }): Promise<number> {
    const matching = [...this.entries].filter(
      (e) =>
        e.request !== undefined &&
        e.state !== 'removing' &&
        (filter.action === undefined || e.request.action === filter.action) &&
        (filter.kind === undefined || e.kind === filter.kind),
    );
    for (const entry of matching) {
      if (entry.active === 0 && entry.state !== 'creating' && entry.state !== 'initializing') void this.remove(entry);
      else entry.drainWhenIdle = true;
    }
    await Promise.all(matching.map((e) => e.gone));
    return matching.length;
  }

  /** The live containers of these actions (`namespace/name`), for memory accounting. */
  containersOf(actions: readonly string[]): { kind: string; container: PlatformContainer }[] {
    return [...this.entries]
      .filter((e) => e.container && e.request && e.state !== 'removing' && actions.includes(e.request.action))
      .map((e) => ({ kind: e.kind, container: e.container! }));
  }

  state(): PoolState {
    const containers = [...this.entries].map((e) => ({
      id: e.container?.id ?? `pending-${e.poolId}`,
      kind: e.kind,
      memoryMb: e.memoryMb,
      state: e.state,
      action: e.request?.action,
      active: e.active,
      maxConcurrent: e.request?.concurrency ?? 1,
      idleMs: e.active === 0 ? Math.round(this.clock.now() - e.lastUsed) : 0,
    }));
    const byState: Record<string, number> = {};
    for (const c of containers) byState[c.state] = (byState[c.state] ?? 0) + 1;
    return {
      userMemoryMb: this.config.userMemoryMb,
      memoryInUseMb: this.memoryInUse(),
      queued: this.queue.length,
      byState,
      containers,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.checkTimer?.cancel();
    for (const waiter of this.queue.splice(0)) waiter.reject(new ProvisionError('the pool is closed'));
    await Promise.all([...this.entries].map((e) => this.remove(e)));
  }

  private memoryInUse(): number {
    let sum = 0;
    for (const e of this.entries) if (e.state !== 'removing') sum += e.memoryMb;
    return sum;
  }

  /** OpenWhisk's scheduling order (ContainerPool.scala L122-215): warm, prewarm, cold, evict-and-recreate. */
  private schedule(request: WorkRequest): Plan | undefined {
    this.forgetLost();
    const warm = this.warmEntry(request);
    if (warm !== undefined) {
      warm.active += 1;
      warm.timer?.cancel();
      return { entry: warm, startKind: 'warm', fresh: false };
    }
    for (const e of this.entries) {
      if (e.state === 'prewarm' && e.kind === request.kind && e.memoryMb === request.memoryMb) {
        this.bind(e, request);
        void this.startPrewarm(e.kind, e.memoryMb); // replacement stem cell, if memory allows
        return { entry: e, startKind: 'prewarm', fresh: false };
      }
    }
    if (this.memoryInUse() + request.memoryMb <= this.config.userMemoryMb) {
      this.countColdStart(request);
      return { entry: this.newEntry(request), startKind: 'cold', fresh: true };
    }
    const idle = [...this.entries]
      .filter((e) => e.request && e.active === 0 && (e.state === 'ready' || e.state === 'paused'))
      .sort((a, b) => a.lastUsed - b.lastUsed);
    const victims: Entry[] = [];
    let free = this.config.userMemoryMb - this.memoryInUse();
    for (const e of idle) {
      if (free >= request.memoryMb) break;
      victims.push(e);
      free += e.memoryMb;
    }
    if (free < request.memoryMb) return undefined;
    for (const e of victims) void this.remove(e);
    this.countColdStart(request);
    return { entry: this.newEntry(request), startKind: 'recreated', fresh: true };
  }

  /** The first container of the same action with room for one more activation (in any state but these). */
  private warmEntry(request: WorkRequest): Entry | undefined {
    for (const e of this.entries) {
      if (
        e.request?.fingerprint === request.fingerprint &&
        e.active < request.concurrency &&
        e.state !== 'removing' &&
        e.state !== 'prewarm' &&
        !e.drainWhenIdle &&
        e.container?.lost !== true
      )
        return e;
    }
    return undefined;
  }

  /** Containers whose runtime process died (the wasm executor) are never reused; idle ones are removed now. */
  private forgetLost(): void {
    const lost: Entry[] = [];
    for (const e of this.entries)
      if (e.container?.lost === true && e.active === 0 && e.state !== 'removing') lost.push(e);
    for (const e of lost) {
      const prewarm = e.state === 'prewarm';
      void this.remove(e);
      if (prewarm) void this.startPrewarm(e.kind, e.memoryMb);
    }
  }

  private async execute(request: WorkRequest, plan: Plan): Promise<Lease> {
    const entry = plan.entry;
    if (plan.fresh) {
      const began = performance.now();
      try {
        entry.container = await this.create(entry);
      } catch (error) {
        void this.remove(entry);
        entry.resolveInit?.(false);
        throw new ProvisionError(error instanceof Error ? error.message : String(error), { cause: error });
      }
      return {
        container: entry.container,
        startKind: plan.startKind,
        needsInit: true,
        createMs: performance.now() - began,
        entry,
      };
    }
    if (plan.startKind === 'prewarm')
      return { container: entry.container!, startKind: 'prewarm', needsInit: true, entry };
    if (entry.state === 'creating' || entry.state === 'initializing') {
      // Another activation is starting this container (concurrency > 1): wait for its /init, retry elsewhere if it failed.
      if (await entry.initialized) return { container: entry.container!, startKind: 'warm', needsInit: false, entry };
      entry.active = Math.max(0, entry.active - 1);
      return this.acquire(request);
    }
    if (entry.state === 'paused') {
      const began = performance.now();
      await entry.pausing;
      if (entry.state === 'paused') {
        entry.state = 'ready';
        entry.resuming = entry.container!.resume().catch(() => undefined);
      }
      await entry.resuming;
      return {
        container: entry.container!,
        startKind: 'warm',
        needsInit: false,
        unpauseMs: performance.now() - began,
        entry,
      };
    }
    return { container: entry.container!, startKind: 'warm', needsInit: false, entry };
  }

  private newEntry(request: WorkRequest): Entry {
    const entry = this.blankEntry(request.kind, request.memoryMb, 'creating');
    this.bind(entry, request);
    return entry;
  }

  private bind(entry: Entry, request: WorkRequest): void {
    entry.request = request;
    entry.active = 1;
    if (entry.state === 'prewarm') entry.state = 'initializing';
    entry.initialized = new Promise<boolean>((resolve) => {
      entry.resolveInit = resolve;
    });
  }

  private blankEntry(kind: string, memoryMb: number, state: EntryState): Entry {
    let markGone!: () => void;
    const gone = new Promise<void>((resolve) => {
      markGone = resolve;
    });
    const entry: Entry = {
      poolId: this.nextId++,
      kind,
      memoryMb,
      state,
      active: 0,
      lastUsed: this.clock.now(),
      drainWhenIdle: false,
      gone,
      markGone,
    };
    this.entries.add(entry);
    return entry;
  }

  private async create(entry: Entry): Promise<PlatformContainer> {
    const factory = this.config.factoryFor(entry.kind);
    if (!factory) throw new Error(`no runtime is configured for kind ${entry.kind}`);
    const spec: ContainerSpec = {
      kind: entry.kind,
      memoryMb: entry.memoryMb,
      concurrency: entry.request?.concurrency ?? 1,
      name: `ow-eval_${entry.poolId}_${(entry.request?.action ?? 'prewarm').replace(/[^\w.-]/g, '_')}`,
      ...(entry.request?.image ? { image: entry.request.image } : {}),
    };
    const container = await factory.create(spec);
    if (entry.state === 'creating' && entry.request) entry.state = 'initializing';
    else if (entry.state === 'creating') entry.state = 'prewarm';
    else if (entry.state === 'removing') void container.destroy().catch(() => undefined);
    return container;
  }

  private async startPrewarm(kind: string, memoryMb: number): Promise<void> {
    if (this.closed || this.memoryInUse() + memoryMb > this.config.userMemoryMb) return;
    const entry = this.blankEntry(kind, memoryMb, 'creating');
    const reactive = this.prewarmConfigOf(kind, memoryMb)?.reactive;
    if (reactive) entry.expiresAt = this.clock.now() + reactive.ttlMs;
    try {
      entry.container = await this.create(entry);
    } catch {
      await this.remove(entry);
    }
    this.startQueued();
  }

  private armPause(entry: Entry): void {
    entry.timer?.cancel();
    entry.timer = this.clock.after(this.config.pauseGraceMs, () => {
      if (entry.active > 0 || entry.state !== 'ready') return;
      entry.state = 'paused';
      entry.pausing = entry.container!.pause().catch(() => undefined);
      entry.timer = this.clock.after(this.config.idleTimeoutMs, () => {
        if (entry.active === 0 && entry.state === 'paused') void this.remove(entry);
      });
    });
  }

  private async remove(entry: Entry): Promise<void> {
    if (entry.state === 'removing') return entry.gone;
    const hadContainer = entry.container !== undefined;
    entry.state = 'removing';
    entry.resolveInit?.(false);
    entry.timer?.cancel();
    this.startQueued();
    if (hadContainer) {
      await entry.pausing;
      await entry.container!.destroy().catch(() => undefined);
    }
    this.entries.delete(entry);
    entry.markGone();
    // OpenWhisk backfills stem cells after every removal (ContainerRemoved → adjustPrewarmedContainer): up to
    // minCount for a reactive config, up to the count otherwise; memory permitting. Not after a start that failed
    // (no container): that would retry a broken runtime forever.
    if (hadContainer)
      for (const spec of this.config.prewarm)
        this.topUp(spec, spec.reactive ? Math.min(spec.reactive.minCount, spec.reactive.maxCount) : spec.count);
    return undefined;
  }

  private prewarmConfigOf(kind: string, memoryMb: number): PrewarmConfig | undefined {
    return this.config.prewarm.find((p) => p.kind === kind && p.memoryMb === memoryMb);
  }

  /** Stem cells of a config that are up or starting (a started one not yet taken by an action). */
  private stemCellsOf(spec: PrewarmConfig): Entry[] {
    return [...this.entries].filter(
      (e) =>
        e.request === undefined &&
        (e.state === 'prewarm' || e.state === 'creating') &&
        e.kind === spec.kind &&
        e.memoryMb === spec.memoryMb,
    );
  }

  private topUp(spec: PrewarmConfig, desired: number): void {
    if (this.closed) return;
    for (let i = this.stemCellsOf(spec).length; i < desired; i += 1) void this.startPrewarm(spec.kind, spec.memoryMb);
  }

  private countColdStart(request: WorkRequest): void {
    if (this.prewarmConfigOf(request.kind, request.memoryMb)?.reactive === undefined) return;
    const key = `${request.kind} ${request.memoryMb}`;
    this.coldStarts.set(key, (this.coldStarts.get(key) ?? 0) + 1);
  }

  /** The periodic check of reactive stem cells; one timer for all configs, at the shortest interval asked for. */
  private armPrewarmCheck(): void {
    const intervals = this.config.prewarm.flatMap((p) => (p.reactive ? [p.reactive.checkIntervalMs] : []));
    if (intervals.length === 0 || this.closed) return;
    this.checkTimer = this.clock.after(Math.min(...intervals), () => {
      this.checkPrewarms();
      this.armPrewarmCheck();
    });
  }

  /** OpenWhisk's scheduled `adjustPrewarmedContainer(init = false, scheduled = true)`. */
  private checkPrewarms(): void {
    if (this.closed) return;
    const now = this.clock.now();
    for (const spec of this.config.prewarm) {
      const reactive = spec.reactive;
      if (!reactive) continue;
      for (const e of this.stemCellsOf(spec))
        if (e.state === 'prewarm' && e.expiresAt !== undefined && e.expiresAt <= now) void this.remove(e);
      const seen = this.coldStarts.get(`${spec.kind} ${spec.memoryMb}`);
      const desired =
        seen === undefined
          ? reactive.minCount
          : Math.min(
              Math.max(reactive.minCount, Math.floor(seen / reactive.threshold) * reactive.increment),
              reactive.maxCount,
            );
      this.topUp(spec, desired);
    }
    this.coldStarts.clear();
  }

  /** FIFO: only the head may start; the others wait behind it (the pool's runBuffer). */
  private startQueued(): void {
    if (this.startingQueued) return; // schedule() may remove containers, which calls back here
    this.startingQueued = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        const plan = this.schedule(this.queue[0]!.request);
        if (!plan) return;
        this.queue.shift()!.resolve(plan);
      }
    } finally {
      this.startingQueued = false;
    }
  }
}

interface Plan {
  entry: Entry;
  startKind: PoolStartKind;
  fresh: boolean;
}

export interface PoolState {
  userMemoryMb: number;
  memoryInUseMb: number;
  queued: number;
  byState: Record<string, number>;
  containers: {
    id: string;
    kind: string;
    memoryMb: number;
    state: EntryState;
    action?: string;
    active: number;
    maxConcurrent: number;
    idleMs: number;
  }[];
}
