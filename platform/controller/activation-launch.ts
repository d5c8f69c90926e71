// Where a request becomes an activation: one admission under the namespace throttles, the invoker (or the sequence
// runner), and the stored record, for every way in: a direct invoke, a fired trigger's rule, a web action.
import { randomUUID } from 'node:crypto';
import type { PlatformContext, RequestInfo } from '../context.js';
import { failureRecord } from '../invoker/failure-record.js';
import { keepRecord } from './record-keeping.js';
import { runSequence } from './sequence-runner.js';
import { isSequenceAction, type ActionEntity, type ActivationRecord, type CodeAction } from '../types.js';

/**
 * Admits one activation under the namespace throttles (429 otherwise), starts it and stores its record when it ends;
 * `run` settles with the record. Shared by invoke, trigger firing and web actions.
 */
export function launchActivation(
  ctx: PlatformContext,
  req: RequestInfo,
  action: ActionEntity,
  payload: unknown,
  apiKey: string,
  binding?: string,
): { activationId: string; run: Promise<ActivationRecord> } {
  const done = ctx.throttle.admit(req.namespace);
  const activationId = randomUUID().replaceAll('-', '');
  // Object literals without spreads: this is the warm invoke's hot path (spreads took V8's slow path here).
  const started = isSequenceAction(action)
    ? runSequence(ctx, {
        sequence: action,
        payload,
        apiKey,
        activationId,
        transactionId: req.tid,
        arrivedAt: req.arrivedAt,
        user: req.namespace,
        topmost: true,
        binding,
      })
    : ctx.invoker.invoke({
        action: action as CodeAction,
        payload,
        namespace: req.namespace,
        subject: req.namespace,
        apiKey,
        activationId,
        transactionId: req.tid,
        arrivedAt: req.arrivedAt,
        binding,
      });
  // The record is stored, the throttle told and the activation taken out of `inFlight` in one reaction (no chain
  // of finally promises per activation). `run` never rejects: a path that throws still ends in a stored record.
  const settle = (): void => {
    done();
    ctx.inFlight.delete(run);
  };
  const ids = { namespace: req.namespace, subject: req.namespace, activationId };
  const run: Promise<ActivationRecord> = started.then(
    (record) => {
      try {
        return keepRecord(ctx, action, record);
      } finally {
        settle();
      }
    },
    (error: unknown) => {
      try {
        return keepRecord(ctx, action, failureRecord(action, ids, error));
      } finally {
        settle();
      }
    },
  );
  ctx.inFlight.add(run);
  return { activationId, run };
}
