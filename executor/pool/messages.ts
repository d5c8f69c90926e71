// Messages between the pool (main thread) and its worker threads, declared once (piscina's types.ts pattern).
// Failures cross the thread boundary as data ({ code, message }): Error subclasses do not survive postMessage.
import type { ActivationSpec, InstanceOrigin } from '../sandbox/activation.js';
import type { Failure } from '../errors.js';

export interface WorkerData {
  /** The host descriptors the worker's activation holds (sandbox/host-fds.ts); the pool closes what a stopped
   * worker left open. */
  fds: SharedArrayBuffer;
  /** Int32Array over it: the worker sleeps on index 0 for `http.get`; the pool can wake it before terminating. */
  wake: SharedArrayBuffer;
  /** Int32Array[1]: the highest task id this worker started or the pool took back (pool.ts `revoke`). */
  fence: SharedArrayBuffer;
  /** Int32Array[1] shared by all threads: memory pages held by instances kept for reuse (sandbox/instance-reuse.ts). */
  reuseTotal: SharedArrayBuffer;
  /** Int32Array[1]: this thread's share of reuseTotal, given back by the pool when the thread exits. */
  reuseOwn: SharedArrayBuffer;
  /** Upper bound on reuseTotal; 0 turns reuse off. */
  reusePages: number;
}

export interface RunMessage {
  type: 'run';
  taskId: number;
  /** Container id plus its init generation: a re-initialised id gets a new key. */
  moduleKey: string;
  /** Sent the first time this worker runs the key; it keeps the module until told to drop it. */
  module?: WebAssembly.Module;
  /** Sent with `module`: whether its instances may be reused. */
  reusable?: boolean;
  spec: ActivationSpec;
  wantLogs: boolean;
}

export interface DropMessage {
  type: 'drop';
  moduleKey: string;
}

export type ToWorker = RunMessage | DropMessage;

export type TaskOutcome =
  | { kind: 'success'; resultJson: string }
  | { kind: 'application-error'; resultJson: string }
  | { kind: 'failure'; failure: Failure };

export interface TaskResult {
  outcome: TaskOutcome;
  stdout: string;
  stderr: string;
  /** Set when the activation ran: on a new instance, or on a reused one restored to the same state. */
  instance?: InstanceOrigin;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'blocked'; taskId: number }
  | { type: 'unblocked'; taskId: number }
  | { type: 'done'; taskId: number; result: TaskResult };
