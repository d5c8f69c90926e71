// The performance goals stated as ratios to the physical floor (docs/performance.md, "Ratios to the floor"): each
// area reports the ratios it measured, numerator and floor taken in the same run by the same client, and
// `npm run bench` prints them together at the end, each next to its goal. A ratio whose area did not run says so.
import { quantile } from 'simple-statistics';
import {
  floorDisagreements,
  formatDisagreement,
  formatFloor,
  type FloorDisagreement,
  type FloorMeasurement,
} from './floor.js';

/** The ratios in the order of the goals table; `higher` marks the one goal that is a lower bound, a row without `limit` is a breakdown. */
export const RATIO_GOALS = [
  { id: 'run-p50', what: 'executor warm /run p50 ÷ loopback empty-handler p50', limit: 1.5, area: 'warm' },
  { id: 'run-tail', what: 'executor warm /run p99 ÷ its p50', limit: 2.5, area: 'warm' },
  {
    id: 'throughput',
    what: 'loopback empty-handler req/s ÷ executor noop act/s, 64 clients',
    limit: 3,
    area: 'executor',
  },
  { id: 'platform-p50', what: 'platform wasm warm invoke p50 ÷ loopback p50', limit: 2.5, area: 'warm' },
  // The /init floor is a server that does the least an /init can (floor server `compile`: parse, base64, inflate,
  // drop .debug_*, compile) in a process of its own, called alternately with the executor with the same bodies: the
  // floor measured the way its numerator is (issue 26). The parts timed in the bench's own thread are a breakdown
  // below; that sum was the floor until 2026-12-07.
  {
    id: 'init',
    what: 'executor /init p50 (22 KiB noop, unique bytes) ÷ /init floor server p50',
    limit: 1.2,
    area: 'executor',
  },
  {
    id: 'init-big',
    what: 'executor /init p50 (Rust add with DWARF, 822 KiB) ÷ /init floor server p50',
    limit: 1.3,
    area: 'executor',
  },
  {
    id: 'harness-16',
    what: 'harness invoke path with records ÷ autocannon, 16 clients',
    limit: 0.8,
    higher: true,
    area: 'harness-load',
  },
  {
    id: 'harness',
    what: 'harness invoke path with records ÷ autocannon, 64 clients',
    limit: 0.9,
    higher: true,
    area: 'harness-load',
  },
  { id: 'load-tail', what: 'platform, 32 clients closed loop (wasm add): p99 ÷ p50', limit: 3, area: 'platform' },
  // Where the rest goes (issue 26): each goal ratio above split at a floor server that has the numerator's shape and
  // does nothing at any stop (empty-server.ts). No goal: `design` is what the shape costs on this machine, `own` what
  // the project's code adds to it; design × own = the goal ratio.
  {
    id: 'run-design',
    what: '  of which the design: loopback + thread round trip p50 ÷ loopback p50',
    area: 'warm',
  },
  {
    id: 'run-own',
    what: "  of which the executor's code: warm /run p50 ÷ (loopback + thread round trip) p50",
    area: 'warm',
  },
  {
    id: 'platform-design',
    what: '  of which the design: proxy process → thread server p50 ÷ loopback p50',
    area: 'warm',
  },
  {
    id: 'platform-own',
    what: "  of which the platform's code: warm invoke p50 ÷ (proxy process → thread server) p50",
    area: 'warm',
  },
  {
    id: 'init-parts',
    what: "executor /init p50 (22 KiB) ÷ (V8 compile + round trip), the parts timed in the bench's thread",
    area: 'executor',
  },
  {
    id: 'init-big-parts',
    what: "executor /init p50 (822 KiB) ÷ (base64 + inflate + compile + round trip), timed in the bench's thread",
    area: 'executor',
  },
] as const;

export type RatioId = (typeof RATIO_GOALS)[number]['id'];

export interface Measured {
  value: number;
  detail: string;
  floor: string;
  /** A shared floor's measurement, checked against the other measurements of the same floor. */
  floorMeasurement?: FloorMeasurement;
}

const measured = new Map<RatioId, Measured>();

/**
 * Records one ratio; `detail` names the numerator and the floor with their values (what the reader checks), `floor`
 * is the floor it was divided by: a shared floor's measurement (kept for the agreement check and printed with its CI)
 * or, for a floor no other ratio uses (its own p50, autocannon's rate), a short text with its value.
 */
export function reportRatio(id: RatioId, value: number, detail: string, floor: FloorMeasurement | string): void {
  if (typeof floor === 'string') measured.set(id, { value, detail, floor });
  else measured.set(id, { value, detail, floor: `${formatFloor(floor)} (${floor.where})`, floorMeasurement: floor });
}

/** A floor measured for the agreement check only (the other area's floor, measured here as well). */
const extraFloors: FloorMeasurement[] = [];
export function reportFloorOnly(floor: FloorMeasurement): void {
  extraFloors.push(floor);
}

