// The executor a platform starts serves only that platform: every request without its per-launch secret (or with a
// wrong one) is refused with 401 before its body is read, while the platform's own calls go through. An executor
// started alone (no secret) keeps wow's open fork protocol.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnExecutor, type ExecutorProcess } from '../platform/runtimes/executor-process.js';
import { launchPlatform } from '../platform/launch.js';
import { startExecutor } from '../executor/server.js';
import { fixtures, wat } from '../test-support/wat.js';
import { initBody, post, runBody } from '../test-support/executor-http.js';

let executor: ExecutorProcess;
let echo: Uint8Array;
before(async () => {
  executor = await spawnExecutor({ workers: 1 });
  echo = await wat(fixtures.echo);
});
after(() => executor.stop());

test('a platform-launched executor refuses requests without its secret, or with a wrong one', async () => {
  const id = crypto.randomUUID();
  const attempts: Record<string, string>[] = [{}, { 'x-ow-eval-secret': 'guess' }, { 'x-ow-eval-secret': '' }];
  for (const headers of attempts) {
    const init = await post(`${executor.url}/${id}/init`, initBody(echo, { memory: 4096 }), headers);
    assert.equal(init.status, 401, init.text);
    assert.equal(init.headers.get('x-ow-eval-error'), 'ERR_UNAUTHORIZED');
    assert.deepEqual(init.body, { error: 'This executor serves only the platform that started it.' });
  }
  const run = await post(`${executor.url}/${id}/run`, runBody({}));
  assert.equal(run.status, 401);
  const secret = { 'x-ow-eval-secret': executor.secret };
  assert.equal((await post(`${executor.url}/${id}/init`, initBody(echo), secret)).status, 200);
  const ok = await post(`${executor.url}/${id}/run`, runBody({ a: 1 }), secret);
  assert.deepEqual((ok.body as { result: unknown }).result, { a: 1 });
});

test('the platform reaches the executor it launched (its calls carry the secret)', async () => {
  const platform = await launchPlatform({ port: 0, families: ['wasm'], executorWorkers: 1 });
  try {
    const { default: openwhisk } = await import('openwhisk');
    const ow = openwhisk({ apihost: platform.url, api_key: platform.apiKey });
    await ow.actions.create({
      name: 'echo',
      action: { exec: { kind: 'wasm:0.1', code: Buffer.from(echo).toString('base64'), binary: true } },
    });
    const activation = await ow.actions.invoke({ name: 'echo', blocking: true, params: { b: 2 } });
    assert.deepEqual(activation.response?.result, { b: 2 });
  } finally {
    await platform.close();
  }
});

test('an executor started alone (no secret) keeps the open fork protocol', async () => {
  const alone = await startExecutor({ port: 0, workers: 1 });
  try {
    const id = crypto.randomUUID();
    assert.equal((await post(`${alone.url}/${id}/init`, initBody(echo))).status, 200);
  } finally {
    await alone.close();
  }
});
