// The thesis's experiment set as scenario runs, full and --quick (the quick set must fit in CI: ≤ 8 minutes on
// 2 cores). Each is a checked-in scenario config plus these overrides.
import type { ClaimInputs } from '../../model/claims/claims.js';

export interface Experiment {
  /** Which claims input this run feeds. */
  key: keyof ClaimInputs;
  scenario: string;
  what: string;
  set: string[];
  quickSet: string[];
}

export const experiments: Experiment[] = [
  {
    key: 'coldstart',
    scenario: 'coldstart',
    what: 'cold start at 1..10 concurrent (hash), wasm vs baseline, no code cache',
    set: ['maxConcurrency=10', 'repetitions=10', 'codeCache=false'],
    quickSet: ['maxConcurrency=5', 'repetitions=3', 'codeCache=false'],
  },
  {
    key: 'coldstartCodeCache',
    scenario: 'coldstart',
    what: "the same with the executor's code cache on",
    set: ['maxConcurrency=10', 'repetitions=10', 'codeCache=true'],
    quickSet: ['maxConcurrency=3', 'repetitions=2', 'codeCache=true'],
  },
  {
    key: 'engines',
    scenario: 'coldstart',
    what: 'executor initTime per V8 engine (tiered, liftoff, turbofan)',
    set: ['runtimes=["wasm"]', 'engines=["tiered","liftoff","turbofan"]', 'maxConcurrency=4', 'repetitions=10'],
    quickSet: ['runtimes=["wasm"]', 'engines=["tiered","liftoff","turbofan"]', 'maxConcurrency=2', 'repetitions=4'],
  },
  {
    key: 'concurrency',
    scenario: 'concurrency',
    what: "throughput for mixed, block and hash (closed-loop ramp), intra-container concurrency 1 (OpenWhisk's default)",
    set: ['maxClients=16', 'stepDurationMs=5000', 'actionConcurrency=1'],
    quickSet: ['maxClients=4', 'stepDurationMs=1500', 'params.hash.iterations=5000', 'actionConcurrency=1'],
  },
  {
    key: 'concurrency10',
    scenario: 'concurrency',
    what: 'throughput for mixed at intra-container concurrency 10',
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
    what: 'AssemblyScript sieve vs the Node.js sieve',
    set: ['durationMs=20000'],
    quickSet: ['durationMs=3000'],
  },
  {
    key: 'realistic',
    scenario: 'realistic',
    what: 'the realistic mix (90 % to 2 hot actions, 10 % to rare ones)',
    set: ['durationMs=60000'],
    quickSet: ['durationMs=6000', 'rareActions=12', 'params.hash.iterations=5000'],
  },
  {
    key: 'memory',
    scenario: 'memory',
    what: 'memory per warm container by module variant',
    set: ['containers=10'],
    quickSet: ['containers=4'],
  },
];
