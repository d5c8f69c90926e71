// The pool's scheduling and lifecycle rules (docs/openwhisk-protocols.md §5) against a fake factory, on a clock the
// tests move themselves (no sleeping past real grace periods).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeFactory } from '../../test-support/fake-factory.js';
import { ContainerPool, type PoolConfig, type WorkRequest } from './container-pool.js';
import { ManualClock, settle } from '../../test-support/manual-clock.js';

function makePool(overrides: Partial<PoolConfig> = {}): {
  pool: ContainerPool;
  factory: FakeFactory;
  clock: ManualClock;
} {
  const factory = new FakeFactory();
  const clock = new ManualClock();
  const pool = new ContainerPool({
    clock,
    userMemoryMb: 512,
    pauseGraceMs: 10_000,
    idleTimeoutMs: 600_000,
    prewarm: [],
    factoryFor: () => factory,
    ...overrides,
  });
  return { pool, factory, clock };
}

const work = (action: string, more: Partial<WorkRequest> = {}): WorkRequest => ({
  fingerprint: action,
  action: `guest/${action}`,
  kind: 'wasm:0.1',
  memoryMb: 256,
  concurrency: 1,
  ...more,
});

test('a released container is reused warm for the same action and never for another one', async (t) => {
  const { pool } = makePool();
  t.after(() => pool.close());
  const first = await pool.acquire(work('a'));
  assert.equal(first.startKind, 'cold');
  assert.equal(first.needsInit, true);
  pool.initDone(first, true);
  pool.release(first, { destroy: false });
  const second = await pool.acquire(work('a'));
  assert.equal(second.startKind, 'warm');
  assert.equal(second.needsInit, false);
  assert.equal(second.container.id, first.container.id);
  const other = await pool.acquire(work('b'));
  assert.equal(other.startKind, 'cold');
  assert.notEqual(other.container.id, first.container.id);
});

test('tryAcquire hands out only what acquire would at once: a ready warm container, never past the queue', async (t) => {
  const { pool, clock } = makePool({ userMemoryMb: 256, pauseGraceMs: 20 });
  t.after(() => pool.close());
  assert.equal(pool.tryAcquire(work('a')), undefined, 'no container yet: a cold start is left to acquire');
  const first = await pool.acquire(work('a'));
  assert.equal(pool.tryAcquire(work('a')), undefined, 'the only container is busy initializing');
  pool.initDone(first, true);
  pool.release(first, { destroy: false });
  const warm = pool.tryAcquire(work('a'));
  assert.equal(warm?.startKind, 'warm');
  assert.equal(warm.needsInit, false);
  assert.equal(warm.container.id, first.container.id);
  assert.equal(pool.tryAcquire(work('a')), undefined, 'concurrency 1: the container is taken');
  const queued = pool.acquire(work('b')); // memory is full: b waits in the queue
  await settle();
  pool.release(warm, { destroy: false });
  assert.equal(pool.tryAcquire(work('a')), undefined, 'the container went to the queue head, not around it');
  const b = await queued;
  assert.equal(b.startKind, 'recreated');
  pool.initDone(b, true);
  pool.release(b, { destroy: false });
  await clock.advance(35); // past the pause grace: a paused container is resumed by acquire
  assert.equal(pool.state().byState.paused, 1);
  assert.equal(pool.tryAcquire(work('b')), undefined);
  assert.equal((await pool.acquire(work('b'))).startKind, 'warm');
});

test('when memory is full a request waits in FIFO order and starts when a container frees, evicting it', async (t) => {
  const { pool, factory } = makePool({ userMemoryMb: 256 });
  t.after(() => pool.close());
  const a = await pool.acquire(work('a'));
  pool.initDone(a, true);
  const order: string[] = [];
  const b = pool.acquire(work('b')).then((lease) => {
    order.push('b');
    return lease;
  });
  const c = pool.acquire(work('c')).then((lease) => {
    order.push('c');
    return lease;
  });
  await settle();
  assert.equal(pool.state().queued, 2);
  pool.release(a, { destroy: false });
  const bLease = await b;
  assert.equal(bLease.startKind, 'recreated');
  assert.deepEqual(order, ['b']);
  pool.initDone(bLease, true);
  pool.release(bLease, { destroy: false });
  assert.equal((await c).startKind, 'recreated');
  assert.deepEqual(order, ['b', 'c']);
  assert.equal(factory.count('destroy'), 2);
});

