// Sequential warm latency per runtime and action, driven by tinybench. Per action: one cold invocation (level 0),
// tinybench's warm-up iterations (discarded), then the measured iterations; the first measured one is the
// "first warm run" (level 1), reported apart from the steady state (level 2).
import { Bench } from 'tinybench';
import type { WarmConfig } from '../../scenarios/config/schemas.js';
import { toInvocationRecord } from './invocation-record.js';
import { deployAction, unitFields } from './deploy-helpers.js';
import type { ScenarioRunner } from './scenario.js';

export const warmScenario: ScenarioRunner<WarmConfig> = {
  headline: 'latencyMs',
  levels: '0 = the cold first invocation, 1 = the first warm one, 2 = the steady state after it',
  metrics: ['latencyMs', 'durationMs', 'waitTimeMs'],

  plan(config, units) {
    const perAction = 1 + config.iterations;
    return {
      invocations: perAction * config.actions.length * units.length,
      estimatedSeconds: Math.ceil(
        units.length * config.actions.length * (config.warmupIterations + perAction) * 0.01 + units.length * 2,
      ),
      steps: [
        `per runtime (${units.map((u) => u.tag).join(', ')}) and action (${config.actions.join(', ')}): 1 cold invocation (level 0)`,
        `${config.warmupIterations} warm-up invocations, discarded`,
        `${config.iterations} measured sequential invocations: the first (level 1) apart from the rest (level 2)`,
      ],
    };
  },

  async run(context) {
    const { config, signal } = context;
    const tinybenchStats: Record<string, unknown> = {};
    for (const unit of context.units) {
      for (const action of config.actions) {
        if (signal.aborted) return;
        const name = await deployAction(context, unit, action);
        const params = config.params[action] ?? {};
        const where = { scenario: 'warm', ...unitFields(unit), action, actionName: name };
        context.record(
          toInvocationRecord(
            { ...where, level: 0, repetition: 0, expect: 'cold' },
            await unit.target.invoke(name, params),
          ),
        );

        let phase: 'warmup' | 'run' = 'warmup';
        let measured = 0;
        const bench = new Bench({
          iterations: config.iterations,
          warmupIterations: config.warmupIterations,
          time: 0,
          warmupTime: 0,
          signal,
          throws: false,
        });
        bench.add(
          `${unit.tag}/${action}`,
          async () => {
            const result = await unit.target.invoke(name, params);
            if (phase !== 'run') return;
            measured++;
            context.record(
              toInvocationRecord(
                { ...where, level: measured === 1 ? 1 : 2, repetition: measured, expect: 'warm' },
                result,
              ),
            );
          },
          {
            beforeAll: (mode) => {
              phase = mode === 'run' ? 'run' : 'warmup';
            },
          },
        );
        await bench.run();
        const task = bench.tasks[0];
        const result = task?.result;
        if (result && 'latency' in result) {
          tinybenchStats[`${unit.tag}/${action}`] = {
            state: result.state,
            latencyMs: {
              mean: result.latency.mean,
              p50: result.latency.p50,
              p99: result.latency.p99,
              samples: result.latency.samplesCount,
            },
            throughputPerS: result.throughput.mean,
          };
        } else if (result) {
          tinybenchStats[`${unit.tag}/${action}`] = { state: result.state };
        }
      }
    }
    context.note('tinybench', tinybenchStats);
  },
};
