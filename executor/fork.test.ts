// The fork's external-executor protocol end to end over HTTP: the wow reply shapes, the limits, and every bad input
// of the issue, each followed by a check that the process still serves a healthy container.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startExecutor, type RunningExecutor } from './server.js';
import { beforeStartProbe, fixtures, openAndKeepProbe, openProbe, sleepProbe, wat } from '../test-support/wat.js';
import { readWasmZip } from '../scenarios/actions/catalog.js';
import { base64, initBody, post, runBody, zip } from '../test-support/executor-http.js';

let executor: RunningExecutor;
let echo: Uint8Array;
const scratch = mkdtempSync(join(tmpdir(), 'ow-eval-fork-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

before(async () => {
  executor = await startExecutor({ port: 0, workers: 2, allowDirs: [scratch] });
  echo = await wat(fixtures.echo);
  assert.equal((await post(`${executor.url}/healthy/init`, initBody(zip([['echo.wasm', echo]])))).status, 200);
});
after(() => executor.close());

async function assertStillServing(): Promise<void> {
  const answer = await post(`${executor.url}/healthy/run`, runBody({ still: 'up' }));
  assert.equal(answer.text, '{"status":"success","status_code":0,"success":true,"result":{"still":"up"}}');
}

async function initFixture(id: string, source: string, annotations: Record<string, unknown> = {}): Promise<void> {
  const answer = await post(
    `${executor.url}/${id}/init`,
    initBody(zip([['action.wasm', await wat(source)]]), annotations),
  );
  assert.equal(answer.status, 200, answer.text);
}

test('init of a zip and run answer exactly as wow does, with the engine header', async () => {
  const id = crypto.randomUUID();
  const init = await post(
    `${executor.url}/${id}/init`,
    initBody(
      zip([
        ['echo.wasm', echo],
        ['README', Buffer.from('x')],
      ]),
    ),
  );
  assert.equal(init.status, 200);
  assert.equal(init.headers.get('x-ow-eval-engine'), 'tiered');
  const run = await post(`${executor.url}/${id}/run`, runBody({ param1: 2, param2: 2, text: '❄ ☃ ❄' }));
  assert.equal(run.status, 200);
  assert.equal(run.headers.get('x-ow-eval-engine'), 'tiered');
  assert.equal(
    run.text,
    '{"status":"success","status_code":0,"success":true,"result":{"param1":2,"param2":2,"text":"❄ ☃ ❄"}}',
  );
});

test('a raw module (magic \\0asm) is accepted as code too', async () => {
  assert.equal((await post(`${executor.url}/raw/init`, initBody(echo))).status, 200);
  assert.deepEqual((await post(`${executor.url}/raw/run`, runBody([1, 2]))).body, {
    status: 'success',
    status_code: 0,
    success: true,
    result: [1, 2],
  });
});

test('an application error is a 200 with status "application error"', async () => {
  await initFixture('app-error', fixtures.appError);
  const run = await post(`${executor.url}/app-error/run`, runBody({}));
  assert.equal(run.text, '{"status":"application error","status_code":1,"success":false,"result":{"error":"sorry"}}');
});

test('run after destroy is 404; destroy takes the id in its text body and refuses another id', async () => {
  await initFixture('doomed', fixtures.echo);
  const wrong = await fetch(`${executor.url}/doomed/destroy`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain; charset=UTF-8' },
    body: 'someone-else',
  });
  assert.equal(wrong.status, 400);
  const destroyed = await fetch(`${executor.url}/doomed/destroy`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain; charset=UTF-8' },
    body: 'doomed',
  });
  assert.equal(destroyed.status, 200);
  const run = await post(`${executor.url}/doomed/run`, runBody({}));
  assert.equal(run.status, 404);
  assert.match((run.body as { error: string }).error, /not initialized/);
  await assertStillServing();
});

test('run before init is 404 with a clear message', async () => {
  const run = await post(`${executor.url}/never/run`, runBody({}));
  assert.deepEqual(
    [run.status, run.body],
    [404, { error: 'Container never is not initialized (never, or destroyed).' }],
  );
});

