// `ow-eval actions …`: the benchmark actions (build, list). The work is in scenarios/actions/.
// The modules are imported when a subcommand runs, so `ow-eval --help` does not load the build code.
import type { Command } from 'commander';

interface BuildFlags {
  quiet: boolean;
  force: boolean;
}

export function registerActions(program: Command): void {
  const actions = program
    .command('actions')
    .description('build and list the benchmark actions (AssemblyScript wasm + JavaScript twins)');
  actions
    .command('build')
    .description('compile the wasm actions, package them as the fork expects, and print the module table')
    .option('--quiet', 'print nothing on success', false)
    .option('--force', 'recompile every module even when it is up to date', false)
    .action(async (flags: BuildFlags) => {
      const { buildActions } = await import('../scenarios/actions/build.js');
      const { formatModuleTable } = await import('../scenarios/actions/module-table.js');
      const report = await buildActions({ force: flags.force });
      if (!flags.quiet) process.stdout.write(formatModuleTable(report));
    });
  actions
    .command('list')
    .description('list the actions: what each does, its params, and the paths of its built forms')
    .option('--json', 'print the catalog as JSON', false)
    .action(async (flags: { json: boolean }) => {
      const { formatActionList } = await import('../scenarios/actions/action-list.js');
      process.stdout.write(formatActionList(flags.json));
    });
}