/**
 * Splits a goal ratio (numerator ÷ loopback) at the floor server of the numerator's shape, all three sampled in one
 * loop: `<prefix>-design` = shape ÷ loopback (what the design costs here), `<prefix>-own` = numerator ÷ shape (what
 * the code adds). Both floors enter the agreement check.
 */
export function reportDesignSplit(
  prefix: 'run' | 'platform',
  numeratorMs: readonly number[],
  shape: { samplesMs: readonly number[]; floor: FloorMeasurement },
  loopback: { samplesMs: readonly number[]; floor: FloorMeasurement },
): void {
  const [n, d, l] = [p50(numeratorMs), p50(shape.samplesMs), p50(loopback.samplesMs)];
  const count = `n = ${numeratorMs.length}, same loop`;
  reportRatio(`${prefix}-design`, d / l, `${fmtMs(d)} ÷ ${fmtMs(l)}, ${count}`, loopback.floor);
  reportRatio(`${prefix}-own`, n / d, `${fmtMs(n)} ÷ ${fmtMs(d)}, ${count}`, shape.floor);
}

/** What one area measured, carried out of the process that ran it (main.ts runs each area in a process of its own). */
export interface MeasuredRatios {
  ratios: Array<[RatioId, Measured]>;
  extraFloors: FloorMeasurement[];
}

export function exportMeasured(): MeasuredRatios {
  return { ratios: [...measured.entries()], extraFloors: [...extraFloors] };
}

export function importMeasured(from: MeasuredRatios): void {
  for (const [id, m] of from.ratios) measured.set(id, m);
  extraFloors.push(...from.extraFloors);
}

export const p50 = (samples: readonly number[]): number => quantile([...samples], 0.5);
export const p99 = (samples: readonly number[]): number => quantile([...samples], 0.99);
export const fmtMs = (ms: number): string => `${ms.toFixed(3)} ms`;

/** The table printed at the end of `npm run bench`, and the same data for the result file. */
export function formatRatioTable(): {
  text: string;
  rows: Array<Record<string, unknown>>;
  floors: FloorMeasurement[];
  disagreements: FloorDisagreement[];
  /** Whether some floor was measured more than once (else there was nothing to check: an area did not run). */
  checked: boolean;
} {
  const rows = RATIO_GOALS.map((goal) => {
    const m = measured.get(goal.id);
    const higher = 'higher' in goal && goal.higher;
    const limit = 'limit' in goal ? goal.limit : undefined;
    const met = m === undefined || limit === undefined ? undefined : higher ? m.value >= limit : m.value <= limit;
    return {
      ratio: goal.what,
      now: m === undefined ? `not measured (area ${goal.area} not run or failed)` : m.value.toFixed(2),
      goal: limit === undefined ? '' : `${higher ? '≥' : '≤'} ${limit}`,
      verdict:
        met === undefined ? (m !== undefined && limit === undefined ? 'breakdown' : '') : met ? 'met' : 'not met',
      floor: m?.floor ?? '',
      measured: m?.detail ?? '',
    };
  });
  // One entry per measurement: two ratios on one floor share it, and after the trip out of an area's process
  // (exportMeasured) they hold equal copies rather than the same object.
  const byKey = new Map<string, FloorMeasurement>();
  for (const f of [
    ...[...measured.values()].flatMap((m) => (m.floorMeasurement ? [m.floorMeasurement] : [])),
    ...extraFloors,
  ])
    byKey.set(`${f.floor}|${f.where}|${f.p50Ms}|${f.n}`, f);
  const floors = [...byKey.values()];
  const disagreements = floorDisagreements(floors);
  const checked = floors.some((f, i) => floors.findIndex((g) => g.floor === f.floor) !== i);
  // A ratio whose floor was measured differently elsewhere in the run is marked, so no verdict is read without it.
  const suspect = new Set(disagreements.map((d) => d.floor));
  for (const row of rows) {
    if ([...suspect].some((f) => row.floor.startsWith(`${f} `))) row.verdict = `${row.verdict} (floor suspect)`;
  }
  const table = [
    ['ratio (same client, same run)', 'now', 'goal', 'verdict', 'floor (p50 [95% CI], where)', 'measured'],
    ...rows.map((r) => [r.ratio, r.now, r.goal, r.verdict, r.floor, r.measured]),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  const lines = table.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd(),
  );
  const agreement =
    disagreements.length > 0
      ? disagreements.map(formatDisagreement)
      : checked
        ? [
            `floors measured more than once agree within 10 %: ${floors.map((f) => `${formatFloor(f)} (${f.where})`).join('; ')}`,
          ]
        : [];
  return {
    text: ['ratios to the floor', '', ...lines, '', ...agreement, ''].join('\n'),
    rows,
    floors,
    disagreements,
    checked,
  };
}
