// The report's tables as plain data (title, columns, rows of strings): one model, rendered to HTML and to Markdown,
// so both formats always say the same thing.
import type { InvocationRecord, SummaryMetric } from '../model/results/records.js';
import {
  nTooSmall,
  samplesForPercentile,
  statsPolicy,
  throughputIsSteady,
  withInterval,
  withReduction,
} from '../model/stats/policy.js';
import { baselineOf, memoryNotes, type LoadedRun } from './run-data.js';
import { seriesLabel } from './series.js';
import { countStartKinds, START_COUNT_HEADINGS, startCountCells } from '../model/results/start-kinds.js';
import {
  isStemCellSample,
  openwhiskDefaultStemCells,
  STEM_CELL_EXPLANATION,
} from '../model/results/baseline-variants.js';
import { coldStartReductionStemCells } from '../model/claims/claims.js';
import { formatOurs } from '../model/claims/claims-table.js';
import { snapshotTables } from './snapshot-table.js';

export interface Table {
  id: string;
  title: string;
  columns: string[];
  /** Right-aligned (numeric) columns. */
  numeric: boolean[];
  rows: string[][];
  /** Shown instead of an empty table. */
  empty?: string;
  /** One explanatory sentence under the table. */
  note?: string;
}

export interface Banner {
  level: 'warning' | 'info';
  text: string;
}

/** The metrics each scenario's tables show (summary.json has more; the CSV keeps them all). */
export const tableMetrics: Record<string, SummaryMetric[]> = {
  coldstart: ['coldStartMs', 'initTimeMs'],
  warm: ['latencyMs'],
  concurrency: ['latencyMs'],
  realistic: ['latencyMs', 'coldStartMs'],
  prime: ['latencyMs'],
  memory: ['coldStartMs'],
  chain: ['coldStartMs', 'latencyMs'],
  snapshot: ['latencyMs', 'initTimeMs'],
};

export function metricsOf(run: LoadedRun): SummaryMetric[] {
  return tableMetrics[run.manifest.scenario] ?? ['latencyMs'];
}

/** 3 significant figures, no exponent: 1234, 123, 12.3, 1.23, 0.123. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

export function percent(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

export function summaryTable(run: LoadedRun): Table {
  const metrics = metricsOf(run);
  // Grouped by metric (in the scenario's order), then as summary.json orders them (action, level, runtime).
  const rows = metrics.flatMap((m) => run.summary.rows.filter((r) => r.metric === m));
  // A cold-start run's span includes drains and redeploys between rounds: no steady state, so no throughput column.
  const steady = throughputIsSteady(run.manifest.scenario);
  const tail = (x: number | undefined): string => (x === undefined ? nTooSmall : num(x));
  return {
    id: 'summary',
    title:
      `Summary per runtime (ms; median and mean with 95 % bootstrap CIs; no CI below n = ${statsPolicy.minSamples}, ` +
      `p90/p95/p99 from n = ${samplesForPercentile(0.9)}/${samplesForPercentile(0.95)}/${samplesForPercentile(0.99)})`,
    columns: [
      'action',
      'level',
      'runtime',
      'metric',
      'n',
      'median [95 % CI]',
      'mean [95 % CI]',
      'p90',
      'p95',
      'p99',
      'CV',
      'errors',
      'dropped',
      ...(steady ? ['throughput (/s)'] : []),
    ],
    numeric: [
      false,
      true,
      false,
      false,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      ...(steady ? [true] : []),
    ],
    rows: rows.map((r) => [
      r.action,
      String(r.level),
      seriesLabel(r.runtime, r.engine),
      r.metric,
      String(r.n),
      withInterval(r.median, r.ciLow, r.ciHigh, num),
      withInterval(r.mean, r.meanCiLow, r.meanCiHigh, num),
      tail(r.p90),
      tail(r.p95),
      tail(r.p99),
      r.cv.toFixed(2),
      String(r.errors),
      String(r.dropped),
      ...(steady ? [r.throughputPerS === undefined ? '—' : num(r.throughputPerS)] : []),
    ]),
    empty: 'no successful invocations to summarise',
  };
}

export function ratioTable(run: LoadedRun): Table {
  const metrics = metricsOf(run);
  const ratios = metrics.flatMap((m) => run.summary.ratios.filter((r) => r.metric === m));
  return {
    id: 'ratios',
    title: 'wasm vs baseline: ratio of medians with 95 % bootstrap CI (below 1 = wasm faster)',
    columns: ['action', 'level', 'wasm engine', 'baseline', 'metric', 'ratio [95 % CI]', 'reduction [95 % CI]'],
    numeric: [false, true, false, false, false, true, true],
    rows: ratios.map((r) => [
      r.action,
      String(r.level),
      r.engine,
      seriesLabel(r.baseline, r.baselineEngine),
      r.metric,
      withInterval(r.ratio, r.ciLow, r.ciHigh, (x) => x.toFixed(3)),
      withReduction(r.ratio, r.ciLow, r.ciHigh, percent),
    ]),
    empty: ratioEmptyBecause(run),
  };
}

/** Why a run has no ratio rows, in its own terms: a missing side, or no action and level measured on both. */
function ratioEmptyBecause(run: LoadedRun): string {
  const hasWasm = run.records.some((r) => r.runtime === 'wasm');
  const baseline = baselineOf(run);
  if (!hasWasm || !baseline) return `no ratio: the run has ${hasWasm ? 'no baseline' : 'no wasm'} samples`;
  return run.manifest.scenario === 'memory'
    ? 'no ratio of latencies: wasm and the baseline ran different module variants (see the memory table for the ratio)'
    : 'no ratio: wasm and the baseline share no action and level with samples of these metrics';
}

