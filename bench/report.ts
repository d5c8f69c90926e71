// What every benchmark area prints and saves: a header with the machine and whether numbers are comparable,
// one table (one unit per column), ratio lines that name their reference, and the same rows as JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { summarize, ratioOfMedians } from '../model/stats/sample-stats.js';

export interface BenchRow {
  case: string;
  /** Latency samples in ms (p50/CI/p99 columns) … */
  samplesMs?: number[];
  /** … or a single measured value with its unit (throughput, memory). */
  value?: { amount: number; unit: string };
  goal?: string;
  note?: string;
}

export interface BenchContext {
  area: string;
  startedAt: string;
  node: string;
  v8: string;
  cores: number;
  cpu: string;
  comparable: boolean;
  why: string;
}

export function benchContext(area: string): BenchContext {
  const ci = process.env.CI === 'true';
  return {
    area,
    startedAt: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    comparable: false,
    why: ci ? 'CI machine' : 'shared machine',
  };
}

const fmt = (x: number): string => (x >= 100 ? x.toFixed(1) : x >= 1 ? x.toFixed(3) : x.toFixed(4));

export function formatBenchTable(context: BenchContext, rows: readonly BenchRow[]): string {
  const header = `${context.area} · node ${context.node} · ${context.cores} cores · ${context.cpu} · ${context.startedAt.slice(0, 16)}Z · comparable: ${context.comparable ? 'yes' : `no (${context.why})`}`;
  const table = [['case', 'n', 'p50 (ms)', '95% CI (ms)', 'p99 (ms)', 'value', 'goal']];
  for (const row of rows) {
    const s = row.samplesMs ? summarize(row.samplesMs) : undefined;
    table.push([
      row.case,
      s ? String(s.n) : '',
      s ? fmt(s.median) : '',
      s?.medianCi ? `[${fmt(s.medianCi[0])}, ${fmt(s.medianCi[1])}]` : s ? 'n too small' : '',
      s?.p99 !== undefined ? fmt(s.p99) : s ? 'n too small' : '',
      row.value ? `${fmt(row.value.amount)} ${row.value.unit}` : '',
      row.goal ?? '',
    ]);
  }
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  const lines = table.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd(),
  );
  return [header, '', ...lines, ''].join('\n');
}

/** "A takes x× [lo, hi] B (ratio of medians, bootstrap CI)" — a ratio line names its reference. */
export function formatRatio(label: string, a: number[], reference: string, b: number[]): string {
  const r = ratioOfMedians(a, b);
  if (!r) return `${label}: no ratio (a sample is empty)`;
  const ci = r.ci ? `[${r.ci[0].toFixed(2)}, ${r.ci[1].toFixed(2)}]` : '(n too small for a CI)';
  return `${label} takes ${r.ratio.toFixed(2)}× ${ci} ${reference} (ratio of medians, bootstrap CI)`;
}

/** Writes bench/results/<area>-<timestamp>.json with the context and raw rows, and returns its path. */
export function saveBenchResult(
  context: BenchContext,
  rows: readonly BenchRow[],
  extra: Record<string, unknown> = {},
): string {
  const dir = new URL('../../bench/results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${context.area}-${context.startedAt.replace(/[:.]/g, '-')}.json`, dir);
  const summarized = rows.map((r) => ({
    ...r,
    stats: r.samplesMs ? summarize(r.samplesMs) : undefined,
    samplesMs: r.samplesMs,
  }));
  writeFileSync(file, JSON.stringify({ context, rows: summarized, ...extra }, null, 2) + '\n');
  return file.pathname;
}
