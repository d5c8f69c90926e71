// Cold starts along a sequence: chains of 1..N components (each a distinct copy of the same step, so a cold chain
// has no warm component), invoked once after every container is gone (cold) and once right after (warm). A sample
// is the end-to-end latency and the sum of the components' waitTime + initTime, read from their own activation
// records (the sequence's `logs`), and it counts as cold or warm only if every component was.
import type { ChainConfig } from '../../scenarios/config/schemas.js';
import { rotate } from './cold-rounds.js';
import { deployAction, deployedName, unitFields } from './deploy-helpers.js';
import { toInvocationRecord, type UnnumberedRecord } from './invocation-record.js';
import type { InvokeResult } from './run-target.js';
import type { RuntimeUnit, ScenarioContext, ScenarioRunner } from './scenario.js';

interface Chains {
  components: string[];
  sequences: string[];
}

export const chainScenario: ScenarioRunner<ChainConfig> = {
  headline: 'coldStartMs',
  levels: "components in the sequence (each '-cold' chain after a drain, '-warm' right after)",
  metrics: ['coldStartMs', 'latencyMs', 'initTimeMs', 'waitTimeMs', 'durationMs'],

  plan(config, units) {
    const perUnit = config.maxLength * config.repetitions * 2;
    // Rough: a Docker cold start costs about a second here per component, a wasm one a few ms.
    const seconds = units.reduce(
      (sum, u) =>
        sum +
        ((config.maxLength * (config.maxLength + 1)) / 2) * config.repetitions * (u.runtime === 'wasm' ? 0.05 : 1.5),
      0,
    );
    return {
      invocations: perUnit * units.length,
      estimatedSeconds: Math.ceil(seconds),
      steps: [
        `deploy ${config.maxLength} copies of '${config.action}' and sequences of 1..${config.maxLength} of them ` +
          `per runtime (${units.map((u) => u.tag).join(', ')})`,
        `lengths 1..${config.maxLength} × ${config.repetitions} repetitions: drain, invoke the sequence (cold), ` +
          'invoke it again (warm)',
        "read every component's activation: cold (or warm) only if every component was; " +
          'the others are dropped and counted',
      ],
    };
  },

  async run(context) {
    const { config, units, signal } = context;
    const chains = new Map<RuntimeUnit, Chains>();
    for (const unit of units) chains.set(unit, await deployChains(context, unit));
    for (let length = 1; length <= config.maxLength; length++) {
      for (let repetition = 1; repetition <= config.repetitions; repetition++) {
        for (const unit of rotate(units, repetition + length)) {
          if (signal.aborted) return;
          // Every unit's containers go: runtimes can share one platform's memory (see coldstart.ts).
          await Promise.all(units.map((u) => u.target.ensureNoContainers(chains.get(u)!.components)));
          const sequence = chains.get(unit)!.sequences[length - 1]!;
          for (const expect of ['cold', 'warm'] as const) {
            if (signal.aborted) return;
            const result = await unit.target.invoke(sequence, config.params);
            context.record(await chainRecord(context, unit, { sequence, length, repetition, expect }, result));
          }
        }
      }
    }
  },
};

async function deployChains(context: ScenarioContext<ChainConfig>, unit: RuntimeUnit): Promise<Chains> {
  const { target } = unit;
  if (!target.deploySequence || !target.activation) throw new Error(`the ${unit.tag} target cannot deploy sequences`);
  const components: string[] = [];
  for (let i = 1; i <= context.config.maxLength; i++) {
    components.push(await deployAction(context, unit, context.config.action, { suffix: `-c${i}` }));
  }
  const sequences: string[] = [];
  for (let length = 1; length <= context.config.maxLength; length++) {
    const name = deployedName(context, unit, 'chain', `-${length}`);
    await target.deploySequence(name, components.slice(0, length));
    sequences.push(name);
  }
  return { components, sequences };
}

interface Sample {
  sequence: string;
  length: number;
  repetition: number;
  expect: 'cold' | 'warm';
}

/** The sequence's record with waitTime, initTime and coldStartMs summed over its components, verified per component. */
export async function chainRecord(
  context: ScenarioContext<ChainConfig>,
  unit: RuntimeUnit,
  sample: Sample,
  result: InvokeResult,
): Promise<UnnumberedRecord> {
  const where = {
    scenario: 'chain',
    ...unitFields(unit),
    action: `${context.config.action}-${sample.expect}`,
    actionName: sample.sequence,
    level: sample.length,
    repetition: sample.repetition,
  };
  const record = toInvocationRecord(where, result);
  delete record.waitTimeMs;
  delete record.initTimeMs;
  delete record.coldStartMs;
  if (record.outcome === 'error') return record;
  const ids = result.activation?.logs ?? [];
  if (ids.length !== sample.length) {
    const message = `the sequence ran ${ids.length} of ${sample.length} components`;
    return { ...record, outcome: 'error', error: { code: 'CHAIN', message } };
  }
  let waitTime = 0;
  let initTime = 0;
  const reasons: string[] = [];
  let verified = true;
  for (const id of ids) {
    const activation = await unit.target.activation!(id);
    const missing = { error: { code: 'NO_ACTIVATION', message: `component activation ${id} not found` } };
    const component = toInvocationRecord(
      { ...where, expect: sample.expect },
      { sentAt: result.sentAt, receivedAt: result.receivedAt, ...(activation ? { activation } : missing) },
    );
    if (component.outcome === 'error') return { ...record, outcome: 'error', error: component.error! };
    if (component.outcome === 'dropped') verified = false;
    waitTime += component.waitTimeMs ?? 0;
    initTime += component.initTimeMs ?? 0;
    if (component.timeResolution === 'ms') record.timeResolution = 'ms';
    reasons.push(component.start ?? 'unknown');
  }
  record.waitTimeMs = waitTime;
  if (sample.expect === 'cold') record.initTimeMs = initTime;
  record.coldStartMs = waitTime + initTime;
  record.start = verified ? sample.expect : 'unknown';
  record.startReason = `components: ${reasons.join(', ')}`;
  if (!verified) {
    record.outcome = 'dropped';
    record.startReason = `expected every component ${sample.expect}, came back ${reasons.join(', ')}`;
  }
  return record;
}
