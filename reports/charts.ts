// Vega-lite specs of the report's figures, one builder per figure, mirroring the thesis's (their sources are named
// in thesis/numbers.ts): each returns undefined when the run has no data for it, never an empty chart. Data is inlined in the spec so
// the SVG can be rendered on the server and the HTML needs no script.
import type { TopLevelSpec } from 'vega-lite';
import { median } from 'simple-statistics';
import type { InvocationRecord, SummaryMetric } from '../model/results/records.js';
import type { SummaryRow } from '../model/results/summary.js';
import { memoryNotes, type LoadedRun } from './run-data.js';
import { colorScale, seriesLabel, thesisLabel } from './series.js';
import { num } from './tables.js';
import {
  setupDifferences,
  thesisColdStart,
  thesisInitTime,
  thesisMemoryMiB,
  thesisMemoryRatio,
  thesisModuleBuilds,
  thesisThroughputRatios,
} from '../thesis/numbers.js';

import { snapshotPhaseChart } from './snapshot-chart.js';

export interface Chart {
  /** Stable id, used as the figure's HTML id (`fig-<run>-<id>` in the document). */
  id: string;
  title: string;
  /** One sentence saying what is drawn and how (statistic, interval, scale). */
  caption: string;
  /** Printed under the chart: thesis setup differences, what was left out and why. */
  notes: string[];
  spec: TopLevelSpec;
}

export const OURS = 'ow-eval: median, 95 % bootstrap CI';
export const THESIS = 'thesis: mean (decoded)';

const width = 520;
const height = 300;

/** House style: a paper figure, not a dashboard. */
export const chartConfig = {
  font: 'Helvetica, Arial, sans-serif',
  background: 'white',
  padding: 8,
  view: { stroke: '#bbb', strokeWidth: 0.5 },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    gridColor: '#ececec',
    domainColor: '#444',
    tickColor: '#444',
    labelColor: '#222',
    titleColor: '#222',
    titlePadding: 8,
  },
  legend: {
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: 'bold',
    labelLimit: 280,
    symbolStrokeWidth: 2.5,
    symbolSize: 120,
    rowPadding: 4,
  },
  header: { labelFontSize: 12, labelFontWeight: 'bold', titleFontSize: 12 },
  line: { strokeWidth: 2 },
} as const;

/** The colour and stacking order of a bar stacked by phase (values carry `phase` and its `order`), phases in order. */
export function stackedPhaseEncoding(phaseNames: readonly string[], colours: readonly string[]) {
  return {
    color: {
      field: 'phase',
      type: 'nominal',
      title: 'phase',
      sort: [...phaseNames],
      scale: { domain: [...phaseNames], range: [...colours] },
    },
    order: { field: 'order', type: 'quantitative' },
  } as const;
}

/** An axis of counts: integer ticks only (vega would otherwise put 1.5 between 1 and 2 and print it as "2"). */
const countAxis = (title: string, max: number) => ({
  title,
  axis: {
    values: Array.from({ length: Math.max(1, Math.floor(max)) }, (_, i) => i + 1).filter(
      (v, _, all) => all.length <= 12 || v % Math.ceil(all.length / 12) === 0 || v === 1,
    ),
    format: 'd',
  },
});

function spec(body: Record<string, unknown>): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: chartConfig,
    ...body,
  } as unknown as TopLevelSpec;
}

function rows(run: LoadedRun, metric: SummaryMetric, action?: string): SummaryRow[] {
  return run.summary.rows.filter((r) => r.metric === metric && (action === undefined || r.action === action));
}