const notAZip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
const badInputs: { name: string; body: () => unknown; status: number; error: RegExp }[] = [
  { name: 'malformed JSON', body: () => '{"value": {', status: 400, error: /not valid JSON/ },
  { name: 'a body that is not an object', body: () => [1], status: 400, error: /must be a JSON object, got an array/ },
  { name: 'no value', body: () => ({}), status: 400, error: /'value' is missing/ },
  {
    name: 'no code',
    body: () => ({ value: { name: 'a', main: 'main' } }),
    status: 400,
    error: /'value.code' is missing/,
  },
  {
    name: 'code as a number',
    body: () => ({ value: { code: 42 } }),
    status: 400,
    error: /'value.code' must be a string, got the number 42/,
  },
  {
    name: 'env with a number',
    body: () => ({ value: { code: base64(echo), env: { A: 1 } } }),
    status: 400,
    error: /'value.env.A' must be a string/,
  },
  {
    name: 'net_access as a string',
    body: () => ({ value: { code: base64(echo), annotations: { net_access: 'true' } } }),
    status: 400,
    error: /net_access' must be a JSON boolean/,
  },
  {
    name: 'code that is not base64',
    body: () => ({ value: { code: 'this is not base64!' } }),
    status: 400,
    error: /not valid base64/,
  },
  { name: 'an empty zip', body: () => initBody(zip([])), status: 502, error: /archive is empty/ },
  { name: 'a file that is not a zip', body: () => initBody(notAZip), status: 502, error: /not a valid zip/ },
  {
    name: 'a zip with a ../ entry',
    body: () =>
      initBody(
        zip([
          ['ok.wasm', echo],
          ['../escape.wasm', echo],
        ]),
      ),
    status: 502,
    error: /entry '..\/escape.wasm' could leave its folder/,
  },
  {
    name: 'a zip whose first entry is not wasm',
    body: () => initBody(zip([['notes.txt', Buffer.from('hello')]])),
    status: 502,
    error: /first entry 'notes.txt' is not a WebAssembly module/,
  },
  {
    name: 'a non-wasm file',
    body: () => initBody(Buffer.from('#!/bin/sh\necho hi\n')),
    status: 502,
    error: /neither a zip archive nor a WebAssembly module/,
  },
  {
    name: 'a truncated module',
    body: () => initBody(echo.subarray(0, 40)),
    status: 502,
    error: /not a (valid|usable) WebAssembly module/,
  },
  {
    name: 'a module missing the exports',
    body: async () => initBody(await wat(fixtures.missingExports)),
    status: 502,
    error:
      /fits neither the wow ABI \(missing exports: _start, wasm_memory_buffer_allocate_space, get_wasm_memory_buffer_len\) nor a WASI command/,
  },
  {
    name: 'a module with an unknown import',
    body: async () => initBody(await wat(fixtures.unknownImport)),
    status: 502,
    error: /does not provide: env.abort/,
  },
  {
    name: 'a module importing its memory',
    body: async () => initBody(await wat(fixtures.importedMemory)),
    status: 502,
    error: /imports its memory/,
  },
  {
    name: 'http.get without net_access',
    body: async () => initBody(await wat(fixtures.block)),
    status: 502,
    error: /'net_access' is true/,
  },
  {
    name: 'a memory limit as a string',
    body: () => initBody(echo, { memory: '128' }),
    status: 400,
    error: /'value.annotations.memory' must be a whole number of MB/,
  },
];

for (const bad of badInputs) {
  test(`init with ${bad.name} is refused (${bad.status}) and the executor keeps serving`, async () => {
    const answer = await post(`${executor.url}/bad-${bad.status}/init`, await bad.body());
    assert.equal(answer.status, bad.status, answer.text);
    assert.match((answer.body as { error: string }).error, bad.error);
    await assertStillServing();
  });
}

const badRuns: { name: string; body: unknown; error: RegExp }[] = [
  { name: 'malformed JSON', body: '{"value": ', error: /not valid JSON/ },
  {
    name: 'deadline as a number',
    body: { value: {}, deadline: Date.now() + 1000 },
    error: /'deadline' must be epoch milliseconds as a string of digits, got the number/,
  },
  { name: 'no deadline', body: { value: {} }, error: /'deadline' is missing/ },
  { name: 'deadline not digits', body: { value: {}, deadline: 'soon' }, error: /got the string "soon"/ },
  {
    name: 'activation_id as a number',
    body: { value: {}, deadline: '1', activation_id: 7 },
    error: /'activation_id' must be a string/,
  },
];

