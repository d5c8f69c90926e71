// Endless loops must not starve unrelated activations (issue: two loops held an unrelated run for 19 s with two
// threads, and a queued run timed out without ever running). Liveness checks with generous bounds, not speed claims.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { startExecutor } from '../server.js';
import { fixtures, wat } from '../../test-support/wat.js';
import { initBody, post, runBody } from '../../test-support/executor-http.js';

test('with 4 endless loops in flight on 2 workers, an unrelated activation still answers', async (t) => {
  const executor = await startExecutor({ port: 0, workers: 2 });
  t.after(() => executor.close());
  for (const [id, source] of [
    ['loop', fixtures.loop],
    ['echo', fixtures.echo],
  ] as const) {
    assert.equal((await post(`${executor.url}/${id}/init`, initBody(await wat(source)))).status, 200);
  }
  // Loops far longer than the bound below: before the fix the unrelated run waited for one of them to time out.
  const loops = Array.from({ length: 4 }, () =>
    post(`${executor.url}/loop/run`, runBody({}, 30_000)).catch(() => undefined),
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  const began = performance.now();
  const echo = await post(`${executor.url}/echo/run`, runBody({ still: 'up' }, 20_000));
  const tookMs = performance.now() - began;
  assert.deepEqual(echo.body, { status: 'success', status_code: 0, success: true, result: { still: 'up' } });
  assert.ok(tookMs < 5_000, `the unrelated activation waited ${Math.round(tookMs)} ms behind the loops`);
  t.diagnostic(`unrelated activation answered in ${Math.round(tookMs)} ms with 4 loops running`);
  await executor.close(); // stops the loops' threads; their requests end without an answer
  await Promise.all(loops);
});

test('a time limit is not spent waiting for a thread: a short run behind a long one completes', async (t) => {
  const executor = await startExecutor({ port: 0, workers: 1 });
  t.after(() => executor.close());
  for (const [id, source] of [
    ['loop', fixtures.loop],
    ['echo', fixtures.echo],
  ] as const) {
    assert.equal((await post(`${executor.url}/${id}/init`, initBody(await wat(source)))).status, 200);
  }
  const loop = post(`${executor.url}/loop/run`, runBody({}, 4_000));
  await new Promise((resolve) => setTimeout(resolve, 20));
  // 1.5 s is far more than the echo needs, and far less than the loop's 4 s: it must not wait for the loop.
  const echo = await post(`${executor.url}/echo/run`, runBody({ n: 1 }, 1_500));
  assert.deepEqual(echo.body, { status: 'success', status_code: 0, success: true, result: { n: 1 } });
  const stopped = await loop;
  assert.equal(stopped.status, 502);
  assert.match((stopped.body as { error: string }).error, /exceeded its time limits of \d+ milliseconds/);
});
