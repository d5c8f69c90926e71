// The snapshot run in a report: its phase table and figure name the four lines as the console does, and the cost
// table says what each snapshot cost and where it was paid, from the manifest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InvocationRecord } from '../model/results/records.js';
import { NODE_SNAPSHOT_ENGINE, wizerEngine } from '../model/results/snapshot-labels.js';
import type { LoadedRun } from './run-data.js';
import { snapshotTables } from './snapshot-table.js';
import { snapshotPhaseChart } from './snapshot-chart.js';
import { tablesFor } from './tables.js';

function record(runtime: 'wasm' | 'docker', engine: string | undefined, init: number, run: number): InvocationRecord {
  return {
    seq: 0,
    scenario: 'snapshot',
    runtime,
    ...(engine === undefined ? {} : { engine }),
    action: 'table',
    actionName: 'x',
    level: 1,
    repetition: 1,
    sentAt: 0,
    receivedAt: 1,
    latencyMs: 1,
    outcome: 'ok',
    start: 'cold',
    waitTimeMs: 2,
    initTimeMs: init,
    durationMs: init + run,
    activation: {
      annotations: [{ key: 'ow-eval', value: { phases: { queueMs: 0, createMs: 2, initMs: init, runMs: run } } }],
    },
  };
}

const run: LoadedRun = {
  dir: '/x',
  name: 'x-snapshot',
  manifest: {
    scenario: 'snapshot',
    targets: [
      { runtime: 'wasm', engine: 'tiered' },
      {
        runtime: 'wasm',
        engine: wizerEngine('tiered'),
        label: 'wasm · wizer',
        snapshot: { kind: 'wizer', cost: { paidAt: 'ow-eval actions build', wizerMs: 700, moduleBytes: 4 * 2 ** 20 } },
      },
      { runtime: 'docker', engine: null },
      {
        runtime: 'docker',
        engine: NODE_SNAPSHOT_ENGINE,
        label: 'docker · node snapshot',
        snapshot: {
          kind: 'node-snapshot',
          cost: {
            paidAt: 'image build',
            buildSnapshotMs: 1900,
            imageBuildMs: 3400,
            blobBytes: 8 * 2 ** 20,
            image: 'i',
          },
        },
      },
    ],
  },
  records: [
    record('wasm', 'tiered', 8, 130),
    record('wasm', wizerEngine('tiered'), 150, 20),
    record('docker', undefined, 220, 7),
    record('docker', NODE_SNAPSHOT_ENGINE, 10, 6),
  ],
  summary: { rows: [], ratios: [] },
  notes: {},
};

test('the phase table and the cost table name every line and every cost', () => {
  const [phases, cost] = snapshotTables(run);
  assert.deepEqual(
    phases!.rows.map((r) => [r[0], r[4], r[5]]),
    [
      ['wasm', '8.00', '130'],
      ['wasm · wizer', '150', '20.0'],
      ['docker', '220', '7.00'],
      ['docker · node snapshot', '10.0', '6.00'],
    ],
  );
  assert.deepEqual(
    cost!.rows.map((r) => r[0]),
    ['wasm · wizer', 'docker · node snapshot'],
  );
  assert.match(cost!.rows[0]!.join(' '), /ow-eval actions build.*wizer 700 ms.*4\.00 MiB/);
  assert.match(cost!.rows[1]!.join(' '), /image build.*1900 ms.*3400 ms.*8\.00 MiB/);
  assert.ok(tablesFor(run).some((t) => t.id === 'snapshot-phases'));
  assert.deepEqual(snapshotTables({ ...run, manifest: { ...run.manifest, scenario: 'coldstart' } }), []);
});

test('the figure has one bar per line, labelled as in the tables', () => {
  const chart = snapshotPhaseChart(run)!;
  const values = (chart.spec as unknown as { data: { values: Array<{ line: string }> } }).data.values;
  assert.deepEqual(
    [...new Set(values.map((v) => v.line))],
    ['wasm (n = 1)', 'wasm · wizer (n = 1)', 'docker (n = 1)', 'docker · node snapshot (n = 1)'],
  );
});
