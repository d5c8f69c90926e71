import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countStartKinds, creations } from './start-kinds.js';
import type { InvocationRecord, StartKind } from './records.js';

let seq = 0;
const record = (
  level: number,
  start: StartKind,
  more: Partial<InvocationRecord> = {},
): InvocationRecord => ({
  seq: seq++,
  scenario: 'coldstart',
  runtime: 'docker',
  action: 'hash',
  actionName: `a-${seq}`,
  level,
  repetition: 1,
  sentAt: 0,
  receivedAt: 1,
  latencyMs: 1,
  outcome: 'ok',
  start,
  ...more,
});

test('start kinds are counted per runtime line and level, stem-cell baseline apart from the fresh one', () => {
  const stem = { engine: 'openwhisk-default' };
  const rows = countStartKinds([
    record(1, 'prewarm', stem),
    record(2, 'prewarm', stem),
    record(2, 'prewarm', stem),
    record(3, 'prewarm', stem),
    record(3, 'prewarm', stem),
    record(3, 'cold', stem),
    record(3, 'recreated', { ...stem, outcome: 'error' }),
    record(3, 'warm', { ...stem, outcome: 'dropped' }),
    record(3, 'cold'),
    record(3, 'recreated'),
  ]);
  const fresh3 = rows.find((r) => r.engine === '' && r.level === 3)!;
  assert.equal(creations(fresh3), 2);
  assert.equal(fresh3.starts.prewarm, 0);
  const stem3 = rows.find((r) => r.engine === 'openwhisk-default' && r.level === 3)!;
  assert.deepEqual(stem3.starts, { prewarm: 2, cold: 1, recreated: 0, warm: 1, unknown: 0 });
  assert.equal(stem3.invocations, 5);
  assert.equal(stem3.errors, 1, 'an error is counted apart, not as its start kind');
  assert.equal(stem3.dropped, 1);
  assert.deepEqual(
    rows.filter((r) => r.engine === 'openwhisk-default').map((r) => [r.level, r.starts.prewarm, creations(r)]),
    [
      [1, 1, 0],
      [2, 2, 0],
      [3, 2, 1],
    ],
  );
});