/** Median of duration − initTime over the successful records, per runtime, engine and level (as summary rows group). */
function runTimeMedians(
  records: readonly InvocationRecord[],
): Array<{ runtime: InvocationRecord['runtime']; engine: string; level: number; median: number }> {
  const groups = new Map<
    string,
    { runtime: InvocationRecord['runtime']; engine: string; level: number; ms: number[] }
  >();
  for (const r of records) {
    if (r.outcome !== 'ok' || r.durationMs === undefined) continue;
    const engine = r.engine ?? '';
    const key = `${r.runtime}\u0000${engine}\u0000${r.level}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { runtime: r.runtime, engine, level: r.level, ms: [] }));
    group.ms.push(r.durationMs - (r.initTimeMs ?? 0));
  }
  return [...groups.values()].map((g) => ({
    runtime: g.runtime,
    engine: g.engine,
    level: g.level,
    median: median(g.ms),
  }));
}

/** Cold start (waitTime + initTime) vs concurrent cold starts, log y, median + CI band per series, thesis dashed. */
export function coldStartChart(run: LoadedRun): Chart | undefined {
  const ours = rows(run, 'coldStartMs').filter((r) => r.median > 0 && (r.ciLow ?? r.median) > 0);
  if (ours.length === 0) return undefined;
  const action = ours[0]!.action;
  const values = [
    ...ours
      .filter((r) => r.action === action)
      .map((r) => ({
        series: oursLabel(r.runtime, r.engine),
        source: OURS,
        level: r.level,
        value: r.median,
        low: r.ciLow,
        high: r.ciHigh,
        n: r.n,
      })),
    ...thesisColdStart.map((t) => ({ series: thesisLabel(t.runtime), source: THESIS, level: t.level, value: t.ms })),
  ];
  const maxLevel = Math.max(10, ...ours.map((r) => r.level));
  const x = {
    field: 'level',
    type: 'quantitative',
    ...countAxis('concurrent cold starts (count)', maxLevel),
    scale: { domain: [1, maxLevel], nice: false },
  };
  const yTitle = 'waitTime + initTime (ms, log scale)';
  // A few pixels of padding keep a 1 ms median off the axis line; no nice rounding to whole decades.
  const logScale = { type: 'log', padding: 10, nice: false };
  const extent = [
    ...ours.flatMap((r) => [r.median, r.ciLow ?? r.median, r.ciHigh ?? r.median]),
    ...thesisColdStart.map((t) => t.ms),
  ];
  const { color, strokeDash } = seriesEncodings(values);
  const isOurs = { filter: `datum.source === '${OURS}'` };
  return {
    id: 'coldstart',
    title: `Cold start vs number of concurrent cold starts (${action} action)`,
    caption: `Median per level with its 95 % bootstrap CI as a band, no band where n is below the policy's minimum (${sampleSizes(ours)}); the thesis's published means (server, hash action) dashed. Log y-axis.`,
    notes: [
      'Thesis numbers: means of waitTime + initTime read off its figure pc-cold-start-separate-hash (concurrency 2–10); ours are medians.',
      ...setupDifferences,
    ],
    spec: spec({
      width,
      height,
      data: { values },
      layer: [
        // The line layer comes first so the merged legend (colour + dash) draws line symbols; the bands sit on top,
        // translucent.
        {
          mark: { type: 'line', strokeWidth: 2 },
          encoding: {
            x,
            y: {
              field: 'value',
              type: 'quantitative',
              scale: logScale,
              title: yTitle,
              axis: { values: logTicks(extent) },
            },
            color,
            strokeDash,
          },
        },
        {
          transform: [isOurs],
          mark: { type: 'area', opacity: 0.18 },
          encoding: {
            x,
            y: { field: 'low', type: 'quantitative', scale: logScale, title: yTitle },
            y2: { field: 'high' },
            color,
          },
        },
        {
          transform: [isOurs],
          mark: { type: 'point', filled: true, size: 30, opacity: 1 },
          encoding: {
            x,
            y: { field: 'value', type: 'quantitative', scale: logScale, title: yTitle },
            color,
            tooltip: [
              { field: 'series' },
              { field: 'level' },
              { field: 'value', title: 'median ms', format: '.1f' },
              { field: 'n' },
            ],
          },
        },
      ],
    }),
  };
}

/** The wasm executor's initTime alone vs concurrency, with the thesis's server ranges as dashed bands. */
export function initTimeChart(run: LoadedRun): Chart | undefined {
  const ours = rows(run, 'initTimeMs').filter((r) => r.runtime === 'wasm');
  if (ours.length === 0) return undefined;
  const values = [
    ...ours.map((r) => ({
      series: oursLabel(r.runtime, r.engine),
      source: OURS,
      level: r.level,
      value: r.median,
      low: r.ciLow,
      high: r.ciHigh,
      n: r.n,
    })),
    ...thesisInitTime.map((t) => ({
      series: thesisLabel(t.runtime),
      source: THESIS,
      low: t.lowMs,
      high: t.highMs,
      label: `${thesisLabel(t.runtime)} ${t.lowMs}–${t.highMs} ms`,
    })),
  ];
  const maxLevel = Math.max(...ours.map((r) => r.level));
  const x = {
    field: 'level',
    type: 'quantitative',
    ...countAxis('concurrent cold starts (count)', Math.max(2, maxLevel)),
    scale: { domain: [1, Math.max(2, maxLevel)], nice: false },
  };
  const yTitle = 'executor initTime (ms)';
  const { color, strokeDash } = seriesEncodings(values);
  const isOurs = { filter: `datum.source === '${OURS}'` };
  const isThesis = { filter: `datum.source === '${THESIS}'` };
  const y = (field: string) => ({ field, type: 'quantitative', title: yTitle, scale: { zero: true } });
  return {
    id: 'inittime',
    title: 'WebAssembly executor initTime alone',
    caption: `Median initTime (the /init of the wasm action: compile + instantiate) per level with its 95 % bootstrap CI (${sampleSizes(ours)}); the thesis's server ranges over concurrency 2–10 as dashed bands.`,
    notes: [
      'Thesis ranges: figure pc-pi-cold-start-wasm-only (server), decoded; WAMR 5.6–7.2, wasmtime 8.5–10.1, wasmer 17.4–20.8 ms.',
      ...setupDifferences,
    ],
    spec: spec({
      width,
      height,
      data: { values },
      layer: [
        // First layer: the legend (colour + dash, line symbols) for ours and the thesis's series alike.
        {
          transform: [isOurs],
          mark: { type: 'line', strokeWidth: 2 },
          encoding: { x, y: y('value'), color, strokeDash },
        },
        {
          transform: [isThesis],
          mark: { type: 'rect', opacity: 0.1 },
          encoding: { y: y('low'), y2: { field: 'high' }, color },
        },
        {
          transform: [isThesis],
          mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.5 },
          encoding: { y: y('low'), color },
        },
        {
          transform: [isThesis],
          mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.5 },
          encoding: { y: y('high'), color },
        },
        {
          transform: [isOurs],
          mark: { type: 'area', opacity: 0.18 },
          encoding: { x, y: y('low'), y2: { field: 'high' }, color },
        },
        {
          transform: [isOurs],
          mark: { type: 'point', filled: true, size: 30, opacity: 1 },
          encoding: {
            x,
            y: y('value'),
            color,
            tooltip: [
              { field: 'series' },
              { field: 'level' },
              { field: 'value', title: 'median ms', format: '.2f' },
              { field: 'n' },
            ],
          },
        },
      ],
    }),
  };
}

