// End to end: the generated HTML opened in headless Chromium (Debian's `chromium`, driven by playwright-core).
// Skips with the reason when Chromium is missing; CI installs it (.ci/run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspectReport } from '../test-support/browser.js';
import { skipReason } from '../test-support/optional-dependency.js';
import { writeReport } from './build-report.js';
import { fixtureScenarios, writeFixtureRun } from '../test-support/fixture-runs.js';

const missing = (await skipReason('chromium', 'the report in headless Chromium')) ?? false;

test(
  'the HTML report in headless Chromium: no console error, no request, every chart drawn, tables present',
  { skip: missing, timeout: 120_000 },
  async (t) => {
    // A fixed folder, so the screenshot can be looked at after the test; rewritten on every run.
    const dir = process.env.OW_EVAL_REPORT_E2E_DIR ?? path.join(os.tmpdir(), 'ow-eval-report-e2e');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const runDirs = fixtureScenarios.map((s) => writeFixtureRun(path.join(dir, 'results'), s));
    const [html] = await writeReport(runDirs, { html: true, out: path.join(dir, 'report.html') });
    const screenshot = path.join(dir, 'report.png');

    const seen = await inspectReport(html!, screenshot);
    t.diagnostic(`report: ${html}`);
    t.diagnostic(`screenshot: ${screenshot}`);

    assert.deepEqual(seen.consoleErrors, []);
    assert.deepEqual(seen.requests, []);
    assert.match(seen.title, /ow-eval report/);
    assert.deepEqual(
      seen.charts.map((c) => c.id),
      ['coldstart', 'inittime', 'breakdown', 'throughput', 'ecdf', 'ecdf', 'ecdf', 'ecdf', 'memory'],
    );
    for (const chart of seen.charts) {
      assert.ok(chart.dataMarks > 0, `${chart.id}: data marks drawn`);
      assert.ok(chart.legendEntries > 0, `${chart.id}: a legend`);
      assert.ok(chart.axisTitles.length >= 2, `${chart.id}: labelled axes`);
    }
    const coldstart = seen.charts[0]!;
    assert.ok(coldstart.legendEntries >= 6, 'both runtimes and the four thesis series in the legend');
    assert.ok(
      coldstart.axisTitles.some((a) => /\(ms, log scale\)/.test(a)) &&
        coldstart.axisTitles.some((a) => /\(count\)/.test(a)),
      'axes with units',
    );
    for (const id of ['summary', 'ratios', 'starts', 'errors', 'environment', 'memory']) {
      assert.ok(
        seen.tables.some((table) => table.id === id && table.rows > 0),
        `table ${id}`,
      );
    }
    assert.equal(seen.banners.length, fixtureScenarios.length);
    assert.deepEqual(
      [...readFileSync(screenshot).subarray(0, 8)],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      'a PNG screenshot',
    );
  },
);
