// Per runtime × engine × action × level × metric: n, errors, dropped, median and mean with seeded bootstrap CIs,
// percentiles, spread and throughput; plus the ratio of medians wasm vs the baseline with its CI. What the statistics
// policy (stats/policy.ts) does not allow for a row's n is absent from the row, and so from every table and figure.
import { enoughForInterval, enoughForPercentile, throughputIsSteady } from '../stats/policy.js';
import { ratioOfMedians, summarize } from '../stats/sample-stats.js';
import type { InvocationRecord, RuntimeLabel, SummaryMetric } from './records.js';

export interface SummaryRow {
  runtime: RuntimeLabel;
  engine: string;
  action: string;
  level: number;
  metric: SummaryMetric;
  n: number;
  errors: number;
  dropped: number;
  median: number;
  /** The median's CI; absent (as every optional statistic here) where the policy does not allow it for n. */
  ciLow?: number;
  ciHigh?: number;
  mean: number;
  meanCiLow?: number;
  meanCiHigh?: number;
  p90?: number;
  p95?: number;
  p99?: number;
  stddev: number;
  cv: number;
  /**
   * Successful invocations per second over the group's wall-clock span (first send to last receive); only for
   * scenarios whose span is a steady state (not coldstart, whose span includes drains and redeploys).
   */
  throughputPerS?: number;
}

export interface RatioRow {
  /** wasm engine vs the baseline runtime it is compared with. */
  engine: string;
  baseline: RuntimeLabel;
  /** The baseline's variant (`openwhisk-default`: stem cells, model/results/baseline-variants.ts); absent: fresh containers. */
  baselineEngine?: string;
  action: string;
  level: number;
  metric: SummaryMetric;
  /** median(wasm) / median(baseline), and 1 − ratio as the reduction. */
  ratio: number;
  /** Absent when either side has fewer samples than the policy's minimum. */
  ciLow?: number;
  ciHigh?: number;
  reduction: number;
}

export interface RunSummary { rows: SummaryRow[]; ratios: RatioRow[] }

interface Group { runtime: RuntimeLabel; engine: string; action: string; level: number; records: InvocationRecord[] }

export function summarizeRun(records: readonly InvocationRecord[], metrics: readonly SummaryMetric[], seed = 1): RunSummary {
  const steady = records.length > 0 && throughputIsSteady(records[0]!.scenario);
  const groups = new Map<string, Group>();
  for (const record of records) {
    const engine = record.engine ?? '';
    const key = `${record.runtime}\u0000${engine}\u0000${record.action}\u0000${record.level}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { runtime: record.runtime, engine, action: record.action, level: record.level, records: [] }));
    group.records.push(record);
  }
  const ordered = [...groups.values()].sort((a, b) =>
    a.action.localeCompare(b.action) || a.level - b.level || a.runtime.localeCompare(b.runtime) || a.engine.localeCompare(b.engine));

  const rows: SummaryRow[] = [];
  const samplesOf = new Map<string, number[]>();
  for (const group of ordered) {
    const ok = group.records.filter((r) => r.outcome === 'ok');
    const errors = group.records.filter((r) => r.outcome === 'error').length;
    const dropped = group.records.filter((r) => r.outcome === 'dropped').length;
    const span = ok.length === 0 ? 0 : Math.max(...ok.map((r) => r.receivedAt)) - Math.min(...ok.map((r) => r.sentAt));
    for (const metric of metrics) {
      const samples = ok.map((r) => r[metric]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      samplesOf.set(`${group.runtime}\u0000${group.engine}\u0000${group.action}\u0000${group.level}\u0000${metric}`, samples);
      const s = summarize(samples, { seed });
      if (!s) continue;
      rows.push({
        runtime: group.runtime, engine: group.engine, action: group.action, level: group.level, metric,
        n: s.n, errors, dropped,
        median: s.median,
        ...(s.medianCi ? { ciLow: s.medianCi[0], ciHigh: s.medianCi[1] } : {}),
        mean: s.mean,
        ...(s.meanCi ? { meanCiLow: s.meanCi[0], meanCiHigh: s.meanCi[1] } : {}),
        ...(s.p90 === undefined ? {} : { p90: s.p90 }),
        ...(s.p95 === undefined ? {} : { p95: s.p95 }),
        ...(s.p99 === undefined ? {} : { p99: s.p99 }),
        stddev: s.stddev, cv: s.cv,
        ...(steady ? { throughputPerS: span > 0 ? (ok.length * 1000) / span : 0 } : {}),
      });
    }
  }

  const ratios: RatioRow[] = [];
  // Every baseline of the same action, level and metric: the fresh-container one first, then its variants.
  const baselines = rows.filter((r) => r.runtime !== 'wasm').sort((a, b) => a.engine.localeCompare(b.engine));
  for (const row of rows) {
    if (row.runtime !== 'wasm') continue;
    for (const b of baselines) {
      if (b.action !== row.action || b.level !== row.level || b.metric !== row.metric) continue;
      const base = samplesOf.get(`${b.runtime}\u0000${b.engine}\u0000${row.action}\u0000${row.level}\u0000${row.metric}`);
      const mine = samplesOf.get(`wasm\u0000${row.engine}\u0000${row.action}\u0000${row.level}\u0000${row.metric}`);
      if (!base || !mine) continue;
      const r = ratioOfMedians(mine, base, { seed });
      if (!r) continue;
      ratios.push({ engine: row.engine, baseline: b.runtime, ...(b.engine ? { baselineEngine: b.engine } : {}),
        action: row.action, level: row.level, metric: row.metric,
        ratio: r.ratio, ...(r.ci ? { ciLow: r.ci[0], ciHigh: r.ci[1] } : {}), reduction: 1 - r.ratio });
    }
  }
  return { rows, ratios };
}

/**
 * The policy applied to a summary read from disk: a summary.json written before the policy existed may hold
 * intervals and percentiles from too few samples, and a coldstart run's throughput; they are dropped, not shown.
 */
export function enforcePolicy(summary: RunSummary, scenario: string): RunSummary {
  const steady = throughputIsSteady(scenario);
  const rows = summary.rows.map((row) => {
    const out: SummaryRow = { ...row };
    if (!enoughForInterval(row.n)) {
      delete out.ciLow;
      delete out.ciHigh;
      delete out.meanCiLow;
      delete out.meanCiHigh;
    }
    if (!enoughForPercentile(row.n, 0.9)) delete out.p90;
    if (!enoughForPercentile(row.n, 0.95)) delete out.p95;
    if (!enoughForPercentile(row.n, 0.99)) delete out.p99;
    if (!steady) delete out.throughputPerS;
    return out;
  });
  // A ratio's n is that of its two rows; without them it keeps no interval.
  const nOf = (runtime: string, engine: string, r: RatioRow): number =>
    summary.rows.find((x) => x.runtime === runtime && x.engine === engine && x.action === r.action && x.level === r.level && x.metric === r.metric)?.n ?? 0;
  const ratios = summary.ratios.map((ratio) => {
    if (enoughForInterval(nOf('wasm', ratio.engine, ratio)) && enoughForInterval(nOf(ratio.baseline, ratio.baselineEngine ?? '', ratio))) return ratio;
    const { ciLow: _low, ciHigh: _high, ...rest } = ratio;
    return rest;
  });
  return { rows, ratios };
}
