// Builds the `ow-eval` command tree. Kept apart from main.ts so tests can parse argv without exiting the process.
import { Command } from 'commander';
import { registerActions } from './actions-command.js';
import { registerExecutor } from './executor-command.js';
import { registerBaseline } from './baseline-command.js';
import { registerCleanup } from './cleanup-command.js';
import { registerPlatform } from './platform-command.js';
import { registerRun } from './run-command.js';
import { registerReproduce } from './reproduce-command.js';
import { registerReport } from './report-command.js';
import { registerCompare } from './compare-command.js';
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
  registerExecutor(program);
  registerPlatform(program);
  registerBaseline(program);
  registerCleanup(program);
  registerRun(program);
  registerReproduce(program);
  registerReport(program);
  registerCompare(program);
  return program;
}
