// The one statistics policy every table, figure, claim and `compare` applies (docs/methodology.md, "What a number
// needs"): below a minimum sample size no interval, tail percentile or verdict is printed, only "n too small".
// Intervals come from the percentile bootstrap, which stays inside the range the data can give, so a positive
// quantity never gets a negative bound.

export const statsPolicy = {
  /** Confidence level of every interval. */
  level: 0.95,
  /**
   * The fewest samples for an interval (median, mean, ratio) or a verdict. With fewer, a percentile bootstrap can
   * only return a handful of distinct resample medians, so its interval says more about n than about the data.
   */
  minSamples: 5,
  /**
   * A percentile q is printed only when at least this many samples lie above it (n·(1 − q) ≥ 2): p90 from 20
   * samples, p95 from 40, p99 from 200. With fewer it is the sample maximum under another name.
   */
  tailSamplesAbove: 2,
  /** Bootstrap resamples. */
  resamples: 2000,
} as const;

/** What is printed instead of a statistic the policy does not allow for this n. */
export const nTooSmall = 'n too small';

/** Whether a sample of n may have an interval or a verdict. */
export function enoughForInterval(n: number): boolean {
  return n >= statsPolicy.minSamples;
}

/** Whether the q-quantile (0 < q < 1) of a sample of n may be printed. */
export function enoughForPercentile(n: number, q: number): boolean {
  return enoughForInterval(n) && n * (1 - q) >= statsPolicy.tailSamplesAbove - 1e-9;
}

/** The fewest samples for the q-quantile, for messages ("p99 needs 200"). */
export function samplesForPercentile(q: number): number {
  return Math.max(statsPolicy.minSamples, Math.ceil(statsPolicy.tailSamplesAbove / (1 - q) - 1e-9));
}

/**
 * Throughput (completions per second over a span) is a rate only where the span is a steady state: closed-loop or
 * open-loop load. A cold-start run's span includes drains and redeploys between rounds, so its "throughput" is not one.
 */
export function throughputIsSteady(scenario: string): boolean {
  return scenario !== 'coldstart' && scenario !== 'memory' && scenario !== 'chain';
}

/** `value [low, high]`, or `value (n too small)` when the interval is absent: one wording in every table. */
export function withInterval(
  value: number,
  low: number | undefined,
  high: number | undefined,
  format: (x: number) => string,
): string {
  return low === undefined || high === undefined
    ? `${format(value)} (${nTooSmall})`
    : `${format(value)} [${format(low)}, ${format(high)}]`;
}

/**
 * The reduction (1 − ratio) with its interval, where wasm is faster (the bounds swap). Where it is not, a "reduction"
 * of −1,788 % (a ratio of 18.9 on a bimodal warm latency) reads as a figure but says nothing the ratio does not say
 * better, so the cell says so in words. An interval that crosses a ratio of 1 keeps its negative lower bound.
 */
export function withReduction(
  ratio: number,
  ciLow: number | undefined,
  ciHigh: number | undefined,
  format: (x: number) => string,
): string {
  if (!(ratio < 1)) return 'none (wasm slower or equal)';
  return withInterval(
    1 - ratio,
    ciHigh === undefined ? undefined : 1 - ciHigh,
    ciLow === undefined ? undefined : 1 - ciLow,
    format,
  );
}
