// The embedded platform as the real `openwhisk` npm client sees it, with fake containers (no executor, no Docker):
// CRUD, the invoke matrix, activation records and the error shapes of docs/openwhisk-protocols.md §1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import openwhisk from 'openwhisk';
import { guestKey } from './options.js';
import { annotation, owEval, platform, raw, rejection } from '../test-support/platform-testing.js';
import type { ActivationRecord } from './types.js';

test('actions: create, get (with and without code), update bumps the version, list, count, delete', async (t) => {
  const { ow } = await platform(t);
  const created = await ow.actions.create({
    name: 'hello',
    action: 'function main(p) { return p }',
    params: { greeting: 'hi' },
  });
  assert.equal(created.exec.kind, 'nodejs:20');
  assert.equal(created.exec.binary, false);
  assert.equal(created.version, '0.0.1');
  assert.deepEqual(created.parameters, [{ key: 'greeting', value: 'hi' }]);
  assert.deepEqual(created.annotations, [
    { key: 'provide-api-key', value: false },
    { key: 'exec', value: 'nodejs:20' },
  ]);
  assert.deepEqual(created.limits, { timeout: 60000, memory: 256, logs: 10, concurrency: 1 });
  const withoutCode = (await ow.actions.get({ name: 'hello', code: false } as never)) as { exec: { code?: string } };
  assert.equal(withoutCode.exec.code, undefined);
  const updated = await ow.actions.update({ name: 'hello', action: 'function main() { return {} }' });
  assert.equal(updated.version, '0.0.2');
  const zip = await ow.actions.create({
    name: 'binary',
    action: Buffer.from('PK\u0003\u0004 not really a zip'),
    kind: 'wasm:default',
  });
  assert.equal(zip.exec.kind, 'wasm:0.1');
  assert.equal(zip.exec.binary, true);
  const list = await ow.actions.list();
  assert.deepEqual(list.map((a) => a.name).sort(), ['binary', 'hello']);
  assert.equal((list[0] as unknown as { exec: { code?: string } }).exec.code, undefined);
  assert.deepEqual(await ow.actions.list({ count: true }), { actions: 2 });
  assert.equal((await ow.actions.list({ limit: 1, skip: 1 })).length, 1);
  const deleted = await ow.actions.delete({ name: 'hello' });
  assert.equal(deleted.name, 'hello');
  assert.equal((await rejection(ow.actions.get({ name: 'hello' }))).statusCode, 404);
});

test('a cold invocation carries initTime and waitTime; the warm one after it only waitTime', async (t) => {
  const { ow, running } = await platform(t);
  await ow.actions.create({ name: 'add', action: 'code', kind: 'wasm:0.1' });
  const cold = (await ow.actions.invoke({
    name: 'add',
    blocking: true,
    params: { param1: 1 },
  })) as unknown as ActivationRecord;
  assert.equal(cold.response.status, 'success');
  assert.equal(cold.response.success, true);
  assert.deepEqual(cold.response.result, { param1: 1, container: owEval(cold).containerId });
  assert.equal(typeof annotation(cold, 'initTime'), 'number');
  assert.equal(typeof annotation(cold, 'waitTime'), 'number');
  assert.equal(annotation(cold, 'path'), 'guest/add');
  assert.equal(annotation(cold, 'kind'), 'wasm:0.1');
  assert.equal(annotation(cold, 'timeout'), false);
  assert.equal(owEval(cold).startKind, 'cold');
  assert.equal(cold.duration, cold.end - cold.start);
  assert.match(cold.activationId, /^[0-9a-f]{32}$/);
  assert.deepEqual(cold.logs, []);
  const warm = (await ow.actions.invoke({ name: 'add', blocking: true })) as unknown as ActivationRecord;
  assert.equal(annotation(warm, 'initTime'), undefined);
  assert.equal(typeof annotation(warm, 'waitTime'), 'number');
  assert.equal(owEval(warm).startKind, 'warm');
  assert.equal(owEval(warm).containerId, owEval(cold).containerId);
  const stored = (await ow.activations.get({ name: cold.activationId })) as unknown as ActivationRecord;
  assert.equal(stored.logs.length, 1);
  assert.match(stored.logs[0]!, /^\d{4}-\d\d-\d\dT[\d:.]+Z\s+stdout: ran [0-9a-f]{32}$/);
  assert.deepEqual(running.poolState().byState, { ready: 1 });
});

