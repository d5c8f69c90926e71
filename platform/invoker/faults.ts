// Fault injection points of the activation path, for tests that prove every path releases what it took and ends
// in a record (test/platform-faults.test.ts). Production passes no injector: each point is then one `undefined`
// check. A point may throw, or (where the step is asynchronous) return a promise that never settles, to stand for
// a step that hangs; the deadlines of the path must then end the activation.

/** The steps of the invoke path, in order. Synchronous steps (logs, result, store) can only throw. */
export const faultSteps = [
  'acquire',
  'init',
  'run',
  'logs',
  'result',
  'store',
  'sequence-step',
  'web-response',
] as const;
export type FaultStep = (typeof faultSteps)[number];

/** Steps that wait on something outside the platform's own code, so a hang there is possible and has a deadline. */
export const asyncFaultSteps: readonly FaultStep[] = ['acquire', 'init', 'run', 'sequence-step'];

export interface FaultInjector {
  /** Called when the path reaches `step`; throw to fail it, return a promise to delay or hang it. */
  at(step: FaultStep): void | Promise<void>;
}

/** A synchronous step's point: only a throw counts there (the step cannot wait, so a returned promise is dropped). */
export function faultAt(faults: FaultInjector | undefined, step: FaultStep): void {
  const pending = faults?.at(step);
  if (pending !== undefined) pending.catch(() => undefined);
}
