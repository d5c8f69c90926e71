import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ratioOfMedians, summarize } from './sample-stats.js';
import { enoughForPercentile, samplesForPercentile, statsPolicy } from './policy.js';
import { seededRandom } from './random.js';

test('summarize computes exact order statistics and bootstrap intervals for a known sample', () => {
  const s = summarize([5, 1, 4, 2, 3])!;
  assert.equal(s.n, 5);
  assert.equal(s.median, 3);
  assert.equal(s.mean, 3);
  assert.equal(s.min, 1);
  assert.equal(s.max, 5);
  assert.ok(Math.abs(s.stddev - Math.sqrt(2.5)) < 1e-12);
  assert.ok(s.meanCi![0] >= 1 && s.meanCi![0] < 3 && s.meanCi![1] > 3 && s.meanCi![1] <= 5);
  assert.ok(s.medianCi![0] <= s.median && s.median <= s.medianCi![1]);
});

test('summarize of an empty sample is undefined, never NaN', () => {
  assert.equal(summarize([]), undefined);
});

test('the bootstrap is deterministic for a seed', () => {
  const xs = Array.from({ length: 50 }, (_, i) => (i * 37) % 11);
  assert.deepEqual(summarize(xs, { seed: 7 })!.medianCi, summarize(xs, { seed: 7 })!.medianCi);
});

test('below the minimum n there is no interval and no tail percentile, only the point values', () => {
  const s = summarize([8.72, 190])!;
  assert.equal(s.n, 2);
  assert.equal(s.medianCi, undefined);
  assert.equal(s.meanCi, undefined);
  assert.equal(s.p90, undefined);
  assert.ok(Math.abs(s.median - 99.36) < 1e-9);
  assert.equal(ratioOfMedians([1, 2], [3, 4, 5, 6, 7])!.ci, undefined);
  assert.equal(summarize(Array.from({ length: statsPolicy.minSamples }, (_, i) => i + 1))!.medianCi!.length, 2);
});

test('tail percentiles appear at the n the policy names: p90 from 20, p95 from 40, p99 from 200', () => {
  assert.deepEqual([0.9, 0.95, 0.99].map(samplesForPercentile), [20, 40, 200]);
  for (const q of [0.9, 0.95, 0.99]) {
    const n = samplesForPercentile(q);
    assert.equal(enoughForPercentile(n - 1, q), false);
    assert.equal(enoughForPercentile(n, q), true);
  }
  const xs = Array.from({ length: 40 }, (_, i) => i);
  const s = summarize(xs)!;
  assert.ok(s.p90 !== undefined && s.p95 !== undefined && s.p99 === undefined);
});

test('a positive, skewed sample never gets a negative bound (the t-interval did: 8.72 [-83.9, 101])', () => {
  const random = seededRandom(5);
  for (let trial = 0; trial < 200; trial++) {
    const n = statsPolicy.minSamples + (trial % 6);
    // Mostly small, now and then a huge outlier: the shape that sent the t-interval below 0.
    const xs = Array.from({ length: n }, () => (random() < 0.2 ? 200 + 800 * random() : 1 + 10 * random()));
    const s = summarize(xs, { seed: trial })!;
    assert.ok(
      s.meanCi![0] >= Math.min(...xs) && s.meanCi![1] <= Math.max(...xs),
      `mean CI inside the data, ${xs.join(', ')}`,
    );
    assert.ok(s.medianCi![0] >= Math.min(...xs), 'median CI inside the data');
    const r = ratioOfMedians(
      xs,
      [...xs].reverse().map((x) => x * 2),
      { seed: trial },
    )!;
    assert.ok(r.ci![0] > 0, 'a ratio of positive medians has a positive lower bound');
  }
});

test('ratioOfMedians brackets the true ratio of two shifted samples', () => {
  const a = Array.from({ length: 40 }, (_, i) => 10 + (i % 5));
  const b = Array.from({ length: 40 }, (_, i) => 100 + (i % 7));
  const r = ratioOfMedians(a, b, { seed: 3 })!;
  assert.ok(Math.abs(r.ratio - 12 / 103) < 1e-12);
  assert.ok(r.ci![0] <= r.ratio && r.ratio <= r.ci![1]);
  assert.equal(ratioOfMedians([], b), undefined);
});