test('result=true returns only the result; non-blocking returns 202 with an id whose record, result and logs can be fetched', async (t) => {
  const { ow, running } = await platform(t);
  await ow.actions.create({ name: 'echo', action: 'code' });
  assert.deepEqual(await ow.actions.invoke({ name: 'echo', blocking: true, result: true, params: { a: 1 } }), {
    a: 1,
    container: 'fake-1',
  });
  const response = await raw(running, 'POST', '/api/v1/namespaces/_/actions/echo?blocking=true&result=true', '{"b":2}');
  assert.equal(response.status, 200);
  assert.match(response.headers.get('x-openwhisk-activation-id') ?? '', /^[0-9a-f]{32}$/);
  assert.match(response.headers.get('x-request-id') ?? '', /^[A-Za-z0-9]{32}$/);
  assert.deepEqual(await response.json(), { b: 2, container: 'fake-1' });
  const { activationId } = await ow.actions.invoke({ name: 'echo', params: { sleepMs: 30 } });
  assert.match(activationId, /^[0-9a-f]{32}$/);
  assert.equal((await rejection(ow.activations.get({ name: activationId }))).statusCode, 404); // not finished yet
  await sleep(80);
  const result = await ow.activations.result({ name: activationId });
  assert.deepEqual(result, {
    result: { sleepMs: 30, container: 'fake-1' },
    size: JSON.stringify({ sleepMs: 30, container: 'fake-1' }).length,
    status: 'success',
    success: true,
  });
  assert.equal((await ow.activations.logs({ name: activationId })).logs.length, 1);
  const listed = (await ow.activations.list({ name: 'echo' })) as { activationId: string; statusCode: number }[];
  assert.equal(listed.length, 3);
  assert.equal(listed[0]!.activationId, activationId); // newest first
  assert.equal(listed[0]!.statusCode, 0);
  assert.deepEqual(await ow.activations.list({ count: true }), { activations: 3 });
  const docs = (await ow.activations.list({ docs: true, limit: 1 })) as ActivationRecord[];
  assert.equal(docs.length, 1);
  assert.ok(docs[0]!.response);
});

test('application errors and developer errors answer 502 with the record; the failed container is replaced', async (t) => {
  const { ow, factory } = await platform(t);
  await ow.actions.create({ name: 'f', action: 'code' });
  const app = await rejection(ow.actions.invoke({ name: 'f', blocking: true, params: { fail: 'sorry' } }));
  assert.equal(app.statusCode, 502);
  assert.match(app.message, /Returned HTTP 502 \(Bad Gateway\) --> "sorry"/);
  const record = app.error as unknown as ActivationRecord;
  assert.deepEqual(record.response, {
    result: { error: 'sorry' },
    size: 17,
    status: 'application error',
    success: false,
  });
  const dev = await rejection(ow.actions.invoke({ name: 'f', blocking: true, params: { crash: true } }));
  assert.equal(dev.statusCode, 502);
  assert.equal((dev.error as unknown as ActivationRecord).response.status, 'action developer error');
  assert.equal(factory.count('destroy'), 1);
  const next = (await ow.actions.invoke({ name: 'f', blocking: true })) as unknown as ActivationRecord;
  assert.equal(owEval(next).startKind, 'cold');
  const badInit = await ow.actions
    .create({ name: 'bad', action: 'bad-init' })
    .then(() => rejection(ow.actions.invoke({ name: 'bad', blocking: true })));
  assert.equal(badInit.statusCode, 502);
  assert.equal((badInit.error as unknown as ActivationRecord).response.status, 'action developer error');
  assert.equal(typeof annotation(badInit.error as unknown as ActivationRecord, 'initTime'), 'number');
});

