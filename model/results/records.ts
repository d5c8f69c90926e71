// One line of invocations.jsonl: written by the runner as each invocation completes, read by the summary and reports.
// A failed or dropped invocation is a record like any other, never an exception and never silently skipped.

/** What served the invocation. `node-process` is the Docker-less baseline and is never called docker. */
export type RuntimeLabel = 'wasm' | 'docker' | 'node-process';

/** How the activation started, as the platform reported it (the `ow-eval` annotation) or as inferred from initTime. */
export type StartKind = 'cold' | 'prewarm' | 'warm' | 'recreated' | 'unknown';

export interface InvocationRecord {
  /** Order of completion within the run, from 0. */
  seq: number;
  scenario: string;
  runtime: RuntimeLabel;
  /** The wasm engine (tiered, liftoff, turbofan); absent for the baseline. */
  engine?: string;
  /** The benchmark action (hash, block, …) and the deployed name it was invoked under. */
  action: string;
  actionName: string;
  /** The scenario's independent variable: concurrent cold starts, closed-loop clients, … */
  level: number;
  repetition: number;
  /** Client clock, epoch ms with sub-ms precision. */
  sentAt: number;
  receivedAt: number;
  latencyMs: number;
  httpStatus?: number;
  outcome: 'ok' | 'error' | 'dropped';
  /** Why a sample is cold or warm (initTime present, the platform's start annotation, …). */
  start?: StartKind;
  startReason?: string;
  activationId?: string;
  /** `us`: waitTime/initTime from the embedded platform's `ow-eval` annotation; `ms`: OpenWhisk's whole-ms annotations. */
  timeResolution?: 'us' | 'ms';
  waitTimeMs?: number;
  initTimeMs?: number;
  durationMs?: number;
  /** waitTime + initTime: the thesis's definition of the cold start. */
  coldStartMs?: number;
  /** The platform's response status string ("success", "application error", …). */
  status?: string;
  error?: { code: string; message: string };
  /** The full activation record as the API returned it. */
  activation?: unknown;
}

/** The numeric fields a summary can be computed over. */
export const summaryMetrics = ['latencyMs', 'coldStartMs', 'initTimeMs', 'waitTimeMs', 'durationMs'] as const;
export type SummaryMetric = (typeof summaryMetrics)[number];
