// Reads an Azure Functions 2019 `invocations_per_function_md.anon.d*.csv` file (HashOwner, HashApp, HashFunction,
// Trigger, then minutes 1..1440 with invocation counts) and turns its top-N functions into seeded arrival times.
import { readFileSync } from 'node:fs';
import type { Random } from '../../model/stats/random.js';
import { OwEvalError } from '../../errors/ow-eval-error.js';

export interface TraceFunction {
  id: string;
  trigger: string;
  perMinute: number[];
  total: number;
}

/** The trace file the user named is not the Azure Functions trace format: user-fixable. */
export class AzureTraceError extends OwEvalError {
  constructor(message: string) {
    super('ERR_TRACE_FORMAT', message, { userFixable: true });
  }
}

export function readAzureTrace(file: string, topN: number): TraceFunction[] {
  const lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = lines[0]?.split(',') ?? [];
  if (header[0] !== 'HashOwner' || header[2] !== 'HashFunction' || header[3] !== 'Trigger' || header[4] !== '1') {
    throw new AzureTraceError(
      `${file} is not an invocations_per_function_md CSV (expected HashOwner,HashApp,HashFunction,Trigger,1,2,…)`,
    );
  }
  const functions = lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    const perMinute = cells.slice(4).map((c) => Number(c) || 0);
    if (perMinute.length === 0) throw new AzureTraceError(`${file}:${i + 2}: no per-minute counts`);
    return {
      id: `${cells[0]}/${cells[1]}/${cells[2]}`,
      trigger: cells[3] ?? '',
      perMinute,
      total: perMinute.reduce((a, b) => a + b, 0),
    };
  });
  return functions.sort((a, b) => b.total - a.total).slice(0, topN);
}

/**
 * Arrivals (ms from the start) for each function: every trace minute is compressed to 60000 / timeScale ms and its
 * count spread uniformly at random inside it. Only minutes that fit in `durationMs` are replayed.
 */
export function traceArrivals(
  functions: readonly TraceFunction[],
  timeScale: number,
  durationMs: number,
  random: Random,
): Array<{ at: number; fn: number }> {
  const minuteMs = 60_000 / timeScale;
  const arrivals: Array<{ at: number; fn: number }> = [];
  functions.forEach((f, fn) => {
    f.perMinute.forEach((count, minute) => {
      const start = minute * minuteMs;
      if (start >= durationMs) return;
      for (let k = 0; k < count; k++) arrivals.push({ at: start + random() * minuteMs, fn });
    });
  });
  return arrivals.filter((a) => a.at < durationMs).sort((a, b) => a.at - b.at);
}
