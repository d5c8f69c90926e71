import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median } from 'simple-statistics';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import {
  breakdownChart,
  chartsFor,
  coldStartChart,
  ecdf,
  initTimeChart,
  latencyEcdfChart,
  memoryChart,
  throughputChart,
  type Chart,
} from './charts.js';
import { writeFixtureRun, type FixtureScenario } from '../test-support/fixture-runs.js';
import { renderSvg } from './render-svg.js';
import { loadRun, type LoadedRun } from './run-data.js';
import { thesisColdStart } from '../thesis/numbers.js';

// Valid vega-lite means valid against the JSON schema that ships with the vega-lite version we render with.
const schemaPath = createRequire(import.meta.url).resolve('vega-lite/build/vega-lite-schema.json');
const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(
  JSON.parse(readFileSync(schemaPath, 'utf8')),
);

const root = mkdtempSync(path.join(os.tmpdir(), 'ow-eval-charts-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const runs = new Map<FixtureScenario, LoadedRun>();
function fixture(scenario: FixtureScenario): LoadedRun {
  let run = runs.get(scenario);
  if (!run) runs.set(scenario, (run = loadRun(writeFixtureRun(root, scenario))));
  return run;
}

type Layer = {
  mark: unknown;
  encoding?: Record<string, { field?: string; scale?: { type?: string }; title?: string }>;
};
function layersOf(chart: Chart): Layer[] {
  const spec = chart.spec as unknown as { layer?: Layer[]; spec?: { layer?: Layer[] } & Layer };
  return spec.layer ?? spec.spec?.layer ?? (spec.spec ? [spec.spec] : []);
}
function valuesOf(chart: Chart): Array<Record<string, unknown>> {
  return (chart.spec as unknown as { data: { values: Array<Record<string, unknown>> } }).data.values;
}

/** Every chart: valid against the schema, compiles and renders without a warning, draws data marks. */
async function assertRenders(chart: Chart | undefined): Promise<Chart> {
  assert.ok(chart, 'the chart exists for its fixture');
  assert.equal(validate(chart.spec), true, JSON.stringify(validate.errors?.slice(0, 3)));
  const { svg, warnings } = await renderSvg(chart.spec);
  assert.deepEqual(warnings, []);
  assert.match(svg, /^<svg /);
  assert.match(svg, /class="mark-[a-z]+ role-mark/, 'data marks drawn');
  for (const layer of layersOf(chart)) {
    for (const enc of Object.values(layer.encoding ?? {})) {
      if (enc.field)
        assert.ok(
          valuesOf(chart).some((v) => enc.field! in v),
          `field ${enc.field} present in the data`,
        );
    }
  }
  return chart;
}

test('cold-start chart: both runtimes, the thesis overlay, log y-axis with units, median + CI band', async () => {
  const chart = await assertRenders(coldStartChart(fixture('coldstart')));
  const series = new Set(valuesOf(chart).map((v) => v['series']));
  for (const s of [
    'ow-eval: wasm · V8 tiered',
    'ow-eval: Docker · Node.js',
    'thesis: Docker (dockerskeleton)',
    'thesis: wasmtime',
    'thesis: wasmer',
    'thesis: WAMR',
  ])
    assert.ok(series.has(s), s);
  assert.equal(valuesOf(chart).filter((v) => String(v['series']).startsWith('thesis')).length, thesisColdStart.length);
  const layers = layersOf(chart);
  assert.ok(
    layers.every((l) => l.encoding?.['y']?.scale?.type === 'log'),
    'log y on every layer',
  );
  assert.match(layers[0]!.encoding!['y']!.title!, /\(ms, log scale\)/);
  assert.match(String((layers[0]!.encoding!['x'] as { title?: string }).title), /concurrent cold starts/);
  assert.ok(
    layers.some((l) => (l.mark as { type: string }).type === 'area' && l.encoding?.['y2']?.field === 'high'),
    'a CI band',
  );
  const { svg } = await renderSvg(chart.spec);
  assert.match(svg, /stroke-dasharray="6,4"/, 'the thesis lines are dashed');
  assert.match(svg, /aria-roledescription="legend"/);
  assert.ok(
    chart.notes.some((n) => /V8/.test(n) && /wasmtime/.test(n)) &&
      chart.notes.some((n) => /dockerskeleton/.test(n)) &&
      chart.notes.some((n) => /Hardware/.test(n)),
    'setup differences stated',
  );
});

test('cold-start chart: medians and CIs come from summary.json, not recomputed', async () => {
  const run = fixture('coldstart');
  const chart = coldStartChart(run)!;
  const row = run.summary.rows.find((r) => r.metric === 'coldStartMs' && r.runtime === 'docker' && r.level === 3)!;
  const point = valuesOf(chart).find((v) => v['series'] === 'ow-eval: Docker · Node.js' && v['level'] === 3)!;
  assert.deepEqual([point['value'], point['low'], point['high']], [row.median, row.ciLow, row.ciHigh]);
});

test('initTime chart: wasm only, with the thesis ranges', async () => {
  const chart = await assertRenders(initTimeChart(fixture('coldstart')));
  const ours = valuesOf(chart).filter((v) => String(v['series']).startsWith('ow-eval'));
  assert.ok(ours.length > 0 && ours.every((v) => v['series'] === 'ow-eval: wasm · V8 tiered'));
  assert.deepEqual(
    valuesOf(chart)
      .filter((v) => String(v['series']).startsWith('thesis'))
      .map((v) => [v['low'], v['high']]),
    [
      [5.6, 7.2],
      [8.5, 10.1],
      [17.4, 20.8],
    ],
  );
});

test('breakdown chart: wait, init and run medians per series and level', async () => {
  const chart = await assertRenders(breakdownChart(fixture('coldstart')));
  assert.deepEqual(
    new Set(valuesOf(chart).map((v) => v['phase'])),
    new Set(['wait (waitTime)', 'init (initTime)', 'run (duration − initTime)']),
  );
  assert.equal(valuesOf(chart).length, 3 * 2 * 4, '3 phases × 2 runtimes × 4 levels');
  // The run part is duration − initTime per record: a cold activation's duration already holds its initTime.
  const run = fixture('coldstart');
  const wasm2 = run.records.filter((r) => r.runtime === 'wasm' && r.level === 2 && r.outcome === 'ok');
  const expected = median(wasm2.map((r) => r.durationMs! - (r.initTimeMs ?? 0)));
  const shown = valuesOf(chart).find(
    (v) => v['phase'] === 'run (duration − initTime)' && v['level'] === 2 && String(v['series']).includes('wasm'),
  );
  assert.ok(shown && Math.abs(Number(shown['ms']) - expected) < 1e-9, `${String(shown?.['ms'])} vs ${expected}`);
  assert.ok(expected < median(wasm2.map((r) => r.durationMs!)), 'the fixture has an initTime to take out');
  // Independent y-scales, said in each panel's header with the panel's own top.
  const panels = new Set(valuesOf(chart).map((v) => String(v['series'])));
  assert.equal(panels.size, 2);
  for (const p of panels) assert.match(p, / · own y-scale, to \d[\d.]* ms$/);
});

test('latency ECDF: tick labels that would collide are dropped, never overprinted', () => {
  const chart = latencyEcdfChart(fixture('concurrency'))!;
  const text = JSON.stringify(chart.spec);
  assert.match(text, /"labelOverlap":"greedy"/);
  assert.doesNotMatch(text, /"labelOverlap":false/);
});

test('throughput chart: one panel per workload, hash, block and mixed', async () => {
  const chart = await assertRenders(throughputChart(fixture('concurrency')));
  assert.deepEqual(new Set(valuesOf(chart).map((v) => v['workload'])), new Set(['hash', 'block', 'mixed']));
  assert.ok(valuesOf(chart).every((v) => typeof v['throughput'] === 'number' && v['throughput'] > 0));
});

test('latency ECDFs for concurrency, realistic (with the thesis markers), prime and warm', async () => {
  for (const scenario of ['concurrency', 'realistic', 'prime', 'warm'] as const) {
    const chart = await assertRenders(latencyEcdfChart(fixture(scenario)));
    const fractions = valuesOf(chart)
      .filter((v) => !String(v['series']).startsWith('thesis'))
      .map((v) => v['fraction'] as number);
    assert.ok(
      fractions.every((f) => f > 0 && f <= 1),
      scenario,
    );
    assert.ok(fractions.includes(1), `${scenario}: every ECDF reaches 1`);
    assert.equal(
      valuesOf(chart).some((v) => String(v['series']).startsWith('thesis')),
      scenario === 'realistic',
      scenario,
    );
  }
  const prime = latencyEcdfChart(fixture('prime'))!;
  assert.equal(
    valuesOf(prime).some((v) => v['panel'] === 'prime sieve, 0 clients'),
    false,
    'the cold first invocation is left out',
  );
});

test('memory chart: MiB per variant, our baseline next to the thesis Docker bar', async () => {
  const chart = await assertRenders(memoryChart(fixture('memory')));
  const ours = valuesOf(chart).filter((v) => v['source'] !== undefined && String(v['series']).startsWith('ow-eval'));
  assert.deepEqual(ours.map((v) => [v['group'], v['mib']]).sort(), [
    ['JavaScript twin', 40],
    ['debug', 6],
    ['optimized', 2.5],
    ['unoptimized', 3.5],
  ]);
  assert.ok(
    valuesOf(chart).some(
      (v) => v['series'] === 'thesis: Docker (dockerskeleton)' && v['group'] === 'JavaScript twin' && v['mib'] === 22.2,
    ),
  );
});

test('no chart without data: a run without records gets no figure', () => {
  const empty: LoadedRun = { ...fixture('coldstart'), records: [], summary: { rows: [], ratios: [] }, notes: {} };
  for (const build of [coldStartChart, initTimeChart, breakdownChart, throughputChart, latencyEcdfChart, memoryChart])
    assert.equal(build(empty), undefined, build.name);
  assert.deepEqual(chartsFor(empty), []);
});

test('chartsFor picks the figures of each scenario', () => {
  assert.deepEqual(
    chartsFor(fixture('coldstart')).map((c) => c.id),
    ['coldstart', 'inittime', 'breakdown'],
  );
  assert.deepEqual(
    chartsFor(fixture('concurrency')).map((c) => c.id),
    ['throughput', 'ecdf'],
  );
  assert.deepEqual(
    chartsFor(fixture('memory')).map((c) => c.id),
    ['memory'],
  );
});

test('ecdf: thinned to maxPoints, keeps the maximum, fractions rise to 1', () => {
  const points = ecdf(
    Array.from({ length: 1000 }, (_, i) => 1000 - i),
    100,
  );
  assert.ok(points.length <= 101);
  assert.deepEqual(points[points.length - 1], { x: 1000, y: 1 });
  assert.equal(points[0]!.x, 1);
  assert.ok(points.every((p, i) => i === 0 || (p.y > points[i - 1]!.y && p.x >= points[i - 1]!.x)));
  assert.deepEqual(ecdf([5]), [{ x: 5, y: 1 }]);
});
