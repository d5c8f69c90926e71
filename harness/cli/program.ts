// Builds the `ow-eval` command tree. Kept apart from main.ts so tests can parse argv without exiting the process.
import { Command } from 'commander';
import { registerPendingCommands } from './pending-commands.js';
import { registerActions } from './actions-command.js';
import { readPackageVersion } from './package-info.js';

export function buildProgram(): Command {
  const program = new Command('ow-eval')
    .description('Measure OpenWhisk cold starts and load behaviour: WebAssembly actions vs Docker containers.')
    .version(readPackageVersion(), '-V, --version', 'print the ow-eval version')
    .showHelpAfterError('(run `ow-eval --help` for the list of commands)')
    .showSuggestionAfterError(true)
    .exitOverride();
  // Registered with program.command(...) inside each register function, so every subcommand
  // inherits exitOverride and the error output settings (commander copies them at creation).
  registerActions(program);
  registerPendingCommands(program);
  return program;
}
