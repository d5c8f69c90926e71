// What the pool needs from a "container", whatever runs it: a wasm module in the executor process (fork protocol),
// a Docker container or a node process running the Node.js runtime, or a fake in tests. Adapters map their own wire
// replies to OpenWhisk outcomes here, so the invoker and the records never see a transport.

export interface ContainerSpec {
  kind: string;
  memoryMb: number;
  /** A readable name (`wsk_<n>_<namespace>_<action>` style), for `docker ps` and logs. */
  name: string;
  /** Highest number of concurrent /run calls the container will get (limits.concurrency). */
  concurrency: number;
  /** The runtime image of a blackbox action. */
  image?: string;
}

/** The /init body of the runtime protocol plus the fork's annotations object (docs/openwhisk-protocols.md §2.1, §6.1). */
export interface InitPayload {
  value: {
    name: string;
    main: string;
    code: string;
    binary: boolean;
    env: Record<string, string>;
    annotations: Record<string, unknown>;
  };
}

/** The /run body (docs/openwhisk-protocols.md §2.1); `deadline` is epoch ms as a string. */
export interface RunPayload {
  value: unknown;
  namespace: string;
  action_name: string;
  action_version: string;
  activation_id: string;
  transaction_id: string;
  deadline: string;
  api_key?: string;
}

export type CallOutcome =
  | { status: 'success'; result: unknown }
  | { status: 'application error'; result: { error: unknown } }
  | { status: 'action developer error' | 'whisk internal error'; result: { error: unknown }; timeout?: boolean };

export interface CallResult {
  outcome: CallOutcome;
  /** Lines the action wrote during this call, without sentinels or timestamps. */
  logs: LogLine[];
  /** The runtime dropped lines after these: the call's output passed the log limit it was given. */
  logsTruncated?: boolean;
  /** The executor's engine header (wasm) when present. */
  engine?: string;
  /** On an /init: whether the executor compiled the code or served it from its code cache (wasm). */
  code?: 'compiled' | 'cached';
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
  time?: number;
}

export interface PlatformContainer {
  readonly id: string;
  /** `executor`, `docker`, `node-process` or `fake`: stated in every activation's `ow-eval` annotation. */
  readonly runtime: string;
  /** Never rejects: failures come back as developer or internal-error outcomes. */
  init(payload: InitPayload, timeoutMs: number): Promise<CallResult>;
  /**
   * `logLimitBytes` is limits.logs in bytes: a runtime keeps at most that much of the call's output (and says when it
   * dropped more, `logsTruncated`); 0 lets it skip capturing output.
   */
  run(payload: RunPayload, timeoutMs: number, logLimitBytes: number): Promise<CallResult>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  destroy(): Promise<void>;
  /** Resident memory of this container alone, when it has its own (Docker cgroup, a node process). */
  memoryBytes?(): Promise<number | undefined>;
  /** True once the process it lived in died (the wasm executor): the pool forgets it instead of reusing it. */
  readonly lost?: boolean;
  /** How often the runtime behind it was restarted so far (the wasm executor), for the `ow-eval` annotation. */
  readonly restarts?: number;
}

export interface ContainerFactory {
  readonly runtime: string;
  /** Rejects when no container can be provided (the activation becomes a whisk internal error). */
  create(spec: ContainerSpec): Promise<PlatformContainer>;
  close(): Promise<void>;
  /** Why `image` cannot run (missing from the local engine, …); undefined when it can. Blackbox factories only. */
  imageProblem?(image: string): Promise<string | undefined>;
  /** Resident memory of a process all containers share (the wasm executor), when the factory can see it. */
  sharedMemoryBytes?(): Promise<number | undefined>;
}
