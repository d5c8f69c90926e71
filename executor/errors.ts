// The executor's failures, as data: a code, a message in OpenWhisk's words, and the HTTP status the fork protocol
// answers with (see protocol/fork.ts). Failures that cross a worker thread travel as { code, message }.

export type FailureCode =
  | 'ERR_BAD_REQUEST' // malformed body or field: 400
  | 'ERR_NOT_FOUND' // unknown container or route: 404
  | 'ERR_METHOD' // not POST: 405
  | 'ERR_BUSY' // concurrent init, or run during init: 409
  | 'ERR_TOO_LARGE' // body over the limit: 413
  | 'ERR_BAD_CODE' // the action's code is not a usable module: 502
  | 'ERR_PRECOMPILED' // the code is another engine's precompiled artifact (wow's wasmtime/wasmer/WAMR zips): 502
  | 'ERR_TRAP' // the instance trapped or exited unexpectedly: 502
  | 'ERR_TIMEOUT' // deadline reached: 502
  | 'ERR_MEMORY' // memory limit reached: 502
  | 'ERR_BAD_RESULT' // no valid result: 502
  | 'ERR_INTERNAL'; // executor fault: 500

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
export class ExecutorError extends Error {
  override readonly name = 'ExecutorError';
  constructor(readonly code: FailureCode, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export function failure(code: FailureCode, message: string): Failure {
  return { code, message };
}

// OpenWhisk's own messages (openwhisk.md §1.6).
export const messages = {
  timeout: (ms: number): string => `The action exceeded its time limits of ${ms} milliseconds.`,
  memory: 'The action exhausted its memory and was aborted.',
  exitedUnexpectedly: 'The action did not produce a valid response and exited unexpectedly.',
  tooLarge: (size: number, limit: number): string =>
    `The action produced a response that exceeded the allowed length: ${size} > ${limit} bytes.`,
};