/** Throughput vs closed-loop clients, one panel per workload (hash, block, mixed). */
export function throughputChart(run: LoadedRun): Chart | undefined {
  const ours = rows(run, 'latencyMs').filter((r) => (r.throughputPerS ?? 0) > 0);
  if (ours.length === 0) return undefined;
  const workloads = ['hash', 'block', 'mixed'].filter((w) => ours.some((r) => r.action === w));
  const others = [...new Set(ours.map((r) => r.action))].filter((a) => !workloads.includes(a)).sort();
  const values = ours.map((r) => ({
    series: seriesLabel(r.runtime, r.engine),
    workload: r.action,
    clients: r.level,
    throughput: r.throughputPerS ?? 0,
    n: r.n,
  }));
  const color = { field: 'series', type: 'nominal', title: 'runtime', scale: colorScale(values.map((v) => v.series)) };
  const maxClients = Math.max(2, ...ours.map((r) => r.level));
  const x = {
    field: 'clients',
    type: 'quantitative',
    ...countAxis('closed-loop clients (count)', maxClients),
    scale: { domain: [1, maxClients], nice: false },
  };
  return {
    id: 'throughput',
    title: 'Throughput vs concurrency',
    caption:
      "Successful invocations per second over each step's wall-clock span, per number of closed-loop clients; one panel per workload, independent y-axes.",
    notes: [
      `Thesis (server, mixed workload, intra-container concurrency ${thesisThroughputRatios.mixedServerConcurrency}, means of 2 runs): wasm over Docker ${thesisThroughputRatios.mixedServer.wasmtime}× (wasmtime), ${thesisThroughputRatios.mixedServer.wasmer}× (wasmer), ${thesisThroughputRatios.mixedServer.WAMR}× (WAMR); CPU-bound wasm reached ${pct(thesisThroughputRatios.cpuBoundShareOfDocker.wasmtime)} / ${pct(thesisThroughputRatios.cpuBoundShareOfDocker.wasmer)} / ${pct(thesisThroughputRatios.cpuBoundShareOfDocker.WAMR)} of Docker's native throughput. Only ratios were published, so no thesis line is drawn.`,
      ...setupDifferences,
    ],
    spec: spec({
      data: { values },
      facet: {
        column: {
          field: 'workload',
          type: 'nominal',
          title: null,
          sort: [...workloads, ...others],
          header: { labelExpr: "'workload: ' + datum.label" },
        },
      },
      spec: {
        width: 250,
        height: 220,
        layer: [
          {
            mark: { type: 'line', point: { filled: true, size: 30 } },
            encoding: {
              x,
              y: { field: 'throughput', type: 'quantitative', title: 'throughput (invocations/s)' },
              color,
              tooltip: [
                { field: 'series' },
                { field: 'clients' },
                { field: 'throughput', format: '.1f' },
                { field: 'n' },
              ],
            },
          },
        ],
      },
      resolve: { scale: { y: 'independent' } },
    }),
  };
}

