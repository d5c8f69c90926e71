// What a route handler returns (never throws): a status, the JSON text of the body and, for a failure, its code. One
// adapter in server.ts writes it to HTTP, with the engine header and the code in the error-code header.
import { type Failure, type FailureCode, ExecutorError, httpStatusFor } from './errors.js';

export interface Reply {
  status: number;
  /** JSON text. */
  body: string;
  /** Extra response headers (the code header of an /init). */
  headers?: Record<string, string>;
  /** The failure's code, sent as the `x-ow-eval-error` header so a caller branches on it, never on the message. */
  code?: FailureCode;
}

/** On a successful /init: `compiled` or `cached`, so a platform can record whether a cold start compiled. */
export const CODE_HEADER = 'x-ow-eval-code';

/** On a run that reached the module: `fresh` or `reused` (an instance restored to its state after instantiation). */
export const INSTANCE_HEADER = 'x-ow-eval-instance';

export function jsonReply(status: number, body: unknown): Reply {
  return { status, body: JSON.stringify(body) };
}

export function errorReply(status: number, message: string, code?: FailureCode): Reply {
  return { ...jsonReply(status, { error: message }), ...(code === undefined ? {} : { code }) };
}

/** A failure in the fork protocol's shape: its status (protocol/fork.ts), {"error": message} and its code. */
export function failureReply(failure: Failure): Reply {
  return errorReply(httpStatusFor(failure.code), failure.message, failure.code);
}

/** Turns what a handler threw into a reply; anything that is not an ExecutorError is an executor fault (500). */
export function caught(error: unknown): Reply {
  if (error instanceof ExecutorError) return failureReply({ code: error.code, message: error.message });
  return errorReply(500, `Internal executor error: ${(error as Error)?.message ?? String(error)}`, 'ERR_INTERNAL');
}
