// Triggers and rules in memory, bounded like the action store. As in OpenWhisk (WhiskTrigger.scala), a trigger keeps
// the map of the rules that name it with each rule's action and status: that map, not the rule, is where a rule's
// status lives, so a rule whose trigger is gone reads as inactive (docs/openwhisk-triggers-web.md §2).
import { BoundedCollection } from './bounded-collection.js';
import type { KeyValue } from '../types.js';

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

export class EventStore {
  readonly triggers: BoundedCollection<TriggerEntity>;
  readonly rules: BoundedCollection<RuleEntity>;

  constructor(maxEach: number) {
    this.triggers = new BoundedCollection('triggers', maxEach);
    this.rules = new BoundedCollection('rules', maxEach);
  }

  /** The rule's status as its trigger records it; inactive when the trigger or the link is missing. */
  statusOf(rule: RuleEntity): RuleStatus {
    const trigger = this.triggers.get(rule.trigger.path, rule.trigger.name);
    return trigger?.rules?.[`${rule.namespace}/${rule.name}`]?.status ?? 'inactive';
  }
}
