// The JSON schema of every scenario's config. Every field has a default here (and only here), so a checked-in config
// may leave out anything; ajv fills the defaults in while it validates.
import type { JSONSchemaType } from 'ajv';

export const scenarioNames = [
  'coldstart',
  'warm',
  'concurrency',
  'realistic',
  'memory',
  'prime',
  'chain',
  'snapshot',
] as const;
export type ScenarioName = (typeof scenarioNames)[number];

/** `wasm` runs on the built-in executor; `docker` falls back to `node-process` (loudly) when Docker is unavailable. */
export type RuntimeChoice = 'wasm' | 'docker' | 'node-process';
export type Engine = 'tiered' | 'liftoff' | 'turbofan';

export interface PlatformSettings {
  /** The invoker's user-memory in MB: capacity = userMemoryMb / memoryMb containers (OpenWhisk: 1024 → 4 × 256 MB). */
  userMemoryMb: number;
  /** Stem-cell prewarm containers per kind; 0 for cold-start experiments. */
  prewarmCount: number;
}

interface CommonConfig {
  runtimes: RuntimeChoice[];
  engines: Engine[];
  seed: number;
  memoryMb: number;
  timeoutMs: number;
  platform: PlatformSettings;
  /**
   * Let the executor reuse compiled code for identical bytes (and V8 share its native module). Off: every cold start
   * deploys distinct bytes (a per-copy nonce), so each one compiles, on both runtimes (docs/methodology.md).
   */
  codeCache: boolean;
}

/**
 * The Docker baseline's stem cells: `fresh-container` (the thesis's: every cold start creates a container) or, in
 * addition to it as a third line, `openwhisk-default` (OpenWhisk's default stem cells for nodejs:20, docs/methodology.md).
 */
export const coldstartBaselines = ['fresh-container', 'openwhisk-default'] as const;
export type ColdstartBaseline = (typeof coldstartBaselines)[number];

export interface ColdstartConfig extends CommonConfig {
  scenario: 'coldstart';
  /**
   * `openwhisk-default` adds the Docker baseline with OpenWhisk's default stem cells as a unit of its own (its own
   * embedded platform), next to the fresh-container baseline and wasm.
   */
  baseline: ColdstartBaseline;
  /** The benchmark action copied once per concurrent cold start. */
  action: string;
  params: Record<string, unknown>;
  /** Levels 1..maxConcurrency: level i fires i truly concurrent invocations of i distinct actions. */
  maxConcurrency: number;
  repetitions: number;
}

export interface WarmConfig extends CommonConfig {
  scenario: 'warm';
  actions: string[];
  params: Record<string, Record<string, unknown>>;
  warmupIterations: number;
  iterations: number;
}

export interface ConcurrencyConfig extends CommonConfig {
  scenario: 'concurrency';
  /** hash, block, or mixed (50/50 hash/block at random, seeded). */
  workloads: string[];
  maxClients: number;
  stepDurationMs: number;
  /** limits.concurrency of the actions (intra-container concurrency): 1 as OpenWhisk ships; the thesis used 10 on the Pi. */
  actionConcurrency: number;
  params: Record<string, Record<string, unknown>>;
}

export interface RealisticConfig extends CommonConfig {
  scenario: 'realistic';
  clients: number;
  durationMs: number;
  hotActions: number;
  rareActions: number;
  hotShare: number;
  cpuShare: number;
  params: Record<string, Record<string, unknown>>;
  /** Optional Azure Functions 2019 `invocations_per_function_md` CSV to replay instead of the synthetic mix. */
  azureTrace: string;
  azureTopN: number;
  /** Trace minutes are compressed by this factor (60 → one trace minute per second). */
  azureTimeScale: number;
}

export interface MemoryConfig extends CommonConfig {
  scenario: 'memory';
  /** Warm containers per runtime and module variant. */
  containers: number;
  variants: string[];
}

export interface PrimeConfig extends CommonConfig {
  scenario: 'prime';
  upperBound: number;
  clients: number;
  durationMs: number;
}

export interface ChainConfig extends CommonConfig {
  scenario: 'chain';
  /** The step every component of a chain runs (a distinct copy per position, so a cold chain has no warm step). */
  action: string;
  params: Record<string, unknown>;
  /** Chains of 1..maxLength components (OpenWhisk allows at most 50 per sequence). */
  maxLength: number;
  repetitions: number;
}