for (const bad of badRuns) {
  test(`run with ${bad.name} is refused with 400`, async () => {
    const answer = await post(`${executor.url}/healthy/run`, bad.body);
    assert.equal(answer.status, 400, answer.text);
    assert.match((answer.body as { error: string }).error, bad.error);
    await assertStillServing();
  });
}

test('a trap is a 502 naming the trap; the executor keeps serving', async () => {
  await initFixture('trap', fixtures.trap);
  const answer = await post(`${executor.url}/trap/run`, runBody({}));
  assert.deepEqual([answer.status, answer.body], [502, { error: 'The action trapped: unreachable.' }]);
  await assertStillServing();
});

test("an endless loop is stopped at the deadline with OpenWhisk's message, and its thread is replaced", async () => {
  await initFixture('loop', fixtures.loop);
  for (let round = 0; round < 2; round++) {
    const answer = await post(`${executor.url}/loop/run`, { value: {}, deadline: String(Date.now() + 300) });
    assert.equal(answer.status, 502);
    assert.match(
      (answer.body as { error: string }).error,
      /^The action exceeded its time limits of \d+ milliseconds\.$/,
    );
    await assertStillServing();
  }
});

test("a memory bomb hits the memory limit and is answered with OpenWhisk's message", async () => {
  await initFixture('bomb', fixtures.memoryBomb, { memory: 16 });
  const answer = await post(`${executor.url}/bomb/run`, runBody({}));
  assert.deepEqual([answer.status, answer.body], [502, { error: 'The action exhausted its memory and was aborted.' }]);
  await assertStillServing();
});

test('a module whose initial memory exceeds the limit is refused at init', async () => {
  const big = fixtures.echo.replace('(memory (export "memory") 2)', '(memory (export "memory") 300)');
  const answer = await post(`${executor.url}/too-big/init`, initBody(await wat(big), { memory: 16 }));
  assert.equal(answer.status, 502);
  assert.match(
    (answer.body as { error: string }).error,
    /initial memory \(300 pages of 64 KiB\) exceeds the memory limit \(256 pages\)/,
  );
});

test("the 'memory' annotation can only lower the action's limits.memory, never raise it", async () => {
  const big = fixtures.echo.replace('(memory (export "memory") 2)', '(memory (export "memory") 300)');
  const code = base64(await wat(big));
  const init = (limits: number, memory: number) => ({
    value: { name: 'f', main: 'main', code, binary: true, limits: { memory: limits }, annotations: { memory } },
  });
  // 300 pages (18.75 MiB) above a 16 MB limit: a 4096 MB annotation must not lift it.
  const raised = await post(`${executor.url}/${crypto.randomUUID()}/init`, init(16, 4096));
  assert.equal(raised.status, 502, raised.text);
  assert.match((raised.body as { error: string }).error, /exceeds the memory limit \(256 pages\)/);
  // A lower annotation wins: 32 MB allowed by limits, 16 MB by the annotation.
  const lowered = await post(`${executor.url}/${crypto.randomUUID()}/init`, init(32, 16));
  assert.equal(lowered.status, 502, lowered.text);
  assert.match((lowered.body as { error: string }).error, /exceeds the memory limit \(256 pages\)/);
  const fits = await post(`${executor.url}/${crypto.randomUUID()}/init`, init(32, 4096));
  assert.equal(fits.status, 200, fits.text);
});

test("a result over 1 MB is an application error with OpenWhisk's message", async () => {
  await initFixture('big', fixtures.bigResult);
  const answer = await post(`${executor.url}/big/run`, runBody({}));
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.body, {
    status: 'application error',
    status_code: 1,
    success: false,
    result: { error: 'The action produced a response that exceeded the allowed length: 1200002 > 1048576 bytes.' },
  });
});

test('a 50 MB body is refused with 413 and the executor keeps serving', async () => {
  const huge = JSON.stringify({ value: { code: 'A'.repeat(50 * 1024 * 1024) } });
  const answer = await post(`${executor.url}/huge/init`, huge);
  assert.equal(answer.status, 413);
  assert.match((answer.body as { error: string }).error, /exceeds the limit of 50331648 bytes/);
  await assertStillServing();
});

