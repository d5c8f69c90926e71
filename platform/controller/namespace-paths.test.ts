// The namespace segment as OpenWhisk parses it (an EntityPath: encoded, slash-prefixed, package-qualified) for every
// collection, allowed and refused; entitlement of references (rules, sequences, bindings) through shared packages;
// malformed percent-escapes answered 400 in OpenWhisk's error shape, before authentication too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guestKey } from '../options.js';
import { platform, raw, rejection } from '../../test-support/platform-testing.js';

const notAuthorized = 'The supplied authentication is not authorized to access this resource.';

test('the namespace segment is an entity path for every collection: encoded, slash-prefixed, package-qualified', async (t) => {
  const { ow, running } = await platform(t);
  await ow.packages.create({ name: 'demo' });
  await ow.actions.create({ name: 'demo/greet', action: 'code' });
  await ow.actions.create({ name: 'top', action: 'code' });
  await ow.triggers.create({ name: 'tick' });
  await ow.rules.create({ name: 'r', trigger: 'tick', action: 'top' });
  const ns = (segment: string, rest: string) => `/api/v1/namespaces/${segment}/${rest}`;
  type Case = [method: string, path: string, status: number, body?: string];
  const cases: Case[] = [
    // actions: the second part of the segment is the package (Actions.scala innerRoutes)
    ['GET', ns('%2Fguest', 'actions/top'), 200],
    ['GET', ns('guest%2F', 'actions/top'), 200],
    ['GET', ns('guest%2Fdemo', 'actions/greet'), 200],
    ['GET', ns('%2Fguest%2Fdemo', 'actions/greet'), 200],
    ['GET', ns('guest%2Fdemo', 'actions'), 200],
    ['POST', ns('guest%2Fdemo', 'actions/greet?blocking=true'), 200, '{}'],
    ['PUT', ns('guest%2Fdemo', 'actions/made'), 200, '{"exec":{"kind":"nodejs:20","code":"x"}}'],
    ['GET', ns('%2Fwhisk.system%2Futils', 'actions/echo'), 200],
    ['POST', ns('%2Fwhisk.system%2Futils', 'actions/echo?blocking=true'), 200, '{}'],
    ['GET', ns('%2Fwhisk.system%2Futils', 'actions'), 403], // listing another's collection (ActionCollection)
    ['PUT', ns('%2Fwhisk.system%2Futils', 'actions/evil'), 403, '{"exec":{"kind":"nodejs:20","code":"x"}}'],
    ['DELETE', ns('whisk.system%2Futils', 'actions/echo'), 403],
    ['GET', ns('someone', 'actions/top'), 403],
    ['GET', ns('%2Fsomeone%2Fdemo', 'actions/greet'), 403],
    ['GET', ns('_%2Fdemo', 'actions/greet'), 403], // only `_` alone is the caller's namespace
    ['GET', ns('guest%2Fdemo%2Fmore', 'actions/greet'), 404],
    ['GET', ns('guest%2Fdemo', 'actions/other/greet'), 404],
    // packages: any namespace's list shows its public packages; reads of a private or missing one elsewhere are 403
    ['GET', ns('%2Fguest', 'packages/demo'), 200],
    ['GET', ns('%2Fwhisk.system', 'packages/utils'), 200],
    ['GET', ns('%2Fwhisk.system', 'packages/nothing'), 403],
    ['GET', ns('someone', 'packages'), 200],
    ['PUT', ns('%2Fwhisk.system', 'packages/mine'), 403, '{}'],
    ['DELETE', ns('%2Fwhisk.system', 'packages/utils'), 403],
    ['GET', ns('guest%2Fdemo', 'packages/demo'), 404],
    // triggers, rules, activations, limits: the caller's own only; nothing lives under a package path
    ['GET', ns('%2Fguest', 'triggers/tick'), 200],
    ['POST', ns('%2Fguest', 'triggers/tick'), 202, '{}'],
    ['GET', ns('guest%2Fdemo', 'triggers/tick'), 404],
    ['GET', ns('%2Fwhisk.system', 'triggers'), 403],
    ['PUT', ns('someone', 'triggers/t'), 403, '{}'],
    ['GET', ns('%2Fguest', 'rules/r'), 200],
    ['GET', ns('someone%2Fdemo', 'rules'), 403],
    ['DELETE', ns('someone', 'rules/r'), 403],
    ['GET', ns('%2Fguest', 'activations'), 200],
    ['GET', ns('someone', 'activations'), 403],
    ['GET', ns('%2Fguest', 'limits'), 200],
    ['GET', ns('guest%2Fdemo', 'limits'), 200],
    ['GET', ns('%2Fwhisk.system', 'limits'), 403],
    // not an entity path: OpenWhisk's 400
    ['GET', ns('%2F', 'actions'), 400],
    ['GET', ns('a*b', 'actions'), 400],
    ['GET', ns('x'.repeat(257), 'actions'), 400],
  ];
  for (const [method, path, status, body] of cases) {
    const answer = await raw(running, method, path, body);
    const json = (await answer.json()) as { error?: string; code?: string };
    assert.equal(answer.status, status, `${method} ${path}: ${JSON.stringify(json)}`);
    if (status === 403) assert.equal(json.error, notAuthorized, `${method} ${path}`);
    if (status >= 400) assert.equal(typeof json.code, 'string', `${method} ${path} has OpenWhisk's error shape`);
  }
  const made = (await ow.actions.get({ name: 'demo/made' })) as unknown as { namespace: string };
  assert.equal(made.namespace, 'guest/demo');
  const listed = (await (await raw(running, 'GET', ns('guest%2Fdemo', 'actions'))).json()) as { name: string }[];
  assert.deepEqual(listed.map((a) => a.name).sort(), ['greet', 'made']);
  const systemPackages = (await (await raw(running, 'GET', ns('%2Fwhisk.system', 'packages'))).json()) as {
    name: string;
  }[];
  assert.deepEqual(
    systemPackages.map((p) => p.name),
    ['utils'],
  );
  const illegal = (await (await raw(running, 'GET', ns('a*b', 'actions'))).json()) as { error: string };
  assert.equal(illegal.error, 'The namespace contains illegal characters.');
});

