// The container driver's public shape, declared once (types only). platform/ uses it for kind nodejs:20.

export type BaselineVariant = 'docker' | 'node-process';

/**
 * A Docker container's network. `none`: no network at all (no route to the host's loopback services); its runtime
 * listens on a Unix socket in a mounted folder. `host`: the host's network (outbound access, and every service on
 * the host's 127.0.0.1); only by an operator's `--allow-network`, or for blackbox images (which only speak TCP).
 */
export type ContainerNetwork = 'none' | 'host';

export interface StartContainerOptions {
  /** Becomes part of the Docker name: ow-eval_<run>_<n>_<name>. */
  name: string;
  /** The action's memory limit: Docker --memory and --memory-swap; node-process: --max-old-space-size (approximation). */
  memoryMb: number;
  /** The invoker's user-memory, for cpu-shares = max(1024 / (userMemory / memory), 2). Ignored by node-process. */
  userMemoryMb: number;
  /** Container environment, e.g. { __OW_API_HOST: 'http://127.0.0.1:3233' } as the invoker passes it. */
  env?: Record<string, string>;
  /** Sets __OW_ALLOW_CONCURRENT=true in the container. @default false */
  allowConcurrent?: boolean;
  labels?: Record<string, string>;
}

export type RuntimeCallErrorKind = 'timeout' | 'memory' | 'crashed' | 'connection';

export interface RuntimeCall {
  /** HTTP status of the runtime's answer; 0 when there was no answer (see `error`). */
  status: number;
  /** Parsed JSON, or the raw text; `{ error: message }` when there was no answer. */
  body: unknown;
  /** Wall time of the HTTP call (what the invoker records as initTime / run time). */
  ms: number;
  /** This activation's stdout/stderr lines, `<ISO time padded to 30> stdout: line`, sentinels stripped. */
  logs: string[];
  /** Lines after these were dropped: the activation's output passed its log limit (`run`'s `logLimitBytes`). */
  logsTruncated?: boolean;
  error?: {
    kind: RuntimeCallErrorKind;
    /** OpenWhisk's own message, e.g. "The action exceeded its time limits of 500 milliseconds." */
    message: string;
    /** What ow-eval observed (exit code, OOMKilled, errno), for humans; not part of OpenWhisk's record. */
    detail?: string;
  };
}

export interface StartupTimes {
  /** docker: the create API call; node-process: spawn() until the child exists. */
  createMs: number;
  /** docker: the start API call; node-process: 0 (spawning is the start). */
  startMs: number;
  /** From started until the runtime first answered HTTP. */
  readyMs: number;
}

export interface ActionContainer {
  readonly id: string;
  readonly name: string;
  readonly variant: BaselineVariant;
  /** http://127.0.0.1:<port>, or http://localhost when the runtime is reached through `socketPath`. */
  readonly url: string;
  /** The runtime's Unix socket on this host (a Docker container without a network). */
  readonly socketPath?: string;
  readonly startup: StartupTimes;
  /** POST /init with `body` as sent (normally `{ value: { name, main, code, binary, env } }`). */
  init(body: unknown, timeoutMs: number): Promise<RuntimeCall>;
  /**
   * POST /run with `body` as sent (normally `{ value, namespace, action_name, activation_id, deadline, … }`).
   * Output past `logLimitBytes` (formatted lines, as OpenWhisk counts them; default 10 MiB) is read and dropped.
   */
  run(body: unknown, timeoutMs: number, logLimitBytes?: number): Promise<RuntimeCall>;
  /** Each returns the ms it took. */
  pause(): Promise<number>;
  unpause(): Promise<number>;
  remove(): Promise<number>;
  /** Resident memory now (Docker: cgroup usage minus inactive file cache; node-process: VmRSS). */
  memoryBytes(): Promise<number | undefined>;
  /** The last 64 Ki characters the runtime printed on each stream, sentinels included (conformance checks, debugging). */
  output(): { stdout: string; stderr: string };
  /** Bytes of output held for activations not yet answered, as the log limit counts them, plus the raw tails. */
  heldLogBytes(): number;
}

export interface ContainerDriver {
  readonly variant: BaselineVariant;
  /** The image id the containers run (docker only). */
  readonly imageId?: string;
  /** The containers' network (docker only). */
  readonly network?: ContainerNetwork;
  start(options: StartContainerOptions): Promise<ActionContainer>;
  /** Removes every container this driver started; returns how many. */
  removeAll(): Promise<number>;
  /** removeAll(), then releases connections. */
  close(): Promise<void>;
}
