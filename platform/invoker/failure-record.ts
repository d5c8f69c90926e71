// The record of an activation whose path failed inside the platform (not in the action): OpenWhisk's whisk-error
// shape (`status: "whisk internal error"`, `success: false`, `result: {error}`), so a failure is never a lost record.
import { errorCode } from '../../errors/ow-eval-error.js';
import type { ActionEntity, ActivationRecord } from '../types.js';

export const failureMessages = {
  internal: 'An internal error occurred while running the action; the container was removed.',
  notStored: 'The activation record could not be stored whole; this shortened record stands for it.',
} as const;

export interface FailureIds {
  namespace: string;
  subject: string;
  activationId: string;
  cause?: string;
}

/** `error`'s stable `code` (OwEvalError, Node system errors) is named; its message is not copied into the record. */
export function failureRecord(
  action: ActionEntity,
  ids: FailureIds,
  error: unknown,
  message: string = failureMessages.internal,
): ActivationRecord {
  const now = Date.now();
  const code = errorCode(error);
  const record: ActivationRecord = {
    namespace: ids.namespace,
    name: action.name,
    subject: ids.subject,
    activationId: ids.activationId,
    start: now,
    end: now,
    duration: 0,
    response: {
      result: { error: typeof code === 'string' ? `${message} (${code})` : message },
      status: 'whisk internal error',
      success: false,
    },
    logs: [],
    version: action.version,
    publish: action.publish,
    annotations: [
      { key: 'limits', value: { ...action.limits } },
      { key: 'path', value: `${action.namespace}/${action.name}` },
      { key: 'kind', value: action.exec.kind },
      { key: 'timeout', value: false },
    ],
  };
  if (ids.cause !== undefined) record.cause = ids.cause;
  return record;
}
