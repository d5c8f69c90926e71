// Triggers and rules as the real `openwhisk` client sees them, with fake containers: CRUD, enable/disable, firing,
// the trigger's record and the error answers of Triggers.scala and Rules.scala (docs/openwhisk-triggers-web.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import openwhisk from 'openwhisk';
import { FakeFactory } from '../../test-support/fake-factory.js';
import { guestKey } from '../options.js';
import { startPlatformWithFactories, type RunningPlatform } from '../server.js';
import { waitForActivation } from '../../test-support/activation-wait.js';
import type { ActivationRecord } from '../types.js';

async function platform(t: { after: (fn: () => Promise<void>) => void }) {
  const factory = new FakeFactory();
  const running = await startPlatformWithFactories({ port: 0, factories: { wasm: factory, nodejs: factory } });
  t.after(() => running.close());
  return { running, ow: openwhisk({ apihost: running.url, api_key: guestKey }) };
}

type Entity = Record<string, unknown>;
type Count = { activations: number };
type Failure = { statusCode: number; error: { error: string; code: string } };

async function rejection(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    return error as Failure;
  }
  throw new Error('expected the call to fail');
}

async function raw(running: RunningPlatform, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${running.url}/api/v1/namespaces/_/${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    headers: { authorization: `Basic ${Buffer.from(guestKey).toString('base64')}`, 'content-type': 'application/json' },
  });
}

type RuleLog = {
  rule: string;
  action: string;
  statusCode: number;
  success: boolean;
  activationId?: string;
  error?: string;
};

test('triggers: create with parameters, get, 409 on a second create, update, list, delete', async (t) => {
  const { ow } = await platform(t);
  const created = (await ow.triggers.create({
    name: 'tick',
    trigger: { parameters: [{ key: 'color', value: 'red' }] },
    annotations: { purpose: 'test' },
  } as never)) as unknown as Record<string, unknown>;
  assert.deepEqual(
    { ...created, updated: 0 },
    {
      namespace: 'guest',
      name: 'tick',
      parameters: [{ key: 'color', value: 'red' }],
      limits: {},
      version: '0.0.1',
      publish: false,
      annotations: [{ key: 'purpose', value: 'test' }],
      updated: 0,
    },
  );
  assert.equal(typeof created.updated, 'number');
  const again = await rejection(ow.triggers.create({ name: 'tick' }));
  assert.equal(again.statusCode, 409);
  assert.equal(again.error.error, 'resource already exists');
  const updated = (await ow.triggers.update({ name: 'tick', trigger: { publish: true } })) as unknown as Entity;
  assert.equal(updated.version, '0.0.2');
  assert.equal(updated.publish, true);
  assert.deepEqual(updated.parameters, [{ key: 'color', value: 'red' }]);
  await ow.triggers.create({ name: 'tock' });
  const list = (await ow.triggers.list()) as unknown as Record<string, unknown>[];
  assert.deepEqual(
    list.map((x) => x.name),
    ['tock', 'tick'],
  );
  assert.deepEqual(Object.keys(list[0]!).sort(), ['annotations', 'name', 'namespace', 'publish', 'updated', 'version']);
  assert.deepEqual(await ow.triggers.list({ count: true }), { triggers: 2 });
  assert.equal((await ow.triggers.list({ limit: 1, skip: 1 })).length, 1);
  const deleted = (await ow.triggers.delete({ name: 'tick' })) as unknown as Record<string, unknown>;
  assert.equal(deleted.name, 'tick');
  const gone = await rejection(ow.triggers.get({ name: 'tick' }));
  assert.equal(gone.statusCode, 404);
  assert.equal(gone.error.error, 'The requested resource does not exist.');
  assert.equal((await rejection(ow.triggers.delete({ name: 'tick' }))).statusCode, 404);
  assert.equal((await rejection(ow.triggers.create({ name: 'bad/name' }))).statusCode, 404);
  const badFeed = await rejection(ow.triggers.create({ name: 'fed', annotations: { feed: 42 } } as never));
  assert.equal(badFeed.statusCode, 400);
  assert.equal(badFeed.error.error, 'Feed name is not valid');
  await ow.actions.create({ name: 'taken', action: 'code' });
  const conformance = 'Resource by this name exists but is not in this collection.';
  const calls = [
    () => ow.triggers.create({ name: 'taken' }),
    () => ow.triggers.get({ name: 'taken' }),
    () => ow.rules.get({ name: 'taken' }),
  ];
  for (const call of calls) {
    const clash = await rejection(call());
    assert.deepEqual([clash.statusCode, clash.error.error], [409, conformance]);
  }
  const badLimit = await rejection(ow.triggers.list({ limit: 500 }));
  assert.equal(badLimit.error.error, "The value '500' is not in the range of 0 to 200 for triggers.");
});

