// The table printed at the end of a run: per action and level, the headline metric of each runtime (median with its
// 95 % CI) and the wasm/baseline ratio of medians as a reduction with its CI. Pure: returns a string.
import type { RunSummary, SummaryRow } from '../../model/results/summary.js';
import type { SummaryMetric } from '../../model/results/records.js';
import { withInterval, withReduction } from '../../model/stats/policy.js';

const metricLabels: Record<SummaryMetric, string> = {
  latencyMs: 'client latency',
  coldStartMs: 'cold start (waitTime + initTime)',
  initTimeMs: 'initTime',
  waitTimeMs: 'waitTime',
  durationMs: 'duration',
};

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

/** `codeCache` (the scenario setting) labels the wasm columns and heads the table when it is known. */
export function formatSummaryTable(
  summary: RunSummary,
  metric: SummaryMetric,
  settings: { codeCache?: boolean; levels?: string } = {},
): string {
  const rows = summary.rows.filter((r) => r.metric === metric);
  if (rows.length === 0) return `no successful samples of ${metricLabels[metric]}\n`;
  const runtimeColumn = (row: SummaryRow): string => {
    const name = row.engine ? `${row.runtime}/${row.engine}` : row.runtime;
    return row.runtime === 'wasm' && settings.codeCache === true ? `${name}+code-cache` : name;
  };
  const runtimes = unique(rows.map(runtimeColumn));
  const hasRatios = summary.ratios.some((r) => r.metric === metric);
  const header = ['action', 'level', ...runtimes.map((r) => `${r} median [95% CI] (ms)`), 'n', 'errors', 'dropped'];
  const ratioColumns = unique(
    summary.ratios
      .filter((r) => r.metric === metric)
      .map((r) => `wasm/${r.engine} vs ${r.baseline}${r.baselineEngine ? `/${r.baselineEngine}` : ''}`),
  );
  if (hasRatios) header.push(...ratioColumns.map((c) => `reduction ${c} [95% CI]`));
  const table = [header];
  for (const key of unique(rows.map((r) => `${r.action}\u0000${r.level}`))) {
    const [action, levelText] = key.split('\u0000') as [string, string];
    const level = Number(levelText);
    const cells = rows.filter((r) => r.action === action && r.level === level);
    const line = [action, String(level)];
    for (const runtime of runtimes) {
      const row = cells.find((r) => runtimeColumn(r) === runtime);
      line.push(row ? withInterval(row.median, row.ciLow, row.ciHigh, ms) : '—');
    }
    line.push(
      cells.map((r) => r.n).join('/'),
      cells.map((r) => r.errors).join('/'),
      cells.map((r) => r.dropped).join('/'),
    );
    for (const column of hasRatios ? ratioColumns : []) {
      const ratio = summary.ratios.find(
        (r) =>
          r.metric === metric &&
          r.action === action &&
          r.level === level &&
          `wasm/${r.engine} vs ${r.baseline}${r.baselineEngine ? `/${r.baselineEngine}` : ''}` === column,
      );
      line.push(ratio ? withReduction(ratio.ratio, ratio.ciLow, ratio.ciHigh, pct) : '—');
    }
    table.push(line);
  }
  const widths = header.map((_, c) => Math.max(...table.map((r) => (r[c] ?? '').length)));
  const lines = table.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd(),
  );
  const cache =
    settings.codeCache === undefined
      ? ''
      : `code cache: ${settings.codeCache ? 'on (copies share bytes; the executor compiles each once)' : 'off (every cold start compiles distinct bytes)'}\n`;
  const legend = settings.levels ? `levels: ${settings.levels}\n` : '';
  return `${cache}${metricLabels[metric]}, per action and level (n, errors, dropped listed per runtime in column order)\n${lines.join('\n')}\n${legend}`;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
