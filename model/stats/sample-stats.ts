// Summary statistics of one sample of measurements (latencies in ms, throughputs, bytes).
// Cold-start latencies are skewed, so the headline is the median; both the median and the mean get a seeded
// percentile-bootstrap CI (never a t-interval: that one is symmetric and goes negative for a skewed positive sample).
// What the policy (policy.ts) does not allow for a sample's n is absent, never a number that cannot be true.
import { mean, median, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { enoughForInterval, enoughForPercentile, statsPolicy } from './policy.js';
import { seededRandom } from './random.js';

export interface SampleStats {
  n: number;
  median: number;
  /** Absent below the policy's minimum n. */
  medianCi?: [number, number];
  mean: number;
  /** Absent below the policy's minimum n. */
  meanCi?: [number, number];
  min: number;
  max: number;
  /** Each tail percentile is absent unless n supports it (policy.ts). */
  p90?: number;
  p95?: number;
  p99?: number;
  stddev: number;
  cv: number;
}

export interface StatsOptions {
  /** Seed of the bootstrap resampling. @default 1 */
  seed?: number;
  /** Bootstrap resamples. @default 2000 */
  resamples?: number;
  /** Confidence level. @default 0.95 */
  level?: number;
}

/** Returns undefined for an empty sample: there is nothing to summarise, and NaN must never reach a result file. */
export function summarize(samples: readonly number[], options: StatsOptions = {}): SampleStats | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const sd = n > 1 ? sampleStandardDeviation(sorted) : 0;
  const avg = mean(sorted);
  const interval = enoughForInterval(n);
  const tail = (q: number) => (enoughForPercentile(n, q) ? quantileSorted(sorted, q) : undefined);
  const p90 = tail(0.9);
  const p95 = tail(0.95);
  const p99 = tail(0.99);
  return {
    n,
    median: median(sorted),
    ...(interval ? { medianCi: bootstrapCi(sorted, median, options), meanCi: bootstrapCi(sorted, mean, options) } : {}),
    mean: avg,
    min: sorted[0]!,
    max: sorted[n - 1]!,
    ...(p90 === undefined ? {} : { p90 }),
    ...(p95 === undefined ? {} : { p95 }),
    ...(p99 === undefined ? {} : { p99 }),
    stddev: sd,
    cv: avg === 0 ? 0 : sd / avg,
  };
}

/** Percentile bootstrap CI of `statistic` over resamples of one sample. */
export function bootstrapCi(
  samples: readonly number[],
  statistic: (xs: number[]) => number,
  options: StatsOptions = {},
): [number, number] {
  const estimates = resample(options, () => statistic(draw(samples, randomOf(options))));
  return percentileInterval(estimates, options.level ?? statsPolicy.level);
}

/**
 * Ratio of medians a/b with a bootstrap CI that resamples both samples independently,
 * e.g. wasm cold start / docker cold start. Undefined when either sample is empty or b's median is 0; the CI is
 * absent when either side has fewer samples than the policy's minimum.
 */
export function ratioOfMedians(
  a: readonly number[],
  b: readonly number[],
  options: StatsOptions = {},
): { ratio: number; ci?: [number, number] } | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  const mb = median([...b]);
  if (mb === 0) return undefined;
  const ratio = median([...a]) / mb;
  if (!enoughForInterval(a.length) || !enoughForInterval(b.length)) return { ratio };
  const random = randomOf(options);
  const estimates = resample(options, () => {
    const denominator = median(draw(b, random));
    return denominator === 0 ? Number.POSITIVE_INFINITY : median(draw(a, random)) / denominator;
  });
  return { ratio, ci: percentileInterval(estimates, options.level ?? statsPolicy.level) };
}

const randoms = new WeakMap<StatsOptions, () => number>();
function randomOf(options: StatsOptions): () => number {
  let random = randoms.get(options);
  if (!random) randoms.set(options, (random = seededRandom(options.seed ?? 1)));
  return random;
}

function resample(options: StatsOptions, estimate: () => number): number[] {
  const count = options.resamples ?? statsPolicy.resamples;
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = estimate();
  return out;
}

function draw(samples: readonly number[], random: () => number): number[] {
  const out = new Array<number>(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[Math.floor(random() * samples.length)]!;
  return out;
}

function percentileInterval(estimates: number[], level: number): [number, number] {
  estimates.sort((x, y) => x - y);
  const alpha = (1 - level) / 2;
  return [quantileSorted(estimates, alpha), quantileSorted(estimates, 1 - alpha)];
}
