// Issue 21 item 1: a tenant's log flood must not wedge the platform. A web-exported nodejs:20 action that logs every
// item of a 300,000-item body (600 KB, under the payload cap; each line padded to 64 bytes, so they pass the 10 MiB
// log limit however the runtime splits them), called without a key: every call ends in a record,
// its container lease is released, and an unrelated action is still served afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import openwhisk from 'openwhisk';
import { launchPlatform } from '../platform/launch.js';
import type { ActivationRecord } from '../platform/types.js';

test('log floods through a web action without a key: answered, recorded, leases released, others still served', async (t) => {
  const platform = await launchPlatform({ port: 0, families: ['nodejs'], baseline: 'node-process' });
  t.after(() => platform.close());
  const ow = openwhisk({ apihost: platform.url, api_key: platform.apiKey });
  await ow.actions.create({
    name: 'flood',
    action:
      'function main(a) { for (const x of a.items ?? []) console.log(String(x).padEnd(64, "-")); return { n: (a.items ?? []).length }; }',
    kind: 'nodejs:20',
    annotations: { 'web-export': true },
  });
  await ow.actions.create({ name: 'ok', action: 'function main() { return { ok: true }; }', kind: 'nodejs:20' });
  const body = JSON.stringify({ items: Array.from({ length: 300_000 }, () => 1) });
  assert.ok(body.length < 1_048_576);
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const answer = await fetch(`${platform.url}/api/v1/web/guest/default/flood.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const text = await answer.text();
    assert.notEqual(answer.status, 500, text);
    assert.equal(answer.status, 200, text);
    assert.deepEqual(JSON.parse(text), { n: 300_000 });
    ids.push(answer.headers.get('x-openwhisk-activation-id')!);
  }
  for (const id of ids) {
    const record = (await ow.activations.get({ name: id })) as unknown as ActivationRecord;
    assert.equal(record.response.status, 'success');
    // How many lines reach the record depends on when the runtime's sentinel arrives; the bound holds either way.
    const bytes = record.logs.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
    assert.ok(bytes <= 10 * 1024 * 1024 + 200, `${bytes} bytes of logs`);
  }
  const pool = (await (
    await fetch(`${platform.url}/admin/pool`, {
      headers: { authorization: `Basic ${Buffer.from(platform.apiKey).toString('base64')}` },
    })
  ).json()) as { containers: { active: number }[] };
  assert.ok(
    pool.containers.every((c) => c.active === 0),
    JSON.stringify(pool),
  );
  const ok = (await ow.actions.invoke({ name: 'ok', blocking: true })) as unknown as ActivationRecord;
  assert.deepEqual(ok.response.result, { ok: true });
});