test('two concurrent inits of one id: one succeeds, the other gets 409, and the container runs', async () => {
  const body = initBody(zip([['echo.wasm', echo]]));
  const answers = await Promise.all([
    post(`${executor.url}/twice/init`, body),
    post(`${executor.url}/twice/init`, body),
  ]);
  const statuses = answers.map((a) => a.status).sort();
  assert.ok(statuses[0] === 200 && (statuses[1] === 200 || statuses[1] === 409), `statuses ${statuses.join(', ')}`);
  for (const a of answers.filter((x) => x.status === 409))
    assert.match((a.body as { error: string }).error, /already being initialized/);
  assert.equal((await post(`${executor.url}/twice/run`, runBody({ a: 1 }))).status, 200);
});

test('logs are captured per activation: 20 concurrent runs each see only their own output', async () => {
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      post(`${executor.url}/healthy/run`, runBody({ i }), { 'x-ow-eval-logs': 'true' }),
    ),
  );
  answers.forEach((answer, i) => {
    assert.deepEqual(answer.body, {
      status: 'success',
      status_code: 0,
      success: true,
      result: { i },
      logs: { stdout: 'hello stdout\n', stderr: 'hello stderr\n' },
    });
  });
});

test('output never leaks into a later activation that writes nothing (capture files are emptied only when written)', async () => {
  await initFixture('quiet', fixtures.appError); // makes no WASI call that can write
  const logs = { 'x-ow-eval-logs': 'true' };
  for (let round = 0; round < 6; round++) {
    const noisy = await post(`${executor.url}/healthy/run`, runBody({ round }), logs);
    assert.deepEqual((noisy.body as { logs?: unknown }).logs, { stdout: 'hello stdout\n', stderr: 'hello stderr\n' });
    for (let i = 0; i < 3; i++) {
      const quiet = await post(`${executor.url}/quiet/run`, runBody({}), logs);
      assert.deepEqual(
        (quiet.body as { logs?: unknown }).logs,
        { stdout: '', stderr: '' },
        `round ${round}, quiet run ${i}`,
      );
    }
  }
});

test('a plain WASI command gets its params on stdin and answers on stdout', async () => {
  await initFixture('command', fixtures.commandEcho);
  const answer = await post(`${executor.url}/command/run`, runBody({ hello: 'stdin' }), { 'x-ow-eval-logs': 'true' });
  assert.deepEqual(answer.body, {
    status: 'success',
    status_code: 0,
    success: true,
    result: { hello: 'stdin' },
    logs: { stdout: '', stderr: 'command log\n' },
  });
});

test('http.get with net_access: blocked activations release their CPU slot and all complete', async () => {
  const small = await startExecutor({ port: 0, workers: 1 });
  try {
    const init = await post(`${small.url}/block/init`, initBody(await wat(fixtures.block), { net_access: true }));
    assert.equal(init.status, 200);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => post(`${small.url}/block/run`, runBody({ i }))),
    );
    answers.forEach((a, i) =>
      assert.deepEqual(a.body, { status: 'success', status_code: 0, success: true, result: { i } }),
    );
    assert.ok(small.stats().threads >= 6, `threads ${small.stats().threads}`);
  } finally {
    await small.close();
  }
});

test('the dir annotation grants one directory and nothing outside it', async () => {
  const granted = mkdtempSync(join(scratch, 'dir-'));
  writeFileSync(join(granted, 'inside.txt'), 'ok');
  const cases = [
    { path: 'inside.txt', errno: 0 },
    { path: '../inside.txt', errno: 76 }, // ENOTCAPABLE
  ];
  for (const { path, errno } of cases) {
    const id = `dir-${errno}`;
    await initFixture(id, openProbe(path), { dir: granted });
    const answer = await post(`${executor.url}/${id}/run`, runBody({}));
    assert.deepEqual(answer.body, { status: 'success', status_code: 0, success: true, result: { value: errno } }, path);
  }
});

test('unknown routes are 404 and other methods 405, with JSON bodies', async () => {
  const unknown = await post(`${executor.url}/a/b/c`, {});
  assert.deepEqual([unknown.status, unknown.body], [404, { error: 'The requested resource does not exist.' }]);
  const get = await fetch(`${executor.url}/healthy/run`);
  assert.equal(get.status, 405);
  assert.equal(get.headers.get('x-ow-eval-engine'), 'tiered');
});

