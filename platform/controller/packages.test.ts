// Packages, bindings and package-qualified action routes as the real `openwhisk` client sees them (fake containers),
// with the status codes and messages of Packages.scala / Actions.scala.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotation, platform, raw, rejection } from '../../test-support/platform-testing.js';
import type { ActivationRecord } from '../types.js';

type Pkg = {
  name: string;
  namespace: string;
  binding: unknown;
  parameters: { key: string; value: unknown }[];
  annotations: { key: string; value: unknown }[];
  version: string;
  publish: boolean;
  actions?: { name: string }[];
};

test('packages: create, get with its actions, update bumps the version, publish, list, count, delete', async (t) => {
  const { ow } = await platform(t);
  const parameters = [{ key: 'p', value: 1 }];
  const created = (await ow.packages.create({ name: 'tools', package: { parameters } })) as unknown as Pkg;
  assert.equal(created.namespace, 'guest');
  assert.deepEqual(created.binding, {});
  assert.equal(created.version, '0.0.1');
  assert.equal(created.publish, false);
  await ow.actions.create({ name: 'tools/hello', action: 'function main(p) { return p }' });
  const fetched = (await ow.packages.get({ name: 'tools' })) as unknown as Pkg;
  assert.deepEqual(
    fetched.actions?.map((a) => a.name),
    ['hello'],
  );
  const updated = (await ow.packages.update({ name: 'tools', package: { publish: true } })) as unknown as Pkg;
  assert.equal(updated.version, '0.0.2');
  assert.equal(updated.publish, true);
  assert.deepEqual(updated.parameters, [{ key: 'p', value: 1 }]);
  await ow.packages.create({ name: 'other' });
  const list = (await ow.packages.list()) as unknown as Pkg[];
  assert.deepEqual(list.map((p) => p.name).sort(), ['other', 'tools']);
  assert.equal(list.find((p) => p.name === 'tools')?.binding, false);
  assert.deepEqual(await ow.packages.list({ count: true }), { packages: 2 });
  assert.equal(((await ow.packages.delete({ name: 'other' })) as unknown as Pkg).name, 'other');
  assert.equal((await rejection(ow.packages.get({ name: 'other' }))).statusCode, 404);
});

test('package-qualified actions: create, get, invoke, list in the package and in the namespace, delete', async (t) => {
  const { ow, running } = await platform(t);
  await ow.packages.create({ name: 'pkg' });
  const action = await ow.actions.create({ name: 'pkg/a', action: 'code', params: { x: 1 } });
  assert.equal(action.namespace, 'guest/pkg');
  assert.equal((await ow.actions.get({ name: '/guest/pkg/a' })).name, 'a');
  const record = (await ow.actions.invoke({ name: 'pkg/a', blocking: true })) as unknown as ActivationRecord;
  assert.equal(annotation(record, 'path'), 'guest/pkg/a');
  assert.equal(record.name, 'a');
  await ow.actions.create({ name: 'top', action: 'code' });
  const inPackage = (await (await raw(running, 'GET', '/api/v1/namespaces/_/actions/pkg/')).json()) as {
    name: string;
  }[];
  assert.deepEqual(
    inPackage.map((a) => a.name),
    ['a'],
  );
  const all = (await ow.actions.list()) as unknown as { name: string; namespace: string }[];
  assert.deepEqual(all.map((a) => `${a.namespace}/${a.name}`).sort(), ['guest/pkg/a', 'guest/top']);
  await ow.actions.delete({ name: 'pkg/a' });
  assert.equal((await rejection(ow.actions.get({ name: 'pkg/a' }))).statusCode, 404);
  const noPackage = await rejection(ow.actions.create({ name: 'nopkg/a', action: 'code' }));
  assert.equal(noPackage.statusCode, 404);
  assert.equal(noPackage.error.error, 'The requested resource does not exist.');
});

