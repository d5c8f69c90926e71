// The snapshot run's lines and where a cold start's time goes on each: the medians of the embedded platform's
// `ow-eval` phases. Data model (results), so the runner can note it for the console and the claims and the report
// can read it. The measure is the first response, waitTime + duration (docs/methodology.md "Snapshot variants").
import { median } from 'simple-statistics';
import type { InvocationRecord } from './records.js';
import { NODE_SNAPSHOT_LABEL, WIZER_LABEL, snapshotLabel } from './snapshot-labels.js';

/** The four lines of a snapshot run, as its records name them. */
export type SnapshotLine = 'wasm' | typeof WIZER_LABEL | 'docker' | typeof NODE_SNAPSHOT_LABEL;

export function snapshotLineOf(record: Pick<InvocationRecord, 'runtime' | 'engine'>): SnapshotLine | undefined {
  const label = snapshotLabel(record.runtime, record.engine);
  if (label === WIZER_LABEL || label === NODE_SNAPSHOT_LABEL) return label;
  if (record.runtime === 'wasm') return 'wasm';
  if (record.runtime === 'docker') return 'docker';
  return undefined;
}

/** waitTime + duration of a cold activation: from the request reaching the platform to the first result. */
export function firstResponseMs(record: InvocationRecord): number | undefined {
  return typeof record.waitTimeMs === 'number' && typeof record.durationMs === 'number'
    ? record.waitTimeMs + record.durationMs
    : undefined;
}

export interface PhaseRow {
  line: SnapshotLine;
  n: number;
  /** Medians of the embedded platform's `ow-eval` phases (µs resolution); absent when no record has them. */
  queueMs?: number;
  /** Container creation: Docker create + start + the runtime's first answer; the executor's container create for wasm. */
  createMs?: number;
  /** /init: code load and, for the JavaScript twin without a snapshot, the table build. */
  initMs?: number;
  /** The first /run: for plain wasm, instantiation and the table build; otherwise the lookup. */
  runMs?: number;
  firstResponseMs: number;
}

const lines: SnapshotLine[] = ['wasm', WIZER_LABEL, 'docker', NODE_SNAPSHOT_LABEL];

function phasesOf(record: InvocationRecord): Record<string, unknown> | undefined {
  const annotations = (record.activation as { annotations?: Array<{ key: string; value: unknown }> } | undefined)
    ?.annotations;
  const owEval = annotations?.find((a) => a.key === 'ow-eval')?.value as
    { phases?: Record<string, unknown> } | undefined;
  return owEval?.phases;
}

/** Where the time of each line's cold starts goes: the median of every phase over its cold samples. */
export function snapshotBreakdown(records: readonly InvocationRecord[]): PhaseRow[] {
  const rows: PhaseRow[] = [];
  for (const line of lines) {
    const mine = records.filter((r) => r.outcome === 'ok' && snapshotLineOf(r) === line);
    const totals = mine.map(firstResponseMs).filter((x): x is number => x !== undefined);
    if (totals.length === 0) continue;
    const row: PhaseRow = { line, n: totals.length, firstResponseMs: median(totals) };
    for (const phase of ['queueMs', 'createMs', 'initMs', 'runMs'] as const) {
      const xs = mine.map((r) => phasesOf(r)?.[phase]).filter((x): x is number => typeof x === 'number');
      if (xs.length > 0) row[phase] = median(xs);
    }
    rows.push(row);
  }
  return rows;
}

