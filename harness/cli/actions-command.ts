// `ow-eval actions …`: the benchmark actions (build, list).
import type { Command } from 'commander';

export function registerActions(program: Command): void {
  const actions = program.command('actions').description('build and list the benchmark actions (AssemblyScript wasm + JavaScript twins)');
  actions
    .command('build')
    .description('compile the wasm actions, package them as the fork expects, and print the module table')
    .option('--quiet', 'print nothing on success', false)
    .action(() => {
      throw new Error('actions build is not implemented yet');
    });
}
