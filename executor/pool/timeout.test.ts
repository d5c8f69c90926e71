// A looping activation is stopped at its time limit, also after the pool took back the work queued behind it. The
// soak found threads still spinning after their loop had timed out, one per loop: taking work back raises the
// thread's fence to an id it never started, and the timeout read that as "the loop finished, the thread moved on".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActivationThreads, type PoolTask } from './pool.js';
import { fixtures, wat } from '../../test-support/wat.js';

test('a loop that had work taken back from behind it is stopped at its time limit', async (t) => {
  const pool = new ActivationThreads({ cpuSlots: 1, spare: 1, longMs: 250 });
  t.after(() => pool.close());
  await pool.start();
  const task = async (source: string, timeoutMs: number): Promise<PoolTask> => ({
    moduleKey: source === fixtures.loop ? 'loop' : 'echo',
    module: new WebAssembly.Module(await wat(source)),
    spec: { abi: 'wow', input: '{"n":1}', env: {}, netAccess: false, memoryLimitBytes: 16 << 20 },
    mayBlock: false,
    reusable: false, // the module is not rewritten by capMemory here
    timeoutMs,
    limitMs: timeoutMs,
    wantLogs: false,
  });
  const loopTask = await task(fixtures.loop, 1_500);
  const echoTask = await task(fixtures.echo, 20_000);
  // One CPU slot: the echo is queued in the loop's thread, and taken back from there once the loop counts as long.
  const loop = pool.run(loopTask);
  const echo = pool.run(echoTask);
  assert.deepEqual((await echo).outcome, { kind: 'success', resultJson: '{"n":1}' });
  const stopped = await loop;
  assert.equal(stopped.outcome.kind === 'failure' && stopped.outcome.failure.code, 'ERR_TIMEOUT');
  // The loop's thread must be stopped, not left spinning as a long thread with a finished activation.
  for (let waited = 0; waited < 5_000 && pool.size.long > 0; waited += 100)
    await new Promise((r) => setTimeout(r, 100));
  assert.equal(pool.size.long, 0, 'a thread still runs the loop that already timed out');
  assert.ok(pool.size.threads <= 2, `${pool.size.threads} threads for 1 CPU slot and 1 spare after the loop ended`);
});
