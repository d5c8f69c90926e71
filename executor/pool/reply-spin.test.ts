// The pool's brief wait for a lone activation's answer (replyWaitMs, `ow-eval executor --reply-spin`) changes only
// how the answer reaches the main thread: every answer still goes to its own activation, a loop is still stopped at
// its time limit, and activations in flight together (no brief wait then) are answered as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActivationThreads, type PoolTask } from './pool.js';
import { fixtures, wat } from '../../test-support/wat.js';

async function taskOf(source: string, input: string, timeoutMs: number): Promise<PoolTask> {
  return {
    moduleKey: source === fixtures.echo ? 'echo' : source === fixtures.loop ? 'loop' : 'spin',
    module: new WebAssembly.Module(await wat(source)),
    spec: { abi: 'wow', input, env: {}, netAccess: false, memoryLimitBytes: 16 << 20 },
    mayBlock: false,
    reusable: false,
    timeoutMs,
    limitMs: timeoutMs,
    wantLogs: false,
  };
}

test('with the brief wait on, sequential and concurrent activations get their own answers', async (t) => {
  const pool = new ActivationThreads({ cpuSlots: 2, spare: 1, replyWaitMs: 50 });
  t.after(() => pool.close());
  await pool.start();
  for (let i = 0; i < 30; i++) {
    const result = await pool.run(await taskOf(fixtures.echo, `{"i":${i}}`, 20_000));
    assert.deepEqual(result.outcome, { kind: 'success', resultJson: `{"i":${i}}` });
  }
  const together = await Promise.all(
    Array.from({ length: 12 }, async (_, i) => pool.run(await taskOf(fixtures.echo, `{"c":${i}}`, 20_000))),
  );
  together.forEach((result, i) => assert.deepEqual(result.outcome, { kind: 'success', resultJson: `{"c":${i}}` }));
});

test('with the brief wait on, a loop is still stopped at its time limit and the next activation runs', async (t) => {
  const pool = new ActivationThreads({ cpuSlots: 1, spare: 1, replyWaitMs: 50 });
  t.after(() => pool.close());
  await pool.start();
  const stopped = await pool.run(await taskOf(fixtures.loop, '{}', 1_000));
  assert.equal(stopped.outcome.kind === 'failure' && stopped.outcome.failure.code, 'ERR_TIMEOUT');
  const next = await pool.run(await taskOf(fixtures.echo, '{"after":"loop"}', 20_000));
  assert.deepEqual(next.outcome, { kind: 'success', resultJson: '{"after":"loop"}' });
});
