import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressLine, etaSeconds } from './progress-line.js';
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
  progress.update({ label: 'concurrency', done: 1, total: 10, errors: 0, dropped: 0, estimatedSeconds: 30 });
  progress.update({ label: 'concurrency', done: 12, total: 10, errors: 1, dropped: 0 });
  progress.end();
  const lines = stream.text.trim().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /^concurrency 1\/10 · errors 0 · dropped 0 · \d+ s elapsed · ETA 30 s$/);
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

test('the ETA: the plan until there is a rate, never startup time extrapolated, and the rate by the end', () => {
  // 10 s of startup before the first of 150 invocations of a 150 s plan.
  const first = { at: 10_000, done: 1 };
  assert.equal(etaSeconds({ done: 1, total: 150, estimatedSeconds: 150 }, first, 10_000), 150);
  // Two more seconds: still the plan (minus what passed), not 1 333 s.
  assert.equal(etaSeconds({ done: 2, total: 150, estimatedSeconds: 150 }, first, 12_000), 148);
  // Near the end the measured rate (1 per second) decides.
  const late = etaSeconds({ done: 140, total: 150, estimatedSeconds: 150 }, first, 149_000)!;
  assert.ok(Math.abs(late - 10) < 1.5, `${late}`);
  // A cold-start run whose plan said 155 s: 57 s of startup, 435 of 1,100 done at 207 s, 267 s still to go. The rate
  // says 230 s; mixing in the exhausted plan said 124 s.
  const coldstart = etaSeconds({ done: 435, total: 1100, estimatedSeconds: 155 }, { at: 57_000, done: 2 }, 207_000)!;
  assert.ok(coldstart > 200 && coldstart < 300, `${coldstart}`);
  assert.equal(etaSeconds({ done: 901, total: 900 }, first, 20_000), undefined, 'past the count: no ETA');
  assert.equal(etaSeconds({ done: 0, total: 10 }, undefined, 0), undefined);
});

test('the ETA of a time-paced run: the planned duration, whatever the rate so far', () => {
  // Early steps with few clients are slow: a rate of 9 invocations in 5 s would say 500 s for a 36 s run.
  const early = etaSeconds({ done: 10, total: 900, estimatedSeconds: 36, pacedBy: 'time' }, { at: 0, done: 1 }, 5_000);
  assert.equal(early, 31);
  // The count is only an estimate: past it the duration still says what is left.
  const past = etaSeconds({ done: 950, total: 900, estimatedSeconds: 36, pacedBy: 'time' }, { at: 0, done: 1 }, 30_000);
  assert.equal(past, 6);
  const over = etaSeconds({ done: 950, total: 900, estimatedSeconds: 36, pacedBy: 'time' }, { at: 0, done: 1 }, 40_000);
  assert.equal(over, undefined, 'past the planned duration: no ETA');
});
