// Every scenario's bookkeeping against the fake target: records, levels, notes, and the invariants of the summary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadScenarioConfig } from '../../scenarios/config/load.js';
import { FakeRunTarget } from '../../test-support/fake-run-target.js';
import { runScenario, type RunOutcome } from './run-scenario.js';
import { runnerFor } from './scenarios.js';
import type { RuntimeUnit } from './scenario.js';
import { assertRowFollowsPolicy } from '../../test-support/summary-invariants.js';

async function runFake(name: string, set: string[]): Promise<RunOutcome> {
  const config = loadScenarioConfig(name, { quick: true, set });
  const units: RuntimeUnit[] = [
    {
      runtime: 'wasm',
      engine: 'tiered',
      kind: 'wasm:0.1',
      target: new FakeRunTarget({ initMs: 1 }),
      tag: 'wasm-tiered',
    },
    {
      runtime: 'node-process',
      kind: 'nodejs:20',
      target: new FakeRunTarget({ initMs: 200, baseline: 'node-process' }),
      tag: 'node-process',
    },
  ];
  return runScenario(config, runnerFor(config), {
    outRoot: mkdtempSync(path.join(tmpdir(), 'ow-eval-results-')),
    openUnits: async () => ({ units, close: async () => {} }),
    actionCode: (action) => `code of ${action}`,
  });
}

function assertInvariants(outcome: RunOutcome): void {
  assert.equal(outcome.status, 'finished', outcome.error?.message);
  assert.ok(outcome.records.length > 0);
  for (const row of outcome.summary.rows) {
    assertRowFollowsPolicy(row);
    assert.ok(
      Object.values(row).every((v) => typeof v !== 'number' || Number.isFinite(v)),
      'no NaN',
    );
  }
}

test('warm: one cold call per action, then the first warm run (level 1) apart from the steady state (level 2)', async () => {
  const outcome = await runFake('warm', ['iterations=5', 'warmupIterations=2']);
  assertInvariants(outcome);
  const wasmNoop = outcome.records.filter((r) => r.runtime === 'wasm' && r.action === 'noop');
  assert.deepEqual(
    wasmNoop.map((r) => r.level),
    [0, 1, 2, 2, 2, 2],
  );
  assert.equal(wasmNoop[0]!.start, 'cold');
  assert.ok(wasmNoop.slice(1).every((r) => r.outcome === 'ok' && r.start === 'warm'));
  assert.ok(outcome.notes.tinybench);
});

test('concurrency: a closed-loop ramp with one level per client count and workload', async () => {
  const outcome = await runFake('concurrency', ['maxClients=2', 'stepDurationMs=100', 'workloads=["hash","mixed"]']);
  assertInvariants(outcome);
  const levels = new Set(outcome.records.map((r) => `${r.runtime}/${r.action}/${r.level}`));
  assert.equal(levels.size, 2 * 2 * 2);
  const mixed = outcome.records.filter((r) => r.action === 'mixed');
  assert.ok(mixed.some((r) => r.actionName.includes('-hash')) && mixed.some((r) => r.actionName.includes('-block')));
  assert.ok(outcome.summary.rows.every((r) => (r.throughputPerS ?? 0) > 0));
});

test('realistic: 90 % of requests go to the hot actions, within 4 standard errors', async () => {
  const outcome = await runFake('realistic', ['durationMs=300']);
  assertInvariants(outcome);
  const hot = outcome.records.filter((r) => r.actionName.includes('-hot')).length;
  assertShareNear(hot, outcome.records.length, 0.9);
});

test('realistic: replays the top functions of an Azure invocation file', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ow-eval-azure-'));
  const file = path.join(dir, 'invocations_per_function_md.anon.d01.csv');
  const minutes = (counts: number[]) => counts.join(',');
  writeFileSync(
    file,
    `HashOwner,HashApp,HashFunction,Trigger,1,2,3\no1,a1,f1,http,${minutes([3, 2, 0])}\no2,a2,f2,timer,${minutes([1, 0, 1])}\no3,a3,f3,queue,${minutes([0, 0, 0])}\n`,
  );
  const outcome = await runFake('realistic', [
    `azureTrace=${file}`,
    'azureTopN=2',
    'azureTimeScale=600',
    'durationMs=300',
  ]);
  assertInvariants(outcome);
  // minutes compress to 100 ms each: all 3 minutes fit in 300 ms → 5 + 2 arrivals per runtime
  assert.equal(outcome.records.length, 14);
});

test('prime: a warm-up call, then closed-loop clients', async () => {
  const outcome = await runFake('prime', ['durationMs=100']);
  assertInvariants(outcome);
  assert.equal(outcome.records.filter((r) => r.level === 0).length, 2);
});

test('memory: growth per warm container for each wasm module variant and the baseline', async () => {
  const outcome = await runFake('memory', ['containers=3']);
  assertInvariants(outcome);
  const measurements = outcome.notes.memory as Array<{
    runtime: string;
    variant: string;
    perContainerBytes: number;
    containers: number;
  }>;
  assert.deepEqual(
    measurements.map((m) => `${m.runtime}/${m.variant}`),
    ['wasm/optimized', 'wasm/unoptimized', 'wasm/debug', 'node-process/javascript'],
  );
  assert.ok(measurements.every((m) => m.perContainerBytes === 65536 && m.containers === 3));
});

/**
 * Each request picks a hot action with probability `p`, so the hot count is binomial: its share lies within 4 standard
 * errors of `p` unless the mix is wrong (a correct mix fails about once in 16 000 runs).
 */
function assertShareNear(count: number, total: number, p: number): void {
  assert.ok(total >= 20, `enough requests to judge a share: ${total}`);
  const share = count / total;
  const bound = 4 * Math.sqrt((p * (1 - p)) / total);
  assert.ok(
    Math.abs(share - p) <= bound,
    `share ${share.toFixed(3)} of ${total} is not within ${bound.toFixed(3)} of ${p}`,
  );
}
