// The cold-start procedure that coldstart and snapshot share: deploy maxConcurrency copies of one action per unit,
// then for i in 1..maxConcurrency, R times, per unit in rotating order: drain every unit's containers, give each
// chosen copy fresh bytes (unless the code cache is on or the unit must keep its bytes), and fire i truly concurrent
// blocking invocations of i distinct copies. Runtimes are interleaved within each repetition so that drift hits all
// of them alike.
import type { InvocationRecord } from '../../model/results/records.js';
import type { ColdstartConfig, SnapshotConfig } from '../../scenarios/config/schemas.js';
import { deployAction, unitFields } from './deploy-helpers.js';
import { toInvocationRecord } from './invocation-record.js';
import type { RuntimeUnit, ScenarioContext } from './scenario.js';

export interface ColdRoundsOptions {
  scenario: 'coldstart' | 'snapshot';
  /** How a unit deploys its copies: a module variant, or `sameBytes` for a unit that must keep its one source. */
  deployOptions?: (unit: RuntimeUnit) => { variant?: string; sameBytes?: boolean };
  /** Awaited after the drain, before a unit's round: untimed. */
  beforeRound?: (unit: RuntimeUnit) => Promise<void>;
  /** What start a unit's samples must be to be kept. @default 'cold' */
  expect?: (unit: RuntimeUnit) => 'cold' | 'init';
  /** Called with every record, after it was recorded. */
  onRecord?: (record: Omit<InvocationRecord, 'seq'>) => void;
}

/** Invocations of one unit over its rounds: levels 1..maxConcurrency fire 1 + 2 + … + maxConcurrency, each repeated. */
export function coldRoundsInvocations(maxConcurrency: number, repetitions: number): number {
  return ((maxConcurrency * (maxConcurrency + 1)) / 2) * repetitions;
}

export async function runColdRounds(
  context: ScenarioContext<ColdstartConfig> | ScenarioContext<SnapshotConfig>,
  options: ColdRoundsOptions,
): Promise<void> {
  const { config, units, signal } = context;
  const deployOptions = options.deployOptions ?? ((): { variant?: string; sameBytes?: boolean } => ({}));
  const names = new Map<RuntimeUnit, string[]>();
  for (const unit of units) {
    const unitNames: string[] = [];
    for (let i = 1; i <= config.maxConcurrency; i++)
      unitNames.push(await deployAction(context, unit, config.action, { suffix: `-${i}`, ...deployOptions(unit) }));
    names.set(unit, unitNames);
  }
  for (let level = 1; level <= config.maxConcurrency; level++) {
    for (let repetition = 1; repetition <= config.repetitions; repetition++) {
      for (const unit of rotate(units, repetition + level)) {
        if (signal.aborted) return;
        const all = names.get(unit)!;
        // Every unit's containers go, not only this unit's: runtimes can share one platform's memory, and a
        // leftover container of another runtime would turn this round's cold starts into evictions.
        await Promise.all(units.map((u) => u.target.ensureNoContainers(names.get(u)!)));
        if (signal.aborted) return;
        await options.beforeRound?.(unit);
        const chosen = all.slice(0, level);
        const deploy = deployOptions(unit);
        if (!config.codeCache && deploy.sameBytes !== true) {
          // Fresh bytes for each cold start, not only each copy: a copy's earlier module may still be alive in
          // the executor's process, and V8 shares compiled code between modules with identical bytes.
          await Promise.all(
            chosen.map((_, i) =>
              deployAction(context, unit, config.action, {
                suffix: `-${i + 1}`,
                nonce: `${all[i]!}@${level}.${repetition}`,
                ...deploy,
              }),
            ),
          );
        }
        // All requests leave in the same tick: a start barrier for truly concurrent cold starts.
        const results = await Promise.all(chosen.map((name) => unit.target.invoke(name, config.params)));
        results.forEach((result, i) => {
          const record = toInvocationRecord(
            {
              scenario: options.scenario,
              ...unitFields(unit),
              action: config.action,
              actionName: chosen[i]!,
              level,
              repetition,
              expect: options.expect?.(unit) ?? 'cold',
            },
            result,
          );
          context.record(record);
          options.onRecord?.(record);
        });
      }
    }
  }
}

export function rotate<T>(items: readonly T[], by: number): T[] {
  if (items.length === 0) return [];
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