test('rules: create links the rule into its trigger, status shows on get, enable/disable, update, list', async (t) => {
  const { ow, running } = await platform(t);
  await ow.actions.create({ name: 'hello', action: 'code' });
  await ow.actions.create({ name: 'other', action: 'code' });
  await ow.triggers.create({ name: 'tick' });
  await ow.triggers.create({ name: 'tock' });
  const rule = (await ow.rules.create({ name: 'r', trigger: 'tick', action: 'hello' })) as unknown as Entity;
  assert.deepEqual(
    { ...rule, updated: 0 },
    {
      namespace: 'guest',
      name: 'r',
      status: 'active',
      trigger: { path: 'guest', name: 'tick' },
      action: { path: 'guest', name: 'hello' },
      version: '0.0.1',
      publish: false,
      annotations: [],
      updated: 0,
    },
  );
  const trigger = (await ow.triggers.get({ name: 'tick' })) as unknown as { rules: unknown };
  assert.deepEqual(trigger.rules, { 'guest/r': { action: { path: 'guest', name: 'hello' }, status: 'active' } });

  assert.equal(await ow.rules.disable({ name: 'r' }), 'OK');
  assert.equal(((await ow.rules.get({ name: 'r' })) as unknown as { status: string }).status, 'inactive');
  assert.equal(await ow.rules.disable({ name: 'r' }), 'OK'); // no change is still 200
  // An update keeps the status and moves the link to the new trigger.
  const moved = (await ow.rules.update({ name: 'r', trigger: 'tock', action: 'other' })) as unknown as Entity;
  assert.equal(moved.status, 'inactive');
  assert.equal(moved.version, '0.0.2');
  assert.deepEqual(((await ow.triggers.get({ name: 'tick' })) as unknown as { rules: unknown }).rules, {});
  await ow.rules.enable({ name: 'r' });
  assert.deepEqual(((await ow.triggers.get({ name: 'tock' })) as unknown as { rules: unknown }).rules, {
    'guest/r': { action: { path: 'guest', name: 'other' }, status: 'active' },
  });

  const list = (await ow.rules.list()) as unknown as Record<string, unknown>[];
  assert.equal(list.length, 1);
  assert.equal(list[0]!.status, undefined); // the listed documents carry no status
  assert.deepEqual(list[0]!.trigger, { path: 'guest', name: 'tock' });
  assert.deepEqual(await ow.rules.list({ count: true }), { rules: 1 });

  const dup = await rejection(ow.rules.create({ name: 'r', trigger: 'tick', action: 'hello' }));
  assert.deepEqual([dup.statusCode, dup.error.error], [409, 'resource already exists']);
  const noTrigger = await rejection(ow.rules.create({ name: 'r2', trigger: 'nope', action: 'hello' }));
  assert.deepEqual([noTrigger.statusCode, noTrigger.error.error], [400, 'trigger /guest/nope does not exist']);
  const noAction = await rejection(ow.rules.create({ name: 'r2', trigger: 'tick', action: 'nope' }));
  assert.deepEqual([noAction.statusCode, noAction.error.error], [400, 'action /guest/nope does not exist']);
  const elsewhere = await rejection(ow.rules.create({ name: 'r2', trigger: 'tick', action: '/someone/hello' }));
  assert.deepEqual(
    [elsewhere.statusCode, elsewhere.error.error],
    [403, 'The supplied authentication is not authorized to access this resource.'],
  );
  const empty = await raw(running, 'PUT', 'rules/r3', {});
  assert.equal(empty.status, 400);
  assert.equal(((await empty.json()) as { error: string }).error, 'rule requires a valid trigger and a valid action');
  const badStatus = await raw(running, 'POST', 'rules/r', { status: 'paused' });
  assert.equal(badStatus.status, 400);
  assert.match(((await badStatus.json()) as { error: string }).error, /paused is not a recognized rule state/);
  assert.equal((await rejection(ow.rules.get({ name: 'nope' }))).statusCode, 404);
  assert.equal((await rejection(ow.rules.enable({ name: 'nope' }))).statusCode, 404);
});

