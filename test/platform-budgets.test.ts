// Issue 21, the platform's side (fake containers behind real HTTP and the real `openwhisk` client): sequences bounded
// at run time as OpenWhisk bounds them, cycles and deep nesting included; binary code of any size up to the cap;
// duplicate annotation keys read as OpenWhisk reads them (the last); 1xx web statuses refused; stores under byte
// budgets, each visible in /admin/budgets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { platform, raw, rejection } from '../test-support/platform-testing.js';
import type { ActivationRecord } from '../platform/types.js';

const tooLong = 'Too many actions in the sequence.';
const web = (url: string, path: string, init: RequestInit = {}) => fetch(`${url}/api/v1/web/guest/${path}`, init);

test('a cycle of sequences made by re-pointing a binding ends in "Too many actions in the sequence.", blocking or not', async (t) => {
  const { running, ow } = await platform(t);
  await ow.actions.create({ name: 'atomic', action: 'code' });
  await ow.packages.create({ name: 'p1' });
  await ow.packages.create({ name: 'p2' });
  await ow.actions.create({ name: 'p1/x', action: 'code' });
  await ow.packages.create({ name: 'b', package: { binding: { namespace: 'guest', name: 'p1' } } });
  await ow.actions.create({ name: 's1', sequence: ['/guest/b/x'] } as never);
  // Without an atomic action in the loop (OpenWhisk would run this until memory runs out) and with one.
  await ow.actions.create({ name: 'p2/x', sequence: ['/guest/s1'] } as never);
  await ow.packages.update({ name: 'b', package: { binding: { namespace: 'guest', name: 'p2' } } });
  const blocked = await rejection(ow.actions.invoke({ name: 's1', blocking: true }));
  assert.equal(blocked.statusCode, 502);
  const record = blocked.error as unknown as ActivationRecord;
  assert.deepEqual(record.response, { status: 'application error', success: false, result: { error: tooLong } });

  const queued = await raw(running, 'POST', '/api/v1/namespaces/guest/actions/s1', '{}');
  assert.equal(queued.status, 202);
  const { activationId } = (await queued.json()) as { activationId: string };
  const stored = await waitForRecord(running, activationId);
  assert.deepEqual(stored.response.result, { error: tooLong });

  await ow.packages.update({ name: 'b', package: { binding: { namespace: 'guest', name: 'p1' } } });
  await ow.actions.create({ name: 'p2/x', sequence: ['/guest/atomic', '/guest/s1'], overwrite: true } as never);
  await ow.packages.update({ name: 'b', package: { binding: { namespace: 'guest', name: 'p2' } } });
  const withAtomic = await rejection(ow.actions.invoke({ name: 's1', blocking: true }));
  assert.deepEqual((withAtomic.error as unknown as ActivationRecord).response.result, { error: tooLong });
  const ran = (await ow.activations.list({ name: 'atomic', limit: 200 })) as unknown[];
  assert.equal(ran.length, 50, 'exactly the 50 atomic actions OpenWhisk allows ran');
  // Still serving, and nothing left leased.
  assert.equal(
    ((await ow.actions.invoke({ name: 'atomic', blocking: true })) as unknown as ActivationRecord).response.success,
    true,
  );
  assert.deepEqual(
    running.poolState().containers.filter((c) => c.active > 0),
    [],
  );
});

test('nesting deeper than the bound is refused at create with 400, never 500, however deep the request', async (t) => {
  const { ow } = await platform(t);
  await ow.actions.create({ name: 'n0', action: 'code' });
  let refusedAt: number | undefined;
  for (let depth = 1; depth <= 210 && refusedAt === undefined; depth++) {
    try {
      await ow.actions.create({ name: `n${depth}`, sequence: [`/guest/n${depth - 1}`] } as never);
    } catch (error) {
      const e = error as { statusCode: number; error: { error: string } };
      assert.equal(e.statusCode, 400);
      assert.equal(e.error.error, tooLong);
      refusedAt = depth;
    }
  }
  assert.equal(refusedAt, 202, 'the 201st nested sequence is one too many');
  const deepest = (await ow.actions.invoke({ name: 'n201', blocking: true })) as unknown as ActivationRecord;
  assert.equal(deepest.response.success, true);
});

test('binary code of 3.5 MB and of nearly the 48 MiB cap is created, flagged binary, and invocable', async (t) => {
  const { ow } = await platform(t);
  for (const bytes of [3_500_000, 35 * 1024 * 1024]) {
    const code = Buffer.alloc(bytes, 0x5a).toString('base64');
    const created = (await ow.actions.create({ name: `big${bytes}`, action: code, kind: 'nodejs:20' })) as unknown as {
      exec: { binary: boolean };
    };
    assert.equal(created.exec.binary, true, String(bytes));
    const run = (await ow.actions.invoke({ name: `big${bytes}`, blocking: true })) as unknown as ActivationRecord;
    assert.equal(run.response.success, true);
    await ow.actions.delete({ name: `big${bytes}` });
  }
});

