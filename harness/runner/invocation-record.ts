// Turns what the target answered into one InvocationRecord, with the cold/warm verdict and its reason.
import type { InvocationRecord, StartKind } from '../results/records.js';
import type { ActivationLike, InvokeResult } from './run-target.js';

/** Where an invocation belongs; `expect` makes the coldstart scenario drop samples that came back warm. */
export type RecordContext = Pick<InvocationRecord, 'scenario' | 'runtime' | 'engine' | 'action' | 'actionName' | 'level' | 'repetition'> & {
  expect?: 'cold' | 'warm';
};

export function annotation(activation: ActivationLike | undefined, key: string): unknown {
  return activation?.annotations?.find((a) => a.key === key)?.value;
}

/**
 * Cold means the container needed /init: OpenWhisk puts `initTime` on exactly those activations. The embedded
 * platform also says how the container was obtained (`ow-eval` annotation), which tells a prewarm apart.
 */
export function startOf(activation: ActivationLike): { start: StartKind; reason: string } {
  const initTime = annotation(activation, 'initTime');
  const owEval = annotation(activation, 'ow-eval') as { startKind?: string } | undefined;
  const platformSays = owEval?.startKind;
  if (platformSays === 'cold' || platformSays === 'prewarm' || platformSays === 'warm' || platformSays === 'recreated') {
    return { start: platformSays, reason: `platform: ${platformSays}${typeof initTime === 'number' ? `, initTime ${initTime} ms` : ', no initTime'}` };
  }
  return typeof initTime === 'number'
    ? { start: 'cold', reason: `initTime ${initTime} ms present` }
    : { start: 'warm', reason: 'no initTime annotation' };
}

export type UnnumberedRecord = Omit<InvocationRecord, 'seq'>;

export function toInvocationRecord(context: RecordContext, result: InvokeResult): UnnumberedRecord {
  const { expect, ...where } = context;
  const base: UnnumberedRecord = {
    ...where,
    sentAt: result.sentAt,
    receivedAt: result.receivedAt,
    latencyMs: result.receivedAt - result.sentAt,
    outcome: 'error',
    ...(result.httpStatus !== undefined ? { httpStatus: result.httpStatus } : {}),
  };
  const activation = result.activation;
  if (!activation) return { ...base, error: result.error ?? { code: 'NO_ACTIVATION', message: 'the target returned no activation record' } };

  // The embedded platform states the same intervals at µs resolution in its `ow-eval` annotation; OpenWhisk's own
  // waitTime/initTime annotations are floored to whole ms, too coarse for wasm cold starts of a few ms.
  const precise = precisePhases(activation);
  const waitTime = precise?.waitMs ?? numberOrUndefined(annotation(activation, 'waitTime'));
  const initTime = numberOrUndefined(annotation(activation, 'initTime')) === undefined ? undefined : precise?.initMs ?? numberOrUndefined(annotation(activation, 'initTime'));
  const { start, reason } = startOf(activation);
  const status = activation.response?.status;
  const record: UnnumberedRecord = {
    ...base,
    activationId: activation.activationId,
    start,
    startReason: reason,
    ...(status !== undefined ? { status } : {}),
    timeResolution: precise ? 'us' : 'ms',
    ...(waitTime !== undefined ? { waitTimeMs: waitTime } : {}),
    ...(initTime !== undefined ? { initTimeMs: initTime } : {}),
    ...(typeof activation.duration === 'number' ? { durationMs: activation.duration } : {}),
    ...(waitTime !== undefined && initTime !== undefined ? { coldStartMs: waitTime + initTime } : {}),
    activation,
  };
  if (status !== 'success') {
    const message = errorMessage(activation.response?.result) ?? result.error?.message ?? `activation ended with status ${status ?? 'unknown'}`;
    return { ...record, outcome: 'error', error: { code: status ?? 'UNKNOWN', message } };
  }
  // A prewarm start skipped container creation, so it is not the cold start the scenario measures.
  const isCold = start === 'cold' || start === 'recreated';
  if (expect === 'cold' && !isCold) return { ...record, outcome: 'dropped', startReason: `expected cold, came back ${start} (${reason})` };
  if (expect === 'warm' && start !== 'warm') return { ...record, outcome: 'dropped', startReason: `expected warm, came back ${start} (${reason})` };
  return { ...record, outcome: 'ok' };
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function errorMessage(result: unknown): string | undefined {
  if (typeof result === 'object' && result !== null && 'error' in result) {
    const error = (result as { error: unknown }).error;
    return typeof error === 'string' ? error : JSON.stringify(error);
  }
  return undefined;
}

interface OwEvalPhases { queueMs?: unknown; createMs?: unknown; unpauseMs?: unknown; initMs?: unknown }

function precisePhases(activation: ActivationLike): { waitMs: number; initMs?: number } | undefined {
  const phases = (annotation(activation, 'ow-eval') as { phases?: OwEvalPhases } | undefined)?.phases;
  if (typeof phases?.queueMs !== 'number') return undefined;
  const part = (x: unknown): number => (typeof x === 'number' ? x : 0);
  return { waitMs: phases.queueMs + part(phases.createMs) + part(phases.unpauseMs), ...(typeof phases.initMs === 'number' ? { initMs: phases.initMs } : {}) };
}
