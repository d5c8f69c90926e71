import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenarioConfig } from '../../scenarios/config/load.js';
import { OwEvalError } from '../../errors/ow-eval-error.js';
import { planUnits } from './open-units.js';

test('baseline=openwhisk-default adds a third unit, the baseline with stem cells, and only then', async () => {
  // node-process keeps this test off Docker; the unit list is the same with docker.
  const flags = { baseline: 'node-process' };
  const stem = await planUnits(loadScenarioConfig('coldstart', { set: ['baseline=openwhisk-default'] }), flags);
  assert.deepEqual(
    stem.units.map((u) => [u.runtime, u.engine, u.tag]),
    [
      ['wasm', 'tiered', 'wasm-tiered'],
      ['node-process', undefined, 'node-process'],
      ['node-process', 'openwhisk-default', 'node-process-owd'],
    ],
  );
  const plain = await planUnits(loadScenarioConfig('coldstart'), flags);
  assert.equal(plain.units.length, 2);
});

test('stem cells that cannot match the actions (other memory) are said loudly; a remote target is refused', async () => {
  const other = await planUnits(
    loadScenarioConfig('coldstart', { set: ['baseline=openwhisk-default', 'memoryMb=512'] }),
    { baseline: 'node-process' },
  );
  assert.ok(other.warnings.some((w) => w.includes('no stem cell can take them')));
  await assert.rejects(
    planUnits(loadScenarioConfig('coldstart', { set: ['baseline=openwhisk-default'] }), {
      apihost: 'http://127.0.0.1:1',
    }),
    (e: unknown) => e instanceof OwEvalError && e.code === 'ERR_BASELINE_REMOTE' && e.userFixable,
  );
});
