// The thesis's experiment set as scenario runs, full and --quick (the quick set must fit in CI: ≤ 8 minutes on
// 2 cores). Each is a checked-in scenario config plus these overrides.
import type { ClaimInputs } from '../../model/claims/claims.js';

export interface Experiment {
  /** Which claims input this run feeds. */
  key: keyof ClaimInputs;
  scenario: string;
  /** What the run measures; `{field}` is filled from the resolved config, so --quick prints what it runs. */
  what: string;
  set: string[];
  quickSet: string[];
  /** Settings added only on the embedded platform (a real OpenWhisk's pool is not ours to configure). */
  embeddedSet?: string[];
}

export const experiments: Experiment[] = [
  {
    key: 'coldstart',
    scenario: 'coldstart',
    // With the OpenWhisk-default baseline as a third line: the same rounds also measure Docker with OpenWhisk's
    // default stem cells (coldstart-reduction-openwhisk-default), interleaved with the other two.
    what: 'cold start at 1..{maxConcurrency} concurrent (hash) × {repetitions} repetitions, wasm vs baseline, baseline={baseline} (openwhisk-default: Docker with stem cells as a third line), no code cache',
    set: ['maxConcurrency=10', 'repetitions=10', 'codeCache=false'],
    quickSet: ['maxConcurrency=5', 'repetitions=3', 'codeCache=false'],
    embeddedSet: ['baseline=openwhisk-default'],
  },
  {
    key: 'coldstartCodeCache',
    scenario: 'coldstart',
    what: "the same with the executor's code cache on: 1..{maxConcurrency} concurrent × {repetitions} repetitions",
    set: ['maxConcurrency=10', 'repetitions=10', 'codeCache=true'],
    quickSet: ['maxConcurrency=3', 'repetitions=2', 'codeCache=true'],
  },
  {
    key: 'engines',
    scenario: 'coldstart',
    what: 'executor initTime per V8 engine (tiered, liftoff, turbofan), 1..{maxConcurrency} concurrent × {repetitions}',
    set: ['runtimes=["wasm"]', 'engines=["tiered","liftoff","turbofan"]', 'maxConcurrency=4', 'repetitions=10'],
    quickSet: ['runtimes=["wasm"]', 'engines=["tiered","liftoff","turbofan"]', 'maxConcurrency=2', 'repetitions=4'],
  },
  {
    key: 'concurrency',
    scenario: 'concurrency',
    what: "throughput for mixed, block and hash (closed-loop ramp to {maxClients} clients, {stepDurationMs} ms each), intra-container concurrency 1 (OpenWhisk's default)",
    set: ['maxClients=16', 'stepDurationMs=5000', 'actionConcurrency=1'],
    quickSet: ['maxClients=4', 'stepDurationMs=1500', 'params.hash.iterations=5000', 'actionConcurrency=1'],
  },
  {
    key: 'concurrency10',
    scenario: 'concurrency',
    what: 'throughput for mixed at intra-container concurrency 10 (ramp to {maxClients} clients)',
    set: ['maxClients=16', 'stepDurationMs=5000', 'actionConcurrency=10', 'workloads=["mixed"]'],
    quickSet: [
      'maxClients=4',
      'stepDurationMs=1500',
      'params.hash.iterations=5000',
      'actionConcurrency=10',
      'workloads=["mixed"]',
    ],
  },
  {
    key: 'prime',
    scenario: 'prime',
    what: 'AssemblyScript sieve vs the Node.js sieve, {durationMs} ms each',
    set: ['durationMs=20000'],
    quickSet: ['durationMs=3000'],
  },
  {
    key: 'realistic',
    scenario: 'realistic',
    what: 'the realistic mix (90 % to 2 hot actions, 10 % to {rareActions} rare ones), {durationMs} ms',
    set: ['durationMs=60000'],
    quickSet: ['durationMs=6000', 'rareActions=12', 'params.hash.iterations=5000'],
  },
  {
    key: 'memory',
    scenario: 'memory',
    what: 'memory per warm container by module variant, {containers} containers each',
    set: ['containers=10'],
    quickSet: ['containers=4'],
  },
  {
    key: 'snapshot',
    scenario: 'snapshot',
    what: 'heavy-init action ({action}) cold starts with and without snapshots (wasm · wizer, docker · node snapshot), 1..{maxConcurrency} concurrent × {repetitions}',
    set: ['maxConcurrency=4', 'repetitions=10'],
    quickSet: ['maxConcurrency=2', 'repetitions=5'],
  },
];

/** The `--set` list of an experiment: quick or full, plus its embedded-only settings unless the target is remote. */
export function settingsOf(experiment: Experiment, options: { quick: boolean; remote: boolean }): string[] {
  return [
    ...(options.quick ? experiment.quickSet : experiment.set),
    ...(options.remote ? [] : (experiment.embeddedSet ?? [])),
  ];
}

/** `what` with every `{field}` replaced by the config's value (left as is when the config has no such field). */
export function describeExperiment(experiment: Experiment, config: object): string {
  return experiment.what.replace(/\{(\w+)\}/g, (token, field: string) => {
    const value = (config as Record<string, unknown>)[field];
    return typeof value === 'number' || typeof value === 'string' ? String(value) : token;
  });
}
