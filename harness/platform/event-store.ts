// Triggers and rules in memory, bounded like the action store. As in OpenWhisk (WhiskTrigger.scala), a trigger keeps
// the map of the rules that name it with each rule's action and status: that map, not the rule, is where a rule's
// status lives, so a rule whose trigger is gone reads as inactive (docs/openwhisk-triggers-web.md §2).
import { ApiError } from './api-error.js';
import type { KeyValue } from './types.js';

/** `{path, name}` as FullyQualifiedEntityName serializes: `path` is the namespace, or `namespace/package`. */
export interface QualifiedName {
  path: string;
  name: string;
}

export type RuleStatus = 'active' | 'inactive';

/** A rule as its trigger holds it (ReducedRule). */
export interface TriggerLink {
  action: QualifiedName;
  status: RuleStatus;
}

export interface TriggerEntity {
  namespace: string;
  name: string;
  parameters: KeyValue[];
  annotations: KeyValue[];
  version: string;
  publish: boolean;
  updated: number;
  /** Keyed by the rule's `namespace/name`; absent until a rule first names the trigger (then `{}` when emptied). */
  rules?: Record<string, TriggerLink>;
}

export interface RuleEntity {
  namespace: string;
  name: string;
  trigger: QualifiedName;
  action: QualifiedName;
  version: string;
  publish: boolean;
  annotations: KeyValue[];
  updated: number;
}

/** `path/name`, the document id OpenWhisk keys entities by (no leading slash). */
export const qualified = (name: QualifiedName): string => `${name.path}/${name.name}`;

class BoundedMap<T extends { namespace: string; name: string; updated: number }> {
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

  /** Most recently updated first, as OpenWhisk's list views sort. */
  list(namespace: string): T[] {
    return [...this.items.values()].filter((i) => i.namespace === namespace).sort((a, b) => b.updated - a.updated);
  }
}

export class EventStore {
  readonly triggers: BoundedMap<TriggerEntity>;
  readonly rules: BoundedMap<RuleEntity>;

  constructor(maxEach: number) {
    this.triggers = new BoundedMap('triggers', maxEach);
    this.rules = new BoundedMap('rules', maxEach);
  }

  /** The rule's status as its trigger records it; inactive when the trigger or the link is missing. */
  statusOf(rule: RuleEntity): RuleStatus {
    const trigger = this.triggers.get(rule.trigger.path, rule.trigger.name);
    return trigger?.rules?.[`${rule.namespace}/${rule.name}`]?.status ?? 'inactive';
  }
}
