// The thread pool. A thread runs one activation at a time; at most `cpuSlots` threads compute at once, and an
// activation blocked in `http.get` gives its slot back while it waits in its own thread (README "Design
// measurements"). To keep a computing thread from idling while the main thread answers and dispatches, up to
// `depth` activations are queued in it (never behind one that may block). Threads are started ahead of need
// (`spare` idle ones are kept), grown up to `maxThreads`; a thread whose activation overran its deadline is
// terminated and replaced, and the activations queued behind it, not yet started, go back to the pool's queue; the
// host descriptors its activation held are closed once it has stopped.
// An activation that computes longer than `longMs` (an endless loop, a heavy one) gives its CPU slot back as a
// blocked one does, and what was queued behind it is taken back: a loop never holds up unrelated work beyond the
// operating system's scheduling. A time limit counts from the moment its activation reaches the head of a thread,
// never while it waits for one. Taking back is race-free: the thread claims each activation it starts through a
// shared word (`fence`), and the pool moves only those above the fence (see `revoke`).
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { failure, messages } from '../errors.js';
import type { ActivationSpec } from '../sandbox/activation.js';
import { createFdSlots, HostFdSlots } from '../sandbox/host-fds.js';
import type { FromWorker, RunMessage, TaskResult, WorkerData } from './messages.js';

export interface PoolOptions {
  /** Threads computing at once (the CPU cores given to wasm). */
  cpuSlots: number;
  /** Activations queued in one computing thread. @default 2 */
  depth?: number;
  /** Idle threads kept ready beyond those busy. @default 2 */
  spare?: number;
  /** Upper bound on threads, blocked ones included. @default 256 */
  maxThreads?: number;
  /** Idle threads above cpuSlots + spare are stopped after this long. @default 30000 */
  idleMs?: number;
  /** An activation computing this long stops counting against cpuSlots. @default 250 */
  longMs?: number;
  /** Memory held by instances kept for reuse, all threads together (0: every activation instantiates afresh).
   * @default 256 MiB */
  reuseBytes?: number;
  /** Called once when the pool can no longer run anything (threads keep failing to start, e.g. EMFILE). */
  onFatal?: (reason: string) => void;
}

export interface PoolTask {
  moduleKey: string;
  module: WebAssembly.Module;
  spec: ActivationSpec;
  /** The module imports http.get: it may block, so nothing is queued behind it. */
  mayBlock: boolean;
  /** Its instances may be reused, restored to their state after instantiation (sandbox/instance-reuse.ts). */
  reusable: boolean;
  /** Milliseconds until the deadline; the thread is stopped then. */
  timeoutMs: number;
  /** N of "The action exceeded its time limits of N milliseconds." */
  limitMs: number;
  wantLogs: boolean;
}

interface Thread {
  worker: Worker;
  id: number;
  state: 'booting' | 'ready' | 'dead';
  blocked: boolean;
  /** Its running activation has computed longer than longMs: it no longer holds a CPU slot. */
  long: boolean;
  /** performance.now() when the running activation reached the head of this thread. */
  headSince: number;
  keys: Set<string>;
  /** Sent and not answered, in order; the first one is running. */
  jobs: Job[];
  idleSince: number;
  wake: Int32Array;
  fds: HostFdSlots;
  /** Int32Array[1]: the highest task id this thread started or the pool took back (see `revoke`). */
  fence: Int32Array;
  /** The pool's last raise of `fence`: to which id, and the id the thread had started then (`startedBelow`). */
  raised: { to: number; started: number };
  /** Int32Array[1]: pages this thread's kept instances hold (WorkerData.reuseOwn). */
  reuseOwn: Int32Array;
}

interface Job {
  task: PoolTask;
  taskId: number;
  resolve: (result: TaskResult) => void;
  timer?: NodeJS.Timeout;
  finished: boolean;
}

const workerUrl = new URL('./worker.js', import.meta.url);

export class ActivationThreads {
  private readonly threads = new Set<Thread>();
  private readonly queue: Job[] = [];
  private readonly depth: number;
  private readonly spare: number;
  private readonly maxThreads: number;
  private readonly idleMs: number;
  private readonly longMs: number;
  /** Int32Array[1] over WorkerData.reuseTotal. */
  private readonly reuseTotal = new Int32Array(new SharedArrayBuffer(4));
  private readonly reusePages: number;
  private nextTaskId = 1;
  private nextThreadId = 1;
  /** Threads that exited before they were ready, in a row: respawning stops at 3 (a broken install, not bad luck). */
  private bootFailures = 0;
  private closed = false;
  private readonly reaper: NodeJS.Timeout;
  private readonly watcher: NodeJS.Timeout;