test('eviction takes the least recently used idle container', async (t) => {
  const { pool, factory, clock } = makePool({ userMemoryMb: 512 });
  t.after(() => pool.close());
  const a = await pool.acquire(work('a'));
  const b = await pool.acquire(work('b'));
  for (const lease of [a, b]) pool.initDone(lease, true);
  pool.release(a, { destroy: false });
  await clock.advance(2); // b is used after a
  pool.release(b, { destroy: false });
  const c = await pool.acquire(work('c'));
  assert.equal(c.startKind, 'recreated');
  await settle();
  assert.deepEqual(
    factory.events.filter((e) => e.event === 'destroy').map((e) => e.id),
    [a.container.id],
  );
});

test('an idle container is paused after the grace period, resumed on reuse, and removed after the idle timeout', async (t) => {
  const { pool, factory, clock } = makePool({ pauseGraceMs: 20, idleTimeoutMs: 40 });
  t.after(() => pool.close());
  const first = await pool.acquire(work('a'));
  pool.initDone(first, true);
  pool.release(first, { destroy: false });
  await clock.advance(35);
  assert.equal(pool.state().byState.paused, 1);
  const again = await pool.acquire(work('a'));
  assert.equal(again.startKind, 'warm');
  assert.ok(again.unpauseMs !== undefined);
  assert.equal(factory.count('resume'), 1);
  pool.release(again, { destroy: false });
  await clock.advance(120);
  assert.equal(pool.state().containers.length, 0);
  assert.equal(factory.count('destroy'), 1);
});

test('a stem cell of the same kind and memory is used first and replaced', async (t) => {
  const { pool, factory } = makePool({ userMemoryMb: 1024, prewarm: [{ kind: 'wasm:0.1', memoryMb: 256, count: 1 }] });
  t.after(() => pool.close());
  await pool.start();
  assert.equal(pool.state().byState.prewarm, 1);
  const lease = await pool.acquire(work('a'));
  assert.equal(lease.startKind, 'prewarm');
  assert.equal(lease.needsInit, true);
  assert.equal(lease.createMs, undefined);
  await settle();
  assert.equal(pool.state().byState.prewarm, 1);
  assert.equal(factory.count('create'), 2);
  const otherMemory = await pool.acquire(work('b', { memoryMb: 128 }));
  assert.equal(otherMemory.startKind, 'cold');
});

test('with concurrency 2 a second activation shares the container once its /init is done, a third gets its own', async (t) => {
  const { pool } = makePool({ userMemoryMb: 1024 });
  t.after(() => pool.close());
  const first = await pool.acquire(work('a', { concurrency: 2 }));
  const second = pool.acquire(work('a', { concurrency: 2 }));
  await settle();
  pool.initDone(first, true);
  const shared = await second;
  assert.equal(shared.container.id, first.container.id);
  assert.equal(shared.needsInit, false);
  const third = await pool.acquire(work('a', { concurrency: 2 }));
  assert.notEqual(third.container.id, first.container.id);
  assert.equal(third.startKind, 'cold');
});

test('drain waits for a running activation, then the container is gone', async (t) => {
  const { pool, factory } = makePool();
  t.after(() => pool.close());
  const lease = await pool.acquire(work('a'));
  pool.initDone(lease, true);
  let drained = false;
  const drain = pool.drain({ action: 'guest/a' }).then((n) => {
    drained = true;
    return n;
  });
  await settle();
  assert.equal(drained, false);
  pool.release(lease, { destroy: false });
  assert.equal(await drain, 1);
  assert.equal(pool.state().containers.length, 0);
  assert.equal(factory.count('destroy'), 1);
});

