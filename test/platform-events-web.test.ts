// End to end with real JavaScript actions (the nodejs:20 runtime as node-process) and the real `openwhisk` client:
// a trigger fired through a rule runs its action, found through the trigger's record; web actions from OpenWhisk's
// own docs/webactions.md examples answer over real HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import openwhisk from 'openwhisk';
import { waitForActivation } from '../test-support/activation-wait.js';
import { launchPlatform } from '../platform/launch.js';
import type { ActivationRecord } from '../platform/types.js';

async function nodeProcessPlatform(t: { after: (fn: () => Promise<void>) => void }) {
  const platform = await launchPlatform({ port: 0, families: ['nodejs'], baseline: 'node-process' });
  t.after(() => platform.close());
  return { platform, ow: openwhisk({ apihost: platform.url, api_key: platform.apiKey }) };
}

test('a trigger with a rule, fired with the client, runs the action with its parameters and the payload', async (t) => {
  const { ow, platform } = await nodeProcessPlatform(t);
  await ow.actions.create({
    name: 'greet',
    kind: 'nodejs:20',
    action:
      'function main(p) { return { greeting: `${p.salutation}, ${p.name}!`, via: p.__ow_headers["user-agent"] } }',
  });
  const parameters = [{ key: 'salutation', value: 'Hello' }];
  await ow.triggers.create({ name: 'arrivals', trigger: { parameters } });
  await ow.rules.create({ name: 'greet-arrivals', trigger: 'arrivals', action: 'greet' });

  const fired = await ow.triggers.invoke({ name: 'arrivals', params: { name: 'Jane' } });
  const trigger = await waitForActivation(ow, fired.activationId);
  assert.deepEqual(trigger.response.result, { name: 'Jane' });
  type RuleResult = { rule: string; success: boolean; activationId: string };
  const [ruleResult] = trigger.logs.map((line) => JSON.parse(line) as RuleResult);
  assert.deepEqual([ruleResult!.rule, ruleResult!.success], ['guest/greet-arrivals', true]);
  const run = (await waitForActivation(ow, ruleResult!.activationId)) as ActivationRecord & { cause?: string };
  assert.equal(run.response.status, 'success');
  assert.deepEqual(run.response.result, { greeting: 'Hello, Jane!', via: 'openwhisk-client-js' });
  assert.equal(run.cause, undefined); // as OpenWhisk: a rule's activation names no cause; the trigger's logs link them

  await ow.rules.disable({ name: 'greet-arrivals' });
  const quiet = await fetch(`${platform.url}/api/v1/namespaces/_/triggers/arrivals`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(platform.apiKey).toString('base64')}` },
  });
  assert.equal(quiet.status, 204);
});

test('web actions from docs/webactions.md: hello.http?name=Jane, a PNG from base64, a raw body decoder', async (t) => {
  const { ow, platform } = await nodeProcessPlatform(t);
  const web = (path: string, init?: RequestInit) => fetch(`${platform.url}/api/v1/web/guest/default/${path}`, init);
  await ow.actions.create({
    name: 'hello',
    kind: 'nodejs:20',
    annotations: { 'web-export': true },
    action:
      'function main({name}) { return {body: `<html><body><h3>${name ? `hello ${name}!` : "?"}</h3></body></html>`} }',
  });
  const hello = await web('hello.http?name=Jane');
  assert.equal(hello.status, 200);
  assert.equal(hello.headers.get('content-type'), 'text/html; charset=UTF-8');
  assert.equal(await hello.text(), '<html><body><h3>hello Jane!</h3></body></html>');

  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
  await ow.actions.create({
    name: 'pixel',
    kind: 'nodejs:20',
    annotations: { 'web-export': true },
    action: `function main() { return { headers: { 'Content-Type': 'image/png' }, body: '${png.toString('base64')}' } }`,
  });
  const pixel = await web('pixel.http');
  assert.equal(pixel.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await pixel.arrayBuffer()), png);

  const raw = { 'web-export': true, 'raw-http': true };
  await ow.actions.create({
    name: 'decode',
    kind: 'nodejs:20',
    annotations: raw,
    action: 'function main(args) { return { body: Buffer.from(args.__ow_body, "base64").toString("utf-8") } }',
  });
  const decoded = await web('decode.json', {
    method: 'POST',
    body: 'Decoded body',
    headers: { 'content-type': 'application/octet-stream' },
  });
  assert.deepEqual(await decoded.json(), { body: 'Decoded body' });
});
