// How a ratio's floor is measured so that it cannot drift from its numerator (issue 26): both are sampled in one
// loop, call by call (A B A B …), after a warm-up they share, by the same client in the same process. And, since
// each floor is measured more than once (beside each numerator of the `warm` loop), a check that the measurements of
// one floor in one run agree: on 2026-12-06 the executor area's loopback (sampled first, cold, in a block) was
// 0.3285 ms and the platform area's 0.2085 ms, which turned a 1.9× warm /run into a "met" 1.20×.
import { summarize } from '../model/stats/sample-stats.js';

/** One call of an arm; what it resolves to is not looked at (the arm checks its own answer and throws). */
export type Arm = () => Promise<unknown>;

export interface AbabOptions {
  /** The clock (ms). @default performance.now */
  now?: () => number;
  /** Awaited before every call, untimed (see SETTLE_MS). @default none */
  settle?: () => Promise<void>;
}

/**
 * A pause before every timed call, so that each call, numerator or floor, starts from the same state: every process
 * of the path asleep. Without it a floor depends on what it is interleaved with: in one run at load 10 the same
 * empty handler answered in 0.0905 ms sampled between warm /runs (0.2 ms apart) and 0.1982 ms sampled between
 * platform invokes (2 ms apart), 119 % apart. Alone on the machine a sequential client's calls meet sleeping
 * threads, and so does every sample after this pause.
 */
export const SETTLE_MS = 1;
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

/**
 * The time per arm of the closed loop of BURST_CLIENTS that runs before a loop's warm-up rounds (`burst`). A few
 * hundred sequential calls do not bring a server process to its steady state: in one probe alone (2026-12-07) the empty
 * handler's round trip was 0.2135 ms after 300 sequential warm-up calls and 0.1563 ms after a 3 s burst, the thread
 * floor's 0.3322 and 0.2038 ms. The executor area's empty handler had served closed loops of 16 and 64 clients before
 * its floor loop and the platform area's had not: their loopback floors differed by 24-38 % in three runs.
 */
export const BURST_MS = 3000;
export const BURST_CLIENTS = 16;

/**
 * Every arm at once, as one closed loop of `clients` for `ms` × the number of arms (untimed): every process on every
 * path at steady state, and none warmed earlier or later than another. Client c calls the arms in turn from arm c on,
 * so all arms are in flight together. Bursting the arms one after the other (3 s each) left a lasting mark: in the
 * `warm` loop of eight arms (2026-12-07, alone), the empty handler burst before the platform invoke's burst took
 * 11-22 % longer, for the whole loop, than a second empty handler burst last (eight runs, with the arms in the given
 * order or shuffled each round, whichever set of server processes stood there); with the bursts in reverse order the
 * two agreed within 1 % (two runs), and burst together within 1-5 % (four runs).
 */
export async function burst(
  arms: readonly Arm[],
  ms: number = BURST_MS,
  clients: number = BURST_CLIENTS,
): Promise<void> {
  const end = performance.now() + ms * arms.length;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = c; performance.now() < end; i++) await arms[i % arms.length]!();
    }),
  );
}

/**
 * Runs `warmup` rounds and then `rounds` rounds; each round calls every arm once, in the order given (A B A B …),
 * each timed alone with `now`, after `settle` if given. Returns each arm's kept samples (ms), in round order: arm k's
 * i-th sample and arm j's i-th sample were taken next to each other, so any drift of the machine's load hits both.
 */
export async function abab<K extends string>(
  arms: Readonly<Record<K, Arm>>,
  rounds: number,
  warmup: number,
  options: AbabOptions = {},
): Promise<Record<K, number[]>> {
  const now = options.now ?? (() => performance.now());
  const names = Object.keys(arms) as K[];
  const out = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = -warmup; round < rounds; round++) {
    for (const name of names) {
      if (options.settle) await options.settle();
      const began = now();
      await arms[name]();
      const took = now() - began;
      if (round >= 0) out[name].push(took);
    }
  }
  return out;
}

/**
 * The arms' order in round `round` of a block-by-block alternation (closed loops cannot alternate call by call):
 * rotated by one each round (A B C, B C A, C A B, …), so that each arm takes each position once every n rounds: a
 * run measured always second (harness-load's run with records) came out up to 10 % below the same run measured first.
 */
