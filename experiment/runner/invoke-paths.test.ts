// The harness's two invoke paths (OpenWhiskRunTarget: direct keep-alive HTTP/1.1, or the `openwhisk` client) must
// give the same InvokeResult for every outcome: success, application error (502 with the record), an unknown action
// (404), a platform that is not there, and a blocking call that outlives its wait (202, then the polled record).
// Lives beside the platform because it needs one (with fake containers); it tests experiment/runner/openwhisk-run-target.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeFactory } from '../../test-support/fake-factory.js';
import { guestKey } from '../../platform/options.js';
import { startPlatformWithFactories } from '../../platform/server.js';
import { OpenWhiskRunTarget } from './openwhisk-run-target.js';
import type { InvokeResult } from './run-target.js';
import { openTarget } from '../target/target.js';

const description = { kind: 'remote' as const, apihost: '', baseline: 'docker' as const, throttles: {}, details: {} };

/** What must agree between the paths: everything but the times and the activation's own ids and clocks. */
function comparable(result: InvokeResult): unknown {
  const activation = result.activation as (Record<string, unknown> & { response?: unknown }) | undefined;
  return {
    httpStatus: result.httpStatus,
    error: result.error,
    response: activation?.response,
    hasActivationId: typeof activation?.activationId === 'string',
  };
}

test('direct and client invokes give the same results: 200, 502, 404, 202 then poll', async (t) => {
  const factory = new FakeFactory();
  const running = await startPlatformWithFactories({
    port: 0,
    factories: { wasm: factory, nodejs: factory },
    blockingWaitMs: 200,
  });
  t.after(() => running.close());
  const target = await openTarget({ apihost: running.url, auth: guestKey });
  const direct = new OpenWhiskRunTarget(target, { description, invokeVia: 'direct', pollMs: 20 });
  const client = new OpenWhiskRunTarget(target, { description, invokeVia: 'client', pollMs: 20 });
  t.after(() => Promise.all([direct.close(), client.close()]).then(() => target.close()));
  assert.equal(direct.invokeVia, 'direct');
  assert.equal(client.invokeVia, 'client');
  await target.client.actions.create({ name: 'f', action: 'code' });

  for (const [params, expect] of [
    [{ hello: 'world' }, { httpStatus: 200, status: 'success' }],
    [{ fail: 'sorry' }, { httpStatus: 502, status: 'application error' }],
    [{ sleepMs: 400 }, { httpStatus: 202, status: 'success' }],
  ] as const) {
    const viaDirect = await direct.invoke('f', params);
    const viaClient = await client.invoke('f', params);
    assert.deepEqual(comparable(viaDirect), comparable(viaClient), JSON.stringify(params));
    assert.equal(viaDirect.httpStatus, expect.httpStatus);
    assert.equal(viaDirect.activation?.response?.status, expect.status);
  }

  const missingDirect = await direct.invoke('nope', {});
  const missingClient = await client.invoke('nope', {});
  assert.deepEqual(missingDirect, {
    ...missingClient,
    sentAt: missingDirect.sentAt,
    receivedAt: missingDirect.receivedAt,
  });
  assert.equal(missingDirect.httpStatus, 404);
  assert.deepEqual(missingDirect.error, {
    code: '404',
    message: 'HTTP 404 (Not Found): The requested resource does not exist.',
  });

  // What the client path reads of the client's real errors: only OpenWhiskError's public statusCode and error (body).
  const real = await target.client.actions.invoke({ name: 'nope', blocking: true }).then(
    () => assert.fail('invoking a missing action must fail'),
    (error: unknown) => error as { name?: unknown; statusCode?: unknown; error?: unknown },
  );
  assert.equal(real.name, 'OpenWhiskError');
  assert.equal(real.statusCode, 404);
  assert.equal((real.error as { error?: unknown }).error, 'The requested resource does not exist.');
});

test("a platform that is not there: both paths report NETWORK with the cause's message", async (t) => {
  const running = await startPlatformWithFactories({
    port: 0,
    factories: { wasm: new FakeFactory(), nodejs: new FakeFactory() },
  });
  const target = await openTarget({ apihost: running.url, auth: guestKey });
  await running.close(); // the target keeps the address of a platform that is gone
  const direct = new OpenWhiskRunTarget(target, { description, invokeVia: 'direct' });
  const client = new OpenWhiskRunTarget(target, { description, invokeVia: 'client' });
  t.after(() => target.close());
  const viaDirect = await direct.invoke('f', {});
  const viaClient = await client.invoke('f', {});
  assert.equal(viaDirect.error?.code, 'NETWORK');
  assert.equal(viaClient.error?.code, 'NETWORK');
  assert.match(viaDirect.error?.message ?? '', /ECONNREFUSED/);
  assert.match(viaClient.error?.message ?? '', /ECONNREFUSED/);
  assert.equal(viaDirect.httpStatus, undefined);
  assert.equal(viaClient.httpStatus, undefined);

  // The client's real network error: no statusCode, and the cause's message under error.error.
  const real = await target.client.actions.invoke({ name: 'f', blocking: true }).then(
    () => assert.fail('a platform that is gone cannot answer'),
    (error: unknown) => error as { statusCode?: unknown; error?: unknown },
  );
  assert.equal(real.statusCode, undefined);
  assert.match(String((real.error as { error?: unknown }).error), /ECONNREFUSED/);
});
