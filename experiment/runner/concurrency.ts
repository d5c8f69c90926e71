// McGrath's closed-loop ramp: 1 outstanding request, then one more client each step, up to maxClients, per workload
// (hash, block, or mixed = 50/50 at random, seeded) and runtime. Throughput and latency per level come from the records.
import type { ConcurrencyConfig } from '../../scenarios/config/schemas.js';
import { closedLoop } from './closed-loop.js';
import { deployAction, unitFields } from './deploy-helpers.js';
import { toInvocationRecord } from './invocation-record.js';
import type { ScenarioRunner } from './scenario.js';
import { seededRandom } from '../../model/stats/random.js';

export const concurrencyScenario: ScenarioRunner<ConcurrencyConfig> = {
  headline: 'latencyMs',
  levels: 'closed-loop clients',
  metrics: ['latencyMs', 'durationMs', 'waitTimeMs', 'coldStartMs'],

  plan(config, units) {
    const steps = config.maxClients * config.workloads.length * units.length;
    // A closed loop has no fixed count: estimate from ~300 ms per block and ~50 ms per hash request.
    const perStep = (config.stepDurationMs / 1000) * ((config.maxClients + 1) / 2) * 10;
    return {
      invocations: Math.round(steps * perStep),
      pacedBy: 'time',
      estimatedSeconds: Math.ceil((steps * config.stepDurationMs) / 1000),
      steps: [
        `per runtime (${units.map((u) => u.tag).join(', ')}) and workload (${config.workloads.join(', ')})`,
        `clients 1..${config.maxClients}, ${config.stepDurationMs} ms each, one outstanding request per client`,
        `actions deployed with limits.concurrency = ${config.actionConcurrency}; the invocation count is an estimate`,
      ],
    };
  },

  async run(context) {
    const { config, signal } = context;
    for (const unit of context.units) {
      const names: Record<string, string> = {};
      for (const action of ['hash', 'block'])
        names[action] = await deployAction(context, unit, action, { concurrency: config.actionConcurrency });
      for (const workload of config.workloads) {
        for (let clients = 1; clients <= config.maxClients; clients++) {
          if (signal.aborted) return;
          let repetition = 0;
          // One seeded stream per client, so the mix each client sends does not depend on completion order.
          const streams = Array.from({ length: clients }, (_, client) =>
            seededRandom(config.seed * 7919 + clients * 257 + client),
          );
          await closedLoop({
            target: unit.target,
            clients,
            durationMs: config.stepDurationMs,
            signal,
            next: (client) => {
              const action = workload === 'mixed' ? (streams[client]!() < 0.5 ? 'hash' : 'block') : workload;
              return { name: names[action]!, action, params: config.params[action] ?? {} };
            },
            onResult: (request, result) => {
              context.record(
                toInvocationRecord(
                  {
                    scenario: 'concurrency',
                    ...unitFields(unit),
                    action: workload,
                    actionName: request.name,
                    level: clients,
                    repetition: ++repetition,
                  },
                  result,
                ),
              );
            },
          });
        }
      }
    }
  },
};
