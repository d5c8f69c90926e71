// Actions and packages in memory, bounded: a create beyond the cap is refused (never a silent drop). Actions are
// keyed by their entity path and name (`guest/hello`, `guest/pkg/hello`), packages by `namespace/name`; like
// OpenWhisk's one document space, an action and a package never share a name in the same namespace.
import { ApiError } from './api-error.js';
import type { ActionEntity, PackageEntity } from './types.js';

interface Named {
  namespace: string;
  name: string;
  updated: number;
}

/** Entities of one collection by `namespace/name`, at most `max` of them. */
class BoundedCollection<T extends Named> {
  private readonly items = new Map<string, T>();

  constructor(
    private readonly max: number,
    private readonly collection: string,
  ) {}

  get(namespace: string, name: string): T | undefined {
    return this.items.get(`${namespace}/${name}`);
  }

  put(item: T): void {
    const key = `${item.namespace}/${item.name}`;
    if (!this.items.has(key) && this.items.size >= this.max) {
      throw new ApiError(
        503,
        `The platform holds its maximum of ${this.max} ${this.collection}; ` +
          'delete some or start it with a larger maxActions.',
      );
    }
    this.items.set(key, item);
  }

  delete(namespace: string, name: string): T | undefined {
    const item = this.get(namespace, name);
    this.items.delete(`${namespace}/${name}`);
    return item;
  }

  /** Those whose namespace passes the test, most recently updated first (OpenWhisk's list views). */
  where(test: (namespace: string) => boolean): T[] {
    return [...this.items.values()].filter((item) => test(item.namespace)).sort((a, b) => b.updated - a.updated);
  }
}

export class EntityStore {
  private readonly actions: BoundedCollection<ActionEntity>;
  private readonly packages: BoundedCollection<PackageEntity>;

  constructor(maxActions: number) {
    this.actions = new BoundedCollection(maxActions, 'actions');
    this.packages = new BoundedCollection(maxActions, 'packages');
  }

  /** `namespace` is the action's entity path: `guest` for the default package, `guest/pkg` inside a package. */
  get(namespace: string, name: string): ActionEntity | undefined {
    return this.actions.get(namespace, name);
  }

  put(action: ActionEntity): void {
    this.actions.put(action);
  }

  delete(namespace: string, name: string): ActionEntity | undefined {
    return this.actions.delete(namespace, name);
  }

  /** The actions of a namespace, packaged ones included. */
  list(namespace: string): ActionEntity[] {
    return this.actions.where((path) => path === namespace || path.startsWith(`${namespace}/`));
  }

  /** The actions directly in one entity path (`guest/pkg`). */
  listIn(path: string): ActionEntity[] {
    return this.actions.where((p) => p === path);
  }

  getPackage(namespace: string, name: string): PackageEntity | undefined {
    return this.packages.get(namespace, name);
  }

  putPackage(pkg: PackageEntity): void {
    this.packages.put(pkg);
  }

  deletePackage(namespace: string, name: string): PackageEntity | undefined {
    return this.packages.delete(namespace, name);
  }

  listPackages(namespace: string): PackageEntity[] {
    return this.packages.where((ns) => ns === namespace);
  }
}
