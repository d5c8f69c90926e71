// Runs a sequence as SequenceActions.scala does: components one after another, each blocking, each result the next
// input (an object or array, else nothing), stopping at the first result with an `error` field. The sequence's own
// record lists the component activation ids in `logs`, sums their durations, carries the last response, and the
// annotations `topmost`, `path`, `kind: sequence`, `causedBy` (inner sequences), `waitTime`, `binding`, `limits`.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ApiError } from '../api-error.js';
import type { PlatformContext } from '../context.js';
import { parseFullyQualified } from './entity-names.js';
import { resolveAction } from './resolve.js';
import { maxSequenceLength, sequenceMessages } from './sequence-check.js';
import {
  isSequence,
  type ActionEntity,
  type ActivationRecord,
  type ActivationResponse,
  type KeyValue,
  type SequenceExec,
} from '../types.js';

export interface SequenceJob {
  sequence: ActionEntity<SequenceExec>;
  payload: unknown;
  /** The caller's namespace: components resolve and run as this subject. */
  user: string;
  apiKey: string;
  activationId: string;
  transactionId: string;
  /** performance.now() when the request arrived (topmost) or when the enclosing sequence reached this one. */
  arrivedAt: number;
  topmost: boolean;
  cause?: string;
  binding?: string;
}

/** Atomic actions run so far under the topmost sequence, shared by nested ones (the dynamic length limit). */
interface Counter {
  atomic: number;
}

export async function runSequence(
  ctx: PlatformContext,
  job: SequenceJob,
  counter: Counter = { atomic: 0 },
): Promise<ActivationRecord> {
  const start = Date.now();
  const waitTime = Math.max(0, Math.floor(performance.now() - job.arrivedAt));
  const logs: string[] = [];
  let duration = 0;
  let maxMemory: number | undefined;
  let response: ActivationResponse = { status: 'success', success: true, result: job.payload };
  let input: unknown = job.payload;
  for (const component of job.sequence.exec.components) {
    const record = await runComponent(ctx, job, component, input, counter);
    if ('failure' in record) {
      response = record.failure;
      break;
    }
    logs.push(record.activationId);
    duration += record.duration;
    const limits = record.annotations.find((a) => a.key === 'limits')?.value as { memory?: unknown } | undefined;
    const memory = limits?.memory;
    if (typeof memory === 'number') maxMemory = Math.max(maxMemory ?? 0, memory);
    response = record.response;
    const result = record.response.result;
    if (typeof result === 'object' && result !== null && !Array.isArray(result) && 'error' in result) break;
    input = typeof result === 'object' && result !== null ? result : {};
  }
  const { sequence } = job;
  const annotations: KeyValue[] = [
    { key: 'topmost', value: job.topmost },
    { key: 'path', value: `${sequence.namespace}/${sequence.name}` },
    { key: 'kind', value: 'sequence' },
    ...(job.topmost ? [] : [{ key: 'causedBy', value: 'sequence' }]),
    { key: 'waitTime', value: waitTime },
    ...(job.binding === undefined ? [] : [{ key: 'binding', value: job.binding }]),
    ...(maxMemory === undefined ? [] : [{ key: 'limits', value: limitsWith(sequence, maxMemory) }]),
  ];
  const end = Date.now();
  return {
    namespace: job.user,
    name: sequence.name,
    subject: job.user,
    activationId: job.activationId,
    ...(job.topmost || job.cause === undefined ? {} : { cause: job.cause }),
    start,
    end,
    duration,
    response,
    logs,
    version: sequence.version,
    publish: false,
    annotations,
  };
}

/** One component's record, or the failure response that ends the sequence without one. */
async function runComponent(
  ctx: PlatformContext,
  job: SequenceJob,
  component: string,
  input: unknown,
  counter: Counter,
): Promise<ActivationRecord | { failure: ActivationResponse }> {
  let resolved;
  try {
    resolved = resolveAction(ctx.entities, job.user, parseFullyQualified(component, job.user));
  } catch (error) {
    const missing = error instanceof ApiError && error.status === 404;
    return {
      failure: missing
        ? failure('application error', sequenceMessages.componentNotFound)
        : failure('whisk internal error', sequenceMessages.failed),
    };
  }
  const { action, binding } = resolved;
  const common = {
    payload: input,
    apiKey: job.apiKey,
    activationId: randomUUID().replaceAll('-', ''),
    transactionId: job.transactionId,
    arrivedAt: performance.now(),
    ...(binding === undefined ? {} : { binding }),
  };
  let record: ActivationRecord;
  if (isSequence(action.exec)) {
    record = await runSequence(
      ctx,
      {
        ...common,
        sequence: { ...action, exec: action.exec },
        user: job.user,
        topmost: false,
        cause: job.activationId,
      },
      counter,
    );
  } else {
    if (counter.atomic >= maxSequenceLength) return { failure: failure('application error', sequenceMessages.tooLong) };
    counter.atomic += 1;
    record = await ctx.invoker.invoke({
      ...common,
      action: { ...action, exec: action.exec },
      namespace: job.user,
      subject: job.user,
      cause: job.activationId,
    });
  }
  ctx.activations.put(record);
  return record;
}

/** The sequence's own timeout and log limit with the largest memory limit among its components. */
function limitsWith(sequence: ActionEntity, memory: number): Record<string, number> {
  return { timeout: sequence.limits.timeout, memory, logs: sequence.limits.logs };
}

function failure(status: 'application error' | 'whisk internal error', error: string): ActivationResponse {
  return { status, success: false, result: { error } };
}
