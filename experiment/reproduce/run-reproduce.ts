// `ow-eval reproduce`: the thesis's experiment set, run one after the other against the chosen target, then the
// claims table (terminal, claims.json, claims.md) in `<out>/<UTC timestamp>-reproduce/`. A claim that does not hold
// is a finding, reported plainly; only a broken pipeline (or a claim the caller requires) fails the command.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { loadScenarioConfig } from '../../scenarios/config/load.js';
import { readRecords, runTimestamp } from '../../model/results/run-directory.js';
import { planUnits, type TargetFlags } from '../runner/open-units.js';
import { runWithTarget } from '../runner/execute-run.js';
import { interruptOnSignals } from '../runner/interrupt.js';
import { progressLine } from '../output/progress-line.js';
import { formatClaimsMarkdown, formatClaimsTable } from '../../model/claims/claims-table.js';
import { computeClaims, type ClaimInputs, type ClaimRow, type RunData } from '../../model/claims/claims.js';
import { runnerFor } from '../runner/scenarios.js';
import { describeExperiment, experiments, settingsOf } from './experiments.js';

export interface ReproduceFlags extends TargetFlags {
  quick: boolean;
  out: string;
  seed?: number;
  require: string[];
  /** Print each experiment's plan and the overall estimate, run nothing. */
  dryRun?: boolean;
}

export interface ReproduceOutcome {
  dir: string;
  claims: ClaimRow[];
  runs: Array<{ key: string; scenario: string; dir: string; status: string }>;
  failed: boolean;
}

const isRemote = (flags: TargetFlags): boolean => flags.apihost !== undefined || flags.remote === true;

/** Each experiment's resolved config and plan: what --dry-run prints, and the overall ETA of a real run. */
async function planAll(flags: ReproduceFlags) {
  const plans = [];
  for (const experiment of experiments) {
    const config = loadScenarioConfig(experiment.scenario, {
      set: settingsOf(experiment, { quick: flags.quick, remote: isRemote(flags) }),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    });
    const planned = await planUnits(config, flags);
    plans.push({ experiment, config, planned, plan: runnerFor(config).plan(config, planned.units) });
  }
  return plans;
}

/** `reproduce --dry-run`: the experiments as they would run, with their estimates and the total. */
export async function planReproduce(flags: ReproduceFlags): Promise<string> {
  const plans = await planAll(flags);
  const total = plans.reduce((sum, p) => sum + p.plan.estimatedSeconds, 0);
  return (
    plans
      .map(
        (p, i) =>
          `[${i + 1}/${plans.length}] ${describeExperiment(p.experiment, p.config)}: ` +
          `${p.plan.invocations} invocations, about ${Math.round(p.plan.estimatedSeconds)} s`,
      )
      .join('\n') + `\ntotal: about ${formatDuration(total)} (${flags.quick ? '--quick' : 'the full set'})\n`
  );
}

function formatDuration(seconds: number): string {
  return seconds < 120 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
}

export async function reproduce(flags: ReproduceFlags): Promise<ReproduceOutcome> {
  const startedAt = new Date();
  const plans = await planAll(flags);
  let remaining = plans.reduce((sum, p) => sum + p.plan.estimatedSeconds, 0);
  process.stderr.write(`${plans.length} experiments, about ${formatDuration(remaining)} in all (estimate)\n`);
  const interrupt = interruptOnSignals();
  const inputs: ClaimInputs = {};
  const runs: ReproduceOutcome['runs'] = [];
  let failed = false;
  try {
    for (const [i, experiment] of experiments.entries()) {
      if (interrupt.signal.aborted) break;
      const config = loadScenarioConfig(experiment.scenario, {
        set: settingsOf(experiment, { quick: flags.quick, remote: isRemote(flags) }),
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      });
      const planned = await planUnits(config, flags);
      process.stderr.write(
        `\n[${i + 1}/${experiments.length}] ${describeExperiment(experiment, config)} ` +
          `(about ${formatDuration(remaining)} left in all)\n`,
      );
      remaining -= plans[i]!.plan.estimatedSeconds;
      for (const warning of planned.warnings) process.stderr.write(`WARNING: ${warning}\n`);
      const outcome = await runWithTarget(
        config,
        flags,
        planned.warnings,
        interrupt.signal,
        progressLine(process.stderr),
      );
      runs.push({ key: experiment.key, scenario: experiment.scenario, dir: outcome.dir, status: outcome.status });
      if (outcome.status === 'failed') {
        failed = true;
        process.stderr.write(`the ${experiment.key} run failed: ${outcome.error?.message ?? 'unknown error'}\n`);
        continue;
      }
      inputs[experiment.key] = readRunData(outcome.dir);
    }
  } finally {
    interrupt.dispose();
  }
  const claims = computeClaims(inputs, flags.seed ?? 1);
  const dir = path.join(path.resolve(flags.out), `${runTimestamp(startedAt)}-reproduce`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'claims.json'),
    JSON.stringify(
      {
        quick: flags.quick,
        startedAt: startedAt.toISOString(),
        endedAt: new Date().toISOString(),
        status: interrupt.signal.aborted ? 'interrupted' : failed ? 'failed' : 'finished',
        runs,
        claims,
      },
      null,
      2,
    ) + '\n',
  );
  writeFileSync(path.join(dir, 'claims.md'), formatClaimsMarkdown(claims));
  process.stdout.write(`\n${formatClaimsTable(claims)}`);
  return { dir, claims, runs, failed: failed || interrupt.signal.aborted };
}

export function readRunData(dir: string): RunData {
  const read = (file: string): string => readFileSync(path.join(dir, file), 'utf8');
  return {
    dir,
    records: readRecords(dir),
    notes: existsSync(path.join(dir, 'measurements.json'))
      ? (JSON.parse(read('measurements.json')) as RunData['notes'])
      : {},
    manifest: JSON.parse(read('manifest.json')) as RunData['manifest'],
  };
}
