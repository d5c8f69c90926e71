// `--mode runtime`: the standard action-runtime protocol with OpenWhisk-native results and log sentinels (§2.2, §2.3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startExecutor } from './server.js';
import { SENTINEL } from './runtime-routes.js';
import { fixtures, wat } from '../test-support/wat.js';
import { initBody, post, zip } from '../test-support/executor-http.js';

async function runtime(t: { after: (fn: () => Promise<void>) => void }) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const executor = await startExecutor({ port: 0, mode: 'runtime', workers: 1, logs: { stdout, stderr } });
  t.after(() => executor.close());
  return { executor, logs: () => ({ stdout: out, stderr: err }) };
}

test('run before init answers 403 and the executor keeps serving', async (t) => {
  const { executor } = await runtime(t);
  const first = await post(`${executor.url}/run`, { value: {} });
  assert.deepEqual([first.status, first.body], [403, { error: 'System not initialized.' }]);
  assert.equal((await post(`${executor.url}/run`, { value: {} })).status, 403);
});

test("init, run: OpenWhisk-native result, the activation's output, then one sentinel on each stream", async (t) => {
  const { executor, logs } = await runtime(t);
  const init = await post(`${executor.url}/init`, initBody(zip([['echo.wasm', await wat(fixtures.echo)]])));
  assert.deepEqual([init.status, init.body], [200, { OK: true }]);
  const run = await post(`${executor.url}/run`, {
    value: { string: 'hello' },
    activation_id: 'a1',
    deadline: String(Date.now() + 5000),
  });
  assert.deepEqual([run.status, run.body], [200, { string: 'hello' }]);
  assert.equal(run.headers.get('x-ow-eval-engine'), 'tiered');
  assert.deepEqual(logs(), { stdout: `hello stdout\n${SENTINEL}\n`, stderr: `hello stderr\n${SENTINEL}\n` });
});

test('a second init is refused with the reference message and no sentinel', async (t) => {
  const { executor, logs } = await runtime(t);
  const body = initBody(await wat(fixtures.echo));
  assert.equal((await post(`${executor.url}/init`, body)).status, 200);
  const again = await post(`${executor.url}/init`, body);
  assert.deepEqual([again.status, again.body], [403, { error: 'Cannot initialize the action more than once.' }]);
  assert.equal(logs().stderr, 'Internal system error: Cannot initialize the action more than once.\n');
  assert.equal(logs().stdout, '');
});

test('an init without code answers 403 "Missing main/no code to execute."', async (t) => {
  const { executor } = await runtime(t);
  const answer = await post(`${executor.url}/init`, { value: { main: 'main' } });
  assert.deepEqual([answer.status, answer.body], [403, { error: 'Missing main/no code to execute.' }]);
});

test('a failed init answers 502, writes sentinels, and stops the runtime', async (t) => {
  const { executor, logs } = await runtime(t);
  const answer = await post(`${executor.url}/init`, initBody(await wat(fixtures.missingExports)));
  assert.equal(answer.status, 502);
  assert.match((answer.body as { error: string }).error, /^Initialization has failed due to: The module fits neither/);
  assert.ok(logs().stdout.endsWith(`${SENTINEL}\n`) && logs().stderr.endsWith(`${SENTINEL}\n`));
  const run = await post(`${executor.url}/run`, { value: {} });
  assert.deepEqual([run.status, run.body], [403, { error: 'System not ready, status is stopped.' }]);
});

const runCases = [
  {
    name: 'an application error is 200 with the guest\'s {"error"}',
    source: fixtures.appError,
    value: {},
    status: 200,
    body: { error: 'sorry' },
  },
  {
    name: 'a trap is 502',
    source: fixtures.trap,
    value: {},
    status: 502,
    body: { error: 'The action trapped: unreachable.' },
  },
  {
    name: 'a result that is not an object is 502',
    source: fixtures.scalar,
    value: {},
    status: 502,
    body: { error: 'The action did not return a dictionary.' },
  },
  {
    name: 'params that are not a dictionary are 403',
    source: fixtures.echo,
    value: [1],
    status: 403,
    body: { error: "Internal system error: the argument must be a dictionary but has type 'array'." },
  },
];

for (const c of runCases) {
  test(`runtime mode: ${c.name}`, async (t) => {
    const { executor } = await runtime(t);
    assert.equal((await post(`${executor.url}/init`, initBody(await wat(c.source)))).status, 200);
    const run = await post(`${executor.url}/run`, { value: c.value });
    assert.deepEqual([run.status, run.body], [c.status, c.body]);
  });
}

test('runtime mode: an endless loop stops at the deadline, writes sentinels, and the runtime keeps serving', async (t) => {
  const { executor, logs } = await runtime(t);
  assert.equal((await post(`${executor.url}/init`, initBody(await wat(fixtures.loop)))).status, 200);
  const run = await post(`${executor.url}/run`, { value: {}, deadline: String(Date.now() + 200) });
  assert.equal(run.status, 502);
  assert.match((run.body as { error: string }).error, /^The action exceeded its time limits of \d+ milliseconds\.$/);
  assert.equal(logs().stdout, `${SENTINEL}\n`);
  assert.equal((await post(`${executor.url}/run`, { value: {}, deadline: String(Date.now() + 100) })).status, 502);
});

test('runtime mode: malformed JSON is 500 {"error":"Bad request."}, as the Node.js runtime answers', async (t) => {
  const { executor } = await runtime(t);
  const answer = await post(`${executor.url}/init`, '{"value":');
  assert.deepEqual([answer.status, answer.body], [500, { error: 'Bad request.' }]);
});

test('runtime mode with the real add action: {"result":4}, an application error for bad params, sentinels', async (t) => {
  const addZip = fileURLToPath(new URL('../../scenarios/actions/build/add.zip', import.meta.url));
  if (!existsSync(addZip))
    return t.skip('scenarios/actions/build/add.zip is missing (run `npx ow-eval actions build`)');
  const { executor, logs } = await runtime(t);
  assert.equal((await post(`${executor.url}/init`, initBody(readFileSync(addZip)))).status, 200);
  assert.deepEqual(
    await post(`${executor.url}/run`, { value: { param1: 2, param2: 2 } }).then((a) => [a.status, a.body]),
    [200, { result: 4 }],
  );
  const bad = await post(`${executor.url}/run`, { value: { param1: 'x' } });
  assert.equal(bad.status, 200);
  assert.equal(typeof (bad.body as { error: unknown }).error, 'string');
  assert.equal(logs().stdout, `${SENTINEL}\n${SENTINEL}\n`);
  assert.equal(logs().stderr, `${SENTINEL}\n${SENTINEL}\n`);
});