test('duplicate annotation keys: the last wins everywhere, as OpenWhisk reads them; web auth included', async (t) => {
  const { running, ow } = await platform(t);
  const annotations = [
    { key: 'web-export', value: true },
    { key: 'require-whisk-auth', value: false },
    { key: 'require-whisk-auth', value: 'sekret' },
  ];
  const created = (await ow.actions.create({
    name: 'w',
    action: { exec: { kind: 'nodejs:20', code: 'c' }, annotations },
  })) as unknown as {
    annotations: { key: string; value: unknown }[];
  };
  assert.deepEqual(
    created.annotations.filter((a) => a.key === 'require-whisk-auth'),
    [{ key: 'require-whisk-auth', value: 'sekret' }],
  );
  assert.equal((await web(running.url, 'default/w.json')).status, 401);
  assert.equal(
    (await web(running.url, 'default/w.json', { headers: { 'x-require-whisk-auth': 'sekret' } })).status,
    200,
  );
  const reversed = [annotations[0], annotations[2], annotations[1]];
  await ow.actions.update({
    name: 'w',
    action: { exec: { kind: 'nodejs:20', code: 'c' }, annotations: reversed },
  } as never);
  assert.equal((await web(running.url, 'default/w.json')).status, 200);
  const params = [
    { key: 'a', value: 1 },
    { key: 'a', value: 2 },
  ];
  await ow.actions.update({
    name: 'w',
    action: { exec: { kind: 'nodejs:20', code: 'c' }, parameters: params },
  });
  const run = (await ow.actions.invoke({ name: 'w', blocking: true })) as unknown as ActivationRecord;
  assert.equal((run.response.result as { a: number }).a, 2);
});

test('a web action answering with a 1xx or out-of-range status gets 400 "not valid message/http", and the connection goes on', async (t) => {
  const { running, ow } = await platform(t);
  for (const statusCode of [100, 101, '199', 99, 1000, 200]) {
    const name = `s${String(statusCode)}`;
    await ow.actions.create({
      name,
      action: 'code',
      annotations: { 'web-export': true },
      params: { statusCode, body: 'x' },
    });
    const answer = await web(running.url, `default/${name}.http`);
    const text = await answer.text();
    if (statusCode === 200) {
      assert.equal(answer.status, 200);
      continue;
    }
    assert.equal(answer.status, 400, `${String(statusCode)}: ${text}`);
    assert.equal((JSON.parse(text) as { error: string }).error, "Response is not valid 'message/http'.");
  }
});

test('stored actions are under a byte budget: past it a create gets 413 in OpenWhisk shape; /admin/budgets shows it', async (t) => {
  const { running, ow } = await platform(t, { maxCodeBytes: 1024 * 1024 });
  const code = 'x'.repeat(600 * 1024);
  await ow.actions.create({ name: 'one', action: code, kind: 'nodejs:20' });
  const refused = await raw(
    running,
    'PUT',
    '/api/v1/namespaces/guest/actions/two',
    JSON.stringify({ exec: { kind: 'nodejs:20', code } }),
  );
  assert.equal(refused.status, 413);
  const body = (await refused.json()) as { error: string; code: string };
  assert.match(body.error, /budget for stored actions .* is 1048576 bytes/);
  assert.equal(typeof body.code, 'string');
  const budgets = (await (await raw(running, 'GET', '/admin/budgets')).json()) as {
    code: { bytes: number; maxBytes: number };
  };
  assert.equal(budgets.code.maxBytes, 1024 * 1024);
  assert.ok(budgets.code.bytes > 600 * 1024 && budgets.code.bytes <= 1024 * 1024, JSON.stringify(budgets.code));
  await ow.actions.delete({ name: 'one' });
  await ow.actions.create({ name: 'two', action: code, kind: 'nodejs:20' });
});

test('activation records are under a byte budget: the oldest go first, the newest stay, /admin/budgets counts them', async (t) => {
  const { running, ow } = await platform(t, { maxActivationBytes: 256 * 1024 });
  await ow.actions.create({ name: 'big', action: 'code' });
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) {
    const record = (await ow.actions.invoke({
      name: 'big',
      blocking: true,
      params: { pad: 'p'.repeat(50_000) },
    })) as unknown as ActivationRecord;
    ids.push(record.activationId);
  }
  const budgets = (await (await raw(running, 'GET', '/admin/budgets')).json()) as {
    activations: { bytes: number; maxBytes: number; records: number; evicted: number };
  };
  assert.ok(budgets.activations.bytes <= 256 * 1024, JSON.stringify(budgets.activations));
  assert.ok(budgets.activations.evicted >= 14, JSON.stringify(budgets.activations));
  assert.equal((await raw(running, 'GET', `/api/v1/namespaces/guest/activations/${ids[0]}`)).status, 404);
  assert.equal((await raw(running, 'GET', `/api/v1/namespaces/guest/activations/${ids[19]}`)).status, 200);
});

async function waitForRecord(running: { url: string }, id: string): Promise<ActivationRecord> {
  for (let i = 0; i < 200; i++) {
    const answer = await raw(running as never, 'GET', `/api/v1/namespaces/guest/activations/${id}`);
    if (answer.status === 200) return (await answer.json()) as ActivationRecord;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no record ${id}`);
}