test('401 carries WWW-Authenticate and an {error, code} body; other statuses use the same shape', async (t) => {
  const { running, ow } = await platform(t, { maxPayloadBytes: 1024 });
  const wrong = openwhisk({ apihost: running.url, api_key: 'nobody:wrong' });
  const denied = await rejection(wrong.actions.list());
  assert.equal(denied.statusCode, 401);
  const response = await raw(running, 'GET', '/api/v1/namespaces/_/actions', undefined, 'x:y');
  assert.equal(response.headers.get('www-authenticate'), 'Basic realm="OpenWhisk secure realm"');
  const body = (await response.json()) as { error: string; code: string };
  assert.equal(body.error, 'The supplied authentication is invalid.');
  assert.equal(body.code, response.headers.get('x-request-id'));

  await ow.actions.create({ name: 'a', action: 'code' });
  const cases: [string, Promise<unknown>, number, RegExp][] = [
    ['duplicate create', ow.actions.create({ name: 'a', action: 'code' }), 409, /resource already exists/],
    [
      'unknown kind',
      ow.actions.create({ name: 'k', action: 'code', kind: 'python:3' }),
      400,
      /The specified runtime 'python:3' is not supported by this platform/,
    ],
    [
      'memory too large',
      ow.actions.create({ name: 'm', action: 'code', limits: { memory: 1024 } }),
      400,
      /memory size 1024 MB exceeds allowed threshold of 512 MB/,
    ],
    [
      'timeout too long',
      ow.actions.create({ name: 'm', action: 'code', limits: { timeout: 600000 } }),
      400,
      /duration 600000 milliseconds exceeds allowed threshold of 300000 milliseconds/,
    ],
    [
      'concurrency above max',
      ow.actions.create({ name: 'm', action: 'code', limits: { concurrency: 2 } }),
      400,
      /concurrency 2 exceeds allowed threshold of 1/,
    ],
    ['illegal name', ow.actions.create({ name: 'bad$name', action: 'code' }), 400, /not a valid entity name/],
    [
      'missing action',
      ow.actions.invoke({ name: 'nope', blocking: true }),
      404,
      /The requested resource does not exist/,
    ],
    [
      'payload over the cap',
      ow.actions.invoke({ name: 'a', params: { big: 'x'.repeat(2000) } }),
      413,
      /exceeding the allowed limit of 1024 bytes/,
    ],
    ['other namespace', ow.actions.list({ namespace: 'someone' }), 403, /not authorized/],
    [
      'bad list limit',
      ow.actions.list({ limit: 500 }),
      400,
      /The value '500' is not in the range of 0 to 200 for actions/,
    ],
  ];
  for (const [label, call, status, message] of cases) {
    const failure = await rejection(call);
    assert.equal(failure.statusCode, status, label);
    assert.match(String(failure.error.error), message, label);
    assert.match(String(failure.error.code), /^[A-Za-z0-9]{32}$/, label);
  }
  const garbage = await raw(running, 'PUT', '/api/v1/namespaces/_/actions/g', '{"exec": {');
  assert.equal(garbage.status, 400);
  assert.match(((await garbage.json()) as { error: string }).error, /^The request content was malformed/);
  const badTimeout = await raw(running, 'POST', '/api/v1/namespaces/_/actions/a?blocking=true&timeout=70000', '{}');
  assert.equal(badTimeout.status, 400);
  assert.equal(
    ((await badTimeout.json()) as { error: string }).error,
    'Timeout must be number of milliseconds up to 60000.',
  );
  const badId = await raw(running, 'GET', '/api/v1/namespaces/_/activations/abc');
  assert.equal(((await badId.json()) as { error: string }).error, 'Activation id length is 3 but must be 32.');
  assert.equal((await ow.actions.list()).length, 1); // still serving
});

test('a blocking call that outlives its wait answers 202 with the activation id, and the record arrives later', async (t) => {
  const { running, ow } = await platform(t);
  await ow.actions.create({ name: 'slow', action: 'code' });
  const response = await raw(
    running,
    'POST',
    '/api/v1/namespaces/_/actions/slow?blocking=true&timeout=20',
    '{"sleepMs":80}',
  );
  assert.equal(response.status, 202);
  const { activationId } = (await response.json()) as { activationId: string };
  await sleep(120);
  const record = (await ow.activations.get({ name: activationId })) as unknown as ActivationRecord;
  assert.equal(record.response.status, 'success');
});

