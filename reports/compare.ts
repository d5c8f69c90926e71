// `ow-eval compare RUN_A RUN_B`: per runtime × engine × action × level × metric, the relative change of the median
// from A to B with a bootstrap CI (ratioOfMedians, resampling both runs), and a verdict. Every metric ow-eval
// summarises is a time in ms, so lower is better: "slower" means B's median is significantly higher.
import { summaryMetrics, type InvocationRecord, type SummaryMetric } from '../model/results/records.js';
import { median } from 'simple-statistics';
import { ratioOfMedians } from '../model/stats/sample-stats.js';
import { UsageError } from '../model/usage-error.js';
import type { LoadedRun } from './run-data.js';
import { seriesLabel } from './series.js';
import { num } from './tables.js';

/**
 * `not computable`: A's median is 0 (a ratio to it means nothing), e.g. a waitTime rounded to 0 ms. `too few samples`:
 * fewer than `minSamples` on a side, where a bootstrap interval says nothing (one sample gives an interval of width 0,
 * "significant" by construction), so no such row can fail a gate.
 */
export type Verdict = 'faster' | 'slower' | 'no significant change' | 'not computable' | 'too few samples';

/** The fewest samples per side for a verdict of faster or slower. */
export const minSamples = 5;

export interface ComparisonRow {
  series: string;
  action: string;
  level: number;
  metric: SummaryMetric;
  nA: number;
  nB: number;
  medianA: number;
  medianB: number;
  /** median(B) / median(A) − 1, with its 95 % bootstrap CI. */
  change: number;
  ciLow: number;
  ciHigh: number;
  verdict: Verdict;
}

export interface CompareOptions {
  /** Metrics to compare. @default the metrics summarised in both runs */
  metrics?: readonly SummaryMetric[];
  seed?: number;
}

export function compareRuns(a: LoadedRun, b: LoadedRun, options: CompareOptions = {}): ComparisonRow[] {
  if (a.manifest.scenario !== b.manifest.scenario) {
    throw new UsageError(
      'ERR_COMPARE_SCENARIOS',
      `cannot compare a ${a.manifest.scenario} run with a ${b.manifest.scenario} run: their metrics measure different things`,
    );
  }
  const metricsIn = (run: LoadedRun) => new Set(run.summary.rows.map((r) => r.metric));
  const inA = metricsIn(a);
  const inB = metricsIn(b);
  const metrics = options.metrics ?? summaryMetrics.filter((m) => inA.has(m) && inB.has(m));
  const samplesA = samplesByKey(a.records, metrics);
  const samplesB = samplesByKey(b.records, metrics);
  const rows: ComparisonRow[] = [];
  for (const [key, group] of samplesA) {
    const other = samplesB.get(key);
    if (!other || group.samples.length === 0 || other.samples.length === 0) continue;
    // B over A: a ratio above 1 means B is slower.
    const r = ratioOfMedians(other.samples, group.samples, { seed: options.seed ?? 1 });
    const common = {
      series: group.series,
      action: group.action,
      level: group.level,
      metric: group.metric,
      nA: group.samples.length,
      nB: other.samples.length,
      medianA: median(group.samples),
      medianB: median(other.samples),
    };
    if (!r) {
      rows.push({ ...common, change: Number.NaN, ciLow: Number.NaN, ciHigh: Number.NaN, verdict: 'not computable' });
      continue;
    }
    // A resample whose A-median is 0 gives an infinite ratio; the interval can then be unbounded (or NaN).
    const ciLow = r.ci[0] - 1;
    const ciHigh = r.ci[1] - 1;
    rows.push({
      ...common,
      change: r.ratio - 1,
      ciLow,
      ciHigh,
      verdict:
        Math.min(common.nA, common.nB) < minSamples
          ? 'too few samples'
          : ciLow > 0
            ? 'slower'
            : ciHigh < 0
              ? 'faster'
              : 'no significant change',
    });
  }
  return rows.sort(
    (x, y) =>
      x.metric.localeCompare(y.metric) ||
      x.action.localeCompare(y.action) ||
      x.level - y.level ||
      x.series.localeCompare(y.series),
  );
}

/** Rows that got significantly slower by more than `percent` % (the point estimate, not only the CI). */
export function regressions(rows: readonly ComparisonRow[], percent: number): ComparisonRow[] {
  return rows.filter((r) => r.verdict === 'slower' && r.change * 100 > percent);
}

export function formatComparison(rows: readonly ComparisonRow[], a: LoadedRun, b: LoadedRun): string {
  if (rows.length === 0) return `no metric measured in both ${a.name} and ${b.name} (same runtime, action and level)\n`;
  const header = [
    'metric',
    'action',
    'level',
    'runtime',
    'n A/B',
    'median A',
    'median B',
    'change [95 % CI]',
    'verdict',
  ];
  const body = rows.map((r) => [
    r.metric,
    r.action,
    String(r.level),
    r.series,
    `${r.nA}/${r.nB}`,
    num(r.medianA),
    num(r.medianB),
    `${signedPct(r.change)} [${signedPct(r.ciLow)}, ${signedPct(r.ciHigh)}]`,
    r.verdict,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 4 && i <= 7 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [`A: ${a.name}`, `B: ${b.name}`, '', line(header), ...body.map(line), ''].join('\n');
}

function signedPct(x: number): string {
  if (Number.isNaN(x)) return 'n/a';
  if (!Number.isFinite(x)) return x > 0 ? '+∞' : '−∞';
  const v = (x * 100).toFixed(1);
  return x > 0 ? `+${v} %` : `${v} %`;
}

interface Group {
  series: string;
  action: string;
  level: number;
  metric: SummaryMetric;
  samples: number[];
}

function samplesByKey(records: readonly InvocationRecord[], metrics: readonly SummaryMetric[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const r of records) {
    if (r.outcome !== 'ok') continue;
    const series = seriesLabel(r.runtime, r.engine);
    for (const metric of metrics) {
      const value = r[metric];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      const key = `${series}\u0000${r.action}\u0000${r.level}\u0000${metric}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { series, action: r.action, level: r.level, metric, samples: [] }));
      g.samples.push(value);
    }
  }
  return groups;
}
