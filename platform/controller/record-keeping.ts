// Stores an activation's record so that it is never lost: if the store refuses the record (a fault, a budget), a
// shortened whisk-error record with the same id takes its place, so the caller and `activations get` agree.
import { faultAt } from '../invoker/faults.js';
import type { PlatformContext } from '../context.js';
import { failureMessages, failureRecord } from '../invoker/failure-record.js';
import type { ActionEntity, ActivationRecord } from '../types.js';

export function keepRecord(ctx: PlatformContext, action: ActionEntity, record: ActivationRecord): ActivationRecord {
  try {
    faultAt(ctx.options.faults, 'store');
    ctx.activations.put(record);
    return record;
  } catch (error) {
    const ids = { namespace: record.namespace, subject: record.subject, activationId: record.activationId };
    const short = failureRecord(
      action,
      record.cause === undefined ? ids : { ...ids, cause: record.cause },
      error,
      failureMessages.notStored,
    );
    ctx.activations.put(short);
    return short;
  }
}