test('with room for 2 containers, 3 concurrent cold starts: one waits, and its waitTime shows it', async (t) => {
  const { ow } = await platform(t, { userMemoryMb: 512 });
  for (const name of ['c1', 'c2', 'c3']) await ow.actions.create({ name, action: 'code' });
  const records = await Promise.all(
    ['c1', 'c2', 'c3'].map(
      (name) =>
        ow.actions.invoke({ name, blocking: true, params: { sleepMs: 1000 } }) as unknown as Promise<ActivationRecord>,
    ),
  );
  // The third waits for a first to finish its 1 s; the margins (500 ms) leave room for a loaded machine, where the
  // three requests may arrive tens of milliseconds apart.
  const waits = records.map((r) => annotation(r, 'waitTime') as number).sort((a, b) => a - b);
  assert.ok(waits[2]! >= 500, `waitTime of the third: ${waits[2]}`);
  assert.ok(waits[1]! < 500, `waitTime of the second: ${waits[1]}`);
  assert.deepEqual(records.map((r) => owEval(r).startKind).sort(), ['cold', 'cold', 'recreated']);
  assert.ok(records.every((r) => typeof annotation(r, 'initTime') === 'number'));
});

test('keep-alive expiry: after pause grace and idle timeout the next invocation is cold again', async (t) => {
  const { ow, factory } = await platform(t, { pauseGraceMs: 10, idleTimeoutMs: 30 });
  await ow.actions.create({ name: 'k', action: 'code' });
  await ow.actions.invoke({ name: 'k', blocking: true });
  await sleep(100);
  assert.equal(factory.count('pause'), 1);
  assert.equal(factory.count('destroy'), 1);
  const again = (await ow.actions.invoke({ name: 'k', blocking: true })) as unknown as ActivationRecord;
  assert.equal(owEval(again).startKind, 'cold');
});

test('a prewarmed stem cell is used: initTime is recorded but no container was created for the request', async (t) => {
  const { ow, running } = await platform(t, { prewarm: [{ kind: 'nodejs:20', memoryMb: 256, count: 1 }] });
  assert.deepEqual(running.poolState().byState, { prewarm: 1 });
  await ow.actions.create({ name: 'p', action: 'code', kind: 'nodejs:default' });
  const record = (await ow.actions.invoke({ name: 'p', blocking: true })) as unknown as ActivationRecord;
  assert.equal(owEval(record).startKind, 'prewarm');
  assert.equal(owEval(record).phases.createMs, undefined);
  assert.equal(typeof annotation(record, 'initTime'), 'number');
});

test('with limits.concurrency 2, two overlapping activations share one container', async (t) => {
  const { ow, factory } = await platform(t, { concurrencyMax: 4 });
  await ow.actions.create({ name: 'c', action: 'code', limits: { concurrency: 2 } });
  await ow.actions.invoke({ name: 'c', blocking: true });
  const both = await Promise.all(
    [1, 2].map(
      () =>
        ow.actions.invoke({
          name: 'c',
          blocking: true,
          params: { sleepMs: 50 },
        }) as unknown as Promise<ActivationRecord>,
    ),
  );
  assert.equal(owEval(both[0]!).containerId, owEval(both[1]!).containerId);
  assert.equal(factory.count('create'), 1);
});

test('deleting an action while it runs lets the activation finish and be recorded', async (t) => {
  const { ow } = await platform(t);
  await ow.actions.create({ name: 'd', action: 'code' });
  const running = ow.actions.invoke({
    name: 'd',
    blocking: true,
    params: { sleepMs: 60 },
  }) as unknown as Promise<ActivationRecord>;
  await sleep(20);
  await ow.actions.delete({ name: 'd' });
  const record = await running;
  assert.equal(record.response.status, 'success');
  assert.equal(((await ow.activations.get({ name: record.activationId })) as unknown as ActivationRecord).name, 'd');
});

