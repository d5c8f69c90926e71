// The WebAssembly OpenWhisk fork's external-executor protocol (docs/openwhisk-protocols.md §6.2), as this executor serves it.
// Types only: the platform imports this file with `import type`, so it leaves nothing at run time.
//
//   POST /:containerId/init     body InitRequest              → 200 {"OK":true}        | ForkFailure
//   POST /:containerId/run      body RunRequest               → 200 RunReply            | ForkFailure
//   POST /:containerId/destroy  body: the container id as text (or empty) → 200 {"OK":true} | ForkFailure
//
// Every response carries the header `x-ow-eval-engine: tiered|liftoff|turbofan` (the V8 wasm strategy that served it).
//
// ForkFailure: an executor-level failure, never a 2xx, with body {"error": "<message>"} (wow's shape, unchanged) and
// the header `x-ow-eval-error: <ForkErrorCode>` (ow-eval extension): callers branch on the code, the message is for
// people and may be reworded. The platform records it as an "action developer error" (as OpenWhisk does for any
// non-200 from a container). Status codes:
//   400  the request itself is malformed: not JSON, a missing or wrong-typed field (`deadline` must be a string of
//        digits), `code` not base64, a destroy body naming another container
//   404  unknown container (never initialised, or destroyed), or an unknown route
//   405  a method other than POST
//   409  an init of this id is already in flight, or a run arrived while its init is still in flight
//   413  the body is larger than the limit (48 MiB)
//   502  the action failed: its code is not a usable module (bad zip, not wasm, fits no ABI, unknown imports),
//        it trapped, exited unexpectedly, exceeded its time limit ("The action exceeded its time limits of N
//        milliseconds."), exhausted its memory ("The action exhausted its memory and was aborted."), or produced
//        no valid result
//   500  a fault of the executor itself
// A successful run and an application error (the guest returned Err / a top-level "error") are both 200 RunReply,
// exactly as wow answers.

/** `value` of an init body: the standard OpenWhisk init fields plus the fork's `annotations`. */
export interface InitValue {
  name?: string;
  main?: string;
  /** base64 of a zip whose first entry is the module, or base64 of the raw module (magic `\0asm`). */
  code: string;
  binary?: boolean;
  env?: Record<string, string>;
  annotations?: InitAnnotations;
  /** Not sent by the fork; accepted so the platform can pass the action's limits (memory in MB). */
  limits?: { memory?: number };
}

export interface InitAnnotations {
  /** A host directory the module may use (created if missing, preopened at the same path). */
  dir?: string;
  /** Links the `http.get` import (the fork's fake network call). Must be a JSON boolean. */
  net_access?: boolean;
  /** Memory limit in MB for the instance's linear memory (ow-eval extension): at most limits.memory when that is given; else 256 by default. */
  memory?: number;
  [other: string]: unknown;
}

export interface InitRequest {
  value: InitValue;
}

export interface RunRequest {
  value: unknown;
  namespace?: string;
  action_name?: string;
  action_version?: string;
  api_host?: string;
  api_key?: string;
  activation_id?: string;
  transaction_id?: string;
  /** Epoch milliseconds, as a string of digits. Required. */
  deadline: string;
}

/** 200 reply of /run: wow's ActivationResponse. */
export type RunReply =
  | { status: 'success'; status_code: 0; success: true; result: unknown; logs?: ActivationLogs }
  | { status: 'application error'; status_code: 1; success: false; result: unknown; logs?: ActivationLogs };

/**
 * ow-eval extension: a run request with header `x-ow-eval-logs: true` gets the activation's captured output in
 * `logs` (absent otherwise, so the default reply is byte-for-byte wow's).
 */
export interface ActivationLogs {
  stdout: string;
  stderr: string;
}

export interface ForkFailure {
  error: string;
}

/** The `x-ow-eval-error` header of a ForkFailure (executor/errors.ts maps each to its status). */
export type ForkErrorCode =
  | 'ERR_BAD_REQUEST' // malformed body or field: 400
  | 'ERR_UNAUTHORIZED' // the executor was started with a secret and the request does not carry it: 401
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
