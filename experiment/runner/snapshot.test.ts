// The snapshot scenario against fake targets: four lines, each deploying what its variant needs (the Wizer module;
// the very source the node snapshot holds, without a nonce), every sample cold and labelled, and the cost and the
// phases noted for the console and measurements.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadScenarioConfig } from '../../scenarios/config/load.js';
import type { SnapshotConfig } from '../../scenarios/config/schemas.js';
import { FakeRunTarget } from '../../test-support/fake-run-target.js';
import { runScenario } from './run-scenario.js';
import { plannedSnapshotUnits } from './snapshot-units.js';
import { snapshotScenario } from './snapshot.js';
import { NONCE_SECTION } from './distinct-code.js';
import type { RuntimeUnit } from './scenario.js';
import {
  NODE_SNAPSHOT_ENGINE,
  NODE_SNAPSHOT_LABEL,
  WIZER_LABEL,
  wizerEngine,
} from '../../model/results/snapshot-labels.js';

const source = 'function main(){ return {}; }';

test('snapshot runs four lines; wizer deploys its module, node snapshot the unchanged source; cost and phases noted', async () => {
  const config = loadScenarioConfig('snapshot', { set: ['maxConcurrency=2', 'repetitions=2'] }) as SnapshotConfig;
  assert.deepEqual(config.snapshots, ['none', 'snapshot']);
  const platform = new FakeRunTarget({ initMs: 5 });
  const snapshotPlatform = new FakeRunTarget({ initMs: 2 });
  const units: RuntimeUnit[] = [
    { runtime: 'wasm', engine: 'tiered', kind: 'wasm:0.1', target: platform, tag: 'wasm-tiered' },
    { runtime: 'docker', kind: 'nodejs:20', target: platform, tag: 'docker' },
    {
      runtime: 'wasm',
      engine: wizerEngine('tiered'),
      kind: 'wasm:0.1',
      target: platform,
      tag: 'wasm-tiered-wizer',
      label: { name: WIZER_LABEL, explanation: 'x' },
      snapshot: { kind: 'wizer', cost: { wizerMs: 12 } },
    },
    {
      runtime: 'docker',
      engine: NODE_SNAPSHOT_ENGINE,
      kind: 'nodejs:20',
      target: snapshotPlatform,
      tag: 'docker-snap',
      label: { name: NODE_SNAPSHOT_LABEL, explanation: 'y' },
      snapshot: { kind: 'node-snapshot', cost: { blobBytes: 1048576 } },
    },
  ];
  const variantsAsked: Array<string | undefined> = [];
  const outcome = await runScenario(config, snapshotScenario, {
    outRoot: mkdtempSync(path.join(tmpdir(), 'ow-eval-results-')),
    openUnits: async () => ({ units, close: async () => {} }),
    actionCode: (_action, unit, variant) => {
      if (unit.runtime === 'wasm') variantsAsked.push(variant);
      return unit.runtime === 'wasm' ? Buffer.from('0061736d01000000', 'hex') : source;
    },
  });
  assert.equal(outcome.status, 'finished');
  // (1 + 2) invocations × 2 repetitions × 4 lines, all cold
  assert.equal(outcome.records.length, 24);
  assert.ok(outcome.records.every((r) => r.outcome === 'ok' && r.start === 'cold' && r.scenario === 'snapshot'));
  const engines = new Set(outcome.records.map((r) => `${r.runtime}/${r.engine ?? ''}`));
  assert.deepEqual(
    [...engines].sort(),
    ['docker/', `docker/${NODE_SNAPSHOT_ENGINE}`, 'wasm/tiered', `wasm/${wizerEngine('tiered')}`].sort(),
  );
  assert.ok(variantsAsked.includes('wizer') && variantsAsked.includes(undefined));

  // The node-snapshot platform got the source exactly (its runtime compares it); the plain baseline got nonces.
  for (const spec of snapshotPlatform.deployed.values()) assert.equal(spec.code, source);
  const plainDocker = [...platform.deployed.values()].filter((s) => s.kind === 'nodejs:20');
  assert.ok(plainDocker.length > 0);
  for (const spec of plainDocker) assert.match(String(spec.code), new RegExp(NONCE_SECTION));

  const manifest = JSON.parse(readFileSync(path.join(outcome.dir, 'manifest.json'), 'utf8')) as {
    targets: Array<{ label?: string; snapshot?: { kind: string } }>;
  };
  assert.deepEqual(
    manifest.targets.filter((t) => t.snapshot).map((t) => [t.label, t.snapshot!.kind]),
    [
      [WIZER_LABEL, 'wizer'],
      [NODE_SNAPSHOT_LABEL, 'node-snapshot'],
    ],
  );
  const phases = outcome.notes['snapshotPhases'] as Array<{ line: string; n: number }>;
  assert.deepEqual(
    phases.map((p) => [p.line, p.n]),
    [
      ['wasm', 6],
      [WIZER_LABEL, 6],
      ['docker', 6],
      [NODE_SNAPSHOT_LABEL, 6],
    ],
  );
  assert.equal((outcome.notes['snapshotCost'] as unknown[]).length, 2);
});

test('the plan lists the snapshot lines the run will open, and only those the settings ask for', () => {
  const plain = [
    { runtime: 'wasm' as const, engine: 'tiered', tag: 'wasm-tiered' },
    { runtime: 'docker' as const, tag: 'docker' },
  ];
  const config = (snapshots: string[]) =>
    loadScenarioConfig('snapshot', { set: [`snapshots=${JSON.stringify(snapshots)}`] }) as SnapshotConfig;
  const tags = (units: Array<{ tag: string }>) => units.map((u) => u.tag);
  assert.deepEqual(tags(plannedSnapshotUnits(config(['none', 'snapshot']), plain, false)), [
    'wasm-tiered',
    'docker',
    'wasm-tiered-wizer',
    'docker-snap',
  ]);
  assert.deepEqual(tags(plannedSnapshotUnits(config(['snapshot']), plain, false)), [
    'wasm-tiered-wizer',
    'docker-snap',
  ]);
  assert.deepEqual(tags(plannedSnapshotUnits(config(['none']), plain, false)), ['wasm-tiered', 'docker']);
  // A remote OpenWhisk runs its own nodejs image: no node-snapshot line there.
  assert.deepEqual(tags(plannedSnapshotUnits(config(['snapshot']), plain, true)), ['wasm-tiered-wizer']);
});