/** Which start a snapshot run compares: without snapshots, with them (`wasm · wizer`, `docker · node snapshot`). */
export type SnapshotChoice = 'none' | 'snapshot';

export interface SnapshotConfig extends CommonConfig {
  scenario: 'snapshot';
  /** A benchmark action with heavy initialisation and a `wizer` variant (`table`). */
  action: string;
  params: Record<string, unknown>;
  /** Levels 1..maxConcurrency of concurrent cold starts, as in coldstart. */
  maxConcurrency: number;
  repetitions: number;
  /** `none`: plain module and plain runtime image; `snapshot`: the Wizer module and the node-snapshot image. */
  snapshots: SnapshotChoice[];
}

export type ScenarioConfig =
  | ColdstartConfig
  | WarmConfig
  | ConcurrencyConfig
  | RealisticConfig
  | MemoryConfig
  | PrimeConfig
  | ChainConfig
  | SnapshotConfig;

const common = {
  runtimes: {
    type: 'array',
    items: { type: 'string', enum: ['wasm', 'docker', 'node-process'] },
    minItems: 1,
    uniqueItems: true,
    default: ['wasm', 'docker'],
  },
  engines: {
    type: 'array',
    items: { type: 'string', enum: ['tiered', 'liftoff', 'turbofan'] },
    minItems: 1,
    uniqueItems: true,
    default: ['tiered'],
  },
  seed: { type: 'integer', minimum: 0, default: 1 },
  memoryMb: { type: 'integer', minimum: 128, maximum: 512, default: 256 },
  timeoutMs: { type: 'integer', minimum: 100, maximum: 300000, default: 60000 },
  codeCache: { type: 'boolean', default: false },
  platform: {
    type: 'object',
    additionalProperties: false,
    properties: {
      userMemoryMb: { type: 'integer', minimum: 128, default: 1024 },
      prewarmCount: { type: 'integer', minimum: 0, default: 0 },
    },
    required: ['userMemoryMb', 'prewarmCount'],
    default: {},
  },
} as const;

/** The fields every scenario has (`scenario` and the `common` settings), required after defaults are applied. */
const commonRequired = [
  'scenario',
  'runtimes',
  'engines',
  'seed',
  'memoryMb',
  'timeoutMs',
  'platform',
  'codeCache',
] as const;

const paramsByAction = {
  type: 'object',
  required: [],
  additionalProperties: { type: 'object', required: [] },
  default: {},
} as const;
const hashParams = { hash: { input: 'ow-eval', iterations: 20000 }, block: {}, prime: { upperBound: 1000000 } };

