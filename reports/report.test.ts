import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../model/usage-error.js';
import { writeReport } from './build-report.js';
import { fixtureScenarios, syntheticReason, writeFixtureRun } from '../test-support/fixture-runs.js';
import { RunDirectory } from '../model/results/run-directory.js';
import { compareRuns } from './compare.js';
import { lastTwoRunsWithSamples, latestRuns, latestRunsWithSamples, loadRun } from './run-data.js';
import { bannersFor, num, tablesFor } from './tables.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'ow-eval-report-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const results = path.join(root, 'results');
const older = writeFixtureRun(results, 'coldstart', { startedAt: new Date('2026-01-01T00:00:00Z') });
const dirs = fixtureScenarios.map((s) => writeFixtureRun(results, s));

test('latestRuns: the newest folder of each scenario', () => {
  const latest = latestRuns(results);
  assert.equal(latest.length, fixtureScenarios.length);
  assert.ok(!latest.includes(older));
  assert.deepEqual(new Set(latest), new Set(dirs));
  assert.throws(() => latestRuns(path.join(root, 'nothing')), UsageError);
  assert.throws(() => loadRun(root), /not a run folder/);
});

test('a failed run without samples is never "the latest": report and compare pass over it and say so', async () => {
  const own = path.join(root, 'failed-latest');
  const good = writeFixtureRun(own, 'coldstart', { startedAt: new Date('2026-01-01T00:00:00Z') });
  const earlier = writeFixtureRun(own, 'coldstart', { startedAt: new Date('2025-12-31T00:00:00Z') });
  // What a configuration error used to leave behind: a manifest marked failed and no invocation.
  const failed = RunDirectory.create(own, 'coldstart', new Date('2026-01-02T00:00:00Z'));
  failed.writeManifest({
    scenario: 'coldstart',
    status: 'failed',
    error: 'fetch failed',
    counts: { records: 0, ok: 0, error: 0, dropped: 0 },
  });
  const latest = latestRunsWithSamples(own);
  assert.deepEqual(latest.dirs, [good]);
  assert.deepEqual(latest.skipped, [
    { name: path.basename(failed.dir), why: 'failed (fetch failed), no successful invocation recorded' },
  ]);
  const notices: string[] = [];
  await writeReport([], { results: own, md: true }, 'ow-eval', [], notices);
  assert.match(notices[0]!, new RegExp(`latest run with samples .*: ${path.basename(good)}$`));
  assert.match(notices[1]!, /passed over .*coldstart: failed \(fetch failed\)/);
  const pair = lastTwoRunsWithSamples(own);
  assert.deepEqual([pair.a, pair.b], [earlier, good]);
  assert.ok(compareRuns(loadRun(pair.a), loadRun(pair.b)).length > 0);
  // Named explicitly, it is still reported, and its errors table does not claim success.
  const [md] = await writeReport([failed.dir], { md: true, out: path.join(own, 'failed.md') });
  const text = readFileSync(md!, 'utf8');
  assert.match(text, /no invocation was recorded \(the run failed: fetch failed\)/);
  assert.doesNotMatch(text, /every invocation succeeded/);
  rmSync(good, { recursive: true });
  rmSync(earlier, { recursive: true });
  assert.throws(() => latestRunsWithSamples(own), /no run folder with samples .*the newest is .*coldstart, failed/);
});