/**
 * How every invocation of a cold-start run started, per runtime line and concurrency level: with the OpenWhisk-default
 * baseline, where the stem cells ran out and containers had to be created.
 */
export function startByLevelTable(run: LoadedRun): Table | undefined {
  if (run.manifest.scenario !== 'coldstart') return undefined;
  const rows = countStartKinds(run.records);
  return {
    id: 'starts-by-level',
    title: 'How each cold start began, per runtime and level',
    note:
      'prewarm: a stem cell took the action (only /init); container created: cold or recreated (a new container). ' +
      'For the fresh-container baseline and wasm every sample must be a creation; for the OpenWhisk-default baseline ' +
      'a stem cell is its cold start, as on OpenWhisk.',
    columns: ['runtime', ...START_COUNT_HEADINGS],
    numeric: [false, ...START_COUNT_HEADINGS.map(() => true)],
    rows: rows.map((r) => [seriesLabel(r.runtime, r.engine), ...startCountCells(r)]),
    empty: 'no invocations recorded',
  };
}

/** The wasm reduction against the OpenWhisk-default baseline (its claim), when the run has that baseline. */
export function stemCellClaimTable(run: LoadedRun): Table | undefined {
  if (run.manifest.scenario !== 'coldstart' || !run.records.some(isStemCellSample)) return undefined;
  const claim = coldStartReductionStemCells(
    { dir: run.name, records: run.records, notes: run.notes, manifest: { ...run.manifest } },
    run.manifest.config?.seed === undefined ? 1 : Number(run.manifest.config.seed),
  );
  return {
    id: 'stem-cells',
    title: "wasm vs OpenWhisk's default stem cells",
    note: STEM_CELL_EXPLANATION,
    columns: ['claim', 'ours [95 % CI]', 'verdict', 'how'],
    numeric: [false, true, false, false],
    rows: [[claim.claim, claim.ours ? formatOurs(claim) : '–', claim.verdict, claim.how]],
  };
}

/** How every invocation started, per runtime: a cold-start experiment is only as good as its cold verification. */
export function startTable(run: LoadedRun): Table {
  const kinds = ['cold', 'prewarm', 'warm', 'recreated', 'unknown'] as const;
  const counts = new Map<string, { total: number; start: Record<string, number>; error: number; dropped: number }>();
  for (const r of run.records) {
    const series = seriesLabel(r.runtime, r.engine);
    let c = counts.get(series);
    if (!c) counts.set(series, (c = { total: 0, start: {}, error: 0, dropped: 0 }));
    c.total++;
    if (r.outcome === 'error') c.error++;
    else if (r.outcome === 'dropped') c.dropped++;
    else c.start[r.start ?? 'unknown'] = (c.start[r.start ?? 'unknown'] ?? 0) + 1;
  }
  return {
    id: 'starts',
    title: 'Cold-start verification: how each invocation started',
    note:
      'cold: a new container for an action with none; recreated: also a new container (so counted as a cold start), ' +
      "started after evicting another action's idle container to free the invoker's memory, as OpenWhisk does when " +
      'it is full; prewarm: a stem cell took the action (dropped from cold-start samples, except for the ' +
      'OpenWhisk-default baseline, whose cold start it is); warm: an existing ' +
      'container (dropped from cold-start samples and counted).',
    columns: ['runtime', 'invocations', ...kinds, 'error', 'dropped'],
    numeric: [false, true, ...kinds.map(() => true), true, true],
    rows: [...counts.entries()].map(([series, c]) => [
      series,
      String(c.total),
      ...kinds.map((k) => String(c.start[k] ?? 0)),
      String(c.error),
      String(c.dropped),
    ]),
    empty: 'no invocations recorded',
  };
}