export function rotated<T>(arms: readonly T[], round: number): T[] {
  const k = arms.length === 0 ? 0 : round % arms.length;
  return [...arms.slice(k), ...arms.slice(0, k)];
}

/**
 * The floors more than one area measures (bench/empty-server.ts): `loopback`, an empty handler's round trip;
 * `loopback+thread`, the same with a worker-thread round trip inside the server (an isolated activation's floor);
 * `proxy+thread`, a proxy process in front of that (a platform invoke's shape).
 */
export type FloorId = 'loopback' | 'loopback+thread' | 'proxy+thread';

/** One measurement of a floor: where it was taken and its p50 with the p50's bootstrap CI. */
export interface FloorMeasurement {
  floor: FloorId;
  /** Benchmark area and what it was paired with, e.g. "executor, ABAB with warm /run". */
  where: string;
  p50Ms: number;
  ci?: [number, number];
  n: number;
}

export function floorMeasurement(floor: FloorId, where: string, samplesMs: readonly number[]): FloorMeasurement {
  const s = summarize(samplesMs);
  if (s === undefined) throw new RangeError(`floor ${floor} (${where}) has no samples`);
  return { floor, where, p50Ms: s.median, ...(s.medianCi ? { ci: s.medianCi } : {}), n: s.n };
}

/** Two measurements of one floor that differ by more than the tolerance. */
export interface FloorDisagreement {
  floor: FloorId;
  a: FloorMeasurement;
  b: FloorMeasurement;
  /** |a − b| ÷ the smaller of the two. */
  relativeDifference: number;
  /** Whether the two p50 CIs overlap: when they do, the difference may be the samples' own spread. */
  cisOverlap: boolean | undefined;
}

/** The tolerance of the "done when": the same floor in different areas agrees within 10 %. */
export const FLOOR_TOLERANCE = 0.1;

/**
 * Every pair of measurements of the same floor whose p50s differ by more than `tolerance` (relative to the smaller).
 * A ratio built on either is then not trustworthy: the run is marked. The CI overlap is reported beside, not used as
 * the criterion: with n = 500 the CIs are a few percent wide, so non-overlap alone flags differences too small to
 * move a verdict.
 */
export function floorDisagreements(
  measurements: readonly FloorMeasurement[],
  tolerance: number = FLOOR_TOLERANCE,
): FloorDisagreement[] {
  const out: FloorDisagreement[] = [];
  for (let i = 0; i < measurements.length; i++) {
    for (let j = i + 1; j < measurements.length; j++) {
      const a = measurements[i]!;
      const b = measurements[j]!;
      if (a.floor !== b.floor) continue;
      const relativeDifference = Math.abs(a.p50Ms - b.p50Ms) / Math.min(a.p50Ms, b.p50Ms);
      if (!(relativeDifference <= tolerance)) {
        const cisOverlap = a.ci && b.ci ? a.ci[0] <= b.ci[1] && b.ci[0] <= a.ci[1] : undefined;
        out.push({ floor: a.floor, a, b, relativeDifference, cisOverlap });
      }
    }
  }
  return out;
}

/** "loopback 0.208 ms [0.205, 0.211]": a floor's value as printed beside its ratio. */
export function formatFloor(m: FloorMeasurement): string {
  const ci = m.ci ? ` [${m.ci[0].toFixed(4)}, ${m.ci[1].toFixed(4)}]` : '';
  return `${m.floor} ${m.p50Ms.toFixed(4)} ms${ci}`;
}

/** The warning printed under the ratio table and saved in the run's JSON, one line per disagreeing pair. */
export function formatDisagreement(d: FloorDisagreement): string {
  const pct = (100 * d.relativeDifference).toFixed(0);
  const overlap =
    d.cisOverlap === undefined ? '' : d.cisOverlap ? ' (their CIs overlap)' : " (their CIs don't overlap)";
  return (
    `WARNING: floor ${d.floor} measured twice in this run differs by ${pct} % (> ${100 * FLOOR_TOLERANCE} %)${overlap}: ` +
    `${d.a.p50Ms.toFixed(4)} ms (${d.a.where}) vs ${d.b.p50Ms.toFixed(4)} ms (${d.b.where}); ratios on it are suspect`
  );
}