test('bindings: parameters merge package → binding → action → invoke; records name the binding', async (t) => {
  const { ow, running } = await platform(t);
  const fromPackage = ['a', 'b', 'c', 'd'].map((key) => ({ key, value: 'package' }));
  await ow.packages.create({ name: 'lib', package: { parameters: fromPackage } });
  await ow.actions.create({ name: 'lib/act', action: 'code', params: { c: 'action', d: 'action' } });
  const binding = (await ow.packages.create({
    name: 'mine',
    package: {
      binding: { namespace: '_', name: 'lib' },
      parameters: [
        { key: 'b', value: 'binding' },
        { key: 'c', value: 'binding' },
      ],
    },
  })) as unknown as Pkg;
  assert.deepEqual(binding.binding, { namespace: 'guest', name: 'lib' });
  assert.deepEqual(annotation(binding as never, 'binding'), { namespace: 'guest', name: 'lib' });
  const invoked = await ow.actions.invoke({ name: 'mine/act', blocking: true, params: { d: 'invoke' } });
  const record = invoked as unknown as ActivationRecord;
  const result = record.response.result as Record<string, unknown>;
  assert.deepEqual([result.a, result.b, result.c, result.d], ['package', 'binding', 'action', 'invoke']);
  assert.equal(annotation(record, 'binding'), 'guest/mine');
  assert.equal(annotation(record, 'path'), 'guest/lib/act');
  const viaBinding = (await ow.packages.get({ name: 'mine' })) as unknown as Pkg;
  assert.deepEqual(viaBinding.binding, { namespace: 'guest', name: 'lib' });
  assert.deepEqual(Object.fromEntries(viaBinding.parameters.map((p) => [p.key, p.value])), {
    a: 'package',
    b: 'binding',
    c: 'binding',
    d: 'package',
  });
  assert.deepEqual(
    viaBinding.actions?.map((a) => a.name),
    ['act'],
  );
  const listing = await raw(running, 'GET', '/api/v1/namespaces/_/actions/mine/');
  const listed = (await listing.json()) as { namespace: string }[];
  assert.deepEqual(
    listed.map((a) => a.namespace),
    ['guest/lib'],
  );
  const got = await ow.actions.get({ name: 'mine/act' });
  assert.deepEqual(Object.fromEntries((got.parameters ?? []).map((p) => [p.key, p.value])), {
    a: 'package',
    b: 'binding',
    c: 'action',
    d: 'action',
  });
  // A binding may be deleted while its package is full.
  await ow.packages.delete({ name: 'mine' });
});

test("package errors carry OpenWhisk's codes and messages", async (t) => {
  const { ow, running } = await platform(t);
  const fail = async (promise: Promise<unknown>, status: number, message: string) => {
    const error = await rejection(promise);
    assert.equal(error.statusCode, status, message);
    assert.equal(error.error.error, message);
    assert.match(String(error.error.code), /^\w+$/);
  };
  await ow.packages.create({ name: 'lib' });
  await ow.actions.create({ name: 'lib/one', action: 'code' });
  await ow.actions.create({ name: 'lib/two', action: 'code' });
  await ow.actions.create({ name: 'plain', action: 'code' });
  await ow.packages.create({ name: 'b1', package: { binding: { namespace: 'guest', name: 'lib' } } });
  await fail(ow.packages.create({ name: 'lib' }), 409, 'resource already exists');
  await fail(ow.packages.create({ name: 'default' }), 400, "Package name 'default' is reserved.");
  await fail(
    ow.packages.create({ name: 'x', package: { binding: { namespace: 'guest', name: 'nothing' } } }),
    400,
    'Binding references a package that does not exist.',
  );
  await fail(
    ow.packages.create({ name: 'x', package: { binding: { namespace: 'guest', name: 'b1' } } }),
    400,
    'Cannot bind to another package binding.',
  );
  await fail(
    ow.packages.create({ name: 'x', package: { binding: { namespace: 'guest', name: 'plain' } } }),
    409,
    'Cannot bind to a resource that is not a package.',
  );
  await fail(
    ow.packages.update({ name: 'lib', package: { binding: { namespace: 'guest', name: 'b1' } } }),
    409,
    'Resource is a package and cannot be converted into a binding.',
  );
  await fail(ow.packages.create({ name: 'plain' }), 409, 'Resource by this name exists but is not in this collection.');
  await fail(
    ow.packages.create({ name: 'x', package: { binding: { namespace: 'someone', name: 'lib' } } }),
    403,
    'The supplied authentication is not authorized to access this resource.',
  );
  await fail(ow.actions.create({ name: 'b1/new', action: 'code' }), 400, 'Operation not permitted on package binding.');
  await fail(ow.actions.delete({ name: 'b1/one' }), 400, 'Operation not permitted on package binding.');
  await fail(
    ow.packages.delete({ name: 'lib' }),
    409,
    'Package not empty (contains 2 entities). Set force param or delete package contents.',
  );
  await fail(
    ow.packages.get({ name: 'someone-else', namespace: 'other' } as never),
    403,
    'The supplied authentication is not authorized to access this resource.',
  );
  await fail(ow.packages.get({ name: 'missing' }), 404, 'The requested resource does not exist.');
  const forced = await raw(running, 'DELETE', '/api/v1/namespaces/_/packages/lib?force=true');
  assert.equal(forced.status, 200);
  assert.equal((await rejection(ow.actions.get({ name: 'lib/one' }))).statusCode, 404);
});

