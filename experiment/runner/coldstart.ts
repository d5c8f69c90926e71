// The thesis's cold-start experiment: for i in 1..N fire i truly concurrent blocking invocations of i distinct copies
// of one action, R times per level, per runtime, after making sure none of their containers is left.
// Runtimes are interleaved within each repetition (rotating the order) so that drift hits all of them alike.
import type { ColdstartConfig } from '../../scenarios/config/schemas.js';
import { toInvocationRecord } from './invocation-record.js';
import type { RuntimeUnit, ScenarioRunner } from './scenario.js';
import { deployAction, unitFields } from './deploy-helpers.js';
import { STEM_CELL_ENGINE } from '../../model/results/baseline-variants.js';

export const coldstartScenario: ScenarioRunner<ColdstartConfig> = {
  headline: 'coldStartMs',
  levels: 'concurrent cold starts (distinct actions started at once)',
  metrics: ['coldStartMs', 'initTimeMs', 'waitTimeMs', 'durationMs', 'latencyMs'],

  plan(config, units) {
    const perUnit = ((config.maxConcurrency * (config.maxConcurrency + 1)) / 2) * config.repetitions;
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
    const { config, units, signal } = context;
    const names = new Map<RuntimeUnit, string[]>();
    for (const unit of units) {
      const unitNames: string[] = [];
      for (let i = 1; i <= config.maxConcurrency; i++)
        unitNames.push(await deployAction(context, unit, config.action, { suffix: `-${i}` }));
      names.set(unit, unitNames);
    }
    let unsettled = 0;
    try {
      await rounds();
    } finally {
      // Rounds of the openwhisk-default baseline that started with a stem cell still starting (deadline passed).
      if (units.some((u) => u.engine === STEM_CELL_ENGINE)) context.note('stemCellRoundsUnsettled', unsettled);
    }

    async function rounds(): Promise<void> {
      for (let level = 1; level <= config.maxConcurrency; level++) {
        for (let repetition = 1; repetition <= config.repetitions; repetition++) {
          for (const unit of rotate(units, repetition + level)) {
            if (signal.aborted) return;
            const all = names.get(unit)!;
            // Every unit's containers go, not only this unit's: runtimes can share one platform's memory, and a
            // leftover container of another runtime would turn this round's cold starts into evictions.
            await Promise.all(units.map((u) => u.target.ensureNoContainers(names.get(u)!)));
            if (signal.aborted) return;
            const stemCells = unit.engine === STEM_CELL_ENGINE;
            // The OpenWhisk-default baseline at rest has its stem cells up: the ones its last round used are replaced
            // in the background. Every round waits for that, not only its own: a replacement starting (a container
            // creation) would otherwise take CPU from another line's round, and a stem-cell round that came sooner
            // would measure a moment, not the default.
            const settled = await Promise.all(
              units.map((u) =>
                u.engine === STEM_CELL_ENGINE && u.target.settleStemCells
                  ? u.target.settleStemCells()
                  : Promise.resolve(true),
              ),
            );
            if (stemCells && settled.includes(false)) unsettled += 1;
            const chosen = all.slice(0, level);
            if (!config.codeCache) {
              // Fresh bytes for each cold start, not only each copy: a copy's earlier module may still be alive in
              // the executor's process, and V8 shares compiled code between modules with identical bytes.
              await Promise.all(
                chosen.map((_, i) =>
                  deployAction(context, unit, config.action, {
                    suffix: `-${i + 1}`,
                    nonce: `${all[i]!}@${level}.${repetition}`,
                  }),
                ),
              );
            }
            // All requests leave in the same tick: a start barrier for truly concurrent cold starts.
            const results = await Promise.all(chosen.map((name) => unit.target.invoke(name, config.params)));
            results.forEach((result, i) => {
              context.record(
                toInvocationRecord(
                  {
                    scenario: 'coldstart',
                    ...unitFields(unit),
                    action: config.action,
                    actionName: chosen[i]!,
                    level,
                    repetition,
                    expect: stemCells ? 'init' : 'cold',
                  },
                  result,
                ),
              );
            });
          }
        }
      }
    }
  },
};

export function rotate<T>(items: readonly T[], by: number): T[] {
  if (items.length === 0) return [];
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
