// What `ow-eval run` does: load and validate the config, print the plan (--dry-run) or run it against the chosen
// target with a live progress line, then print the summary table and the results folder.
import { loadScenarioConfig } from '../../scenarios/config/load.js';
import type { ScenarioConfig } from '../../scenarios/config/schemas.js';
import { runnerFor } from './scenarios.js';
import { runScenario, type RunOutcome } from './run-scenario.js';
import { interruptOnSignals } from './interrupt.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatSummaryTable } from '../output/summary-table.js';
import { formatHeadline, formatNextStep } from '../output/run-epilogue.js';
import { formatNotes } from '../output/notes.js';
import { formatStartKinds } from '../output/start-kinds-table.js';
import { resultFiles } from '../../model/results/run-directory.js';
import { progressLine } from '../output/progress-line.js';
import { openRunUnits, planUnits, type TargetFlags } from './open-units.js';
import { actionCodeFor } from './action-code.js';

export interface RunFlags extends TargetFlags {
  set: string[];
  quick: boolean;
  seed?: number;
  dryRun: boolean;
  out: string;
}

export async function executeRun(scenario: string, flags: RunFlags): Promise<void> {
  const config: ScenarioConfig = loadScenarioConfig(scenario, {
    quick: flags.quick,
    set: flags.set,
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
  });
  const runner = runnerFor(config);
  const planned = await planUnits(config, flags);
  const plan = runner.plan(config, planned.units);
  if (flags.dryRun) {
    process.stdout.write(
      `${config.scenario}: ${plan.invocations} invocations, about ${plan.estimatedSeconds} s\n` +
        `target: ${planned.targetLabel}\n${planned.warnings.map((w: string) => `warning: ${w}\n`).join('')}` +
        plan.steps.map((s) => `  - ${s}\n`).join('') +
        `config:\n${JSON.stringify(config, null, 2)}\n`,
    );
    return;
  }
  for (const warning of planned.warnings) process.stderr.write(`WARNING: ${warning}\n`);

  const interrupt = interruptOnSignals();
  const progress = progressLine(process.stderr);
  try {
    const outcome = await runWithTarget(config, flags, planned.warnings, interrupt.signal, progress);
    const manifest = JSON.parse(readFileSync(path.join(outcome.dir, resultFiles.manifest), 'utf8')) as Record<
      string,
      unknown
    >;
    const run = { dir: path.basename(outcome.dir), records: outcome.records, notes: outcome.notes, manifest };
    process.stdout.write(`\n${formatHeadline(run, config.seed)}`);
    process.stdout.write(
      `\n${formatSummaryTable(outcome.summary, runner.headline, { codeCache: config.codeCache, levels: runner.levels })}`,
    );
    if (config.scenario === 'coldstart') process.stdout.write(`\n${formatStartKinds(outcome.records)}`);
    process.stdout.write(formatNotes(outcome.notes));
    process.stdout.write(
      `\n${outcome.status}: ${outcome.records.length} invocations recorded\nresults: ${outcome.dir}\n` +
        (outcome.records.some((r) => r.outcome === 'ok') ? formatNextStep(outcome.dir) : ''),
    );
    if (outcome.error) throw outcome.error;
    if (outcome.status === 'interrupted') process.exitCode = 130;
  } finally {
    interrupt.dispose();
  }
}

/** One scenario run against the flags' target, with the progress line; shared by `run` and `reproduce`. */
export async function runWithTarget(
  config: ScenarioConfig,
  flags: TargetFlags & { out: string },
  warnings: string[],
  signal: AbortSignal,
  progress: ReturnType<typeof progressLine>,
): Promise<RunOutcome> {
  try {
    return await runScenario(config, runnerFor(config), {
      outRoot: flags.out,
      openUnits: () => openRunUnits(config, flags),
      actionCode: actionCodeFor,
      onProgress: (p) => progress.update(p),
      signal,
      notComparableBecause: warnings,
    });
  } finally {
    progress.end();
  }
}
