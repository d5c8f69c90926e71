// A sequence's create-time checks (Actions.scala checkSequenceActionLimits, countAtomicActionsAndCheckCycle):
// components the caller may not read are refused first (403), then the length, missing components, and cycles;
// nested sequences count with all their atomic actions against the limit.
import { ApiError } from '../api-error.js';
import { checkEntitled } from './entitlement.js';
import type { EntityStore } from '../store/entity-store.js';
import { entityPathOf, parseFullyQualified } from './entity-names.js';
import { resolveAction } from './resolve.js';
import { checkSystemPackage } from './unsupported.js';
import { isSequence } from '../types.js';

/** limits.actions.sequence.maxLength: 50 in OpenWhisk's ansible defaults and standalone.conf. */
export const maxSequenceLength = 50;

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
  if (components.length > maxSequenceLength) throw new ApiError(400, sequenceMessages.tooLong);
  let count = 0;
  for (const component of components) {
    let action;
    try {
      ({ action } = resolveAction(entities, user, parseFullyQualified(component, user)));
    } catch (error) {
      const missing = error instanceof ApiError && error.status === 404;
      throw missing ? new ApiError(400, sequenceMessages.componentNotFound) : error;
    }
    if (`${action.namespace}/${action.name}` === self) throw new ApiError(400, sequenceMessages.cyclic);
    count += isSequence(action.exec) ? countAtomic(entities, user, self, action.exec.components) : 1;
  }
  return count;
}