/** Latency ECDFs: concurrency at its highest client count, realistic, prime, warm steady state. */
export function latencyEcdfChart(run: LoadedRun): Chart | undefined {
  const scenario = run.manifest.scenario;
  const ok = run.records.filter((r) => r.outcome === 'ok' && r.latencyMs > 0);
  let selected: InvocationRecord[];
  let panel: (r: InvocationRecord) => string;
  let what: string;
  if (scenario === 'concurrency') {
    const top = new Map<string, number>();
    for (const r of ok) top.set(r.action, Math.max(top.get(r.action) ?? 0, r.level));
    selected = ok.filter((r) => r.level === top.get(r.action));
    panel = (r) => `${r.action}, ${r.level} clients`;
    what = 'the highest client count of each workload';
  } else if (scenario === 'realistic') {
    selected = ok;
    panel = () => 'realistic mix';
    what = 'every request of the mix, cold starts included';
  } else if (scenario === 'prime') {
    selected = ok.filter((r) => r.level > 0);
    panel = (r) => `prime sieve, ${r.level} clients`;
    what = 'the closed-loop phase (the first, cold invocation left out)';
  } else if (scenario === 'warm') {
    selected = ok.filter((r) => r.level === 2);
    panel = (r) => `${r.action}, warm steady state`;
    what = 'the warm steady state (the cold and the first warm invocation left out)';
  } else {
    return undefined;
  }
  if (selected.length === 0) return undefined;
  const groups = new Map<string, { series: string; panel: string; samples: number[] }>();
  for (const r of selected) {
    const series = seriesLabel(r.runtime, r.engine);
    const key = `${series}\u0000${panel(r)}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { series, panel: panel(r), samples: [] }));
    group.samples.push(r.latencyMs);
  }
  const values: Array<Record<string, unknown>> = [];
  for (const g of groups.values())
    for (const p of ecdf(g.samples))
      values.push({ series: g.series, panel: g.panel, source: OURS, latency: p.x, fraction: p.y, n: g.samples.length });
  const notes: string[] = [];
  if (scenario === 'realistic') {
    // The thesis gives two points of Docker's distribution in the text; drawn as markers, not a line.
    for (const [latency, fraction] of [
      [500, 0.4],
      [1500, 0.6],
    ] as const)
      values.push({ series: thesisLabel('Docker'), panel: 'realistic mix', source: THESIS, latency, fraction });
    notes.push(
      'Thesis markers: Docker had 40 % of requests under 500 ms and 60 % under 1500 ms (about 58 % of its requests were cold, 4-container limit); wasm requests above 500 ms were rare.',
      ...setupDifferences,
    );
  }
  if (scenario === 'prime')
    notes.push(
      'Thesis: wasmtime gave more than 3× the throughput of action-nodejs-v14 on the AssemblyScript sieve (no distribution published).',
      ...setupDifferences,
    );
  const panels = [...new Set(values.map((v) => v.panel as string))];
  const color = {
    field: 'series',
    type: 'nominal',
    title: 'runtime',
    scale: colorScale(values.map((v) => v.series as string)),
  };
  const x = {
    field: 'latency',
    type: 'quantitative',
    title: 'client latency (ms, log scale)',
    scale: { type: 'log' },
    // Panels are narrow: labels that would collide are dropped (greedy), never drawn over each other.
    axis: { values: logTicks(values.map((v) => v.latency as number)), labelOverlap: 'greedy', labelSeparation: 4 },
  };
  const y = {
    field: 'fraction',
    type: 'quantitative',
    title: 'fraction of requests ≤ latency',
    scale: { domain: [0, 1] },
    axis: { format: '.0%' },
  };
  const layer = [
    {
      transform: [{ filter: `datum.source === '${OURS}'` }],
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
      encoding: { x, y, color },
    },
    ...(scenario === 'realistic'
      ? [
          {
            transform: [{ filter: `datum.source === '${THESIS}'` }],
            mark: { type: 'point', shape: 'diamond', size: 110, filled: false, strokeWidth: 2 },
            encoding: { x, y, color },
          },
        ]
      : []),
  ];
  return {
    id: 'ecdf',
    title: `Latency distribution (ECDF), ${scenario}`,
    caption: `Empirical CDF of client-side latency over ${what}, per runtime. Log x-axis.`,
    notes,
    spec: spec(
      panels.length > 1
        ? {
            data: { values },
            facet: { column: { field: 'panel', type: 'nominal', title: null, sort: panels } },
            spec: { width: 250, height: 220, layer },
          }
        : { width, height, data: { values }, layer },
    ),
  };
}

/** Memory per warm container by module build; the thesis's values as dashed, lightly filled bars. */
export function memoryChart(run: LoadedRun): Chart | undefined {
  const notes = memoryNotes(run);
  if (notes.length === 0) return undefined;
  const groups: Record<string, string> = {
    optimized: 'optimized',
    unoptimized: 'unoptimized',
    debug: 'debug',
    javascript: 'JavaScript twin',
  };
  const groupOf = (variant: string) => groups[variant] ?? variant;
  const values = [
    ...notes.map((m) => ({
      series: oursLabel(m.runtime as 'wasm' | 'docker' | 'node-process', m.engine),
      source: OURS,
      group: groupOf(m.variant),
      mib: m.perContainerBytes / 2 ** 20,
      containers: m.containers,
      method: m.method,
    })),
    ...thesisMemoryMiB
      .filter((t) => t.runtime !== 'Docker')
      .map((t) => ({ series: thesisLabel(t.runtime), source: THESIS, group: groupOf(t.variant), mib: t.mib })),
    // The thesis's Docker figure did not depend on the module: one bar next to our baseline.
    {
      series: thesisLabel('Docker'),
      source: THESIS,
      group: groupOf('javascript'),
      mib: thesisMemoryMiB.find((t) => t.runtime === 'Docker')!.mib,
    },
  ];
  const order = Object.values(groups).filter((g) => values.some((v) => v.group === g));
  const scale = colorScale(values.map((v) => v.series));
  const color = {
    field: 'series',
    type: 'nominal',
    title: 'runtime',
    scale,
    legend: { symbolType: 'square', labelLimit: 300, titleLimit: 300 },
  };
  const x = { field: 'series', type: 'nominal', sort: scale.domain, axis: null, scale: { paddingInner: 0.15 } };
  const y = { field: 'mib', type: 'quantitative', title: 'memory per warm container (MiB)' };
  return {
    id: 'memory',
    title: 'Memory per warm container by module build',
    caption:
      "Growth of the memory the target reports (executor RSS for wasm, cgroup usage for Docker) divided by the number of warm containers, per module build of the hash action; the thesis's values as dashed, lightly filled bars.",
    notes: [
      `Module builds: optimized ↔ the thesis's Release+LTO (${thesisModuleBuilds.releaseLtoKiB} KiB), unoptimized ↔ Release (${thesisModuleBuilds.releaseMiB} MiB), debug ↔ Debug (${thesisModuleBuilds.debugMiB} MiB); the baseline runs the JavaScript twin whatever the build.`,
      `Thesis values: figure pc-memory (server), decoded; Docker dockerskeleton ≈ ${thesisMemoryRatio.dockerMiB} MiB for every module size, drawn next to our baseline.`,
      ...setupDifferences,
    ],
    spec: spec({
      data: { values },
      facet: {
        column: {
          field: 'group',
          type: 'nominal',
          title: 'module build',
          sort: order,
          header: { titleOrient: 'bottom', labelOrient: 'bottom', titleFontWeight: 'normal' },
        },
      },
      spec: {
        width: { step: 26 },
        height,
        layer: [
          // One layer only (several would make vega-lite union the faceted x domains from forked sources):
          // the source decides fill opacity and dash.
          {
            mark: { type: 'bar', strokeWidth: 1.5 },
            encoding: {
              x,
              y,
              color,
              stroke: { field: 'series', type: 'nominal', scale, legend: color.legend, title: color.title },
              strokeDash: { condition: { test: `datum.source === '${THESIS}'`, value: [4, 3] }, value: [1, 0] },
              fillOpacity: { condition: { test: `datum.source === '${THESIS}'`, value: 0.22 }, value: 1 },
              tooltip: [
                { field: 'series' },
                { field: 'group' },
                { field: 'mib', format: '.2f' },
                { field: 'containers' },
                { field: 'method' },
              ],
            },
          },
        ],
      },
      resolve: { scale: { x: 'independent' } },
    }),
  };
}

