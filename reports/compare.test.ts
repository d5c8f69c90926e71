import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildProgram } from '../cli/program.js';
import { UsageError } from '../model/usage-error.js';
import { compareRuns, formatComparison, regressions } from './compare.js';
import { writeFixtureRun } from '../test-support/fixture-runs.js';
import { loadRun } from './run-data.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'ow-eval-compare-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

const base = writeFixtureRun(root, 'coldstart', { seed: 7 });
const same = writeFixtureRun(root, 'coldstart', { seed: 7 });
// Same shape, different noise, wasm 60 % slower everywhere.
const slower = writeFixtureRun(root, 'coldstart', { seed: 11, wasmScale: 1.6 });
const faster = writeFixtureRun(root, 'coldstart', { seed: 11, wasmScale: 0.5 });

test('identical runs: every change is 0 and no verdict is significant', () => {
  const rows = compareRuns(loadRun(base), loadRun(same));
  assert.ok(rows.length > 0);
  for (const r of rows) {
    assert.equal(r.change, 0);
    const expected = Math.min(r.nA, r.nB) < 5 ? 'too few samples' : 'no significant change';
    assert.equal(r.verdict, expected, `${r.metric} ${r.series} ${r.level}`);
  }
  assert.ok(rows.some((r) => r.verdict === 'no significant change'));
});

test('a slower wasm: its cold starts are "slower" with a CI above 0, the unchanged Docker is not', () => {
  const rows = compareRuns(loadRun(base), loadRun(slower), { metrics: ['coldStartMs'] });
  const wasm = rows.filter((r) => r.series === 'wasm · V8 tiered' && r.level >= 2);
  assert.ok(wasm.length >= 3);
  for (const r of wasm) {
    assert.equal(r.verdict, 'slower', `level ${r.level}: ${r.change} [${r.ciLow}, ${r.ciHigh}]`);
    assert.ok(r.ciLow > 0 && r.change > 0.3 && r.change < 1, `${r.change}`);
    assert.equal(r.change, r.medianB / r.medianA - 1);
  }
  assert.ok(rows.filter((r) => r.series === 'Docker · Node.js').every((r) => r.verdict !== 'slower' || r.change < 0.3));
});

test('a faster wasm is "faster"', () => {
  const rows = compareRuns(loadRun(base), loadRun(faster), { metrics: ['coldStartMs'] });
  assert.ok(
    rows
      .filter((r) => r.series === 'wasm · V8 tiered' && r.level >= 2)
      .every((r) => r.verdict === 'faster' && r.ciHigh < 0),
  );
});

test('regressions: only significant slowdowns beyond the threshold', () => {
  const rows = compareRuns(loadRun(base), loadRun(slower), { metrics: ['coldStartMs'] });
  assert.ok(regressions(rows, 20).length > 0);
  assert.deepEqual(regressions(rows, 500), []);
  assert.deepEqual(regressions(compareRuns(loadRun(base), loadRun(faster)), 0), []);
});

test('a metric whose median in A is 0 is "not computable", not silently left out', () => {
  const a = loadRun(base);
  const zeroed = { ...a, records: a.records.map((r) => (r.runtime === 'wasm' ? { ...r, waitTimeMs: 0 } : r)) };
  const rows = compareRuns(zeroed, loadRun(slower), { metrics: ['waitTimeMs'] });
  const wasm = rows.filter((r) => r.series === 'wasm · V8 tiered');
  assert.equal(wasm.length, 4);
  assert.ok(wasm.every((r) => r.verdict === 'not computable' && Number.isNaN(r.change)));
  assert.match(formatComparison(rows, zeroed, loadRun(slower)), /n\/a \[n\/a, n\/a\] +not computable/);
});

test('a side with fewer than 5 samples gets no verdict of faster or slower, so it cannot fail a gate', () => {
  const a = loadRun(base);
  const b = loadRun(slower);
  // One sample per side: the bootstrap interval is a point, which would read as significant.
  const firstOnly = (run: typeof a) => ({
    ...run,
    records: run.records.filter(
      (r, i, all) => all.findIndex((o) => o.runtime === r.runtime && o.level === r.level) === i,
    ),
  });
  const rows = compareRuns(firstOnly(a), firstOnly(b), { metrics: ['coldStartMs'] });
  assert.ok(rows.length > 0);
  assert.ok(rows.every((r) => r.nA === 1 && r.verdict === 'too few samples'));
  assert.deepEqual(regressions(rows, 0), []);
});

test('runs of different scenarios cannot be compared', () => {
  const warm = writeFixtureRun(root, 'warm');
  assert.throws(() => compareRuns(loadRun(base), loadRun(warm)), UsageError);
});

test('formatComparison: one line per row, with the verdict', () => {
  const a = loadRun(base);
  const b = loadRun(slower);
  const rows = compareRuns(a, b, { metrics: ['coldStartMs'] });
  const text = formatComparison(rows, a, b);
  assert.match(text, /^A: .*coldstart\nB: .*coldstart/);
  assert.equal(text.trim().split('\n').length, 3 + 1 + rows.length);
  assert.match(text, /coldStartMs +hash +2 +wasm · V8 tiered .* \+\d+\.\d % \[\+\d+\.\d %, \+\d+\.\d %\] +slower/);
});

test('ow-eval compare --fail-on-regression: fails on a slowdown beyond PCT, passes otherwise', async () => {
  const written: string[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept only to be put back unchanged
  const write = process.stdout.write;
  process.stdout.write = (chunk: string) => {
    written.push(String(chunk));
    return true;
  };
  const log = console.log;
  console.log = (...args: unknown[]) => {
    written.push(args.join(' '));
  };
  try {
    await assert.rejects(
      buildProgram().parseAsync(['node', 'ow-eval', 'compare', base, slower, '--fail-on-regression', '20']),
      /got slower by more than 20 %: coldStartMs hash level \d+ wasm/,
    );
    await buildProgram().parseAsync(['node', 'ow-eval', 'compare', base, faster, '--fail-on-regression', '20']);
    await assert.rejects(
      buildProgram().parseAsync(['node', 'ow-eval', 'compare', base, slower, '--metric', 'nope']),
      UsageError,
    );
  } finally {
    process.stdout.write = write;
    console.log = log;
  }
  assert.ok(written.some((w) => /no metric got significantly slower by more than 20 %/.test(w)));
});
