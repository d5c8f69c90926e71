// What a scenario needs from an OpenWhisk target: deploy, invoke blocking, make sure no container of some actions is
// left, and clean up. Implemented over the `openwhisk` client for the embedded platform and for a real OpenWhisk.
import type { RuntimeLabel } from '../../model/results/records.js';

/** `blackbox` carries wasm to a vanilla OpenWhisk in the executor image. */
export type ActionKind = 'wasm:0.1' | 'nodejs:20' | 'blackbox';

export interface DeploySpec {
  /** The name the action is deployed under (unique per run, so runs never collide). */
  name: string;
  kind: ActionKind;
  /** The runtime image of a blackbox action (the executor image, for wasm on a vanilla OpenWhisk). */
  image?: string;
  /** A zip or raw module for wasm, JavaScript source for nodejs. */
  code: Buffer | string;
  memoryMb: number;
  timeoutMs: number;
  concurrency: number;
  annotations?: Record<string, unknown>;
}

export interface InvokeResult {
  sentAt: number;
  receivedAt: number;
  httpStatus?: number;
  /** The activation record, when the target returned or could fetch one. */
  activation?: ActivationLike;
  error?: { code: string; message: string };
}

/** The parts of an OpenWhisk activation record the harness reads. */
export interface ActivationLike {
  activationId: string;
  duration?: number;
  response?: { status?: string; success?: boolean; result?: unknown };
  annotations?: Array<{ key: string; value: unknown }>;
  /** A sequence's record lists its component activation ids here. */
  logs?: string[];
}

export interface TargetDescription {
  kind: 'embedded' | 'remote';
  /** The API host; never the key. */
  apihost: string;
  /** What runs `nodejs:20` there: docker, node-process, or whatever a real OpenWhisk uses (reported as docker). */
  baseline: RuntimeLabel;
  /** The wasm engine of the executor behind `wasm:0.1`. */
  engine?: string;
  throttles: { invocationsPerMinute?: number; concurrentInvocations?: number };
  details: Record<string, unknown>;
}

export interface RunTarget {
  readonly description: TargetDescription;
  deploy(spec: DeploySpec): Promise<void>;
  invoke(name: string, params: Record<string, unknown>): Promise<InvokeResult>;
  /** Resolves once no container of these actions is left (admin drain on the embedded platform). */
  ensureNoContainers(names: readonly string[]): Promise<void>;
  remove(names: readonly string[]): Promise<void>;
  /**
   * Resolves once the target's stem cells are up again (none still starting); true when that happened before the
   * deadline. Only targets whose pool can be inspected (the embedded platform) have it.
   */
  settleStemCells?(deadlineMs?: number): Promise<boolean>;
  /** Deploys a sequence of already deployed actions (by their deployed names, in order); `remove` deletes it. */
  deploySequence?(name: string, components: readonly string[]): Promise<void>;
  /** One activation record by id (a sequence's components), polling briefly while it is not yet stored. */
  activation?(id: string): Promise<ActivationLike | undefined>;
  /**
   * Memory that the containers of these actions account for, by the target's own method: for wasm the executor
   * process's RSS (shared by all its containers), for Docker the sum of the containers' cgroup usage. Undefined when
   * the target cannot see it (a remote OpenWhisk).
   */
  memoryUsage?(names: readonly string[]): Promise<MemoryUsage | undefined>;
  close(): Promise<void>;
}

export interface MemoryUsage {
  bytes: number;
  containers: number;
  method: string;
}
