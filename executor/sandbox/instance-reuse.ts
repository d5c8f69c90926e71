// Instance reuse with fresh-instance semantics, the analogue of wasmtime's pooling allocator: a thread keeps an
// instance per module after an activation that ended normally and, before it runs again, puts back exactly the state
// it had right after instantiation: every page of its memory, every mutable global (code rewrites at /init export
// the hidden ones, wasm-binary.ts) and every table entry. What cannot be put back makes the instance go: a memory
// that grew (it cannot shrink), a table that grew, or an activation that failed (trap, exit, memory) are never
// reused, and modules with passive segments (wasm-state.ts) always get fresh instances. WASI state and descriptors
// are per activation anyway (wasi.ts). Why: a fresh instance costs V8's instantiation plus a new memory reservation
// that only a garbage collection gives back, the pauses that dominated the executor's p99 (docs/performance.md).
import { GLOBAL_EXPORT_PREFIX, TABLE_EXPORT_PREFIX } from '../wasm-state.js';

const PAGE = 65536;
const ZERO_PAGE = Buffer.alloc(PAGE);

/** The state of one instance right after instantiation, and how to put it back. */
export class SavedState {
  private constructor(
    readonly instance: WebAssembly.Instance,
    readonly memory: WebAssembly.Memory,
    /** Copies of the pages that were not all zero; undefined for a zero page. */
    private readonly pages: (Buffer | undefined)[],
    private readonly globals: { global: WebAssembly.Global; value: unknown }[],
    private readonly tables: { table: WebAssembly.Table; entries: unknown[] }[],
    private buffer: ArrayBuffer,
    private views: Buffer[],
  ) {}

  /** Reads the state; call it right after `new WebAssembly.Instance`, before any code of the module runs. */
  static capture(instance: WebAssembly.Instance): SavedState | undefined {
    const memory = instance.exports.memory;
    if (!(memory instanceof WebAssembly.Memory)) return undefined;
    const globals: { global: WebAssembly.Global; value: unknown }[] = [];
    const tables: { table: WebAssembly.Table; entries: unknown[] }[] = [];
    for (const [name, value] of Object.entries(instance.exports)) {
      if (name.startsWith(GLOBAL_EXPORT_PREFIX) && value instanceof WebAssembly.Global)
        globals.push({ global: value, value: value.value });
      else if (name.startsWith(TABLE_EXPORT_PREFIX) && value instanceof WebAssembly.Table)
        tables.push({ table: value, entries: Array.from({ length: value.length }, (_, i) => value.get(i)) });
    }
    const buffer = memory.buffer;
    const views = pageViews(buffer);
    const pages = views.map((view) => (view.equals(ZERO_PAGE) ? undefined : Buffer.from(view)));
    return new SavedState(instance, memory, pages, globals, tables, buffer, views);
  }

  /** Memory pages this instance keeps while it waits for its next activation. */
  get pageCount(): number {
    return this.pages.length;
  }

  /**
   * Puts the state back; false when it cannot be (memory or a table grew): the instance must not be used again.
   * A page is compared before it is written, so pages the activation never touched stay unwritten (and, if they
   * were never touched at all, unbacked by host memory).
   */
  restore(): boolean {
    const buffer = this.memory.buffer;
    if (buffer !== this.buffer) {
      if (buffer.byteLength !== this.pages.length * PAGE) return false;
      this.buffer = buffer; // same size, new ArrayBuffer (e.g. after memory.grow(0))
      this.views = pageViews(buffer);
    }
    for (let i = 0; i < this.views.length; i++) {
      const expected = this.pages[i] ?? ZERO_PAGE;
      const view = this.views[i]!;
      if (!view.equals(expected)) view.set(expected);
    }
    for (const { global, value } of this.globals) global.value = value;
    for (const { table, entries } of this.tables) {
      if (table.length !== entries.length) return false;
      for (let i = 0; i < entries.length; i++) if (table.get(i) !== entries[i]) table.set(i, entries[i]);
    }
    return true;
  }
}

function pageViews(buffer: ArrayBuffer): Buffer[] {
  const views: Buffer[] = [];
  for (let offset = 0; offset < buffer.byteLength; offset += PAGE) views.push(Buffer.from(buffer, offset, PAGE));
  return views;
}

export interface ReuseLimits {
  /** Int32Array[1] shared by every thread of the process: memory pages held by parked instances. */
  total: Int32Array;
  /** Int32Array[1] of this thread: its share of `total`, which the pool gives back when the thread exits. */
  own: Int32Array;
  /** Upper bound on `total`. */
  maxPages: number;
}

interface Parked {
  state: SavedState;
  /** Restored since its last activation: ready to run. */
  clean: boolean;
}

/**
 * The instances one thread keeps, one per module key, least recently used first. A parked instance is restored
 * when the thread has nothing else to do (`tidy`, after the reply is sent) or, at the latest, when it is taken.
 */
export class ParkedInstances {
  private readonly parked = new Map<string, Parked>();
  /** Keys parked since the last `tidy`: only their instances ran, so only they need restoring. */
  private dirty: string[] = [];

  constructor(private readonly limits: ReuseLimits) {}

  /** An instance in its state right after instantiation, or undefined (then the caller instantiates afresh). */
  take(key: string): SavedState | undefined {
    const entry = this.parked.get(key);
    if (entry === undefined) return undefined;
    this.remove(key, entry);
    if (!entry.clean && !restored(entry.state)) return undefined;
    return entry.state;
  }

  /** Keeps an instance whose activation ended normally; it is restored before anyone can take it. */
  park(key: string, state: SavedState): void {
    const pages = state.pageCount;
    const existing = this.parked.get(key);
    if (existing !== undefined) this.remove(key, existing);
    while (Atomics.add(this.limits.total, 0, pages) + pages > this.limits.maxPages) {
      Atomics.sub(this.limits.total, 0, pages);
      const oldest = this.parked.entries().next().value;
      if (oldest === undefined) return; // nothing of ours to give up: this one is not kept
      this.remove(oldest[0], oldest[1]);
    }
    Atomics.add(this.limits.own, 0, pages);
    this.parked.set(key, { state, clean: false });
    this.dirty.push(key);
  }

  /** Restores the instances parked since the last call; one that cannot be restored is dropped. */
  tidy(): void {
    const keys = this.dirty;
    this.dirty = [];
    for (const key of keys) {
      const entry = this.parked.get(key);
      if (entry === undefined || entry.clean) continue; // taken, dropped or evicted meanwhile, or already restored
      if (restored(entry.state)) entry.clean = true;
      else this.remove(key, entry);
    }
  }

  drop(key: string): void {
    const entry = this.parked.get(key);
    if (entry !== undefined) this.remove(key, entry);
  }

  private remove(key: string, entry: Parked): void {
    this.parked.delete(key);
    Atomics.sub(this.limits.total, 0, entry.state.pageCount);
    Atomics.sub(this.limits.own, 0, entry.state.pageCount);
  }
}

/** Restores, treating anything unexpected (an exception from the JavaScript API) as "cannot be restored". */
function restored(state: SavedState): boolean {
  try {
    return state.restore();
  } catch {
    return false;
  }
}
