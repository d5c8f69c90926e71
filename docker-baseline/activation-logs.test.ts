// Per-activation logs: split at sentinels, stripped, formatted like OpenWhisk, partial lines kept for later.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ActivationLogs } from './activation-logs.js';
import { ACTIVATION_LOG_SENTINEL as S } from './runtime/protocol.js';

const at = new Date('2026-11-26T10:00:00.000Z');

test('an activation takes the lines up to its sentinel on each stream, formatted and without sentinels', async () => {
  const logs = new ActivationLogs();
  logs.push('stdout', `one\ntw`, at);
  logs.push('stdout', `o\n${S}\nnext\n`, at);
  logs.push('stderr', `oops\n${S}\n`, at);
  assert.deepEqual(await logs.take(true, 100), [
    '2026-11-26T10:00:00.000Z       stdout: one',
    '2026-11-26T10:00:00.000Z       stdout: two',
    '2026-11-26T10:00:00.000Z       stderr: oops',
  ]);
  logs.push('stderr', `${S}\n`, at);
  assert.deepEqual(await logs.take(true, 100), ['2026-11-26T10:00:00.000Z       stdout: next']);
});

test('without an expected sentinel, queued lines are taken and the next sentinel is left in place', async () => {
  const logs = new ActivationLogs();
  logs.push('stderr', 'Internal system error: System not initialized.\n', at);
  assert.deepEqual(await logs.take(false, 0), [
    '2026-11-26T10:00:00.000Z       stderr: Internal system error: System not initialized.',
  ]);
  logs.push('stdout', `late\n${S}\n`, at);
  logs.push('stderr', `${S}\n`, at);
  assert.deepEqual(await logs.take(true, 100), ['2026-11-26T10:00:00.000Z       stdout: late']);
});

test('waiting for a sentinel that never comes ends after the wait and returns what there is', async () => {
  const logs = new ActivationLogs();
  logs.push('stdout', 'no sentinel here\n', at);
  const started = Date.now();
  assert.deepEqual(await logs.take(true, 50), ['2026-11-26T10:00:00.000Z       stdout: no sentinel here']);
  assert.ok(Date.now() - started >= 45);
});

test('the transcript keeps everything, sentinels included', () => {
  const logs = new ActivationLogs();
  logs.push('stdout', `a\n${S}\n`);
  assert.equal(logs.transcript().stdout, `a\n${S}\n`);
});