test('admin hooks: pool state, and drain of an action waits until its containers are gone', async (t) => {
  const { ow, running } = await platform(t);
  await ow.actions.create({ name: 'x', action: 'code' });
  await ow.actions.invoke({ name: 'x', blocking: true });
  const pool = (await (await raw(running, 'GET', '/admin/pool')).json()) as {
    containers: unknown[];
    memoryInUseMb: number;
  };
  assert.equal(pool.containers.length, 1);
  assert.equal(pool.memoryInUseMb, 256);
  const drained = (await (await raw(running, 'POST', '/admin/drain', '{"action":"x"}')).json()) as {
    removed: number;
    pool: { containers: unknown[] };
  };
  assert.equal(drained.removed, 1);
  assert.equal(drained.pool.containers.length, 0);
  assert.equal((await raw(running, 'GET', '/admin/pool', undefined, 'a:b')).status, 401);
  // The platform's memory by kind (the soak's samples), behind the same key as the other admin hooks.
  const own = (await (await raw(running, 'GET', '/admin/process')).json()) as { memory: NodeJS.MemoryUsage };
  assert.ok(own.memory.heapUsed > 0 && own.memory.rss >= own.memory.heapUsed, JSON.stringify(own.memory));
  assert.equal((await raw(running, 'GET', '/admin/process', undefined, 'a:b')).status, 401);
});

test('GET /api/v1 needs no auth and says what runs each kind; namespaces list and get work', async (t) => {
  const { running, ow } = await platform(t, { describe: { nodejs: { runtime: 'node-process' } } });
  const info = (await (await fetch(`${running.url}/api/v1`)).json()) as {
    description: string;
    ow_eval: { nodejs: { runtime: string } };
  };
  assert.equal(info.description, 'OpenWhisk API');
  assert.equal(info.ow_eval.nodejs.runtime, 'node-process');
  assert.deepEqual(await ow.namespaces.list(), ['guest']);
  const ns = (await ow.namespaces.get(undefined as never)) as unknown as { actions: unknown[]; packages: unknown[] };
  assert.deepEqual(ns.packages, []);
});

test("throttles, when configured, answer 429 with OpenWhisk's message", async (t) => {
  const { ow } = await platform(t, { throttles: { invocationsPerMinute: 1 } });
  await ow.actions.create({ name: 't', action: 'code' });
  await ow.actions.invoke({ name: 't', blocking: true });
  const failure = await rejection(ow.actions.invoke({ name: 't', blocking: true }));
  assert.equal(failure.statusCode, 429);
  assert.equal(failure.error.error, 'Too many requests in the last minute (count: 2, allowed: 1).');
});

test('a client that disconnects in the middle of an invoke body does not stall or crash the platform', async (t) => {
  const { running, ow } = await platform(t);
  await ow.actions.create({ name: 'echo', action: 'function main(p) { return p }' });
  const { connect } = await import('node:net');
  const socket = connect(running.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const auth = Buffer.from(guestKey).toString('base64');
  socket.write(
    `POST /api/v1/namespaces/_/actions/echo?blocking=true HTTP/1.1\r\nhost: x\r\nauthorization: Basic ${auth}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"half":`,
  );
  await sleep(20);
  socket.destroy();
  await sleep(20);
  const record = (await ow.actions.invoke({
    name: 'echo',
    blocking: true,
    params: { still: 'up' },
  })) as unknown as ActivationRecord;
  assert.equal(record.response.status, 'success');
  assert.equal(running.poolState().queued, 0);
});

test('params nested 5,000 levels deep are refused with 400 before anything recursive sees them; 1,000 pass', async (t) => {
  const { running, ow } = await platform(t);
  await ow.actions.create({ name: 'echo', action: 'function main(p) { return p }' });
  const nest = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
  const deep = await raw(running, 'POST', '/api/v1/namespaces/_/actions/echo?blocking=true', nest(5_000));
  assert.equal(deep.status, 400);
  const body = (await deep.json()) as { error: string; code: string };
  assert.match(body.error, /more than 1000 levels deep/);
  assert.equal(typeof body.code, 'string');
  const putDeep = await raw(
    running,
    'PUT',
    '/api/v1/namespaces/_/actions/deep?overwrite=true',
    `{"exec":{"kind":"nodejs:20","code":"x"},"parameters":[{"key":"p","value":${nest(5_000)}}]}`,
  );
  assert.equal(putDeep.status, 400);
  const fine = await raw(running, 'POST', '/api/v1/namespaces/_/actions/echo?blocking=true', nest(999));
  assert.equal(fine.status, 200);
  const brackets = (await ow.actions.invoke({
    name: 'echo',
    blocking: true,
    params: { text: '{['.repeat(3_000) },
  })) as unknown as ActivationRecord;
  assert.equal(brackets.response.status, 'success'); // brackets inside strings do not count
});
