// A sequence's create-time checks (Actions.scala checkSequenceActionLimits, countAtomicActionsAndCheckCycle):
// components the caller may not read are refused first (403), then the length, missing components, and cycles;
// nested sequences count with all their atomic actions against the limit. The walk is iterative and bounded (at most
// `maxNestedSequences` sequences expanded), so a cycle that does not pass through the new sequence (made earlier by
// re-pointing a binding) or a deep chain ends in "Too many actions in the sequence." rather than the stack.
import { ApiError } from '../api-error.js';
import { checkEntitled } from './entitlement.js';
import type { EntityStore } from '../store/entity-store.js';
import { entityPathOf, parseFullyQualified } from './entity-names.js';
import { resolveAction } from './resolve.js';
import { checkSystemPackage } from './unsupported.js';
import { isSequence } from '../types.js';

/** limits.actions.sequence.maxLength: 50 in OpenWhisk's ansible defaults and standalone.conf. */
export const maxSequenceLength = 50;

/**
 * Nested sequences one topmost sequence may enter (at run time) or expand (at create time). OpenWhisk has no such
 * bound, and a cycle of sequences without atomic actions runs there until memory runs out; this platform ends it
 * with the length error instead. Four per atomic action: a sequence OpenWhisk runs needs more only when its 50
 * atomic actions sit more than four sequences deep on average, and a cycle through atomic actions still stops at
 * OpenWhisk's 50 atomic actions first.
 */
export const maxNestedSequences = 4 * maxSequenceLength;

export const sequenceMessages = {
  tooLong: 'Too many actions in the sequence.',
  noComponent: 'No component specified for the sequence.',
  cyclic: 'Sequence may not refer to itself.',
  componentNotFound: 'Sequence component does not exist.',
  failed: 'Sequence failed.',
  retrieveTimeout: (id: string) => `Timeout reached when retrieving activation ${id} for sequence component.`,
} as const;

/** `self` is the sequence's own entity path and name (`guest/seq`, `guest/pkg/seq`). */
export function checkSequence(entities: EntityStore, user: string, self: string, components: readonly string[]): void {
  for (const component of components) {
    // The read right a direct GET needs (entitlement.ts), before anything is looked up; a missing package is 400 below.
    const ref = parseFullyQualified(component, user);
    checkSystemPackage(ref.namespace, ref.pkg); // a package left out is 501, not a 403
    const resource = { collection: 'actions', path: entityPathOf(ref), name: ref.name } as const;
    try {
      checkEntitled(entities, user, 'read', resource);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    }
  }
  if (components.length > maxSequenceLength) throw new ApiError(400, sequenceMessages.tooLong);
  if (components.length === 0) throw new ApiError(400, sequenceMessages.noComponent);
  const atomic = countAtomic(entities, user, self, components);
  if (atomic > maxSequenceLength) throw new ApiError(400, sequenceMessages.tooLong);
}

function countAtomic(entities: EntityStore, user: string, self: string, components: readonly string[]): number {
  let count = 0;
  let expanded = 0;
  const pending: string[] = [...components].reverse();
  while (pending.length > 0) {
    const component = pending.pop()!;
    let action;
    try {
      ({ action } = resolveAction(entities, user, parseFullyQualified(component, user)));
    } catch (error) {
      const missing = error instanceof ApiError && error.status === 404;
      throw missing ? new ApiError(400, sequenceMessages.componentNotFound) : error;
    }
    if (`${action.namespace}/${action.name}` === self) throw new ApiError(400, sequenceMessages.cyclic);
    if (!isSequence(action.exec)) {
      count += 1;
      if (count > maxSequenceLength) throw new ApiError(400, sequenceMessages.tooLong);
      continue;
    }
    expanded += 1;
    const inner = action.exec.components;
    if (expanded > maxNestedSequences || inner.length > maxSequenceLength)
      throw new ApiError(400, sequenceMessages.tooLong);
    for (let i = inner.length - 1; i >= 0; i--) pending.push(inner[i]!);
  }
  return count;
}
