// The platform's records as OpenWhisk's REST API shows them (docs/openwhisk-protocols.md §1.3, §1.6), declared once.
// Routes build them, stores keep them, and the harness reads them through the `openwhisk` client.

export interface KeyValue {
  key: string;
  value: unknown;
  init?: boolean;
}

export interface ActionLimits {
  timeout: number;
  memory: number;
  logs: number;
  concurrency: number;
}

/**
 * The exec of an action that runs code in a container. `image` only for kind blackbox (then `code` may be empty:
 * the image brings its own).
 */
export interface CodeExec {
  kind: string;
  code: string;
  binary: boolean;
  main?: string;
  image?: string;
}

/** The exec of a sequence: fully qualified component names, each with its leading slash (`/ns[/pkg]/name`). */
export interface SequenceExec {
  kind: 'sequence';
  components: string[];
}

export type ActionExec = CodeExec | SequenceExec;

export function isSequence(exec: ActionExec): exec is SequenceExec {
  return exec.kind === 'sequence';
}

/**
 * An action as stored; `fingerprint` identifies "structurally equal" actions for warm reuse (revision ignored).
 * `namespace` is the entity path as OpenWhisk writes it: `guest` in the default package, `guest/pkg` in a package.
 */
export interface ActionEntity<E extends ActionExec = ActionExec> {
  namespace: string;
  name: string;
  exec: E;
  parameters: KeyValue[];
  annotations: KeyValue[];
  limits: ActionLimits;
  version: string;
  publish: boolean;
  updated: number;
  fingerprint: string;
}

/** An action that runs code (not a sequence): what the invoker and the pool take. */
export type CodeAction = ActionEntity<CodeExec>;

export function isSequenceAction(action: ActionEntity): action is ActionEntity<SequenceExec> {
  return action.exec.kind === 'sequence';
}

/** A package or a package binding (WhiskPackage): `binding` names the bound package, absent for a package. */
export interface PackageEntity {
  namespace: string;
  name: string;
  binding?: { namespace: string; name: string };
  parameters: KeyValue[];
  annotations: KeyValue[];
  version: string;
  publish: boolean;
  updated: number;
}

/** The four strings of ActivationResult (§1.6), in statusCode order. */
export const activationStatuses = [
  'success',
  'application error',
  'action developer error',
  'whisk internal error',
] as const;
export type ActivationStatus = (typeof activationStatuses)[number];

export interface ActivationResponse {
  result?: unknown;
  size?: number;
  status: ActivationStatus;
  success: boolean;
}

export type PoolStartKind = 'cold' | 'prewarm' | 'warm' | 'recreated';

/** The extra `ow-eval` annotation: what the pool did, so cold starts are verified rather than inferred from latency. */
export interface OwEvalAnnotation {
  containerId: string;
  startKind: PoolStartKind;
  /** Who runs the kind: `executor` (wasm), `docker` or `node-process` (nodejs), or `fake` in tests. */
  runtime: string;
  /** Per-phase wall times in ms with µs resolution (the OpenWhisk annotations are whole ms). */
  phases: { queueMs: number; createMs?: number; unpauseMs?: number; initMs?: number; runMs: number };
  /** Response header of the executor naming the V8 tier, when the runtime reports one. */
  engine?: string;
  /** Restarts of the runtime process so far (the wasm executor the platform supervises); absent when it has none. */
  restarts?: number;
  /** On a cold start of wasm: whether the executor compiled the module or served it from its code cache. */
  code?: 'compiled' | 'cached';
}

export interface ActivationRecord {
  namespace: string;
  name: string;
  subject: string;
  activationId: string;
  /** The enclosing sequence's activation id, for the components of a sequence and for inner sequences. */
  cause?: string;
  start: number;
  end: number;
  duration: number;
  response: ActivationResponse;
  logs: string[];
  version: string;
  publish: boolean;
  annotations: KeyValue[];
}