export const schemas: { [K in ScenarioName]: JSONSchemaType<Extract<ScenarioConfig, { scenario: K }>> } = {
  coldstart: {
    type: 'object',
    additionalProperties: false,
    properties: {
      scenario: { type: 'string', const: 'coldstart' },
      ...common,
      action: { type: 'string', default: 'hash' },
      params: { type: 'object', required: [], default: { input: 'ow-eval', iterations: 1000 } },
      maxConcurrency: { type: 'integer', minimum: 1, maximum: 64, default: 10 },
      repetitions: { type: 'integer', minimum: 1, default: 10 },
      baseline: { type: 'string', enum: coldstartBaselines, default: 'fresh-container' },
    },
    required: [...commonRequired, 'action', 'params', 'maxConcurrency', 'repetitions', 'baseline'],
  },
  warm: {
    type: 'object',
    additionalProperties: false,
    properties: {
      scenario: { type: 'string', const: 'warm' },
      ...common,
      actions: { type: 'array', items: { type: 'string' }, minItems: 1, default: ['noop', 'hash'] },
      params: { ...paramsByAction, default: hashParams },
      warmupIterations: { type: 'integer', minimum: 0, default: 20 },
      iterations: { type: 'integer', minimum: 1, default: 200 },
    },
    required: [...commonRequired, 'actions', 'params', 'warmupIterations', 'iterations'],
  },
  concurrency: {
    type: 'object',
    additionalProperties: false,
    properties: {
      scenario: { type: 'string', const: 'concurrency' },
      ...common,
      workloads: {
        type: 'array',
        items: { type: 'string', enum: ['hash', 'block', 'mixed'] },
        minItems: 1,
        default: ['hash', 'block', 'mixed'],
      },
      maxClients: { type: 'integer', minimum: 1, maximum: 256, default: 16 },
      stepDurationMs: { type: 'integer', minimum: 100, default: 5000 },
      actionConcurrency: { type: 'integer', minimum: 1, maximum: 500, default: 1 },
      params: { ...paramsByAction, default: hashParams },
    },
    required: [...commonRequired, 'workloads', 'maxClients', 'stepDurationMs', 'actionConcurrency', 'params'],
  },
  realistic: {
    type: 'object',
    additionalProperties: false,
    properties: {
      scenario: { type: 'string', const: 'realistic' },
      ...common,
      clients: { type: 'integer', minimum: 1, default: 4 },
      durationMs: { type: 'integer', minimum: 100, default: 60000 },
      hotActions: { type: 'integer', minimum: 1, default: 2 },
      rareActions: { type: 'integer', minimum: 0, default: 60 },
      hotShare: { type: 'number', minimum: 0, maximum: 1, default: 0.9 },
      cpuShare: { type: 'number', minimum: 0, maximum: 1, default: 0.5 },
      params: { ...paramsByAction, default: hashParams },
      azureTrace: { type: 'string', default: '' },
      azureTopN: { type: 'integer', minimum: 1, default: 20 },
      azureTimeScale: { type: 'number', exclusiveMinimum: 0, default: 60 },
    },
    required: [
      ...commonRequired,
      'clients',
      'durationMs',
      'hotActions',
      'rareActions',
      'hotShare',
      'cpuShare',
      'params',
      'azureTrace',
      'azureTopN',
      'azureTimeScale',
    ],
  },
  memory: {
    type: 'object',
    additionalProperties: false,
    properties: {
      scenario: { type: 'string', const: 'memory' },
      ...common,
      containers: { type: 'integer', minimum: 1, maximum: 1000, default: 10 },
      variants: {
        type: 'array',
        items: { type: 'string', enum: ['optimized', 'unoptimized', 'debug'] },
        minItems: 1,
        default: ['optimized', 'unoptimized', 'debug'],
      },
    },
    required: [...commonRequired, 'containers', 'variants'],
  },
  prime: {
    type: 'object',
    additionalProperties: false,
    properties: {
      scenario: { type: 'string', const: 'prime' },
      ...common,
      upperBound: { type: 'integer', minimum: 2, default: 1000000 },
      clients: { type: 'integer', minimum: 1, default: 4 },
      durationMs: { type: 'integer', minimum: 100, default: 20000 },
    },
    required: [...commonRequired, 'upperBound', 'clients', 'durationMs'],
  },
  chain: {
    type: 'object',
    additionalProperties: false,
    properties: {
      scenario: { type: 'string', const: 'chain' },
      ...common,
      action: { type: 'string', default: 'hash' },
      params: { type: 'object', required: [], default: { input: 'ow-eval', iterations: 1000 } },
      maxLength: { type: 'integer', minimum: 1, maximum: 50, default: 5 },
      repetitions: { type: 'integer', minimum: 1, default: 10 },
    },
    required: [...commonRequired, 'action', 'params', 'maxLength', 'repetitions'],
  },
  snapshot: {
    type: 'object',
    additionalProperties: false,
    properties: {
      scenario: { type: 'string', const: 'snapshot' },
      ...common,
      action: { type: 'string', default: 'table' },
      params: { type: 'object', required: [], default: { key: 12345 } },
      maxConcurrency: { type: 'integer', minimum: 1, maximum: 64, default: 4 },
      repetitions: { type: 'integer', minimum: 1, default: 10 },
      snapshots: {
        type: 'array',
        items: { type: 'string', enum: ['none', 'snapshot'] },
        minItems: 1,
        uniqueItems: true,
        default: ['none', 'snapshot'],
      },
    },
    required: [...commonRequired, 'action', 'params', 'maxConcurrency', 'repetitions', 'snapshots'],
  },
} as never;