test('a dir holding a symlink that leads outside it is refused at init', async () => {
  const root = mkdtempSync(join(scratch, 'dir-'));
  mkdirSync(join(root, 'granted', 'sub'), { recursive: true });
  symlinkSync('../..', join(root, 'granted', 'sub', 'up'));
  const answer = await post(
    `${executor.url}/dir-escape/init`,
    initBody(await wat(openProbe('x')), { dir: join(root, 'granted') }),
  );
  assert.equal(answer.status, 502);
  assert.match((answer.body as { error: string }).error, /contains a symlink that leads outside it \('.*sub\/up'\)/);
});

test('an activation that timed out while queued behind another never holds its thread', async () => {
  const one = await startExecutor({ port: 0, workers: 1 });
  try {
    for (const [id, source] of [
      ['spin', fixtures.spin],
      ['loop', fixtures.loop],
      ['echo', fixtures.echo],
    ] as const) {
      assert.equal((await post(`${one.url}/${id}/init`, initBody(await wat(source)))).status, 200);
    }
    const slow = post(`${one.url}/spin/run`, runBody({ a: 1 }, 30_000));
    await new Promise((r) => setTimeout(r, 5));
    const queued = await post(`${one.url}/loop/run`, runBody({}, 30)); // queued behind spin, times out there
    assert.equal(queued.status, 502);
    assert.deepEqual((await slow).body, { status: 'success', status_code: 0, success: true, result: { a: 1 } });
    const after = await post(`${one.url}/echo/run`, runBody({ still: 'up' }, 5_000));
    assert.deepEqual(after.body, { status: 'success', status_code: 0, success: true, result: { still: 'up' } });
  } finally {
    await one.close();
  }
});

test('a deadline far in the future does not overflow the timer: the run completes', async (t) => {
  const executor = await startExecutor({ host: '127.0.0.1', port: 0, mode: 'fork', workers: 1 });
  t.after(() => executor.close());
  assert.equal((await post(`${executor.url}/far/init`, initBody(await readWasmZip('add')))).status, 200);
  const reply = await post(`${executor.url}/far/run`, { value: { param1: 2, param2: 2 }, deadline: '9999999999999' });
  assert.equal(reply.status, 200, reply.text);
  assert.deepEqual(reply.body, { status: 'success', status_code: 0, success: true, result: { result: 4 } });
});

test('params nested 5,000 levels deep are a 400 with the limit, never a stack overflow; 1,000 levels run', async () => {
  const nest = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
  const deep = await post(
    `${executor.url}/healthy/run`,
    `{"value":${nest(5_000)},"deadline":"${Date.now() + 10_000}"}`,
  );
  assert.equal(deep.status, 400);
  assert.match((deep.body as { error: string }).error, /more than 1000 levels deep/);
  const deepInit = await post(`${executor.url}/deep-init/init`, `{"value":{"code":"AA==","env":${nest(5_000)}}}`);
  assert.equal(deepInit.status, 400);
  const fine = await post(`${executor.url}/healthy/run`, `{"value":${nest(999)},"deadline":"${Date.now() + 10_000}"}`);
  assert.equal(fine.status, 200, fine.text);
  assert.equal(fine.text, `{"status":"success","status_code":0,"success":true,"result":${nest(999)}}`);
  await assertStillServing();
});

