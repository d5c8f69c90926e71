// The platform's records as OpenWhisk's REST API shows them (docs/openwhisk.md §1.3, §1.6), declared once.
// Routes build them, stores keep them, and the harness reads them through the `openwhisk` client.

export interface KeyValue { key: string; value: unknown; init?: boolean }

export interface ActionLimits { timeout: number; memory: number; logs: number; concurrency: number }

/** `image` only for kind blackbox (then `code` may be empty: the image brings its own). */
export interface ActionExec { kind: string; code: string; binary: boolean; main?: string; image?: string }

/** An action as stored; `fingerprint` identifies "structurally equal" actions for warm reuse (revision ignored). */
export interface ActionEntity {
  namespace: string;
  name: string;
  exec: ActionExec;
  parameters: KeyValue[];
  annotations: KeyValue[];
  limits: ActionLimits;
  version: string;
  publish: boolean;
  updated: number;
  fingerprint: string;
}

/** The four strings of ActivationResult (§1.6), in statusCode order. */
export const activationStatuses = ['success', 'application error', 'action developer error', 'whisk internal error'] as const;
export type ActivationStatus = (typeof activationStatuses)[number];

export interface ActivationResponse { result?: unknown; size?: number; status: ActivationStatus; success: boolean }

export type StartKind = 'cold' | 'prewarm' | 'warm' | 'recreated';

/** The extra `ow-eval` annotation: what the pool did, so cold starts are verified rather than inferred from latency. */
export interface OwEvalAnnotation {
  containerId: string;
  startKind: StartKind;
  /** Who runs the kind: `executor` (wasm), `docker` or `node-process` (nodejs), or `fake` in tests. */
  runtime: string;
  /** Per-phase wall times in ms with µs resolution (the OpenWhisk annotations are whole ms). */
  phases: { queueMs: number; createMs?: number; unpauseMs?: number; initMs?: number; runMs: number };
  /** Response header of the executor naming the V8 tier, when the runtime reports one. */
  engine?: string;
  /** On a cold start of wasm: whether the executor compiled the module or served it from its code cache. */
  code?: 'compiled' | 'cached';
}

export interface ActivationRecord {
  namespace: string;
  name: string;
  subject: string;
  activationId: string;
  start: number;
  end: number;
  duration: number;
  response: ActivationResponse;
  logs: string[];
  version: string;
  publish: boolean;
  annotations: KeyValue[];
}
