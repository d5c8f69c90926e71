// Target resolution: embedded, --apihost/--auth, __OW_API_* and ~/.wskprops, with the admin hooks of an ow-eval platform.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeFactory } from '../../test-support/fake-factory.js';
import { guestKey } from '../../platform/options.js';
import { startPlatformWithFactories } from '../../platform/server.js';
import { openTarget, TargetError } from './target.js';
import { parseWskProps } from './wskprops.js';
import { systemCode } from './network-failure.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

test('parseWskProps reads KEY=VALUE lines and ignores comments and blanks', () => {
  assert.deepEqual(parseWskProps('# wsk\nAPIHOST=http://localhost:3233\n\nAUTH = a:b=c\nbad line\n'), {
    APIHOST: 'http://localhost:3233',
    AUTH: 'a:b=c',
  });
});

test('the embedded target starts a platform in-process with admin hooks, and close() stops it', async () => {
  const factory = new FakeFactory();
  const target = await openTarget({ embedded: { factories: { wasm: factory, nodejs: factory } } });
  assert.equal(target.info.kind, 'embedded');
  assert.equal(target.info.owEval, true);
  await target.client.actions.create({ name: 'a', action: 'code', kind: 'wasm:0.1' });
  await target.client.actions.invoke({ name: 'a', blocking: true });
  assert.equal((await target.admin!.poolState()).containers.length, 1);
  assert.deepEqual((await target.admin!.drain({ action: 'a' })).removed, 1);
  await target.close();
  await assert.rejects(fetch(`${target.info.apihost}/api/v1`));
});

test('a remote target takes flags first, then __OW_API_HOST/__OW_API_KEY, then ~/.wskprops', async (t) => {
  const factory = new FakeFactory();
  const platform = await startPlatformWithFactories({ port: 0, factories: { wasm: factory, nodejs: factory } });
  t.after(() => platform.close());
  const dir = mkdtempSync(join(tmpdir(), 'ow-eval-wskprops-'));
  const props = join(dir, '.wskprops');
  writeFileSync(props, `APIHOST=${platform.url}\nAUTH=${guestKey}\n`);

  const fromProps = await openTarget({ remote: true, env: {}, wskprops: props });
  assert.equal(fromProps.info.source, 'wskprops');
  assert.deepEqual(await fromProps.client.namespaces.list(), ['guest']);
  const fromEnv = await openTarget({
    remote: true,
    env: { __OW_API_HOST: platform.url, __OW_API_KEY: guestKey },
    wskprops: join(dir, 'none'),
  });
  assert.equal(fromEnv.info.source, 'env');
  assert.ok(fromEnv.admin, 'a running ow-eval platform offers the admin hooks');
  const fromFlags = await openTarget({ apihost: platform.url, auth: 'wrong:key', env: { __OW_API_KEY: guestKey } });
  assert.equal(fromFlags.info.source, 'flags');
  await assert.rejects(fromFlags.client.actions.list(), (e: { statusCode?: number }) => e.statusCode === 401);
  await assert.rejects(
    openTarget({ remote: true, env: {}, wskprops: join(dir, 'none') }),
    (e: unknown) => e instanceof TargetError && e.code === 'ERR_TARGET_CONFIG',
  );
  await assert.rejects(
    openTarget({ remote: true, env: { __OW_API_HOST: platform.url }, wskprops: join(dir, 'none') }),
    (e: unknown) => e instanceof TargetError && e.code === 'ERR_TARGET_AUTH',
  );
});

test('an unreachable API host names the host, the system error and the setting to check', async () => {
  // A port that was just free: nothing listens there now.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const refused = await openTarget({ apihost: `http://127.0.0.1:${port}`, auth: guestKey, env: {} }).then(
    () => assert.fail('connected to a closed port'),
    (error: unknown) => error,
  );
  assert.ok(refused instanceof TargetError && refused.code === 'ERR_TARGET_UNREACHABLE' && refused.userFixable);
  assert.equal(
    refused.message,
    `cannot reach the OpenWhisk API at http://127.0.0.1:${port}: connection refused (ECONNREFUSED): nothing listens on 127.0.0.1:${port}; check --apihost`,
  );
  assert.equal(systemCode(refused), 'ECONNREFUSED');
  // From the environment, the message names the variable instead.
  await assert.rejects(
    openTarget({ remote: true, env: { __OW_API_HOST: `http://127.0.0.1:${port}`, __OW_API_KEY: guestKey } }),
    /ECONNREFUSED.*check the __OW_API_HOST environment variable$/,
  );
  // https:// against a plain-HTTP server: a TLS failure, said so.
  const plain = createServer((_, res) => res.end('{}'));
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  try {
    const tls = `https://127.0.0.1:${(plain.address() as AddressInfo).port}`;
    await assert.rejects(openTarget({ apihost: tls, auth: guestKey, env: {} }), /TLS failed at 127\.0\.0\.1:\d+ \(/);
  } finally {
    await new Promise<void>((resolve) => plain.close(() => resolve()));
  }
  // A port fetch refuses outright (the 127.0.0.1:1) is named as such, not as a bare "fetch failed".
  await assert.rejects(
    openTarget({ apihost: 'http://127.0.0.1:1', auth: guestKey, env: {} }),
    /never connects to port 1 .*check --apihost$/,
  );
});
