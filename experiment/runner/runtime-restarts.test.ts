import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InvocationRecord } from '../../model/results/records.js';
import { runtimeRestarts } from './runtime-restarts.js';

const record = (annotation: unknown): InvocationRecord =>
  ({ activation: { annotations: [{ key: 'ow-eval', value: annotation }] } }) as unknown as InvocationRecord;

test('runtimeRestarts keeps the highest count each runtime reported, and ignores records without one', () => {
  const records = [
    record({ runtime: 'executor', restarts: 0 }),
    record({ runtime: 'executor', restarts: 2 }),
    record({ runtime: 'executor', restarts: 1 }),
    record({ runtime: 'docker', restarts: 1 }),
    record({ runtime: 'docker' }),
    record(undefined),
    { activation: undefined } as unknown as InvocationRecord,
  ];
  assert.deepEqual(runtimeRestarts(records), { executor: 2, docker: 1 });
  assert.deepEqual(runtimeRestarts([]), {});
});
