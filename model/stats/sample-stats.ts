// Summary statistics of one sample of measurements (latencies in ms, throughputs, bytes).
// Cold-start latencies are skewed, so the headline is the median with a seeded bootstrap CI; the mean comes with a t-CI.
import { mean, median, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { seededRandom } from './random.js';

export interface SampleStats {
  n: number;
  median: number;
  medianCi: [number, number];
  mean: number;
  meanCi: [number, number];
  min: number;
  max: number;
  p90: number;
  p95: number;
  p99: number;
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
  const level = options.level ?? 0.95;
  const sd = n > 1 ? sampleStandardDeviation(sorted) : 0;
  const avg = mean(sorted);
  const half = n > 1 ? studentT(level, n - 1) * (sd / Math.sqrt(n)) : 0;
  return {
    n,
    median: median(sorted),
    medianCi: bootstrapCi(sorted, median, options),
    mean: avg,
    meanCi: [avg - half, avg + half],
    min: sorted[0]!,
    max: sorted[n - 1]!,
    p90: quantileSorted(sorted, 0.9),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
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
  return percentileInterval(estimates, options.level ?? 0.95);
}

/**
 * Ratio of medians a/b with a bootstrap CI that resamples both samples independently,
 * e.g. wasm cold start / docker cold start. Undefined when either sample is empty or b's median is 0.
 */
export function ratioOfMedians(
  a: readonly number[],
  b: readonly number[],
  options: StatsOptions = {},
): { ratio: number; ci: [number, number] } | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  const mb = median([...b]);
  if (mb === 0) return undefined;
  const random = randomOf(options);
  const estimates = resample(options, () => {
    const denominator = median(draw(b, random));
    return denominator === 0 ? Number.POSITIVE_INFINITY : median(draw(a, random)) / denominator;
  });
  return { ratio: median([...a]) / mb, ci: percentileInterval(estimates, options.level ?? 0.95) };
}

const randoms = new WeakMap<StatsOptions, () => number>();
function randomOf(options: StatsOptions): () => number {
  let random = randoms.get(options);
  if (!random) randoms.set(options, (random = seededRandom(options.seed ?? 1)));
  return random;
}

function resample(options: StatsOptions, estimate: () => number): number[] {
  const count = options.resamples ?? 2000;
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

// Two-sided Student-t critical values for 95 %; beyond the table the normal value is close enough.
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
function studentT(level: number, df: number): number {
  if (level !== 0.95) throw new RangeError(`only 95 % t-intervals are supported, got ${level}`);
  return T95[df - 1] ?? (df < 60 ? 2.0 : df < 120 ? 1.98 : 1.96);
}