/**
 * Where a cold start's time goes: median waitTime, initTime and run time stacked, per level and series. OpenWhisk's
 * `duration` of a cold activation includes its `initTime`, so the run part is duration − initTime per record (stacking
 * `duration` itself counted the init twice).
 */
export function breakdownChart(run: LoadedRun): Chart | undefined {
  const phases: Array<[SummaryMetric | 'runMs', string]> = [
    ['waitTimeMs', 'wait (waitTime)'],
    ['initTimeMs', 'init (initTime)'],
    ['runMs', 'run (duration − initTime)'],
  ];
  const values: Array<{ series: string; level: number; phase: string; order: number; ms: number }> = [];
  for (const [i, [metric, phase]] of phases.entries()) {
    const medians =
      metric === 'runMs'
        ? runTimeMedians(run.records)
        : rows(run, metric).map((r) => ({ runtime: r.runtime, engine: r.engine, level: r.level, median: r.median }));
    for (const r of medians)
      values.push({ series: seriesLabel(r.runtime, r.engine), level: r.level, phase, order: i, ms: r.median });
  }
  if (values.length === 0 || !values.some((v) => v.ms > 0)) return undefined;
  // Each panel has its own y-scale (Docker's bars are two orders of magnitude taller): its header says how tall, so
  // the panels are never compared by bar height at a glance.
  const tallest = new Map<string, number>();
  for (const v of values) {
    const key = `${v.series}\u0000${v.level}`;
    tallest.set(key, (tallest.get(key) ?? 0) + v.ms);
  }
  const top = (series: string) =>
    Math.max(...[...tallest].filter(([k]) => k.startsWith(`${series}\u0000`)).map(([, ms]) => ms));
  for (const v of values) v.series = `${v.series} · own y-scale, to ${num(top(v.series))} ms`;
  return {
    id: 'breakdown',
    title: 'Wait / init / run breakdown',
    caption:
      'Medians of waitTime, initTime and run time (duration − initTime: the duration of a cold activation includes its initTime) from the activation records, stacked per number of concurrent cold starts; one panel per runtime. Each panel has its own y-scale, named in its header: compare the numbers, not the bar heights.',
    notes: ["Medians of each part are stacked, so a bar's height is close to, but not exactly, the median of the sum."],
    spec: spec({
      data: { values },
      facet: { column: { field: 'series', type: 'nominal', title: null } },
      spec: {
        width: 250,
        height: 220,
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'level', type: 'ordinal', title: 'concurrent cold starts (count)', axis: { labelAngle: 0 } },
          y: { field: 'ms', type: 'quantitative', title: 'median time (ms)', stack: 'zero' },
          ...stackedPhaseEncoding(
            phases.map((p) => p[1]),
            ['#9ecae1', '#fd8d3c', '#74c476'],
          ),
          tooltip: [{ field: 'series' }, { field: 'level' }, { field: 'phase' }, { field: 'ms', format: '.1f' }],
        },
      },
      resolve: { scale: { y: 'independent' } },
    }),
  };
}

