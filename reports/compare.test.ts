import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildProgram } from '../cli/program.js';
import { UsageError } from '../model/usage-error.js';
import { statsPolicy } from '../model/stats/policy.js';
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

test('identical runs: every change is 0, no change where n allows a verdict, "n too small" below it', () => {
  const rows = compareRuns(loadRun(base), loadRun(same));
  assert.ok(rows.length > 0);
  for (const r of rows) {
    assert.equal(r.change, 0);
    const enough = r.nA >= statsPolicy.minSamples && r.nB >= statsPolicy.minSamples;
    assert.equal(r.verdict, enough ? 'no change' : 'n too small', `${r.metric} ${r.series} ${r.level}`);
    assert.equal(r.ciLow === undefined, !enough, 'a CI exactly where there is a verdict');
  }
  assert.ok(rows.some((r) => r.verdict === 'n too small') && rows.some((r) => r.verdict === 'no change'));
});

test('A/A: two runs of the same code with independent noise never give a verdict, for 30 pairs of seeds', () => {
  for (let seed = 100; seed < 130; seed++) {
    const a = loadRun(writeFixtureRun(root, 'coldstart', { seed }));
    const b = loadRun(writeFixtureRun(root, 'coldstart', { seed: seed + 1000 }));
    const rows = compareRuns(a, b, { seed });
    assert.ok(rows.length > 0);
    for (const r of rows)
      assert.ok(
        r.verdict === 'no change' || r.verdict === 'n too small',
        `seed ${seed}: ${r.metric} ${r.series} level ${r.level} ${r.verdict} ${r.change} [${r.ciLow}, ${r.ciHigh}]`,
      );
    assert.deepEqual(regressions(rows, 10), []);
  }
});

test('n = 1 against n = 1 is "n too small" whatever the two values, never a zero-width CI', () => {
  const a = loadRun(base);
  const b = loadRun(slower);
  const single = (run: typeof a) => ({
    ...run,
    records: run.records.filter((r) => r.level === 1 && r.repetition === 1),
  });
  const rows = compareRuns(single(a), single(b));
  assert.ok(rows.length > 0);
  assert.ok(rows.every((r) => r.nA === 1 && r.verdict === 'n too small' && r.ciLow === undefined));
  assert.match(formatComparison(rows, a, b), /\(no CI\) +n too small/);
});

test('interrupted and not-comparable runs are named above the table', () => {
  const a = loadRun(base);
  const b = loadRun(slower);
  const interrupted = { ...b, manifest: { ...b.manifest, status: 'interrupted' as const } };
  const text = formatComparison(compareRuns(a, interrupted), a, interrupted);
  assert.match(text, /B is interrupted: its samples are partial/);
  assert.match(text, /A is not comparable: synthetic fixture/);
});

test('a slower wasm: its cold starts are "slower" with a CI above 0, the unchanged Docker is not', () => {
  const rows = compareRuns(loadRun(base), loadRun(slower), { metrics: ['coldStartMs'] });
  const wasm = rows.filter((r) => r.series === 'wasm · V8 tiered' && r.level >= 2);
  assert.ok(wasm.length >= 3);
  for (const r of wasm) {
    assert.equal(r.verdict, 'slower', `level ${r.level}: ${r.change} [${r.ciLow}, ${r.ciHigh}]`);
    assert.ok(r.ciLow! > 0.1 && r.change > 0.3 && r.change < 1, `${r.change}`);
    assert.equal(r.change, r.medianB / r.medianA - 1);
  }
  assert.ok(rows.filter((r) => r.series === 'Docker · Node.js').every((r) => r.verdict !== 'slower' || r.change < 0.3));
});

test('a faster wasm is "faster"', () => {
  const rows = compareRuns(loadRun(base), loadRun(faster), { metrics: ['coldStartMs'] });
  assert.ok(
    rows
      .filter((r) => r.series === 'wasm · V8 tiered' && r.level >= 2)
      .every((r) => r.verdict === 'faster' && r.ciHigh! < -0.1),
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
  assert.match(formatComparison(rows, zeroed, loadRun(slower)), /n\/a \(no CI\) +not computable/);
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
  assert.ok(rows.every((r) => r.nA === 1 && r.verdict === 'n too small'));
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
  assert.match(text, /^A: .*coldstart\n.*\nB: .*coldstart/);
  // A, its caveat, B, its caveat, blank, header, rows, blank, legend.
  assert.equal(text.trim().split('\n').length, 4 + 2 + rows.length + 2);
  assert.match(text, /no verdict below n = 5 on either side/);
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
      /got slower by more than 20 % with the whole 95 % CI: coldStartMs hash level \d+ wasm/,
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
  assert.ok(written.some((w) => /no metric got slower by more than 20 % with its whole 95 % CI/.test(w)));
});
