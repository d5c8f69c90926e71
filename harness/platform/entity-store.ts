// Actions in memory, keyed by `namespace/name`, bounded: a create beyond the cap is refused (never a silent drop).
import { ApiError } from './api-error.js';
import type { ActionEntity } from './types.js';

export class EntityStore {
  private readonly actions = new Map<string, ActionEntity>();

  constructor(private readonly maxActions: number) {}

  get(namespace: string, name: string): ActionEntity | undefined {
    return this.actions.get(`${namespace}/${name}`);
  }

  put(action: ActionEntity): void {
    const key = `${action.namespace}/${action.name}`;
    if (!this.actions.has(key) && this.actions.size >= this.maxActions) {
      throw new ApiError(503, `The platform holds its maximum of ${this.maxActions} actions; delete some or start it with a larger maxActions.`);
    }
    this.actions.set(key, action);
  }

  delete(namespace: string, name: string): ActionEntity | undefined {
    const action = this.get(namespace, name);
    this.actions.delete(`${namespace}/${name}`);
    return action;
  }

  /** Most recently updated first, as OpenWhisk's list view sorts. */
  list(namespace: string): ActionEntity[] {
    return [...this.actions.values()].filter((a) => a.namespace === namespace).sort((a, b) => b.updated - a.updated);
  }
}
