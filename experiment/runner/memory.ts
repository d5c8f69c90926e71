// Memory per warm container: for each runtime and module variant (optimised, unoptimised, debug builds of hash),
// start N warm containers and divide the growth of what the target reports (executor RSS for wasm, cgroup usage for
// Docker) by N, as the thesis did. The invocations that warmed them are recorded like any other.
import type { MemoryConfig } from '../../scenarios/config/schemas.js';
import { deployAction, unitFields } from './deploy-helpers.js';
import { toInvocationRecord } from './invocation-record.js';
import type { ScenarioRunner } from './scenario.js';

export interface MemoryMeasurement {
  runtime: string;
  engine?: string;
  variant: string;
  containers: number;
  beforeBytes: number;
  afterBytes: number;
  perContainerBytes: number;
  method: string;
}

export const memoryScenario: ScenarioRunner<MemoryConfig> = {
  headline: 'coldStartMs',
  levels: 'warm containers per runtime and module variant',
  metrics: ['coldStartMs', 'latencyMs'],

  plan(config, units) {
    return {
      invocations: units.length * config.variants.length * config.containers,
      estimatedSeconds: Math.ceil(units.length * config.variants.length * config.containers * 1.5),
      steps: [
        `per runtime (${units.map((u) => u.tag).join(', ')}) and variant (${config.variants.join(', ')}): drain, measure, start ${config.containers} warm containers, measure again`,
        'memory per warm container = growth / containers (the baseline variant ignores the module variant: its code is the JavaScript twin)',
      ],
    };
  },

  async run(context) {
    const { config, signal } = context;
    const measurements: MemoryMeasurement[] = [];
    const unmeasured: Array<{ runtime: string; engine?: string; variant: string; reason: string }> = [];
    for (const unit of context.units) {
      const variants = unit.runtime === 'wasm' ? config.variants : ['javascript'];
      for (const variant of variants) {
        if (signal.aborted) break;
        const names: string[] = [];
        for (let i = 1; i <= config.containers; i++) {
          names.push(
            await deployAction(context, unit, 'hash', {
              suffix: `-${variant}-${i}`,
              ...(unit.runtime === 'wasm' ? { variant } : {}),
            }),
          );
        }
        await unit.target.ensureNoContainers(names);
        const before = await unit.target.memoryUsage?.(names);
        const results = await Promise.all(
          names.map((name) => unit.target.invoke(name, { input: 'ow-eval', iterations: 1 })),
        );
        results.forEach((result, i) =>
          context.record(
            toInvocationRecord(
              {
                scenario: 'memory',
                ...unitFields(unit),
                action: `hash/${variant}`,
                actionName: names[i]!,
                level: config.containers,
                repetition: i + 1,
                expect: 'cold',
              },
              result,
            ),
          ),
        );
        const after = await unit.target.memoryUsage?.(names);
        if (!before || !after || after.containers === 0) {
          unmeasured.push({
            ...unitFields(unit),
            variant,
            reason:
              !before || !after
                ? 'the target reports no memory usage (a remote OpenWhisk cannot)'
                : 'no container of these actions was alive after the invocations',
          });
        } else {
          measurements.push({
            ...unitFields(unit),
            variant,
            containers: after.containers,
            beforeBytes: before.bytes,
            afterBytes: after.bytes,
            perContainerBytes: (after.bytes - before.bytes) / after.containers,
            method: after.method,
          });
        }
        await unit.target.ensureNoContainers(names);
      }
    }
    context.note('memory', measurements);
    if (unmeasured.length > 0) context.note('memoryUnmeasured', unmeasured);
  },
};
