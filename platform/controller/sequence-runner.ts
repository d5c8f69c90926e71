// Runs a sequence as SequenceActions.scala does: components one after another, each blocking, each result the next
// input (an object or array, else nothing), stopping at the first result with an `error` field. The sequence's own
// record lists the component activation ids in `logs`, sums their durations, carries the last response, and the
// annotations `topmost`, `path`, `kind: sequence`, `causedBy` (inner sequences), `waitTime`, `binding`, `limits`.
//
// Bounds (docs/trust-model.md "Platform budgets"): at most `maxSequenceLength` atomic actions run under one topmost
// sequence, as OpenWhisk counts them (SequenceActions.scala L295-313: the next component is not started once the
// count reaches the limit, and the sequence ends with "Too many actions in the sequence."); and, beyond OpenWhisk, at
// most as many nested sequences are entered, so a cycle of sequences without an atomic action in it (made by
// re-pointing a binding after the create-time check) ends in the same error instead of running forever. Nesting is
// an explicit stack of frames, not recursion: depth costs heap, never the call stack.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { OwEvalError } from '../../errors/ow-eval-error.js';
import { ApiError } from '../api-error.js';
import type { PlatformContext } from '../context.js';
import { parseFullyQualified } from './entity-names.js';
import { keepRecord } from './record-keeping.js';
import { resolveAction } from './resolve.js';
import { maxNestedSequences, maxSequenceLength, sequenceMessages } from './sequence-check.js';
import {
  isSequence,
  type ActionEntity,
  type ActivationRecord,
  type ActivationResponse,
  type CodeAction,
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

/** One sequence being run: where it is in its components and what it has gathered. */
interface Frame {
  job: SequenceJob;
  next: number;
  input: unknown;
  start: number;
  waitTime: number;
  logs: string[];
  duration: number;
  maxMemory: number | undefined;
  response: ActivationResponse;
  done: boolean;
}

/** What one topmost sequence has run so far, shared by the sequences nested in it. */
interface Counter {
  atomic: number;
  nested: number;
}

/** Never rejects: a failing step ends the sequence with OpenWhisk's whisk-error response ("Sequence failed."). */
export async function runSequence(ctx: PlatformContext, job: SequenceJob): Promise<ActivationRecord> {
  const counter: Counter = { atomic: 0, nested: 0 };
  const stack: Frame[] = [frameOf(job)];
  for (;;) {
    const frame = stack.at(-1)!;
    const components = frame.job.sequence.exec.components;
    if (frame.done || frame.next >= components.length) {
      stack.pop();
      const record = recordOf(frame);
      const parent = stack.at(-1);
      if (parent === undefined) return record; // the topmost record is stored by launchActivation
      absorb(parent, keepRecord(ctx, frame.job.sequence, record));
      continue;
    }
    const component = components[frame.next++]!;
    try {
      await step(ctx, stack, frame, component, counter);
    } catch {
      end(frame, failure('whisk internal error', sequenceMessages.failed));
    }
  }
}

/** Runs or enters one component of the frame on top of the stack. */
async function step(
  ctx: PlatformContext,
  stack: Frame[],
  frame: Frame,
  component: string,
  counter: Counter,
): Promise<void> {
  // The invoke below has the invoker's deadlines; this bounds the sequence's own machinery between components.
  if (ctx.options.faults) await withDeadline(ctx.options.faults.at('sequence-step'), ctx.options.containerCallGraceMs);
  const { job } = frame;
  let resolved;
  try {
    resolved = resolveAction(ctx.entities, job.user, parseFullyQualified(component, job.user));
  } catch (error) {
    const missing = error instanceof ApiError && error.status === 404;
    end(
      frame,
      missing
        ? failure('application error', sequenceMessages.componentNotFound)
        : failure('whisk internal error', sequenceMessages.failed),
    );
    return;
  }
  const { action, binding } = resolved;
  const common = {
    payload: frame.input,
    apiKey: job.apiKey,
    activationId: randomUUID().replaceAll('-', ''),
    transactionId: job.transactionId,
    arrivedAt: performance.now(),
    ...(binding === undefined ? {} : { binding }),
  };
  if (isSequence(action.exec)) {
    if (counter.nested >= maxNestedSequences) {
      end(frame, failure('application error', sequenceMessages.tooLong));
      return;
    }
    counter.nested += 1;
    const inner: SequenceJob = {
      ...common,
      sequence: { ...action, exec: action.exec },
      user: job.user,
      topmost: false,
      cause: job.activationId,
    };
    stack.push(frameOf(inner));
    return;
  }
  if (counter.atomic >= maxSequenceLength) {
    end(frame, failure('application error', sequenceMessages.tooLong));
    return;
  }
  counter.atomic += 1;
  const code = { ...action, exec: action.exec } as CodeAction;
  const record = await ctx.invoker.invoke({
    ...common,
    action: code,
    namespace: job.user,
    subject: job.user,
    cause: job.activationId,
  });
  absorb(frame, keepRecord(ctx, code, record));
}

function frameOf(job: SequenceJob): Frame {
  return {
    job,
    next: 0,
    input: job.payload,
    start: Date.now(),
    waitTime: Math.max(0, Math.floor(performance.now() - job.arrivedAt)),
    logs: [],
    duration: 0,
    maxMemory: undefined,
    response: { status: 'success', success: true, result: job.payload },
    done: false,
  };
}

/** A component's record joins its sequence: its id, duration, memory and response; an `error` result stops it. */
function absorb(frame: Frame, record: ActivationRecord): void {
  frame.logs.push(record.activationId);
  frame.duration += record.duration;
  const limits = record.annotations.find((a) => a.key === 'limits')?.value as { memory?: unknown } | undefined;
  const memory = limits?.memory;
  if (typeof memory === 'number') frame.maxMemory = Math.max(frame.maxMemory ?? 0, memory);
  frame.response = record.response;
  const result = record.response.result;
  if (typeof result === 'object' && result !== null && !Array.isArray(result) && 'error' in result) frame.done = true;
  frame.input = typeof result === 'object' && result !== null ? result : {};
}

function end(frame: Frame, response: ActivationResponse): void {
  frame.response = response;
  frame.done = true;
}

function recordOf(frame: Frame): ActivationRecord {
  const { job } = frame;
  const { sequence } = job;
  const annotations: KeyValue[] = [
    { key: 'topmost', value: job.topmost },
    { key: 'path', value: `${sequence.namespace}/${sequence.name}` },
    { key: 'kind', value: 'sequence' },
    ...(job.topmost ? [] : [{ key: 'causedBy', value: 'sequence' }]),
    { key: 'waitTime', value: frame.waitTime },
    ...(job.binding === undefined ? [] : [{ key: 'binding', value: job.binding }]),
    ...(frame.maxMemory === undefined ? [] : [{ key: 'limits', value: limitsWith(sequence, frame.maxMemory) }]),
  ];
  return {
    namespace: job.user,
    name: sequence.name,
    subject: job.user,
    activationId: job.activationId,
    ...(job.topmost || job.cause === undefined ? {} : { cause: job.cause }),
    start: frame.start,
    end: Date.now(),
    duration: frame.duration,
    response: frame.response,
    logs: frame.logs,
    version: sequence.version,
    publish: false,
    annotations,
  };
}

/** The sequence's own timeout and log limit with the largest memory limit among its components. */
function limitsWith(sequence: ActionEntity, memory: number): Record<string, number> {
  return { timeout: sequence.limits.timeout, memory, logs: sequence.limits.logs };
}

function failure(status: 'application error' | 'whisk internal error', error: string): ActivationResponse {
  return { status, success: false, result: { error } };
}

async function withDeadline(work: void | Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new OwEvalError('ERR_SEQUENCE_STEP_TIMEOUT', `a sequence step took more than ${ms} ms`)),
      ms,
    );
  });
  try {
    await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
