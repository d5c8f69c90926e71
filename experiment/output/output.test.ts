import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressLine } from './progress-line.js';
import { formatSummaryTable } from './summary-table.js';
import type { RunSummary, SummaryRow } from '../../model/results/summary.js';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const stream = {
    isTTY,
    text: '',
    write(chunk: string) {
      stream.text += chunk;
      return true;
    },
  };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

test('on a pipe the progress line prints the first update and the final state, with no negative ETA past an estimate', () => {
  const stream = fakeStream(false);
  const progress = progressLine(stream, Date.now());
  progress.update({ label: 'concurrency', done: 1, total: 10, errors: 0, dropped: 0 });
  progress.update({ label: 'concurrency', done: 12, total: 10, errors: 1, dropped: 0 });
  progress.end();
  const lines = stream.text.trim().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /^concurrency 1\/10 · errors 0 · dropped 0 · \d+ s elapsed · ETA \d+ s$/);
  assert.match(lines[1]!, /^concurrency 12 \(estimate was 10\) · errors 1 · dropped 0 · \d+ s elapsed$/);
});

const row = (runtime: SummaryRow['runtime'], engine: string, level: number, median: number): SummaryRow => ({
  runtime,
  engine,
  action: 'hash',
  level,
  metric: 'coldStartMs',
  n: 3,
  errors: 0,
  dropped: 1,
  median,
  ciLow: median - 1,
  ciHigh: median + 1,
  mean: median,
  meanCiLow: median,
  meanCiHigh: median,
  p90: median,
  p95: median,
  p99: median,
  stddev: 0,
  cv: 0,
  throughputPerS: 1,
});

test('the summary table shows each runtime median with its CI and the reduction with its CI', () => {
  const summary: RunSummary = {
    rows: [row('docker', '', 1, 150), row('wasm', 'tiered', 1, 3)],
    ratios: [
      {
        engine: 'tiered',
        baseline: 'docker',
        action: 'hash',
        level: 1,
        metric: 'coldStartMs',
        ratio: 0.02,
        ciLow: 0.01,
        ciHigh: 0.03,
        reduction: 0.98,
      },
    ],
  };
  assert.equal(
    formatSummaryTable(summary, 'coldStartMs'),
    [
      'cold start (waitTime + initTime), per action and level (n, errors, dropped listed per runtime in column order)',
      'action  level  docker median [95% CI] (ms)  wasm/tiered median [95% CI] (ms)  n    errors  dropped  reduction wasm/tiered vs docker [95% CI]',
      'hash    1      150 [149, 151]               3.00 [2.00, 4.00]                 3/3  0/0     1/1      98.0 % [97.0 %, 99.0 %]',
      '',
    ].join('\n'),
  );
});

test('the code cache setting heads the table and labels the wasm columns when it is on', () => {
  const summary: RunSummary = { rows: [row('docker', '', 1, 150), row('wasm', 'tiered', 1, 3)], ratios: [] };
  const on = formatSummaryTable(summary, 'coldStartMs', { codeCache: true });
  assert.match(on, /^code cache: on/);
  assert.match(on, /wasm\/tiered\+code-cache median/);
  assert.doesNotMatch(on, /docker\+code-cache/);
  const off = formatSummaryTable(summary, 'coldStartMs', { codeCache: false });
  assert.match(off, /^code cache: off/);
  assert.match(off, /wasm\/tiered median/);
});
