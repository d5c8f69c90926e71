// What `ow-eval run` does: load and validate the config, print the plan (--dry-run) or run it against the chosen
// target with a live progress line, then print the summary table and the results folder.
import { loadScenarioConfig, ScenarioConfigError } from '../../scenarios/config/load.js';
import type { ScenarioConfig } from '../../scenarios/config/schemas.js';
import { runnerFor } from './scenarios.js';
import { runScenario } from './run-scenario.js';
import { formatSummaryTable } from '../output/summary-table.js';
import { progressLine } from '../output/progress-line.js';
import { UsageError } from '../cli/exit-code.js';
import { openRunUnits, planUnits, type TargetFlags } from './open-units.js';
import { actionCodeFor } from './action-code.js';

export interface RunFlags extends TargetFlags { set: string[]; quick: boolean; seed?: number; dryRun: boolean; out: string }

export async function executeRun(scenario: string, flags: RunFlags): Promise<void> {
  let config: ScenarioConfig;
  try {
    config = loadScenarioConfig(scenario, { quick: flags.quick, set: flags.set, ...(flags.seed !== undefined ? { seed: flags.seed } : {}) });
  } catch (error) {
    if (error instanceof ScenarioConfigError) throw new UsageError(error.message);
    throw error;
  }
  const runner = runnerFor(config);
  const planned = await planUnits(config, flags);
  const plan = runner.plan(config, planned.units);
  if (flags.dryRun) {
    process.stdout.write(`${config.scenario}: ${plan.invocations} invocations, about ${plan.estimatedSeconds} s\n` +
      `target: ${planned.targetLabel}\n${planned.warnings.map((w: string) => `warning: ${w}\n`).join('')}` +
      plan.steps.map((s) => `  - ${s}\n`).join('') + `config:\n${JSON.stringify(config, null, 2)}\n`);
    return;
  }
  for (const warning of planned.warnings) process.stderr.write(`WARNING: ${warning}\n`);

  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\ninterrupted: finishing the invocations in flight, writing what was measured, removing containers (Ctrl-C again to force)\n');
      controller.abort();
    } else process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const progress = progressLine(process.stderr);
  try {
    const outcome = await runScenario(config, runner, {
      outRoot: flags.out,
      openUnits: () => openRunUnits(config, flags),
      actionCode: actionCodeFor,
      onProgress: (p) => progress.update(p),
      signal: controller.signal,
      notComparableBecause: planned.warnings,
    });
    progress.end();
    process.stdout.write(`\n${formatSummaryTable(outcome.summary, runner.headline)}`);
    if (Object.keys(outcome.notes).length > 0) process.stdout.write(`measurements: ${JSON.stringify(outcome.notes)}\n`);
    process.stdout.write(`\n${outcome.status}: ${outcome.records.length} invocations recorded\nresults: ${outcome.dir}\n`);
    if (outcome.error) throw outcome.error;
    if (outcome.status === 'interrupted') process.exitCode = 130;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