test('a failed container is destroyed, not reused', async (t) => {
  const { pool } = makePool();
  t.after(() => pool.close());
  const lease = await pool.acquire(work('a'));
  pool.initDone(lease, true);
  pool.release(lease, { destroy: true });
  const next = await pool.acquire(work('a'));
  assert.equal(next.startKind, 'cold');
  assert.notEqual(next.container.id, lease.container.id);
});

// OpenWhisk's default for nodejs:20 (ansible/files/runtimes.json): 2 stem cells of 256 MB, reactive 1..4 per 2 min ttl.
const stemCells = {
  kind: 'nodejs:20',
  memoryMb: 256,
  count: 2,
  reactive: { minCount: 1, maxCount: 4, ttlMs: 120_000, threshold: 1, increment: 1, checkIntervalMs: 600_000 },
};
const node = (action: string): WorkRequest => work(action, { kind: 'nodejs:20' });

test('stem cells: used ones are replaced in the background, starts beyond them create containers', async (t) => {
  const { pool, factory } = makePool({ userMemoryMb: 2048, prewarm: [stemCells] });
  t.after(() => pool.close());
  await pool.start();
  assert.equal(pool.state().byState.prewarm, 2);
  const leases = await Promise.all(['a', 'b', 'c'].map((a) => pool.acquire(node(a))));
  assert.deepEqual(
    leases.map((l) => l.startKind),
    ['prewarm', 'prewarm', 'cold'],
  );
  assert.equal(leases[2]!.createMs !== undefined, true, 'a creation is timed, a stem cell is not');
  await settle();
  // Two replacements started (one per stem cell taken): 2 initial + 2 replacements + 1 cold container.
  assert.equal(factory.count('create'), 5);
  assert.equal(pool.state().byState.prewarm, 2);
  for (const l of leases) pool.release(l, { destroy: true });
  await settle();
  assert.equal(pool.state().byState.prewarm, 2, 'removing the used containers does not add stem cells past the count');
});

test('stem cells: a replacement that does not fit in memory is not started; a removal backfills to minCount', async (t) => {
  const { pool } = makePool({ userMemoryMb: 512, prewarm: [stemCells] });
  t.after(() => pool.close());
  await pool.start();
  const a = await pool.acquire(node('a'));
  const b = await pool.acquire(node('b'));
  await settle();
  assert.equal(a.startKind, 'prewarm');
  assert.equal(b.startKind, 'prewarm');
  assert.equal(pool.state().byState.prewarm ?? 0, 0, 'both stem cells taken, no memory for replacements');
  pool.release(a, { destroy: true });
  await settle();
  assert.equal(pool.state().byState.prewarm, 1, 'backfilled to minCount (1), as ContainerRemoved does');
  pool.release(b, { destroy: true });
  await settle();
  assert.equal(
    pool.state().byState.prewarm,
    1,
    'minCount reached: the reactive config does not refill to initialCount',
  );
});

test('stem cells: the periodic check grows the count with the cold starts seen, up to maxCount, and expires idle ones', async (t) => {
  const { pool, clock } = makePool({ userMemoryMb: 4096, prewarm: [stemCells] });
  t.after(() => pool.close());
  await pool.start();
  const leases = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((a) => pool.acquire(node(a))));
  assert.equal(leases.filter((l) => l.startKind === 'cold').length, 5);
  await settle();
  assert.equal(pool.state().byState.prewarm, 2);
  await clock.advance(600_000);
  await settle();
  assert.equal(pool.state().byState.prewarm, 4, '5 cold starts / threshold 1 × increment 1, capped at maxCount 4');
  // Ten more minutes without a cold start: all four are past their 2-minute ttl, removed, and minCount is kept.
  await clock.advance(600_000);
  await settle();
  assert.equal(pool.state().byState.prewarm, 1);
});