  constructor(private readonly options: PoolOptions) {
    this.depth = Math.max(1, options.depth ?? 2);
    this.spare = options.spare ?? 2;
    this.maxThreads = Math.max(options.maxThreads ?? 256, options.cpuSlots + this.spare);
    this.idleMs = options.idleMs ?? 30_000;
    this.longMs = options.longMs ?? 250;
    this.reusePages = Math.floor((options.reuseBytes ?? 256 * 1024 * 1024) / 65536);
    this.reaper = setInterval(() => this.reapIdle(), Math.min(this.idleMs, 5_000)).unref();
    this.watcher = setInterval(() => this.watchLong(), Math.max(10, this.longMs / 2)).unref();
  }

  /** Starts cpuSlots + spare threads and resolves when all of them can take work. */
  async start(): Promise<void> {
    const boots: Promise<void>[] = [];
    for (let i = 0; i < this.options.cpuSlots + this.spare; i++) boots.push(this.spawn());
    await Promise.all(boots);
    if (![...this.threads].some((t) => t.state === 'ready')) {
      await this.close();
      throw new Error('the executor could not start its worker threads (each one exited while booting)');
    }
  }

  get size(): { threads: number; computing: number; long: number; queued: number } {
    let long = 0;
    for (const t of this.threads) if (t.long) long++;
    return { threads: this.threads.size, computing: this.computing(), long, queued: this.queue.length };
  }

  run(task: PoolTask): Promise<TaskResult> {
    if (this.closed) return Promise.resolve(failed('ERR_INTERNAL', 'the executor is shutting down'));
    return new Promise((resolve) => {
      const job: Job = { task, taskId: 0, resolve, finished: false };
      this.queue.push(job);
      this.pump();
    });
  }

  /** Forgets a module in every thread that holds it (container destroyed or re-initialised). */
  drop(moduleKey: string): void {
    for (const thread of this.threads) {
      if (thread.keys.delete(moduleKey) && thread.state !== 'dead')
        thread.worker.postMessage({ type: 'drop', moduleKey });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.reaper);
    clearInterval(this.watcher);
    for (const job of this.queue.splice(0)) this.finish(job, failed('ERR_INTERNAL', 'the executor is shutting down'));
    for (const thread of this.threads)
      for (const job of thread.jobs) this.finish(job, failed('ERR_INTERNAL', 'the executor is shutting down'));
    await Promise.all([...this.threads].map((t) => this.kill(t)));
  }

  /** Threads whose running activation computes (not blocked in http.get). */
  private computing(): number {
    let n = 0;
    for (const t of this.threads) if (t.jobs.length > 0 && !t.blocked && !t.long) n++;
    return n;
  }

  private pump(): void {
    let computing = this.computing();
    while (this.queue.length > 0) {
      const job = this.queue[0]!;
      const thread = this.pick(job.task.mayBlock, computing < this.options.cpuSlots);
      if (thread === undefined) break;
      if (thread.jobs.length === 0) computing++;
      this.queue.shift();
      this.dispatch(thread, job);
    }
    this.keepSpare();
  }

  /** A computing thread with room (pipelining), else an idle thread if a CPU slot is free. */
  private pick(mayBlock: boolean, slotFree: boolean): Thread | undefined {
    let idle: Thread | undefined;
    let shortest: Thread | undefined;
    for (const t of this.threads) {
      if (t.state !== 'ready') continue;
      if (t.jobs.length === 0) {
        idle ??= t;
      } else if (
        !mayBlock &&
        !t.blocked &&
        !t.long &&
        t.jobs.length < this.depth &&
        !t.jobs.some((j) => j.task.mayBlock)
      ) {
        if (shortest === undefined || t.jobs.length < shortest.jobs.length) shortest = t;
      }
    }
    if (slotFree && idle !== undefined) return idle;
    return shortest;
  }

  private dispatch(thread: Thread, job: Job): void {
    // Ids are given at dispatch, so each thread sees them rising even for a job taken back and sent again (the fence
    // of the thread it goes to may be past the id it had).
    job.taskId = this.nextTaskId++;
    thread.jobs.push(job);
    if (thread.jobs.length === 1) this.startClock(thread, job);
    const message: RunMessage = {
      type: 'run',
      taskId: job.taskId,
      moduleKey: job.task.moduleKey,
      spec: job.task.spec,
      wantLogs: job.task.wantLogs,
    };
    if (!thread.keys.has(job.task.moduleKey)) {
      message.module = job.task.module;
      message.reusable = job.task.reusable;
      thread.keys.add(job.task.moduleKey);
    }
    thread.worker.postMessage(message);
  }

