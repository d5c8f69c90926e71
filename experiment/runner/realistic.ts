// The thesis's "realistic" mix: 90 % of requests to 2 hot actions, 10 % to one of 60 rare ones, half CPU-bound (hash)
// and half I/O-bound (block), 4 closed-loop clients, seeded. Or, with `azureTrace`, an open-loop replay of the top-N
// functions of an Azure Functions 2019 invocation file (each function mapped to hash or block, seeded).
import type { RealisticConfig } from '../../scenarios/config/schemas.js';
import { seededRandom } from '../../model/stats/random.js';
import { closedLoop } from './closed-loop.js';
import { deployAction, unitFields } from './deploy-helpers.js';
import { toInvocationRecord } from './invocation-record.js';
import { readAzureTrace, traceArrivals } from './azure-trace.js';
import type { RuntimeUnit, ScenarioContext, ScenarioRunner } from './scenario.js';

interface MixAction {
  name: string;
  action: 'hash' | 'block';
  hot: boolean;
}

export const realisticScenario: ScenarioRunner<RealisticConfig> = {
  headline: 'latencyMs',
  levels: 'closed-loop clients of the mix',
  metrics: ['latencyMs', 'coldStartMs', 'durationMs', 'waitTimeMs'],

  plan(config, units) {
    const replay = config.azureTrace !== '';
    return {
      invocations: Math.round(units.length * (config.durationMs / 1000) * config.clients * 5),
      pacedBy: 'time',
      estimatedSeconds:
        Math.ceil((units.length * config.durationMs) / 1000) +
        units.length * (config.hotActions + config.rareActions) * 0.05,
      steps: replay
        ? [
            `replay the top ${config.azureTopN} functions of ${config.azureTrace}, one trace minute per ${(60 / config.azureTimeScale).toFixed(2)} s, for ${config.durationMs} ms per runtime`,
          ]
        : [
            `per runtime (${units.map((u) => u.tag).join(', ')}): ${config.hotActions} hot + ${config.rareActions} rare actions, ${config.cpuShare * 100} % hash / the rest block`,
            `${config.clients} closed-loop clients for ${config.durationMs} ms; ${config.hotShare * 100} % of requests go to the hot actions`,
            'the invocation count is an estimate; cold starts are counted, not dropped (they are part of the mix)',
          ],
    };
  },

  async run(context) {
    for (const unit of context.units) {
      if (context.signal.aborted) return;
      if (context.config.azureTrace !== '') await replayTrace(context, unit);
      else await syntheticMix(context, unit);
    }
  },
};

async function deployMix(
  context: ScenarioContext<RealisticConfig>,
  unit: RuntimeUnit,
  count: number,
  hot: boolean,
  random: () => number,
): Promise<MixAction[]> {
  const out: MixAction[] = [];
  for (let i = 0; i < count; i++) {
    const action = random() < context.config.cpuShare ? 'hash' : 'block';
    out.push({
      name: await deployAction(context, unit, action, { suffix: `-${hot ? 'hot' : 'rare'}${i}` }),
      action,
      hot,
    });
  }
  return out;
}

async function syntheticMix(context: ScenarioContext<RealisticConfig>, unit: RuntimeUnit): Promise<void> {
  const { config } = context;
  const assign = seededRandom(config.seed);
  const hot = await deployMix(context, unit, config.hotActions, true, assign);
  const rare = await deployMix(context, unit, config.rareActions, false, assign);
  const streams = Array.from({ length: config.clients }, (_, c) => seededRandom(config.seed * 7919 + c));
  let repetition = 0;
  await closedLoop({
    target: unit.target,
    clients: config.clients,
    durationMs: config.durationMs,
    signal: context.signal,
    next: (client) => {
      const random = streams[client]!;
      const pool = rare.length === 0 || random() < config.hotShare ? hot : rare;
      const chosen = pool[Math.floor(random() * pool.length)]!;
      return { name: chosen.name, action: chosen.action, params: config.params[chosen.action] ?? {} };
    },
    onResult: (request, result) =>
      context.record(
        toInvocationRecord(
          {
            scenario: 'realistic',
            ...unitFields(unit),
            action: request.action,
            actionName: request.name,
            level: config.clients,
            repetition: ++repetition,
          },
          result,
        ),
      ),
  });
}

async function replayTrace(context: ScenarioContext<RealisticConfig>, unit: RuntimeUnit): Promise<void> {
  const { config } = context;
  const functions = readAzureTrace(config.azureTrace, config.azureTopN);
  const assign = seededRandom(config.seed);
  const deployed = await deployMix(context, unit, functions.length, false, assign);
  const arrivals = traceArrivals(functions, config.azureTimeScale, config.durationMs, seededRandom(config.seed + 1));
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  let repetition = 0;
  for (const arrival of arrivals) {
    if (context.signal.aborted) break;
    const wait = arrival.at - (performance.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const chosen = deployed[arrival.fn]!;
    // Open loop: each arrival is sent on time whatever the others are doing.
    inFlight.push(
      unit.target.invoke(chosen.name, config.params[chosen.action] ?? {}).then((result) => {
        context.record(
          toInvocationRecord(
            {
              scenario: 'realistic',
              ...unitFields(unit),
              action: chosen.action,
              actionName: chosen.name,
              level: arrival.fn + 1,
              repetition: ++repetition,
            },
            result,
          ),
        );
      }),
    );
  }
  await Promise.all(inFlight);
}
