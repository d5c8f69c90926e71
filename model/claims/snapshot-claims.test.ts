// The snapshot claims and breakdown from synthetic records: lines are told apart by their engine labels, the measure
// is waitTime + duration, phases come from the ow-eval annotation, and verdicts follow the CI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InvocationRecord } from '../results/records.js';
import { NODE_SNAPSHOT_ENGINE, NODE_SNAPSHOT_LABEL, WIZER_LABEL, wizerEngine } from '../results/snapshot-labels.js';
import { snapshotClaims } from './snapshot-claims.js';
import { firstResponseMs, snapshotBreakdown, snapshotLineOf } from '../results/snapshot-phases.js';

let seq = 0;
function record(runtime: 'wasm' | 'docker', engine: string | undefined, wait: number, init: number, run: number) {
  const r: InvocationRecord = {
    seq: seq++,
    scenario: 'snapshot',
    runtime,
    ...(engine === undefined ? {} : { engine }),
    action: 'table',
    actionName: 'x',
    level: 1,
    repetition: 1,
    sentAt: 0,
    receivedAt: wait + init + run + 1,
    latencyMs: wait + init + run + 1,
    outcome: 'ok',
    start: 'cold',
    waitTimeMs: wait,
    initTimeMs: init,
    durationMs: init + run,
    coldStartMs: wait + init,
    activation: {
      annotations: [
        { key: 'ow-eval', value: { phases: { queueMs: 0.1, createMs: wait - 0.1, initMs: init, runMs: run } } },
      ],
    },
  };
  return r;
}

/** n records per line, each a little different so the bootstrap has spread. */
function run(times: Record<string, [number, number, number]>, n = 12): InvocationRecord[] {
  const lines: Array<['wasm' | 'docker', string | undefined, string]> = [
    ['wasm', 'tiered', 'wasm'],
    ['wasm', wizerEngine('tiered'), WIZER_LABEL],
    ['docker', undefined, 'docker'],
    ['docker', NODE_SNAPSHOT_ENGINE, NODE_SNAPSHOT_LABEL],
  ];
  return lines.flatMap(([runtime, engine, label]) =>
    Array.from({ length: n }, (_, i) => {
      const [w, init, r] = times[label]!;
      return record(runtime, engine, w + i * 0.01, init, r);
    }),
  );
}

const typical = {
  wasm: [1, 5, 100] as [number, number, number],
  [WIZER_LABEL]: [1, 8, 5] as [number, number, number],
  docker: [500, 200, 5] as [number, number, number],
  [NODE_SNAPSHOT_LABEL]: [500, 10, 5] as [number, number, number],
};

test('lines are told apart by their engine, and the measure is waitTime + duration', () => {
  const records = run(typical, 1);
  assert.deepEqual(records.map(snapshotLineOf), ['wasm', WIZER_LABEL, 'docker', NODE_SNAPSHOT_LABEL]);
  assert.equal(firstResponseMs(records[0]!), 1 + 5 + 100);
  // The code cache's relabelling (`tiered · wizer + code cache`) still reads as the wizer line.
  assert.equal(snapshotLineOf({ runtime: 'wasm', engine: `${wizerEngine('tiered')} + code cache` }), WIZER_LABEL);
});

test('the breakdown gives each line its phase medians', () => {
  const rows = snapshotBreakdown(run(typical, 5));
  assert.deepEqual(
    rows.map((r) => [r.line, r.n, r.initMs, r.runMs]),
    [
      ['wasm', 5, 5, 100],
      [WIZER_LABEL, 5, 8, 5],
      ['docker', 5, 200, 5],
      [NODE_SNAPSHOT_LABEL, 5, 10, 5],
    ],
  );
  assert.ok(Math.abs(rows[2]!.firstResponseMs - 705.02) < 1e-9);
});

test('claims: each snapshot against its plain line, and wasm against docker with and without snapshots', () => {
  const claims = snapshotClaims({ dir: 'r', records: run(typical), notes: {}, manifest: {} });
  const byId = new Map(claims.map((c) => [c.id, c]));
  assert.equal(byId.get('snapshot-wasm-wizer')!.verdict, 'holds');
  assert.ok(Math.abs(byId.get('snapshot-wasm-wizer')!.ours!.value - (1 - 14 / 106)) < 0.01);
  assert.equal(byId.get('snapshot-docker-node')!.verdict, 'holds');
  assert.equal(byId.get('snapshot-both')!.verdict, 'holds'); // 1 − 14/515 ≈ 97 % ≥ 94 %
  assert.equal(byId.get('snapshot-none')!.verdict, 'does not hold'); // 1 − 106/705 ≈ 85 % < 94 %
});

test('a snapshot that makes things slower does not hold; without a run nothing is measured', () => {
  const slower = { ...typical, [WIZER_LABEL]: [1, 150, 20] as [number, number, number] };
  const claims = snapshotClaims({ dir: 'r', records: run(slower), notes: {}, manifest: {} });
  assert.equal(claims.find((c) => c.id === 'snapshot-wasm-wizer')!.verdict, 'does not hold');
  assert.ok(snapshotClaims(undefined).every((c) => c.verdict === 'not measured'));
  const noWizer = run(typical).filter((r) => snapshotLineOf(r) !== WIZER_LABEL);
  const partial = snapshotClaims({ dir: 'r', records: noWizer, notes: {}, manifest: {} });
  assert.equal(partial.find((c) => c.id === 'snapshot-wasm-wizer')!.verdict, 'not measured');
  assert.equal(partial.find((c) => c.id === 'snapshot-docker-node')!.verdict, 'holds');
});