  private onMessage(thread: Thread, message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        this.bootFailures = 0;
        thread.state = 'ready';
        thread.idleSince = Date.now();
        this.pump();
        return;
      case 'blocked':
        if (thread.jobs[0]?.taskId !== message.taskId) return;
        thread.blocked = true;
        this.pump();
        return;
      case 'unblocked':
        if (thread.jobs[0]?.taskId === message.taskId) thread.blocked = false;
        return;
      case 'done': {
        if (thread.jobs[0]?.taskId !== message.taskId) return;
        const job = thread.jobs.shift()!;
        thread.blocked = false;
        thread.long = false;
        const next = thread.jobs[0];
        if (next === undefined) thread.idleSince = Date.now();
        else this.startClock(thread, next);
        this.finish(job, message.result);
        this.pump();
      }
    }
  }

  /** The time limit of the activation at the head of a thread starts now (not while it waited for a thread). */
  private startClock(thread: Thread, job: Job): void {
    thread.headSince = performance.now();
    job.timer = setTimeout(() => this.timeout(thread, job), Math.max(0, job.task.timeoutMs));
  }

  /** The running job's limit passed: answered now, its thread stopped and replaced (unless it had just finished). */
  private timeout(thread: Thread, job: Job): void {
    this.finish(job, failed('ERR_TIMEOUT', messages.timeout(job.task.limitMs)));
    if (thread.state !== 'dead' && thread.jobs[0] === job) {
      const started = this.revoke(thread);
      // The thread moved on to a later job: the one that timed out had finished; its late answer is ignored.
      if (started === job.taskId) {
        thread.jobs = [];
        void this.kill(thread);
      }
    }
    this.pump();
  }

  /**
   * Takes back the activations a thread has been sent but not started, and puts them at the front of the queue.
   * The thread claims an activation before it starts it by raising `fence` to its id; here the fence is raised to the
   * last id sent, so whatever is above the old value can no longer start there. Returns the last id it started.
   */
  private revoke(thread: Thread): number {
    const last = thread.jobs.at(-1)?.taskId ?? 0;
    let fence = Atomics.load(thread.fence, 0);
    while (fence < last) {
      const seen = Atomics.compareExchange(thread.fence, 0, fence, last);
      if (seen === fence) {
        thread.raised = { to: last, started: this.startedBelow(thread, fence) };
        break;
      }
      fence = seen;
    }
    const started = this.startedBelow(thread, fence);
    const waiting = thread.jobs.filter((j) => j.taskId > started);
    thread.jobs = thread.jobs.filter((j) => j.taskId <= started);
    for (const j of waiting) clearTimeout(j.timer); // a head taken back before it started: its clock starts again
    this.queue.unshift(...waiting.filter((j) => !j.finished));
    return started;
  }

  /**
   * The last task id a thread itself started, given a value its fence had. The fence alone cannot tell: after the
   * pool raised it (taking work back from behind a long activation), it holds an id the thread never started, and
   * taking that for "started" made a later timeout believe the looping activation had finished: its thread was
   * never stopped and spun on, one per loop (found by the soak).
   */
  private startedBelow(thread: Thread, fence: number): number {
    return fence === thread.raised.to ? thread.raised.started : fence;
  }

  /** Threads whose activation computes beyond longMs give their CPU slot back and what waits behind them. */
  private watchLong(): void {
    const now = performance.now();
    let changed = false;
    for (const t of this.threads) {
      if (t.state !== 'ready' || t.long || t.jobs.length === 0 || now - t.headSince < this.longMs) continue;
      // A head the thread has not claimed yet is not computing (a loaded machine is slow to deliver the message).
      if (Atomics.load(t.fence, 0) < t.jobs[0]!.taskId) continue;
      t.long = true;
      if (t.jobs.length > 1) this.revoke(t);
      changed = true;
    }
    if (changed) this.pump();
  }

  private finish(job: Job, result: TaskResult): void {
    if (job.finished) return;
    job.finished = true;
    clearTimeout(job.timer);
    job.resolve(result);
  }

  /** Keeps `spare` threads idle or booting beyond the queued work, so a new activation never waits for a boot. */
  private keepSpare(): void {
    if (this.closed) return;
    let ready = 0;
    for (const t of this.threads) if (t.state === 'booting' || (t.state === 'ready' && t.jobs.length === 0)) ready++;
    // Boot for queued work only as many threads as there are free CPU slots: with loops marked long, slots free up
    // while the queue may be long, and one thread per queued activation grew the pool to hundreds (found by the soak).
    const waiting = Math.min(this.queue.length, Math.max(0, this.options.cpuSlots - this.computing()));
    while (ready < this.spare + waiting && this.threads.size < this.maxThreads) {
      void this.spawn();
      ready++;
    }
  }

  private spawn(): Promise<void> {
    const id = this.nextThreadId++;
    const wake = new SharedArrayBuffer(4);
    const fds = createFdSlots();
    const fence = new SharedArrayBuffer(4);
    const reuseOwn = new SharedArrayBuffer(4);
    const data: WorkerData = {
      fds,
      wake,
      fence,
      reuseTotal: this.reuseTotal.buffer,
      reuseOwn,
      reusePages: this.reusePages,
    };
    let worker: Worker;
    try {
      worker = new Worker(workerUrl, { workerData: data, stdout: false, stderr: false });
    } catch (error) {
      this.bootFailed(`a worker thread could not be created: ${(error as Error).message}`);
      return Promise.resolve();
    }
    const thread: Thread = {
      worker,
      id,
      state: 'booting',
      blocked: false,
      long: false,
      headSince: 0,
      keys: new Set(),
      jobs: [],
      idleSince: Date.now(),
      wake: new Int32Array(wake),
      fds: new HostFdSlots(fds),
      fence: new Int32Array(fence),
      raised: { to: 0, started: 0 },
      reuseOwn: new Int32Array(reuseOwn),
    };
    this.threads.add(thread);
    return new Promise((resolve) => {
      worker.on('message', (message: FromWorker) => {
        this.onMessage(thread, message);
        if (message.type === 'ready') resolve();
      });
      worker.on('error', () => {}); // the exit handler below does the work
      worker.on('exit', () => {
        thread.fds.closeAll(); // the thread is gone: what its activation held is closed here
        Atomics.sub(this.reuseTotal, 0, Atomics.exchange(thread.reuseOwn, 0, 0)); // and its kept instances with it
        resolve();
        this.onExit(thread);
      });
    });
  }

  /** A thread that died on its own (out of memory, a bug): its activation fails, the queued ones move, a replacement starts. */
  private onExit(thread: Thread): void {
    if (thread.state === 'dead') return;
    if (thread.state === 'booting') this.bootFailed('worker threads exit while they start');
    thread.state = 'dead';
    this.threads.delete(thread);
    const running = thread.jobs[0];
    // A dead thread starts nothing more: everything behind its running job goes back to the queue.
    this.queue.unshift(...thread.jobs.slice(1).filter((j) => !j.finished));
    thread.jobs = [];
    if (running !== undefined) this.finish(running, failed('ERR_TRAP', messages.exitedUnexpectedly));
    this.pump();
  }

  private async kill(thread: Thread): Promise<void> {
    if (thread.state === 'dead') return;
    thread.state = 'dead';
    this.threads.delete(thread);
    Atomics.notify(thread.wake, 0); // out of a blocking http.get or sleep, so terminate() is not held up
    await thread.worker.terminate();
    thread.fds.closeAll(); // after the thread stopped: nothing can use these descriptors any more
  }

  /** Three threads in a row that could not start mean a broken process (no descriptors, no memory): give up. */
  private bootFailed(reason: string): void {
    if (++this.bootFailures < 3 || this.closed) return;
    this.closed = true; // stops keepSpare
    this.options.onFatal?.(reason);
  }

  private reapIdle(): void {
    const now = Date.now();
    const idle = [...this.threads].filter((t) => t.state === 'ready' && t.jobs.length === 0);
    let surplus = Math.min(this.threads.size - (this.options.cpuSlots + this.spare), idle.length - this.spare);
    for (const t of idle) {
      if (surplus <= 0) return;
      if (now - t.idleSince > this.idleMs) {
        surplus--;
        void this.kill(t);
      }
    }
  }
}

function failed(code: 'ERR_TIMEOUT' | 'ERR_INTERNAL' | 'ERR_TRAP', message: string): TaskResult {
  return { outcome: { kind: 'failure', failure: failure(code, message) }, stdout: '', stderr: '' };
}
