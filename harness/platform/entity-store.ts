// Actions and packages in memory, bounded: a create beyond the cap is refused (never a silent drop). Actions are
// keyed by their entity path and name (`guest/hello`, `guest/pkg/hello`), packages by `namespace/name`; like
// OpenWhisk's one document space, an action and a package never share a name in the same namespace.
import { ApiError } from './api-error.js';
import type { ActionEntity, PackageEntity } from './types.js';

export class EntityStore {
  private readonly actions = new Map<string, ActionEntity>();
  private readonly packages = new Map<string, PackageEntity>();

  constructor(private readonly maxActions: number) {}

  /** `namespace` is the action's entity path: `guest` for the default package, `guest/pkg` inside a package. */
  get(namespace: string, name: string): ActionEntity | undefined {
    return this.actions.get(`${namespace}/${name}`);
  }

  put(action: ActionEntity): void {
    const key = `${action.namespace}/${action.name}`;
    if (!this.actions.has(key) && this.actions.size >= this.maxActions) {
      throw new ApiError(503, `The platform holds its maximum of ${this.maxActions} actions; `
        + 'delete some or start it with a larger maxActions.');
    }
    this.actions.set(key, action);
  }

  delete(namespace: string, name: string): ActionEntity | undefined {
    const action = this.get(namespace, name);
    this.actions.delete(`${namespace}/${name}`);
    return action;
  }

  /** The actions of a namespace, packaged ones included, most recently updated first (OpenWhisk's list view). */
  list(namespace: string): ActionEntity[] {
    return [...this.actions.values()]
      .filter((a) => a.namespace === namespace || a.namespace.startsWith(`${namespace}/`))
      .sort((a, b) => b.updated - a.updated);
  }

  /** The actions directly in one entity path (`guest/pkg`), most recently updated first. */
  listIn(path: string): ActionEntity[] {
    return [...this.actions.values()].filter((a) => a.namespace === path).sort((a, b) => b.updated - a.updated);
  }

  getPackage(namespace: string, name: string): PackageEntity | undefined {
    return this.packages.get(`${namespace}/${name}`);
  }

  putPackage(pkg: PackageEntity): void {
    const key = `${pkg.namespace}/${pkg.name}`;
    if (!this.packages.has(key) && this.packages.size >= this.maxActions) {
      throw new ApiError(503, `The platform holds its maximum of ${this.maxActions} packages; `
        + 'delete some or start it with a larger maxActions.');
    }
    this.packages.set(key, pkg);
  }

  deletePackage(namespace: string, name: string): PackageEntity | undefined {
    const pkg = this.getPackage(namespace, name);
    this.packages.delete(`${namespace}/${name}`);
    return pkg;
  }

  listPackages(namespace: string): PackageEntity[] {
    return [...this.packages.values()].filter((p) => p.namespace === namespace).sort((a, b) => b.updated - a.updated);
  }
}
