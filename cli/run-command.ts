// `ow-eval run <scenario>`: the flags; the work is loaded only when the command runs, so `--help` stays fast.
import { type Command } from 'commander';
import { integerOption } from './cli-support.js';
import { scenarioNames } from '../scenarios/config/schemas.js';
import type { RunFlags } from '../experiment/runner/execute-run.js';
import { withTargetOptions } from './target-options.js';

export function registerRun(program: Command): void {
  const command = program
    .command('run')
    .description('run a scenario and write results/<UTC timestamp>-<scenario>/')
    .argument('<scenario>', `${scenarioNames.join(' | ')}, or the path of a config file`)
    .option(
      '--set <key=value>',
      'override one config field (repeatable): --set repetitions=5, --set runtimes=wasm,docker, ' +
        '--set params.hash.iterations=200 (dotted keys reach nested fields; JSON values work too)',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option('--quick', 'a short smoke version of the scenario', false)
    .option('--seed <n>', 'fix every random choice', integerOption(0, Number.MAX_SAFE_INTEGER))
    .option('--dry-run', 'validate the config and print the plan, run nothing', false)
    .option('--out <dir>', 'folder that receives the run folder', 'results');
  withTargetOptions(command).action(async (scenario: string, flags: RunFlags) => {
    const { executeRun } = await import('../experiment/runner/execute-run.js');
    await executeRun(scenario, flags);
  });
}