test('report --html: one self-contained file, a figure per chart, every table, no external reference', async () => {
  const [file] = await writeReport([], { results });
  assert.equal(file, path.join(results, 'report.html'));
  const html = readFileSync(file, 'utf8');
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|url\(|src=/i);
  // The only URLs are the SVG namespaces, never something to fetch.
  const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
  assert.deepEqual([...new Set(urls)].sort(), ['http://www.w3.org/1999/xlink', 'http://www.w3.org/2000/svg']);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  assert.equal((html.match(/<figure class="chart"/g) ?? []).length, 9);
  assert.equal((html.match(/<svg /g) ?? []).length, 9);
  for (const id of ['summary', 'ratios', 'starts', 'errors', 'environment', 'memory'])
    assert.match(html, new RegExp(`data-table="${id}"`));
  // The headline first, from the coldstart run, with that run's caution banner beside it.
  const headline = html.indexOf('id="headline"');
  assert.ok(headline > 0 && headline < html.indexOf('<main>'), 'the headline is in the header, above every run');
  assert.match(
    html,
    /wasm cold starts are \d+\.\d % \[\d+\.\d %, \d+\.\d %\] shorter than Docker&#39;s|wasm cold starts are \d+\.\d % \[\d+\.\d %, \d+\.\d %\] shorter than Docker's \(thesis: 94 %/,
  );
  assert.equal(
    (html.match(/class="banner warning"/g) ?? []).length,
    fixtureScenarios.length + 1,
    "every synthetic run carries its banner, and the headline repeats its run's",
  );
  assert.ok(html.includes(syntheticReason));
});

test('report of one run goes into its folder; --md writes the same tables as Markdown', async () => {
  const coldstart = dirs[0]!;
  assert.deepEqual(await writeReport([coldstart], { html: true, md: true }), [
    path.join(coldstart, 'report.html'),
    path.join(coldstart, 'report.md'),
  ]);
  const md = readFileSync(path.join(coldstart, 'report.md'), 'utf8');
  const run = loadRun(coldstart);
  for (const table of tablesFor(run)) {
    assert.ok(md.includes(`### ${table.title}`), table.title);
    for (const row of table.rows)
      assert.ok(md.includes(`| ${row.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`), row.join(' '));
  }
  assert.match(md, /> \*\*Caution:\*\* Not comparable/);
  const out = path.join(root, 'only.md');
  assert.deepEqual(await writeReport([coldstart], { md: true, out }), [out]);
  assert.ok(existsSync(out));
});

test('tables: summary with CIs, ratios, cold verification, errors', () => {
  const run = loadRun(dirs[0]!);
  const [summary, ratios, starts, errors] = tablesFor(run);
  const row = run.summary.rows.find((r) => r.metric === 'coldStartMs' && r.runtime === 'wasm' && r.level === 2)!;
  assert.ok(summary!.rows.some((r) => r[5] === `${num(row.median)} [${num(row.ciLow!)}, ${num(row.ciHigh!)}]`));
  const coldRatios = ratios!.rows.filter((r) => r[4] === 'coldStartMs');
  assert.ok(
    coldRatios.length === 4 && coldRatios.every((r) => /^0\.\d{3} /.test(r[5]!)),
    'wasm cold starts faster than Docker in the fixture',
  );
  // Level 1 has 3 samples per runtime: below the policy's minimum, so its ratio has no CI; level 2 has 6.
  assert.match(coldRatios[0]![5]!, /^0\.\d{3} \(n too small\)$/);
  assert.match(coldRatios[1]![5]!, /^0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]$/);
  // The fixture: 30 cold wasm starts; 30 cold Docker starts plus one warm sample that was dropped.
  assert.deepEqual(starts!.rows, [
    ['wasm · V8 tiered', '30', '30', '0', '0', '0', '0', '0', '0'],
    ['Docker · Node.js', '31', '30', '0', '0', '0', '0', '0', '1'],
  ]);
  assert.deepEqual(
    errors!.rows.map((r) => r.slice(0, 5)),
    [['Docker · Node.js', 'hash', 'dropped', 'APPLICATION_ERROR', '1']],
  );
});

test('banners: node-process baseline, interrupted run', () => {
  const run = loadRun(writeFixtureRun(results, 'coldstart', { baseline: 'node-process' }));
  assert.ok(bannersFor(run).some((b) => /node-process .*not Docker/.test(b.text)));
  const interrupted = { ...run, manifest: { ...run.manifest, status: 'interrupted' as const } };
  assert.ok(bannersFor(interrupted).some((b) => /was interrupted/.test(b.text)));
});

