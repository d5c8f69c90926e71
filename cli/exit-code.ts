// Maps whatever ended a command to the process exit code: 0 help/version, 2 input or configuration the user can fix
// (commander's own usage errors and every OwEvalError marked userFixable), 1 anything else. The only place in ow-eval
// that turns errors into exit codes.
import { CommanderError } from 'commander';
import { OwEvalError } from '../errors/ow-eval-error.js';

export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
    )
      return 0;
    return 2; // commander already printed the message
  }
  if (error instanceof OwEvalError && error.userFixable) return 2;
  return 1;
}

/** The one line printed for an error that commander did not print itself. */
export function describeError(error: unknown): string | undefined {
  if (error instanceof CommanderError) return undefined;
  if (error instanceof Error) return `ow-eval: ${error.message}`;
  return `ow-eval: ${String(error)}`;
}