/** Colour and dash by series, sharing one legend: ow-eval's series solid, the thesis's dashed. */
function seriesEncodings(values: ReadonlyArray<{ series: string; source: string }>) {
  const scale = colorScale(values.map((v) => v.series));
  const thesisSeries = new Set(values.filter((v) => v.source === THESIS).map((v) => v.series));
  const legend = { symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolSize: 300, labelLimit: 300 };
  return {
    color: { field: 'series', type: 'nominal', title: 'runtime', scale, legend },
    strokeDash: {
      field: 'series',
      type: 'nominal',
      title: 'runtime',
      scale: { domain: scale.domain, range: scale.domain.map((s) => (thesisSeries.has(s) ? [6, 4] : [1, 0])) },
      legend,
    },
  };
}

/**
 * The chain scenario: a metric of cold chains (solid) and warm chains (dashed) vs the number of components, median
 * with its CI band per runtime, log y. No thesis overlay: the thesis measured no sequences.
 */
function chainChart(run: LoadedRun, metric: 'coldStartMs' | 'latencyMs'): Chart | undefined {
  const ours = rows(run, metric).filter(
    (r) => r.median > 0 && (r.ciLow ?? r.median) > 0 && /-(cold|warm)$/.test(r.action),
  );
  if (!ours.some((r) => r.action.endsWith('-cold'))) return undefined;
  const step = ours[0]!.action.replace(/-(cold|warm)$/, '');
  const values = ours.map((r) => ({
    series: seriesLabel(r.runtime, r.engine),
    start: r.action.endsWith('-cold') ? 'cold' : 'warm',
    level: r.level,
    value: r.median,
    low: r.ciLow,
    high: r.ciHigh,
    n: r.n,
  }));
  const maxLevel = Math.max(2, ...ours.map((r) => r.level));
  const x = {
    field: 'level',
    type: 'quantitative',
    ...countAxis('components in the sequence (count)', maxLevel),
    scale: { domain: [1, maxLevel], nice: false },
  };
  const yTitle =
    metric === 'coldStartMs'
      ? "sum of components' waitTime + initTime (ms, log scale)"
      : 'end-to-end latency (ms, log scale)';
  const logScale = { type: 'log', padding: 10, nice: false };
  const color = { field: 'series', type: 'nominal', title: 'runtime', scale: colorScale(values.map((v) => v.series)) };
  const strokeDash = {
    field: 'start',
    type: 'nominal',
    title: 'chain',
    scale: {
      domain: ['cold', 'warm'],
      range: [
        [1, 0],
        [6, 4],
      ],
    },
  };
  const detail = { field: 'start', type: 'nominal' };
  const y = (field: string) => ({ field, type: 'quantitative', scale: logScale, title: yTitle });
  const ticks = logTicks(ours.flatMap((r) => [r.median, r.ciLow ?? r.median, r.ciHigh ?? r.median]));
  const tooltip = [
    { field: 'series' },
    { field: 'start' },
    { field: 'level' },
    { field: 'value', title: 'median ms', format: '.2f' },
    { field: 'n' },
  ];
  return {
    id: metric === 'coldStartMs' ? 'chain-coldstart' : 'chain-latency',
    title:
      `${metric === 'coldStartMs' ? 'Cold start' : 'End-to-end latency'} vs chain length ` +
      `(${step} in every component)`,
    caption:
      `Median per chain length with its 95 % bootstrap CI as a band (${sampleSizes(ours)}); cold chains solid ` +
      '(every component verified cold), warm chains dashed. Log y-axis.',
    notes: [
      'Each component is a distinct copy of the same action, so a cold chain of n components is n cold starts ' +
        'in a row.',
      ...setupDifferences,
    ],
    spec: spec({
      width,
      height,
      data: { values },
      layer: [
        {
          mark: { type: 'line', strokeWidth: 2 },
          encoding: { x, y: { ...y('value'), axis: { values: ticks } }, color, strokeDash },
        },
        { mark: { type: 'area', opacity: 0.15 }, encoding: { x, y: y('low'), y2: { field: 'high' }, color, detail } },
        { mark: { type: 'point', filled: true, size: 30, opacity: 1 }, encoding: { x, y: y('value'), color, tooltip } },
      ],
    }),
  };
}

