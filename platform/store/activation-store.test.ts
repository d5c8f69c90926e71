// The activation store's bound: the oldest records go first, whatever the number stored, and nothing else is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActivationStore } from './activation-store.js';
import type { ActivationRecord } from '../types.js';

const record = (id: number): ActivationRecord => ({
  namespace: 'guest',
  name: 'a',
  subject: 'guest',
  activationId: `id${id}`,
  start: id,
  end: id,
  duration: 0,
  response: { status: 'success', success: true, result: {} },
  logs: [],
  version: '0.0.1',
  publish: false,
  annotations: [],
});

test('beyond its maximum the store keeps exactly the newest records, through many rounds of dropping', () => {
  const max = 100;
  const store = new ActivationStore(max);
  const total = 20_000; // enough to pass the point where the list of ids is compacted several times
  for (let i = 0; i < total; i++) store.put(record(i));
  for (let i = 0; i < total - max; i += 997) assert.equal(store.get('guest', `id${i}`), undefined, `id${i}`);
  for (let i = total - max; i < total; i++) assert.equal(store.get('guest', `id${i}`)?.start, i, `id${i}`);
  const { items, total: listed } = store.query({ namespace: 'guest', skip: 0, limit: 200 });
  assert.equal(listed, max);
  assert.deepEqual(
    items.map((r) => r.start),
    Array.from({ length: max }, (_, k) => total - 1 - k),
  );
});

test('storing a record again under its id replaces it and does not cost another record its place', () => {
  const store = new ActivationStore(3);
  store.put(record(1));
  store.put(record(2));
  store.put({ ...record(1), duration: 7 });
  store.put(record(3));
  assert.equal(store.get('guest', 'id1')?.duration, 7);
  assert.ok(store.get('guest', 'id2'));
  assert.ok(store.get('guest', 'id3'));
  store.put(record(4));
  assert.equal(store.get('guest', 'id1'), undefined, 'the oldest by first storage goes first');
  assert.ok(store.get('guest', 'id4'));
});