/** An empty errors table says why: every invocation succeeded, or there was none to fail (a run that failed first). */
function noErrorsBecause(run: LoadedRun): string {
  if (run.records.length > 0) return 'none: every invocation succeeded';
  const status = run.manifest.status ?? 'unknown';
  return `no invocation was recorded (the run ${status === 'finished' ? 'finished without any' : status}${run.manifest.error ? `: ${run.manifest.error}` : ''})`;
}

export function errorTable(run: LoadedRun): Table {
  const groups = new Map<string, { record: InvocationRecord; count: number }>();
  for (const r of run.records) {
    if (r.outcome === 'ok') continue;
    const key = [r.runtime, r.engine ?? '', r.action, r.outcome, r.error?.code ?? r.status ?? ''].join('\u0000');
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { record: r, count: 1 });
  }
  return {
    id: 'errors',
    title: 'Errors and dropped invocations',
    columns: ['runtime', 'action', 'outcome', 'code', 'count', 'first message'],
    numeric: [false, false, false, false, true, false],
    rows: [...groups.values()].map(({ record: r, count }) => [
      seriesLabel(r.runtime, r.engine),
      r.action,
      r.outcome,
      r.error?.code ?? r.status ?? '',
      String(count),
      truncate(r.error?.message ?? '', 160),
    ]),
    empty: noErrorsBecause(run),
  };
}

export function memoryTable(run: LoadedRun): Table | undefined {
  const notes = memoryNotes(run);
  if (run.manifest.scenario !== 'memory') return undefined;
  const unmeasured = Array.isArray(run.notes['memoryUnmeasured'])
    ? (run.notes['memoryUnmeasured'] as Array<{ runtime: string; engine?: string; variant: string; reason: string }>)
    : [];
  return {
    id: 'memory',
    title: 'Memory per warm container',
    columns: ['runtime', 'module variant', 'warm containers', 'per container (MiB)', 'method'],
    numeric: [false, false, true, true, false],
    rows: [
      ...notes.map((m) => [
        seriesLabel(m.runtime as 'wasm', m.engine),
        m.variant,
        String(m.containers),
        (m.perContainerBytes / 2 ** 20).toFixed(2),
        m.method,
      ]),
      ...unmeasured.map((u) => [seriesLabel(u.runtime as 'wasm', u.engine), u.variant, '–', 'not measured', u.reason]),
    ],
    empty: 'no memory measurement in measurements.json',
  };
}

export function environmentTable(run: LoadedRun): Table {
  const m = run.manifest;
  const host = m.host ?? {};
  const started = m.startedAt ? new Date(m.startedAt) : undefined;
  const ended = m.endedAt ? new Date(m.endedAt) : undefined;
  const pairs: Array<[string, string]> = [
    ['run folder', run.name],
    ['status', m.status ?? 'unknown'],
    [
      'started / ended (UTC)',
      `${m.startedAt ?? '?'} / ${m.endedAt ?? '?'}${started && ended ? ` (${((ended.getTime() - started.getTime()) / 1000).toFixed(1)} s)` : ''}`,
    ],
    [
      'invocations (ok / error / dropped)',
      m.counts
        ? `${m.counts.records} (${m.counts.ok} / ${m.counts.error} / ${m.counts.dropped})`
        : String(run.records.length),
    ],
    ['ow-eval', `${m.tool?.version ?? '?'} (git ${m.tool?.gitSha?.slice(0, 12) ?? 'unknown'})`],
    ['seed', String(m.seed ?? '?')],
    [
      'code cache',
      m.config?.codeCache === true
        ? 'on: copies share bytes, the executor compiles each once'
        : m.config?.codeCache === false
          ? 'off: every cold start compiles distinct bytes (both runtimes)'
          : 'not recorded (before the setting)',
    ],
    [
      'targets',
      (m.targets ?? [])
        .map(
          (t) =>
            `${seriesLabel(t.runtime, t.engine)} on ${t.target?.kind ?? '?'}${t.target?.apihost ? ` ${t.target.apihost}` : ''}`,
        )
        .join('; ') || '?',
    ],
    ...(m.targets ?? [])
      .filter((t) => t.explanation)
      .map((t): [string, string] => [
        t.label ?? seriesLabel(t.runtime, t.engine),
        `${t.explanation}${t.image ? ` (image ${t.image})` : ''}`,
      ]),
    ['baseline', baselineOf(run) ?? 'none'],
    ['Node.js / V8', `${m.versions?.node ?? '?'} / ${m.versions?.v8 ?? '?'}`],
    [
      'modules',
      (m.versions?.modules ?? [])
        .map(
          (x) =>
            `${x.action}${x.variant ? `/${x.variant}` : ''} (${x.runtime}) ${x.bytes} B sha256:${x.sha256.slice(0, 12)}`,
        )
        .join('; ') || '–',
    ],
    [
      'host',
      `${host.cpuModel ?? '?'}, ${host.cores ?? '?'} cores, ${host.memoryBytes ? (host.memoryBytes / 2 ** 30).toFixed(1) : '?'} GiB, ${host.platform ?? ''} ${host.kernel ?? ''}`.trim(),
    ],
    ['load average at start', (host.loadAverage ?? []).map((x) => x.toFixed(2)).join(' / ') || '?'],
    [
      'comparable',
      m.comparability ? (m.comparability.comparable ? 'yes' : `no: ${m.comparability.reasons.join('; ')}`) : 'unknown',
    ],
    ['config', m.config ? truncate(JSON.stringify(m.config), 400) : '?'],
  ];
  return {
    id: 'environment',
    title: 'Environment (from manifest.json)',
    columns: ['', ''],
    numeric: [false, false],
    rows: pairs.map(([k, v]) => [k, v]),
  };
}

