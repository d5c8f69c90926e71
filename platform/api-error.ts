// Client errors of the API in OpenWhisk's own words (docs/openwhisk-protocols.md §1.2). Route code throws ApiError;
import { OwEvalError } from '../errors/ow-eval-error.js';
// the server turns it into `{"error": message, "code": <transaction id>}` with the status, and keeps serving.

export class ApiError extends OwEvalError {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    // The status is the stable part (the API's clients branch on it); the code names it for logs and tests.
    super(`ERR_API_${status}`, message);
  }
}

export const messages = {
  notFound: 'The requested resource does not exist.',
  unauthenticated: 'The supplied authentication is invalid.',
  notAuthorized: 'The supplied authentication is not authorized to access this resource.',
  exists: 'resource already exists',
  malformed: 'The request content was malformed.',
  methodNotAllowed: 'The requested method is not allowed.',
  badTimeout: 'Timeout must be number of milliseconds up to 60000.',
  reservedParams: 'Request defines parameters that are not allowed (e.g., reserved properties).',
  docsWithCount: "The parameter 'docs' is not permitted with 'count'.",
  provisionFailed: 'Failed to provision resources to run the action.',
  initExited: 'The action did not initialize and exited unexpectedly.',
  runExited: 'The action did not produce a valid response and exited unexpectedly.',
  memoryExhausted: 'The action exhausted its memory and was aborted.',
  tooManyPerMinute: (count: number, allowed: number) =>
    `Too many requests in the last minute (count: ${count}, allowed: ${allowed}).`,
  tooManyConcurrent: (count: number, allowed: number) =>
    `Too many concurrent requests in flight (count: ${count}, allowed: ${allowed}).`,
  entityTooBig: (size: number, limit: number) =>
    `The request content was ${size} bytes exceeding the allowed limit of ${limit} bytes.`,
  listLimit: (value: string, collection: string) =>
    `The value '${value}' is not in the range of 0 to 200 for ${collection}.`,
  listSkip: (value: string, collection: string) =>
    `The value '${value}' is not greater than or equal to 0 for ${collection}.`,
  unsupportedKind: (kind: string, valid: readonly string[]) =>
    `The specified runtime '${kind}' is not supported by this platform. Valid values are: '${valid.join("', '")}'.`,
  timedOut: (ms: number) => `The action exceeded its time limits of ${ms} milliseconds.`,
  timedOutInit: (ms: number) => `The action exceeded its time limits of ${ms} milliseconds during initialization.`,
  notJson: (body: string) => `The action did not produce a valid JSON or JSON Array response: ${body}`,
  initFailed: (body: string) => `The action failed during initialization: ${body}`,
} as const;
