// The executor's failures, as data: a code, a message in OpenWhisk's words, and the HTTP status the fork protocol
// answers with (see protocol/fork.ts). Failures that cross a worker thread travel as { code, message }; failures
// that cross HTTP carry the code in the `x-ow-eval-error` header.
import type { ForkErrorCode } from './protocol/fork.js';
import { OwEvalError, type OwEvalErrorOptions } from '../errors/ow-eval-error.js';

/** The codes are part of the protocol (protocol/fork.ts), so callers outside the executor can branch on them. */
export type FailureCode = ForkErrorCode;

export interface Failure {
  code: FailureCode;
  message: string;
}

const statusOf: Record<FailureCode, number> = {
  ERR_BAD_REQUEST: 400,
  ERR_NOT_FOUND: 404,
  ERR_METHOD: 405,
  ERR_BUSY: 409,
  ERR_TOO_LARGE: 413,
  ERR_BAD_CODE: 502,
  ERR_PRECOMPILED: 502,
  ERR_TRAP: 502,
  ERR_TIMEOUT: 502,
  ERR_MEMORY: 502,
  ERR_BAD_RESULT: 502,
  ERR_INTERNAL: 500,
};

export function httpStatusFor(code: FailureCode): number {
  return statusOf[code];
}

/** Thrown inside the executor's own code paths (parsing, loading) and turned into a reply by the server. */
export class ExecutorError extends OwEvalError {
  declare readonly code: FailureCode;
  constructor(code: FailureCode, message: string, options?: OwEvalErrorOptions) {
    super(code, message, options);
  }
}

export function failure(code: FailureCode, message: string): Failure {
  return { code, message };
}

// OpenWhisk's own messages (docs/openwhisk-protocols.md §1.6).
export const messages = {
  timeout: (ms: number): string => `The action exceeded its time limits of ${ms} milliseconds.`,
  memory: 'The action exhausted its memory and was aborted.',
  exitedUnexpectedly: 'The action did not produce a valid response and exited unexpectedly.',
  tooLarge: (size: number, limit: number): string =>
    `The action produced a response that exceeded the allowed length: ${size} > ${limit} bytes.`,
};