test('/whisk.system/utils: readable and invocable from every namespace, never writable', async (t) => {
  const { ow, running } = await platform(t);
  const utils = (await ow.packages.get({ name: '/whisk.system/utils' } as never)) as unknown as Pkg;
  assert.equal(utils.publish, true);
  assert.deepEqual(utils.actions?.map((a) => a.name).sort(), [
    'cat',
    'date',
    'echo',
    'head',
    'namespace',
    'sort',
    'split',
  ]);
  const listed = (await ow.packages.list({ namespace: 'whisk.system' })) as unknown as Pkg[];
  assert.deepEqual(
    listed.map((p) => p.name),
    ['utils'],
  );
  const echo = await ow.actions.get({ name: '/whisk.system/utils/echo' });
  assert.equal(echo.exec.kind, 'nodejs:20');
  assert.equal(echo.namespace, 'whisk.system/utils');
  const invoked = await ow.actions.invoke({ name: '/whisk.system/utils/echo', blocking: true, params: { hi: 1 } });
  const record = invoked as unknown as ActivationRecord;
  assert.equal(record.namespace, 'guest');
  assert.equal(annotation(record, 'path'), 'whisk.system/utils/echo');
  await ow.packages.create({ name: 'myutils', package: { binding: { namespace: 'whisk.system', name: 'utils' } } });
  const viaBinding = (await ow.actions.invoke({ name: 'myutils/echo', blocking: true })) as unknown as ActivationRecord;
  assert.equal(viaBinding.response.status, 'success');
  const denied = await rejection(ow.actions.create({ name: '/whisk.system/utils/evil', action: 'code' }));
  assert.equal(denied.statusCode, 403);
  assert.equal((await rejection(ow.packages.delete({ name: '/whisk.system/utils' } as never))).statusCode, 403);
  assert.equal((await rejection(ow.actions.list({ namespace: 'whisk.system' }))).statusCode, 403);
  assert.equal((await raw(running, 'GET', '/api/v1/namespaces/whisk.system/actions/utils/')).status, 200);
});

test("what stays out answers 501 in OpenWhisk's error shape, never 404; GET /api/v1 says what is served", async (t) => {
  const { ow, running } = await platform(t);
  const params = { cron: '* * * * *' };
  const feed = await rejection(ow.feeds.create({ name: '/whisk.system/alarms/alarm', trigger: 't', params }));
  assert.equal(feed.statusCode, 501);
  assert.equal(
    feed.error.error,
    'The alarms feed provider (/whisk.system/alarms) is not supported by the ow-eval platform.',
  );
  const gateway = await rejection(ow.routes.list());
  assert.equal(gateway.statusCode, 501);
  assert.equal(
    gateway.error.error,
    'The API gateway (/whisk.system/apimgmt) is not supported by the ow-eval platform.',
  );
  assert.equal((await raw(running, 'GET', '/api/v1/namespaces/_/apis')).status, 501);
  type Info = { swagger_paths?: unknown; ow_eval: { served: string[] } };
  const info = (await (await fetch(`${running.url}/api/v1`)).json()) as Info;
  assert.equal(info.swagger_paths, undefined);
  assert.ok(info.ow_eval.served.includes('/namespaces/{namespace}/packages/{packageName}'));
});
