// The contract between the orchestrator (run-scenario.ts) and one scenario's experiment logic.
import type { InvocationRecord, RuntimeLabel, SummaryMetric } from '../../model/results/records.js';
import type { ScenarioConfig } from '../../scenarios/config/schemas.js';
import type { Random } from '../../model/stats/random.js';
import type { ActionKind, RunTarget } from './run-target.js';
import type { PacedBy } from '../output/progress-line.js';

/** One column of the comparison: wasm on one engine, or the baseline (docker / node-process). */
export interface RuntimeUnit {
  runtime: RuntimeLabel;
  engine?: string;
  kind: ActionKind;
  /** The executor image, when wasm goes to a vanilla OpenWhisk as `blackbox` actions. */
  image?: string;
  /** How reports name this unit when its engine alone does not say it, with one line on what it measures. */
  label?: { name: string; explanation: string };
  target: RunTarget;
  /** Short tag used in deployed action names: `wasm-tiered`, `docker`, … */
  tag: string;
  /**
   * A snapshot variant (the `snapshot` scenario): `wizer` deploys the action's Wizer module; `node-snapshot` runs on
   * a platform whose nodejs image holds the evaluated action. `cost` is what taking the snapshot cost, and where.
   */
  snapshot?: { kind: 'wizer' | 'node-snapshot'; cost: Record<string, unknown> };
}

export interface ScenarioContext<C extends ScenarioConfig = ScenarioConfig> {
  config: C;
  units: RuntimeUnit[];
  /** Unique per run, so deployed names never collide with another run's. */
  namePrefix: string;
  random: Random;
  signal: AbortSignal;
  /** Appends one record (seq assigned here) and advances the progress line. */
  record(record: Omit<InvocationRecord, 'seq'>): void;
  /** Code of a benchmark action for a unit: the wasm zip or the JavaScript twin. */
  actionCode(action: string, unit: RuntimeUnit, variant?: string): Buffer | string;
  /** Free-form measurements that are not invocations (memory per container, …), kept in summary.json. */
  note(key: string, value: unknown): void;
}

export interface ScenarioPlan {
  invocations: number;
  estimatedSeconds: number;
  /** Whether `invocations` or `estimatedSeconds` is exact (it decides how the ETA is computed). @default 'count' */
  pacedBy?: PacedBy;
  steps: string[];
}

export interface ScenarioRunner<C extends ScenarioConfig = ScenarioConfig> {
  /** The metric of the terminal table. */
  headline: SummaryMetric;
  /** What a level means in this scenario, printed under the summary table. */
  levels: string;
  /** Every metric summarised in summary.csv. */
  metrics: SummaryMetric[];
  plan(config: C, units: ReadonlyArray<Pick<RuntimeUnit, 'runtime' | 'engine' | 'tag'>>): ScenarioPlan;
  run(context: ScenarioContext<C>): Promise<void>;
}
