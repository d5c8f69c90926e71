// How every invocation started, counted per runtime line and level: for the cold-start scenario with the
// OpenWhisk-default baseline this is the finding itself (how many cold starts a stem cell took, and from which level
// on containers had to be created), so the console and the report print the same counts from this one function.
import type { InvocationRecord, RuntimeLabel, StartKind } from './records.js';

export const startKinds: readonly StartKind[] = ['prewarm', 'cold', 'recreated', 'warm', 'unknown'];

export interface StartCountRow {
  runtime: RuntimeLabel;
  /** The wasm engine, or the baseline's variant; '' for the fresh-container baseline. */
  engine: string;
  level: number;
  invocations: number;
  /** Successful and dropped invocations by the start kind the platform reported; errors are counted apart. */
  starts: Record<StartKind, number>;
  errors: number;
  dropped: number;
}

export function countStartKinds(records: readonly InvocationRecord[]): StartCountRow[] {
  const rows = new Map<string, StartCountRow>();
  for (const r of records) {
    const engine = r.engine ?? '';
    const key = `${r.runtime}\u0000${engine}\u0000${r.level}`;
    let row = rows.get(key);
    if (!row)
      rows.set(
        key,
        (row = {
          runtime: r.runtime,
          engine,
          level: r.level,
          invocations: 0,
          starts: { prewarm: 0, cold: 0, recreated: 0, warm: 0, unknown: 0 },
          errors: 0,
          dropped: 0,
        }),
      );
    row.invocations += 1;
    if (r.outcome === 'error') row.errors += 1;
    else {
      if (r.outcome === 'dropped') row.dropped += 1;
      row.starts[r.start ?? 'unknown'] += 1;
    }
  }
  return [...rows.values()].sort(
    (a, b) => a.runtime.localeCompare(b.runtime) || a.engine.localeCompare(b.engine) || a.level - b.level,
  );
}

/** Container creations (a new container: cold, or recreated after an eviction). */
export function creations(row: StartCountRow): number {
  return row.starts.cold + row.starts.recreated;
}

/**
 * A row's cells after its runtime label, in the order the console and the report print them: level, invocations,
 * prewarm (stem cell), container created, warm, errors, dropped.
 */
/** The headings of startCountCells' cells, after the runtime's own column; the console and the report both print them. */
export const START_COUNT_HEADINGS = [
  'level',
  'invocations',
  'prewarm (stem cell)',
  'container created',
  'warm',
  'errors',
  'dropped',
] as const;

export function startCountCells(row: StartCountRow): string[] {
  return [row.level, row.invocations, row.starts.prewarm, creations(row), row.starts.warm, row.errors, row.dropped].map(
    String,
  );
}
