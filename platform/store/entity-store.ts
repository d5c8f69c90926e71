// Actions and packages in memory, bounded in number and, for actions, in bytes of code, parameters and annotations:
// a write beyond either is refused (never a silent drop). Actions are
// keyed by their entity path and name (`guest/hello`, `guest/pkg/hello`), packages by `namespace/name`; like
// OpenWhisk's one document space, an action and a package never share a name in the same namespace.
import { BoundedCollection } from './bounded-collection.js';
import type { ActionEntity, PackageEntity } from '../types.js';

export class EntityStore {
  private readonly actions: BoundedCollection<ActionEntity>;
  private readonly packages: BoundedCollection<PackageEntity>;

  constructor(maxActions: number, maxCodeBytes: number = Number.POSITIVE_INFINITY) {
    this.actions = new BoundedCollection('actions', maxActions, {
      maxBytes: maxCodeBytes,
      sizeOf: actionBytes,
      what: 'stored actions (code, parameters, annotations)',
    });
    this.packages = new BoundedCollection('packages', maxActions);
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

  /** Actions held and their bytes against the budget. */
  usage(): ReturnType<BoundedCollection<ActionEntity>['usage']> {
    return this.actions.usage();
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
    return this.packages.list(namespace);
  }
}

/** An action's weight: its code (a base64 or JS string, one byte per character) plus its parameters and annotations. */
export function actionBytes(action: ActionEntity): number {
  const code = 'code' in action.exec && typeof action.exec.code === 'string' ? action.exec.code.length : 0;
  return code + JSON.stringify(action.parameters).length + JSON.stringify(action.annotations).length + 256;
}
