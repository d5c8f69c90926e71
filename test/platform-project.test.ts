// A user's project of packages, bindings, a sequence, a trigger with a rule and a web action, created with the
// `openwhisk` client exactly as against a standalone OpenWhisk, runs unchanged against `ow-eval platform start`
// (nodejs:20 in node-process), /whisk.system's utils included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import openwhisk from 'openwhisk';
import { guestKey } from '../platform/options.js';
import type { ActivationRecord } from '../platform/types.js';
import { waitForActivation } from '../test-support/activation-wait.js';
import { spawnPlatformCli } from '../test-support/platform-cli.js';

const greet = 'function main({ greeting, name }) {\n  return { payload: `${greeting}, ${name}!` };\n}\n';

test('packages, bindings, a sequence, a trigger with a rule and a web action run against platform start', async (t) => {
  const { child, url } = await spawnPlatformCli(['--port', '0', '--baseline', 'node-process']);
  t.after(async () => {
    if (child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  });
  assert.ok(url);
  const ow = openwhisk({ apihost: url, api_key: guestKey });

  await ow.packages.create({ name: 'demo', package: { parameters: [{ key: 'greeting', value: 'Hello' }] } });
  await ow.actions.create({ name: 'demo/greet', action: greet, kind: 'nodejs:20' });
  await ow.packages.create({
    name: 'demo-fr',
    package: { binding: { namespace: '_', name: 'demo' }, parameters: [{ key: 'greeting', value: 'Bonjour' }] },
  });
  await ow.packages.create({ name: 'myutils', package: { binding: { namespace: 'whisk.system', name: 'utils' } } });
  const sequence = ['/_/myutils/split', '/whisk.system/utils/sort', '/guest/myutils/head', '/whisk.system/utils/cat'];
  await ow.actions.create({ name: 'first-line', sequence } as never);

  const result = (name: string, params = {}) => ow.actions.invoke({ name, blocking: true, result: true, params });
  assert.deepEqual(await result('demo/greet', { name: 'Ada' }), { payload: 'Hello, Ada!' });
  assert.deepEqual(await result('demo-fr/greet', { name: 'Ada' }), { payload: 'Bonjour, Ada!' });
  assert.deepEqual(await result('/whisk.system/utils/namespace'), { namespace: 'guest' });
  const date = (await result('myutils/date')) as { date: string };
  assert.ok(!Number.isNaN(Date.parse(date.date)), date.date);

  const params = { payload: 'pear\napple\nfig' };
  const invoked = await ow.actions.invoke({ name: 'first-line', blocking: true, params });
  const record = invoked as unknown as ActivationRecord;
  assert.deepEqual(record.response.result, { lines: ['apple'], payload: 'apple' });
  assert.equal(record.logs.length, 4);
  const fetched = await Promise.all(record.logs.map((id) => ow.activations.get({ name: id })));
  const components = fetched as unknown as ActivationRecord[];
  assert.deepEqual(
    components.map((c) => c.annotations.find((a) => a.key === 'path')?.value),
    ['whisk.system/utils/split', 'whisk.system/utils/sort', 'whisk.system/utils/head', 'whisk.system/utils/cat'],
  );
  assert.deepEqual(components[1]!.response.result, { lines: ['apple', 'fig', 'pear'], length: 3 });

  // A trigger with a rule fires the sequence; a web action in the package sees the package's parameters.
  await ow.triggers.create({ name: 'lines-in' });
  await ow.rules.create({ name: 'on-lines', trigger: 'lines-in', action: 'first-line' });
  const fired = await ow.triggers.invoke({ name: 'lines-in', params: { payload: 'kiwi\nbanana' } });
  const trigger = await waitForActivation(ow, fired.activationId);
  const [ruleResult] = trigger.logs.map((line) => JSON.parse(line) as { activationId: string });
  const sequenceRun = await waitForActivation(ow, ruleResult!.activationId);
  assert.deepEqual(sequenceRun.response.result, { lines: ['banana'], payload: 'banana' });
  await ow.actions.create({
    name: 'demo/web-greet',
    action: greet,
    kind: 'nodejs:20',
    annotations: { 'web-export': true },
  });
  const web = await fetch(`${url}/api/v1/web/guest/demo/web-greet.json?name=Web`);
  assert.deepEqual(await web.json(), { payload: 'Hello, Web!' });
  await ow.actions.delete({ name: 'demo/web-greet' });

  // Tear the project down as a user would: a package holding actions is refused until it is emptied.
  assert.equal(await ow.packages.delete({ name: 'demo' }).catch((e: { statusCode: number }) => e.statusCode), 409);
  await ow.actions.delete({ name: 'demo/greet' });
  await ow.packages.delete({ name: 'demo-fr' });
  await ow.packages.delete({ name: 'demo' });
});
