// One collection of entities in memory, keyed by `namespace/name` as OpenWhisk's document ids, at most `max` of
// them: a create beyond the cap is refused with a 503 (never a silent drop). Shared by the entity and event stores.
import { ApiError } from '../api-error.js';

export interface Named {
  namespace: string;
  name: string;
  updated: number;
}

export class BoundedCollection<T extends Named> {
  private readonly items = new Map<string, T>();

  constructor(
    private readonly what: string,
    private readonly max: number,
  ) {}

  get(namespace: string, name: string): T | undefined {
    return this.items.get(`${namespace}/${name}`);
  }

  put(item: T): void {
    const key = `${item.namespace}/${item.name}`;
    if (!this.items.has(key) && this.items.size >= this.max) {
      throw new ApiError(503, `The platform holds its maximum of ${this.max} ${this.what}; delete some first.`);
    }
    this.items.set(key, item);
  }

  delete(namespace: string, name: string): T | undefined {
    const item = this.get(namespace, name);
    this.items.delete(`${namespace}/${name}`);
    return item;
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
