// The manifest's `runtimeRestarts`: how often each runtime process was restarted during a run, read from the
// platform's `ow-eval` annotation in the records (the embedded platform counts executor restarts there).
import type { InvocationRecord } from '../../model/results/records.js';

/**
 * Restarts of each runtime process during the run, by runtime (`executor`: the wasm executor the embedded platform
 * restarted after it died), as the last activation that ran there reported it. Empty when nothing reported one.
 */
export function runtimeRestarts(records: readonly InvocationRecord[]): Record<string, number> {
  const restarts: Record<string, number> = {};
  for (const record of records) {
    const annotations = (record.activation as { annotations?: { key: string; value: unknown }[] } | undefined)
      ?.annotations;
    const owEval = annotations?.find((a) => a.key === 'ow-eval')?.value as
      { runtime?: unknown; restarts?: unknown } | undefined;
    if (typeof owEval?.runtime !== 'string' || typeof owEval.restarts !== 'number') continue;
    restarts[owEval.runtime] = Math.max(restarts[owEval.runtime] ?? 0, owEval.restarts);
  }
  return restarts;
}