test('num: three significant figures without exponents', () => {
  assert.deepEqual([1234.5, 123.45, 12.345, 1.2345, 0.12345].map(num), ['1235', '123', '12.3', '1.23', '0.123']);
});

test('a run with the code cache on is labelled so in every series and in the environment table', () => {
  const dir = writeFixtureRun(path.join(root, 'cached'), 'coldstart');
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { config?: Record<string, unknown> };
  writeFileSync(manifestFile, JSON.stringify({ ...manifest, config: { ...manifest.config, codeCache: true } }));
  const tables = tablesFor(loadRun(dir));
  const summary = tables.find((t) => t.id === 'summary')!;
  assert.ok(
    summary.rows.some((r) => r.includes('wasm · V8 tiered + code cache')),
    'the wasm series says code cache',
  );
  assert.ok(!summary.rows.some((r) => r.includes('wasm · V8 tiered')), 'no unlabelled wasm series is left');
  const environment = tables.find((t) => t.id === 'environment')!;
  assert.match(environment.rows.find((r) => r[0] === 'code cache')![1]!, /^on/);
  const cold = tablesFor(loadRun(writeFixtureRun(path.join(root, 'uncached'), 'coldstart')));
  assert.ok(cold.find((t) => t.id === 'summary')!.rows.some((r) => r.includes('wasm · V8 tiered')));
});

test('a coldstart run with baseline=openwhisk-default: three lines, the claim against stem cells, what a stem cell is, starts per level', async () => {
  const own = path.join(root, 'stem-cells');
  const dir = writeFixtureRun(own, 'coldstart', { stemCells: true });
  const [html, md] = await writeReport([dir], { html: true, md: true });
  const htmlText = readFileSync(html!, 'utf8');
  const mdText = readFileSync(md!, 'utf8');
  for (const text of [htmlText, mdText]) {
    for (const series of ['wasm · V8 tiered', 'Docker · Node.js', 'Docker · Node.js, OpenWhisk default (stem cells)'])
      assert.ok(text.includes(series), series);
    assert.match(text, /A stem cell is a container of the default Node\.js runtime/);
    assert.match(
      text,
      /against OpenWhisk(&#39;|')s default stem cells, wasm cold starts are \d+\.\d % \[\d+\.\d %, \d+\.\d %\] shorter/,
    );
  }
  // The figure draws the third line.
  assert.match(htmlText, /ow-eval: Docker · Node.js, OpenWhisk default \(stem cells\)/);
  const run = loadRun(dir);
  const tables = tablesFor(run);
  const claim = tables.find((t) => t.id === 'stem-cells')!;
  assert.equal(claim.rows.length, 1);
  assert.match(claim.rows[0]![1]!, /^\d+\.\d % \[/);
  const byLevel = tables.find((t) => t.id === 'starts-by-level')!;
  const stemRow = (level: number) =>
    byLevel.rows.find((r) => r[0] === 'Docker · Node.js, OpenWhisk default (stem cells)' && r[1] === String(level))!;
  // levels 1..4 × 3 repetitions; 2 stem cells: level 1 all prewarm, level 4: 2 prewarm + 2 created per repetition
  assert.deepEqual(stemRow(1).slice(2, 5), ['3', '3', '0']);
  assert.deepEqual(stemRow(4).slice(2, 5), ['12', '6', '6']);
  // The fresh-container baseline's ratio and the stem-cell one are separate rows.
  const ratios = tables.find((t) => t.id === 'ratios')!;
  assert.ok(ratios.rows.some((r) => r[3] === 'Docker · Node.js'));
  assert.ok(ratios.rows.some((r) => r[3] === 'Docker · Node.js, OpenWhisk default (stem cells)'));
});
