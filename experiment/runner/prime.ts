// The AssemblyScript wasm sieve vs the Node.js JavaScript sieve: closed-loop clients for a fixed time; throughput and
// the latency distribution per runtime come from the records.
import type { PrimeConfig } from '../../scenarios/config/schemas.js';
import { closedLoop } from './closed-loop.js';
import { deployAction, unitFields } from './deploy-helpers.js';
import { toInvocationRecord } from './invocation-record.js';
import type { ScenarioRunner } from './scenario.js';

export const primeScenario: ScenarioRunner<PrimeConfig> = {
  headline: 'latencyMs',
  levels: '0 = the cold first invocation, 2 = warm measured invocations',
  metrics: ['latencyMs', 'durationMs'],

  plan(config, units) {
    return {
      invocations: Math.round(units.length * (config.durationMs / 1000) * config.clients * 20),
      pacedBy: 'time',
      estimatedSeconds: Math.ceil((units.length * config.durationMs) / 1000) + units.length * 2,
      steps: [
        `per runtime (${units.map((u) => u.tag).join(', ')}): one warm-up invocation, then ${config.clients} closed-loop clients for ${config.durationMs} ms`,
        `prime sieve up to ${config.upperBound}; the invocation count is an estimate`,
      ],
    };
  },

  async run(context) {
    const { config, signal } = context;
    for (const unit of context.units) {
      if (signal.aborted) return;
      const name = await deployAction(context, unit, 'prime', { concurrency: config.clients });
      const params = { upperBound: config.upperBound };
      const where = { scenario: 'prime', ...unitFields(unit), action: 'prime', actionName: name };
      // The first invocation starts the container; it is recorded at level 0 so the steady state (level = clients) stays warm.
      context.record(toInvocationRecord({ ...where, level: 0, repetition: 0 }, await unit.target.invoke(name, params)));
      let repetition = 0;
      await closedLoop({
        target: unit.target,
        clients: config.clients,
        durationMs: config.durationMs,
        signal,
        next: () => ({ name, action: 'prime', params }),
        onResult: (_request, result) =>
          context.record(toInvocationRecord({ ...where, level: config.clients, repetition: ++repetition }, result)),
      });
    }
  },
};