/** The figures of one run, in the order the report shows them. */
export function chartsFor(run: LoadedRun): Chart[] {
  const builders: Record<string, Array<(run: LoadedRun) => Chart | undefined>> = {
    coldstart: [coldStartChart, initTimeChart, breakdownChart],
    concurrency: [throughputChart, latencyEcdfChart],
    realistic: [latencyEcdfChart],
    prime: [latencyEcdfChart],
    warm: [latencyEcdfChart],
    memory: [memoryChart],
    chain: [(r) => chainChart(r, 'coldStartMs'), (r) => chainChart(r, 'latencyMs')],
    snapshot: [snapshotPhaseChart],
  };
  return (builders[run.manifest.scenario] ?? []).map((build) => build(run)).filter((c): c is Chart => c !== undefined);
}

/** ECDF points, thinned to at most `maxPoints` so a large run does not make a huge SVG; always keeps min and max. */
export function ecdf(samples: readonly number[], maxPoints = 300): Array<{ x: number; y: number }> {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const step = Math.max(1, Math.ceil(n / maxPoints));
  const out: Array<{ x: number; y: number }> = [];
  for (let i = 0; i < n; i += step) out.push({ x: sorted[i]!, y: (i + 1) / n });
  if (out.length === 0 || out[out.length - 1]!.y !== 1) out.push({ x: sorted[n - 1]!, y: 1 });
  return out;
}

/** In a figure that also shows the thesis, our series say whose they are. */
function oursLabel(runtime: Parameters<typeof seriesLabel>[0], engine?: string | null): string {
  return `ow-eval: ${seriesLabel(runtime, engine)}`;
}

/** 1-2-5 ticks per decade over the data's range: log axes labelled like a paper's, never crowded. */
export function logTicks(values: readonly number[]): number[] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return [];
  const lo = Math.min(...positive);
  const hi = Math.max(...positive);
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const t = Number((m * 10 ** e).toPrecision(3));
      if (t >= lo / 1.25 && t <= hi * 1.25) ticks.push(t);
    }
  }
  return ticks;
}

/** "n = 2–6 cold starts per point": how much each point of a figure rests on. */
function sampleSizes(rows: readonly SummaryRow[]): string {
  const ns = rows.map((r) => r.n);
  const lo = Math.min(...ns);
  const hi = Math.max(...ns);
  return `n = ${lo === hi ? lo : `${lo}–${hi}`} per point`;
}

function pct(x: number): string {
  return `${Math.round(x * 100)} %`;
}
