// Turns what the target answered into one InvocationRecord, with the cold/warm verdict and its reason.
import type { InvocationRecord, StartKind } from '../../model/results/records.js';
import type { ActivationLike, InvokeResult } from './run-target.js';

/** Where an invocation belongs; `expect` makes the coldstart scenario drop samples that came back warm. */
export type RecordContext = Pick<
  InvocationRecord,
  'scenario' | 'runtime' | 'engine' | 'action' | 'actionName' | 'level' | 'repetition'
> & {
  /**
   * `cold`: a new container (prewarm and warm are dropped); `init`: any start that sent /init, a stem cell's included
   * (the OpenWhisk-default baseline, where a stem cell taking the action is what a cold start there is); `warm`.
   */
  expect?: 'cold' | 'init' | 'warm';
};

/** The annotations the harness reads, found in one pass (this runs once per invocation, at load-test rates). */
interface ReadAnnotations {
  waitTime?: number;
  initTime?: number;
  startKind?: string;
  phases?: OwEvalPhases;
}

function readAnnotations(activation: ActivationLike): ReadAnnotations {
  const found: ReadAnnotations = {};
  for (const { key, value } of activation.annotations ?? []) {
    if (key === 'waitTime') found.waitTime = numberOrUndefined(value);
    else if (key === 'initTime') found.initTime = numberOrUndefined(value);
    else if (key === 'ow-eval' && typeof value === 'object' && value !== null) {
      const owEval = value as { startKind?: unknown; phases?: OwEvalPhases };
      if (typeof owEval.startKind === 'string') found.startKind = owEval.startKind;
      if (owEval.phases) found.phases = owEval.phases;
    }
  }
  return found;
}

/**
 * Cold means the container needed /init: OpenWhisk puts `initTime` on exactly those activations. The embedded
 * platform also says how the container was obtained (`ow-eval` annotation), which tells a prewarm apart.
 */
function startOf({ initTime, startKind }: ReadAnnotations): { start: StartKind; reason: string } {
  if (startKind === 'cold' || startKind === 'prewarm' || startKind === 'warm' || startKind === 'recreated') {
    return {
      start: startKind,
      reason: `platform: ${startKind}${initTime !== undefined ? `, initTime ${initTime} ms` : ', no initTime'}`,
    };
  }
  return initTime !== undefined
    ? { start: 'cold', reason: `initTime ${initTime} ms present` }
    : { start: 'warm', reason: 'no initTime annotation' };
}

export type UnnumberedRecord = Omit<InvocationRecord, 'seq'>;

export function toInvocationRecord(context: RecordContext, result: InvokeResult): UnnumberedRecord {
  // Fields copied one by one: object rest/spread takes V8's slow path (about 2 µs here), and this runs per invocation.
  const expect = context.expect;
  const record: UnnumberedRecord = {
    scenario: context.scenario,
    runtime: context.runtime,
    action: context.action,
    actionName: context.actionName,
    level: context.level,
    repetition: context.repetition,
    sentAt: result.sentAt,
    receivedAt: result.receivedAt,
    latencyMs: result.receivedAt - result.sentAt,
    outcome: 'error',
  };
  if (context.engine !== undefined) record.engine = context.engine;
  if (result.httpStatus !== undefined) record.httpStatus = result.httpStatus;
  const activation = result.activation;
  if (!activation) {
    record.error = result.error ?? { code: 'NO_ACTIVATION', message: 'the target returned no activation record' };
    return record;
  }

  const annotations = readAnnotations(activation);
  // The embedded platform states the same intervals at µs resolution in its `ow-eval` annotation; OpenWhisk's own
  // waitTime/initTime annotations are floored to whole ms, too coarse for wasm cold starts of a few ms.
  const precise = precisePhases(annotations.phases);
  const waitTime = precise?.waitMs ?? annotations.waitTime;
  const initTime = annotations.initTime === undefined ? undefined : (precise?.initMs ?? annotations.initTime);
  const { start, reason } = startOf(annotations);
  const status = activation.response?.status;
  record.activationId = activation.activationId;
  record.start = start;
  record.startReason = reason;
  if (status !== undefined) record.status = status;
  record.timeResolution = precise ? 'us' : 'ms';
  if (waitTime !== undefined) record.waitTimeMs = waitTime;
  if (initTime !== undefined) record.initTimeMs = initTime;
  if (typeof activation.duration === 'number') record.durationMs = activation.duration;
  if (waitTime !== undefined && initTime !== undefined) record.coldStartMs = waitTime + initTime;
  record.activation = activation;

  if (status !== 'success') {
    const message =
      errorMessage(activation.response?.result) ??
      result.error?.message ??
      `activation ended with status ${status ?? 'unknown'}`;
    record.error = { code: status ?? 'UNKNOWN', message };
    return record;
  }
  // A prewarm start skipped container creation, so it is not the cold start the scenario measures.
  const isCold = start === 'cold' || start === 'recreated';
  if (
    (expect === 'cold' && !isCold) ||
    (expect === 'init' && !isCold && start !== 'prewarm') ||
    (expect === 'warm' && start !== 'warm')
  ) {
    record.outcome = 'dropped';
    record.startReason = `expected ${expect}, came back ${start} (${reason})`;
    return record;
  }
  record.outcome = 'ok';
  return record;
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function errorMessage(result: unknown): string | undefined {
  if (typeof result === 'object' && result !== null && 'error' in result) {
    const error = result.error;
    return typeof error === 'string' ? error : JSON.stringify(error);
  }
  return undefined;
}

interface OwEvalPhases {
  queueMs?: unknown;
  createMs?: unknown;
  unpauseMs?: unknown;
  initMs?: unknown;
}

function precisePhases(phases: OwEvalPhases | undefined): { waitMs: number; initMs?: number } | undefined {
  if (typeof phases?.queueMs !== 'number') return undefined;
  const part = (x: unknown): number => (typeof x === 'number' ? x : 0);
  const precise: { waitMs: number; initMs?: number } = {
    waitMs: phases.queueMs + part(phases.createMs) + part(phases.unpauseMs),
  };
  if (typeof phases.initMs === 'number') precise.initMs = phases.initMs;
  return precise;
}
