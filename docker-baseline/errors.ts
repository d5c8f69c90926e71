// Errors of the baseline's own machinery (Docker unreachable, image missing, a container that never came up).
// Outcomes of an activation (timeout, memory, crash) are not errors: they come back in RuntimeCall.error.
export type BaselineErrorCode =
  'ERR_DOCKER_UNAVAILABLE' | 'ERR_IMAGE_MISSING' | 'ERR_IMAGE_BUILD' | 'ERR_CONTAINER_START' | 'ERR_CONFIG';
import { OwEvalError, type OwEvalErrorOptions } from '../errors/ow-eval-error.js';

export class BaselineError extends OwEvalError {
  declare readonly code: BaselineErrorCode;
  constructor(code: BaselineErrorCode, message: string, options?: OwEvalErrorOptions) {
    super(code, message, options);
  }
}
