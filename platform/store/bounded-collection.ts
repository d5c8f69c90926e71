// One collection of entities in memory, keyed by `namespace/name` as OpenWhisk's document ids, at most `max` of
// them and, when given a size, at most `maxBytes` of them: a create beyond the count cap is refused with a 503, a
// write that would pass the byte budget with a 413 (never a silent drop: OpenWhisk never expires entities). Shared
// by the entity and event stores.
import { ApiError } from '../api-error.js';

export interface Named {
  namespace: string;
  name: string;
  updated: number;
}

export interface ByteBudget<T> {
  maxBytes: number;
  /** The item's weight against the budget (what it keeps alive in memory). */
  sizeOf: (item: T) => number;
  /** How the refusal names what is stored ("action code"). */
  what: string;
}

export class BoundedCollection<T extends Named> {
  private readonly items = new Map<string, T>();
  private readonly sizes = new Map<string, number>();
  private bytes = 0;

  constructor(
    private readonly what: string,
    private readonly max: number,
    private readonly budget?: ByteBudget<T>,
  ) {}

  get(namespace: string, name: string): T | undefined {
    return this.items.get(`${namespace}/${name}`);
  }

  put(item: T): void {
    const key = `${item.namespace}/${item.name}`;
    if (!this.items.has(key) && this.items.size >= this.max) {
      throw new ApiError(503, `The platform holds its maximum of ${this.max} ${this.what}; delete some first.`);
    }
    const size = this.budget ? this.budget.sizeOf(item) : 0;
    const next = this.bytes + size - (this.sizes.get(key) ?? 0);
    if (this.budget && next > this.budget.maxBytes) {
      throw new ApiError(
        413,
        `The platform's budget for ${this.budget.what} is ${this.budget.maxBytes} bytes and ${this.bytes} are in use; ` +
          `this ${this.what.replace(/s$/, '')} needs ${size}. Delete some first.`,
      );
    }
    this.items.set(key, item);
    this.sizes.set(key, size);
    this.bytes = next;
  }

  delete(namespace: string, name: string): T | undefined {
    const key = `${namespace}/${name}`;
    const item = this.items.get(key);
    this.items.delete(key);
    this.bytes -= this.sizes.get(key) ?? 0;
    this.sizes.delete(key);
    return item;
  }

  /** Count and bytes held, for /admin/budgets. */
  usage(): { items: number; maxItems: number; bytes: number; maxBytes: number | undefined } {
    return { items: this.items.size, maxItems: this.max, bytes: this.bytes, maxBytes: this.budget?.maxBytes };
  }

  /** The items of one namespace, most recently updated first, as OpenWhisk's list views sort. */
  list(namespace: string): T[] {
    return this.where((ns) => ns === namespace);
  }

  /** The items whose namespace passes the test, most recently updated first. */
  where(test: (namespace: string) => boolean): T[] {
    return [...this.items.values()].filter((item) => test(item.namespace)).sort((a, b) => b.updated - a.updated);
  }
}