export function tablesFor(run: LoadedRun): Table[] {
  return [
    summaryTable(run),
    ratioTable(run),
    stemCellClaimTable(run),
    memoryTable(run),
    ...snapshotTables(run),
    startTable(run),
    errorTable(run),
    startByLevelTable(run),
    environmentTable(run),
  ].filter((t): t is Table => t !== undefined);
}

/** The warnings a reader must see before any number: not comparable, not finished, no Docker. */
/**
 * Which variant of its scenario a run is, for section and figure titles: the code cache, the wasm engines and the
 * baseline. A reproduction has several coldstart runs; without this their sections read alike.
 */
export function variantOf(run: LoadedRun): string | undefined {
  const parts: string[] = [];
  const runtimes = new Set(run.records.map((r) => r.runtime));
  for (const t of run.manifest.targets ?? []) runtimes.add(t.runtime);
  if (runtimes.has('wasm')) {
    // A run from before the setting existed had the executor's cache on (as the claims read it).
    parts.push(`code cache ${run.manifest.config?.codeCache === false ? 'off' : 'on'}`);
    const engines = [
      ...new Set(
        (run.manifest.targets ?? [])
          .filter((t) => t.runtime === 'wasm')
          .map((t) => (t.engine ?? 'tiered').replace(/ \+ code cache$/, '')),
      ),
    ];
    if (engines.length > 0) parts.push(`V8 ${engines.join(', ')}`);
  }
  const baseline = baselineOf(run);
  if (baseline) parts.push(`vs ${baseline === 'docker' ? 'Docker' : baseline}`);
  if (run.records.some(isStemCellSample) || run.manifest.config?.['baseline'] === 'openwhisk-default')
    parts.push("and with OpenWhisk's default stem cells");
  const concurrency = run.manifest.config?.['actionConcurrency'];
  if (typeof concurrency === 'number') parts.push(`intra-container concurrency ${concurrency}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

export function bannersFor(run: LoadedRun): Banner[] {
  const m = run.manifest;
  const banners: Banner[] = [];
  if (m.status && m.status !== 'finished')
    banners.push({
      level: 'warning',
      text: `This run ${m.status === 'running' ? 'never finished (no end recorded)' : `was ${m.status}`}${m.error ? `: ${m.error}` : ''}. Its numbers cover only what was measured before.`,
    });
  if (baselineOf(run) === 'node-process')
    banners.push({
      level: 'warning',
      text: 'Baseline is node-process (a plain Node.js process), not Docker: the baseline numbers say nothing about Docker cold starts.',
    });
  if (m.config?.['baseline'] === 'openwhisk-default') {
    const c = openwhiskDefaultStemCells;
    banners.push({
      level: 'info',
      text:
        `baseline=openwhisk-default: a third line, Docker with OpenWhisk's default stem cells (${c.initialCount} × ${c.kind}, ${c.memoryMb} MB, ` +
        `replaced after use; reactive ${c.reactive.minCount}..${c.reactive.maxCount}, ttl ${c.reactive.ttlMs / 60000} min, checked every ${c.checkIntervalMs / 60000} min) on a platform of its own. ` +
        `${STEM_CELL_EXPLANATION} "Docker · Node.js" is the thesis's baseline: a fresh container for every cold start.`,
    });
  }
  if (m.comparability && !m.comparability.comparable)
    banners.push({
      level: 'warning',
      text: `Not comparable with runs on other machines: ${m.comparability.reasons.join('; ')}.`,
    });
  return banners;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