test("the issue's three requests: /whisk.system packages listed, guest/demo's action deleted, a rule on echo", async (t) => {
  const { ow, running } = await platform(t);
  // As the client sends them: the namespace option URL-encoded.
  const listed = (await ow.packages.list({ namespace: '/whisk.system' })) as unknown as { name: string }[];
  assert.deepEqual(
    listed.map((p) => p.name),
    ['utils'],
  );
  await ow.packages.create({ name: 'demo' });
  await ow.actions.create({ name: 'demo/greet', action: 'code' });
  const deleted = await raw(running, 'DELETE', '/api/v1/namespaces/guest%2Fdemo/actions/greet');
  assert.equal(deleted.status, 200);
  assert.equal((await rejection(ow.actions.get({ name: 'demo/greet' }))).statusCode, 404);
  await ow.triggers.create({ name: 'tick' });
  const rule = (await ow.rules.create({
    name: 'echo_rule',
    trigger: 'tick',
    action: '/whisk.system/utils/echo',
  })) as unknown as { action: unknown; status: string };
  assert.deepEqual(rule.action, { path: 'whisk.system/utils', name: 'echo' });
  assert.equal(rule.status, 'active');
});

test('references are checked with the entitlement of a direct read: rules, sequences, bindings', async (t) => {
  const { ow, running } = await platform(t);
  await ow.triggers.create({ name: 'tick' });
  await ow.actions.create({ name: 'a', action: 'code' });
  const refused = async (promise: Promise<unknown>, status: number, message: string) => {
    const error = await rejection(promise);
    assert.deepEqual([error.statusCode, error.error.error], [status, message]);
  };
  // rules: a shared package's action is allowed; another namespace's private action or trigger is not
  await ow.rules.create({ name: 'ok', trigger: 'tick', action: '/whisk.system/utils/cat' });
  await refused(ow.rules.create({ name: 'r1', trigger: 'tick', action: '/someone/a' }), 403, notAuthorized);
  await refused(ow.rules.create({ name: 'r2', trigger: 'tick', action: '/someone/pkg/a' }), 403, notAuthorized);
  await refused(ow.rules.create({ name: 'r3', trigger: '/whisk.system/t', action: 'a' }), 403, notAuthorized);
  await refused(
    ow.rules.create({ name: 'r4', trigger: 'tick', action: '/whisk.system/utils/nope' }),
    400,
    'action /whisk.system/utils/nope does not exist',
  );
  await refused(
    ow.rules.create({ name: 'r5', trigger: 'tick', action: '/whisk.system/alarms/alarm' }),
    501,
    'The alarms feed provider (/whisk.system/alarms) is not supported by the ow-eval platform.',
  );
  // sequences: the same function decides
  await ow.actions.create({ name: 's', sequence: ['/whisk.system/utils/echo', '/guest/a'] } as never);
  await refused(ow.actions.create({ name: 's2', sequence: ['/someone/pkg/a'] } as never), 403, notAuthorized);
  // bindings: a published package elsewhere may be bound; a missing one elsewhere is a 403 (nothing leaks)
  await ow.packages.create({ name: 'u', package: { binding: { namespace: 'whisk.system', name: 'utils' } } });
  await refused(
    ow.packages.create({ name: 'v', package: { binding: { namespace: 'whisk.system', name: 'nothing' } } }),
    403,
    notAuthorized,
  );
  // a rule through the binding runs the shared action when fired (the fake container answers)
  await ow.rules.create({ name: 'viaBinding', trigger: 'tick', action: 'u/echo' });
  const fired = await raw(running, 'POST', '/api/v1/namespaces/_/triggers/tick', '{"x":1}');
  assert.equal(fired.status, 202);
});

test('malformed percent-escapes are 400 in OpenWhisk error shape, with or without a key, never 500', async (t) => {
  const { running, ow } = await platform(t);
  const paths = [
    '/api/v1/namespaces/%ZZ/actions',
    '/api/v1/namespaces/_/actions/%E0%A4%A',
    '/api/v1/namespaces/_/actions/pkg/%',
    '/api/v1/web/guest/%ZZ/w.json',
    '/api/v1/web/guest/default/%C0%AF.json',
    '/api/v1/%ZZ',
  ];
  for (const path of paths) {
    for (const auth of [guestKey, 'nobody:wrong']) {
      const answer = await raw(running, 'GET', path, undefined, auth);
      const json = (await answer.json()) as { error: string; code: string };
      assert.equal(answer.status, 400, `${path} with ${auth === guestKey ? 'the key' : 'a wrong key'}`);
      assert.match(json.error, /is not valid percent-encoding/);
      assert.equal(answer.headers.get('x-request-id'), json.code);
    }
  }
  // the platform still serves
  assert.ok(Array.isArray(await ow.actions.list()));
});
