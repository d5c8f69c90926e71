// The snapshot experiment: cold starts of a heavy-initialisation action (`table`) with and without a snapshot on
// each side, interleaved like coldstart (drain, then i truly concurrent invocations of i distinct copies, levels
// 1..N, R repetitions, the units' order rotating). Four lines: wasm (plain module: the table is built in the first
// activation of every fresh instance), wasm · wizer (the module holds the built table), docker (the twin builds it
// at /init), docker · node snapshot (the runtime starts from a V8 startup snapshot that holds the built table).
import type { SnapshotConfig } from '../../scenarios/config/schemas.js';
import type { RuntimeUnit, ScenarioRunner } from './scenario.js';
import { coldRoundsInvocations, runColdRounds } from './cold-rounds.js';
import type { InvocationRecord } from '../../model/results/records.js';
import { snapshotBreakdown } from '../../model/results/snapshot-phases.js';
import { snapshotLabel } from '../../model/results/snapshot-labels.js';

/** How a unit deploys its copies: the Wizer module, or the very source its snapshot holds (no nonce). */
function deployOptions(unit: RuntimeUnit): { variant?: string; sameBytes?: boolean } {
  if (unit.snapshot?.kind === 'wizer') return { variant: 'wizer' };
  if (unit.snapshot?.kind === 'node-snapshot') return { sameBytes: true };
  return {};
}

export const snapshotScenario: ScenarioRunner<SnapshotConfig> = {
  headline: 'latencyMs',
  levels: 'concurrent cold starts of the heavy-init action (distinct copies started at once)',
  metrics: ['latencyMs', 'coldStartMs', 'initTimeMs', 'waitTimeMs', 'durationMs'],

  plan(config, units) {
    const perUnit = coldRoundsInvocations(config.maxConcurrency, config.repetitions);
    const seconds = units.reduce(
      (sum, u) => sum + config.maxConcurrency * config.repetitions * (u.runtime === 'wasm' ? 0.3 : 1.5),
      0,
    );
    return {
      invocations: perUnit * units.length,
      estimatedSeconds: Math.ceil(seconds),
      steps: [
        `snapshots ${config.snapshots.join(', ')}: ${units.map((u) => u.tag).join(', ')}`,
        `deploy ${config.maxConcurrency} copies of '${config.action}' per unit (wizer: its pre-initialised module)`,
        `levels 1..${config.maxConcurrency} × ${config.repetitions} repetitions: drain, then fire i concurrent blocking invocations`,
        config.codeCache
          ? 'code cache on: the copies share bytes'
          : 'code cache off: every cold start deploys distinct bytes first (not the node-snapshot line: its image holds the one source it accepts, evaluated at build)',
        'verify every sample is cold; the first response (waitTime + duration) and its phases are recorded',
      ],
    };
  },

  async run(context) {
    const { units } = context;
    // What each snapshot cost and where, and (at the end, or when interrupted) where the cold starts' time went:
    // in measurements.json and on the console, next to the lines' labels.
    context.note(
      'snapshotCost',
      units.flatMap((u) =>
        u.snapshot ? [{ line: u.label?.name ?? snapshotLabel(u.runtime, u.engine), ...u.snapshot }] : [],
      ),
    );
    const recorded: Array<Omit<InvocationRecord, 'seq'>> = [];
    try {
      await runColdRounds(context, {
        scenario: 'snapshot',
        deployOptions,
        onRecord: (record) => recorded.push(record),
      });
    } finally {
      context.note('snapshotPhases', snapshotBreakdown(recorded as InvocationRecord[]));
    }
  },
};
