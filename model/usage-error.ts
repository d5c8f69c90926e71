// The error every layer may throw for input the user can fix (a flag value, a folder that is not a run) when no more
// specific error class fits. It lives in the data model, at the bottom of the layers, so that runners and reports can
// throw it without importing the CLI; like every user-fixable OwEvalError, the CLI maps it to exit code 2.
import { OwEvalError } from '../errors/ow-eval-error.js';

/** Bad input the user can fix: the CLI prints the message and exits 2. */
export class UsageError extends OwEvalError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, { ...options, userFixable: true });
  }
}