test('a dir outside every --allow-dir, or missing, is refused at init with 400; nothing is created', async () => {
  const outside = mkdtempSync(join(tmpdir(), 'ow-eval-not-allowed-'));
  try {
    const module = zip([['action.wasm', await wat(openAndKeepProbe('pwned.txt'))]]);
    const refused = await post(`${executor.url}/outside/init`, initBody(module, { dir: outside }));
    assert.equal(refused.status, 400);
    assert.match((refused.body as { error: string }).error, /outside every directory allowed with --allow-dir/);
    const viaLink = join(scratch, 'link-to-outside');
    symlinkSync(outside, viaLink); // inside an allowed dir by name, outside by real path
    const linked = await post(`${executor.url}/outside/init`, initBody(module, { dir: viaLink }));
    assert.equal(linked.status, 400);
    const missing = join(scratch, 'not-there', 'deeper');
    const absent = await post(`${executor.url}/outside/init`, initBody(module, { dir: missing }));
    assert.equal(absent.status, 400);
    assert.match((absent.body as { error: string }).error, /does not exist .*never creates it/);
    assert.equal(existsSync(missing), false);
    assert.deepEqual(readdirSync(outside), []);
    await assertStillServing();
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});

test('an executor started without --allow-dir grants no directory at all', async () => {
  const plain = await startExecutor({ port: 0, workers: 1 });
  try {
    const answer = await post(`${plain.url}/x/init`, initBody(await wat(openProbe('x')), { dir: scratch }));
    assert.equal(answer.status, 400);
    assert.match(
      (answer.body as { error: string }).error,
      /no host directory is allowed; the operator grants them with --allow-dir/,
    );
  } finally {
    await plain.close();
  }
});

test('WASI calls in the start function and in constructor wrappers before _start work over the fork protocol', async () => {
  await initFixture('start-args', beforeStartProbe('start-args'));
  const args = await post(`${executor.url}/start-args/run`, runBody({ abc: 1 }));
  assert.deepEqual(args.body, { status: 'success', status_code: 0, success: true, result: { s: '9' } });
  const granted = mkdtempSync(join(scratch, 'dir-'));
  await initFixture('ctor-prestat', beforeStartProbe('ctor-prestat'), { dir: granted });
  const prestat = await post(`${executor.url}/ctor-prestat/run`, runBody({}));
  assert.deepEqual(prestat.body, { status: 'success', status_code: 0, success: true, result: { s: granted } });
});

test('open files return to their level after 300 runs with a dir, after a timeout, and after destroy', async () => {
  const openFiles = (): number => readdirSync('/proc/self/fd').length; // the executor runs in this process
  const granted = mkdtempSync(join(scratch, 'dir-'));
  await initFixture('keeps-files', openAndKeepProbe('kept.txt'), { dir: granted });
  await initFixture('keeps-and-loops', openAndKeepProbe('looped.txt', true), { dir: granted });
  await post(`${executor.url}/keeps-files/run`, runBody({})); // sockets and threads settle before counting
  const before = openFiles();
  for (let i = 0; i < 300; i++) {
    const answer = await post(`${executor.url}/keeps-files/run`, runBody({ i }));
    assert.deepEqual(answer.body, { status: 'success', status_code: 0, success: true, result: { value: 0 } });
  }
  assert.equal(openFiles(), before, 'after 300 runs');
  const timedOut = await post(`${executor.url}/keeps-and-loops/run`, runBody({}, 500));
  assert.equal(timedOut.status, 502);
  await new Promise((r) => setTimeout(r, 300)); // the stopped thread's descriptors close once it has exited
  assert.ok(openFiles() <= before + 1, `after a timeout: ${openFiles()} > ${before} (+1 for the replacement thread)`);
  for (const id of ['keeps-files', 'keeps-and-loops']) {
    assert.equal((await fetch(`${executor.url}/${id}/destroy`, { method: 'POST', body: id })).status, 200);
  }
  assert.ok(openFiles() <= before + 1, 'after destroy');
});

test('poll_oneoff with a clock subscription sleeps in the worker thread (a Rust thread::sleep)', async () => {
  await initFixture('sleeper', sleepProbe(300));
  const started = Date.now();
  const answer = await post(`${executor.url}/sleeper/run`, runBody({}));
  assert.deepEqual(answer.body, { status: 'success', status_code: 0, success: true, result: { value: 1 } });
  assert.ok(Date.now() - started >= 300, `answered after ${Date.now() - started} ms`);
});

test('without --code-cache every /init compiles, even the same bytes; with it the second one is served from the cache', async () => {
  const body = initBody(zip([['echo.wasm', echo]]));
  for (const id of ['same-1', 'same-2']) {
    const init = await post(`${executor.url}/${id}/init`, body);
    assert.equal(init.headers.get('x-ow-eval-code'), 'compiled', id);
  }
  assert.equal(executor.stats().codeCacheHits, 0);
  const cached = await startExecutor({ port: 0, workers: 1, codeCache: true });
  try {
    assert.equal((await post(`${cached.url}/a/init`, body)).headers.get('x-ow-eval-code'), 'compiled');
    assert.equal((await post(`${cached.url}/b/init`, body)).headers.get('x-ow-eval-code'), 'cached');
    assert.equal(cached.stats().codeCacheHits, 1);
    assert.equal((await post(`${cached.url}/b/run`, runBody({ x: 1 }))).status, 200, 'a cached module runs');
  } finally {
    await cached.close();
  }
});