test('deleting: a rule leaves its trigger; a deleted trigger leaves its rule inactive, not enableable', async (t) => {
  const { ow } = await platform(t);
  await ow.actions.create({ name: 'hello', action: 'code' });
  await ow.triggers.create({ name: 'tick' });
  await ow.rules.create({ name: 'keep', trigger: 'tick', action: 'hello' });
  await ow.rules.create({ name: 'drop', trigger: 'tick', action: 'hello' });
  const dropped = (await ow.rules.delete({ name: 'drop' })) as unknown as { status: string };
  assert.equal(dropped.status, 'inactive'); // an active rule may be deleted; the answer shows it inactive
  const trigger = (await ow.triggers.get({ name: 'tick' })) as unknown as { rules: object };
  assert.deepEqual(Object.keys(trigger.rules), ['guest/keep']);
  await ow.triggers.delete({ name: 'tick' });
  const orphan = (await ow.rules.get({ name: 'keep' })) as unknown as { status: string };
  assert.equal(orphan.status, 'inactive');
  assert.equal(await ow.rules.disable({ name: 'keep' }), 'OK');
  const enable = await rejection(ow.rules.enable({ name: 'keep' }));
  assert.deepEqual(
    [enable.statusCode, enable.error.error],
    [404, 'Only rules with existing triggers can be activated'],
  );
});

test('firing: 204 without an active rule; else 202, a record listing each rule, the action run', async (t) => {
  const { ow, running } = await platform(t);
  await ow.actions.create({ name: 'hello', action: 'code', params: { fromAction: 1, color: 'action' } });
  await ow.actions.create({ name: 'idle', action: 'code' });
  await ow.actions.create({ name: 'doomed', action: 'code' });
  const parameters = [
    { key: 'color', value: 'trigger' },
    { key: 'size', value: 'S' },
  ];
  await ow.triggers.create({ name: 'tick', trigger: { parameters } });
  const count = async () => ((await ow.activations.list({ count: true })) as unknown as Count).activations;
  const before = await count();
  assert.equal((await raw(running, 'POST', 'triggers/tick', { size: 'L' })).status, 204);
  await ow.rules.create({ name: 'sleepy', trigger: 'tick', action: 'idle' });
  await ow.rules.disable({ name: 'sleepy' });
  assert.equal((await raw(running, 'POST', 'triggers/tick')).status, 204); // inactive rules only: no record either
  assert.equal(await count(), before);

  await ow.rules.create({ name: 'greet', trigger: 'tick', action: 'hello' });
  await ow.rules.create({ name: 'broken', trigger: 'tick', action: 'doomed' });
  await ow.actions.delete({ name: 'doomed' });
  const fired = await ow.triggers.invoke({ name: 'tick', params: { size: 'L' } });
  assert.match(fired.activationId, /^[0-9a-f]{32}$/);

  const record = (await waitForActivation(ow, fired.activationId)) as ActivationRecord & Entity;
  assert.equal(record.name, 'tick');
  assert.deepEqual(record.response, { result: { size: 'L' }, status: 'success', success: true });
  assert.equal('end' in record, false);
  assert.equal('duration' in record, false);
  assert.deepEqual(record.annotations, []);
  const logs = record.logs.map((l) => JSON.parse(l) as RuleLog).sort((a, b) => a.rule.localeCompare(b.rule));
  assert.deepEqual(
    logs.map(({ activationId: _, ...rest }) => rest),
    [
      {
        rule: 'guest/broken',
        action: 'guest/doomed',
        statusCode: 1,
        success: false,
        error: 'The requested resource does not exist.',
      },
      { rule: 'guest/greet', action: 'guest/hello', statusCode: 0, success: true },
      {
        rule: 'guest/sleepy',
        action: 'guest/idle',
        statusCode: 1,
        success: false,
        error: "Rule 'guest/sleepy' is inactive, action 'guest/idle' was not activated.",
      },
    ],
  );
  const greet = logs.find((l) => l.rule === 'guest/greet')!;
  const run = (await waitForActivation(ow, greet.activationId!)) as ActivationRecord & Entity;
  assert.equal(run.name, 'hello');
  const result = run.response.result as Record<string, unknown>;
  // action parameters < trigger parameters < headers < payload
  assert.deepEqual([result.fromAction, result.color, result.size], [1, 'trigger', 'L']);
  assert.equal((result.__ow_headers as Record<string, string>)['user-agent'], 'openwhisk-client-js');
  assert.equal((result.__ow_headers as Record<string, string>)['content-type'], undefined); // an entity header
  assert.equal(run.cause, undefined); // OpenWhisk links rule activations through the trigger's logs, not `cause`

  const summary = ((await ow.activations.list({ name: 'tick' })) as unknown as Record<string, unknown>[])[0]!;
  assert.deepEqual(Object.keys(summary).sort(), [
    'activationId',
    'annotations',
    'name',
    'namespace',
    'publish',
    'start',
    'version',
  ]);
  const missing = await rejection(ow.triggers.invoke({ name: 'nope' }));
  assert.deepEqual([missing.statusCode, missing.error.error], [404, 'The requested resource does not exist.']);
  const notObject = await raw(running, 'POST', 'triggers/tick', [1, 2]);
  assert.equal(notObject.status, 400);
});
