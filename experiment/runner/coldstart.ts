// The thesis's cold-start experiment: for i in 1..N fire i truly concurrent blocking invocations of i distinct copies
// of one action, R times per level, per runtime, after making sure none of their containers is left.
// Runtimes are interleaved within each repetition (rotating the order) so that drift hits all of them alike.
import type { ColdstartConfig } from '../../scenarios/config/schemas.js';
import type { ScenarioRunner } from './scenario.js';
import { coldRoundsInvocations, runColdRounds } from './cold-rounds.js';
import { STEM_CELL_ENGINE } from '../../model/results/baseline-variants.js';

export const coldstartScenario: ScenarioRunner<ColdstartConfig> = {
  headline: 'coldStartMs',
  levels: 'concurrent cold starts (distinct actions started at once)',
  metrics: ['coldStartMs', 'initTimeMs', 'waitTimeMs', 'durationMs', 'latencyMs'],

  plan(config, units) {
    const perUnit = coldRoundsInvocations(config.maxConcurrency, config.repetitions);
    // Rough: a Docker cold start costs about a second here, a wasm one a few ms; drains cost a little more.
    const seconds = units.reduce(
      (sum, u) => sum + config.maxConcurrency * config.repetitions * (u.runtime === 'wasm' ? 0.05 : 1.5),
      0,
    );
    return {
      invocations: perUnit * units.length,
      estimatedSeconds: Math.ceil(seconds),
      steps: [
        `deploy ${config.maxConcurrency} copies of '${config.action}' per runtime (${units.map((u) => u.tag).join(', ')})`,
        `levels 1..${config.maxConcurrency} × ${config.repetitions} repetitions: drain, then fire i concurrent blocking invocations`,
        config.codeCache
          ? 'code cache on: the copies share bytes, so the executor compiles each copy once at most'
          : 'code cache off: every cold start deploys distinct bytes (a nonce section / comment) first, not timed',
        `verify every sample is cold (initTime and the platform's start kind); warm samples are dropped and counted`,
        ...(units.some((u) => u.engine === STEM_CELL_ENGINE)
          ? [
              "openwhisk-default baseline: its own platform keeps OpenWhisk's default stem cells (2 × nodejs:20, 256 MB); every round (of every line) waits until used ones are replaced (not timed), and a stem cell taking an action counts as that baseline's cold start (start kind prewarm)",
            ]
          : []),
      ],
    };
  },

  async run(context) {
    const { units } = context;
    let unsettled = 0;
    try {
      await runColdRounds(context, {
        scenario: 'coldstart',
        // The OpenWhisk-default baseline at rest has its stem cells up: the ones its last round used are replaced
        // in the background. Every round waits for that, not only its own: a replacement starting (a container
        // creation) would otherwise take CPU from another line's round, and a stem-cell round that came sooner
        // would measure a moment, not the default.
        beforeRound: async (unit) => {
          const settled = await Promise.all(
            units.map((u) =>
              u.engine === STEM_CELL_ENGINE && u.target.settleStemCells
                ? u.target.settleStemCells()
                : Promise.resolve(true),
            ),
          );
          if (unit.engine === STEM_CELL_ENGINE && settled.includes(false)) unsettled += 1;
        },
        // A stem cell taking an action is that baseline's cold start.
        expect: (unit) => (unit.engine === STEM_CELL_ENGINE ? 'init' : 'cold'),
      });
    } finally {
      // Rounds of the openwhisk-default baseline that started with a stem cell still starting (deadline passed).
      if (units.some((u) => u.engine === STEM_CELL_ENGINE)) context.note('stemCellRoundsUnsettled', unsettled);
    }
  },
};
