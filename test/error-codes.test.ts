// Errors cross the executor → platform boundary as codes (the x-ow-eval-error header), so rewording a message
// changes what people read and nothing else: the platform still knows a timeout is a timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import openwhisk from 'openwhisk';
import { messages } from '../executor/errors.js';
import { startExecutor } from '../executor/server.js';
import { launchPlatform } from '../platform/launch.js';
import type { CallOutcome } from '../platform/invoker/container.js';
import type { ActivationRecord } from '../platform/types.js';
import { executorFailure } from '../platform/runtimes/wasm-factory.js';
import { buildActions } from '../scenarios/actions/build.js';
import { readWasmZip, wasmZipPath } from '../scenarios/actions/catalog.js';

test('a reworded timeout message still makes a timeout record, with the new words in it', async (t) => {
  if (!existsSync(wasmZipPath('loop'))) await buildActions();
  const original = messages.timeout;
  messages.timeout = (ms: number) => `Stopped after ${ms} ms (reworded for this test).`;
  t.after(() => {
    messages.timeout = original;
  });
  const executor = await startExecutor({ port: 0 });
  t.after(() => executor.close());
  const platform = await launchPlatform({ port: 0, families: ['wasm'], executorUrl: executor.url });
  t.after(() => platform.close());
  const ow = openwhisk({ apihost: platform.url, api_key: platform.apiKey });
  const loop = await readWasmZip('loop');
  await ow.actions.create({ name: 'loop', action: loop, kind: 'wasm:0.1', limits: { timeout: 300 } });

  const record = await ow.actions.invoke({ name: 'loop', blocking: true }).then(
    () => assert.fail('the loop must not succeed'),
    (error: { error: ActivationRecord }) => error.error,
  );
  assert.equal(record.response.status, 'action developer error');
  // The executor states the time it granted (the deadline minus its clock), so the number may be a little under 300.
  const { error } = record.response.result as { error: string };
  assert.match(error, /^Stopped after \d+ ms \(reworded for this test\)\.$/);
  assert.equal(record.annotations.find((a) => a.key === 'timeout')?.value, true);
});

test('the kind of an executor failure comes from its code, not from its message', () => {
  const reply = (code: string, error: string) => ({
    status: 502,
    text: JSON.stringify({ error }),
    headers: { 'x-ow-eval-error': code },
  });
  const timedOut = (outcome: CallOutcome): boolean => 'timeout' in outcome && outcome.timeout === true;
  assert.equal(timedOut(executorFailure(reply('ERR_TIMEOUT', 'any words at all'))), true);
  const trapInTimeoutWords = reply('ERR_TRAP', 'The action exceeded its time limits of 5 milliseconds.');
  assert.equal(timedOut(executorFailure(trapInTimeoutWords)), false);
  assert.deepEqual(executorFailure(reply('ERR_TRAP', 'unreachable')).result, { error: 'unreachable' });
});
