import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ratioOfMedians, summarize } from './sample-stats.js';

test('summarize computes exact order statistics and a t-interval for a known sample', () => {
  const s = summarize([5, 1, 4, 2, 3])!;
  assert.equal(s.n, 5);
  assert.equal(s.median, 3);
  assert.equal(s.mean, 3);
  assert.equal(s.min, 1);
  assert.equal(s.max, 5);
  assert.ok(Math.abs(s.stddev - Math.sqrt(2.5)) < 1e-12);
  const half = (2.776 * Math.sqrt(2.5)) / Math.sqrt(5);
  assert.ok(Math.abs(s.meanCi[0] - (3 - half)) < 1e-9 && Math.abs(s.meanCi[1] - (3 + half)) < 1e-9);
  assert.ok(s.medianCi[0] <= s.median && s.median <= s.medianCi[1]);
});

test('summarize of an empty sample is undefined, never NaN', () => {
  assert.equal(summarize([]), undefined);
});

test('the bootstrap is deterministic for a seed', () => {
  const xs = Array.from({ length: 50 }, (_, i) => (i * 37) % 11);
  assert.deepEqual(summarize(xs, { seed: 7 })!.medianCi, summarize(xs, { seed: 7 })!.medianCi);
});

test('ratioOfMedians brackets the true ratio of two shifted samples', () => {
  const a = Array.from({ length: 40 }, (_, i) => 10 + (i % 5));
  const b = Array.from({ length: 40 }, (_, i) => 100 + (i % 7));
  const r = ratioOfMedians(a, b, { seed: 3 })!;
  assert.ok(Math.abs(r.ratio - 12 / 103) < 1e-12);
  assert.ok(r.ci[0] <= r.ratio && r.ratio <= r.ci[1]);
  assert.equal(ratioOfMedians([], b), undefined);
});
