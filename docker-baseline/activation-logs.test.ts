// Per-activation logs: split at sentinels, stripped, formatted like OpenWhisk, partial lines kept for later; a flood
// past the activation's log limit is counted as it streams and dropped, never held.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ActivationLogs, TRANSCRIPT_TAIL_CHARS } from './activation-logs.js';
import { ACTIVATION_LOG_SENTINEL as S } from './runtime/protocol.js';

const at = new Date('2026-11-26T10:00:00.000Z');

test('an activation takes the lines up to its sentinel on each stream, formatted and without sentinels', async () => {
  const logs = new ActivationLogs();
  logs.push('stdout', `one\ntw`, at);
  logs.push('stdout', `o\n${S}\nnext\n`, at);
  logs.push('stderr', `oops\n${S}\n`, at);
  assert.deepEqual((await logs.take(true, 100)).lines, [
    '2026-11-26T10:00:00.000Z       stdout: one',
    '2026-11-26T10:00:00.000Z       stdout: two',
    '2026-11-26T10:00:00.000Z       stderr: oops',
  ]);
  logs.push('stderr', `${S}\n`, at);
  assert.deepEqual((await logs.take(true, 100)).lines, ['2026-11-26T10:00:00.000Z       stdout: next']);
});

test('without an expected sentinel, queued lines are taken and the next sentinel is left in place', async () => {
  const logs = new ActivationLogs();
  logs.push('stderr', 'Internal system error: System not initialized.\n', at);
  assert.deepEqual((await logs.take(false, 0)).lines, [
    '2026-11-26T10:00:00.000Z       stderr: Internal system error: System not initialized.',
  ]);
  logs.push('stdout', `late\n${S}\n`, at);
  logs.push('stderr', `${S}\n`, at);
  assert.deepEqual((await logs.take(true, 100)).lines, ['2026-11-26T10:00:00.000Z       stdout: late']);
});

test('waiting for a sentinel that never comes ends after the wait and returns what there is', async () => {
  const logs = new ActivationLogs();
  logs.push('stdout', 'no sentinel here\n', at);
  const started = Date.now();
  assert.deepEqual((await logs.take(true, 50)).lines, ['2026-11-26T10:00:00.000Z       stdout: no sentinel here']);
  assert.ok(Date.now() - started >= 45);
});

test('the transcript keeps the raw output, sentinels included, and only its last characters', () => {
  const logs = new ActivationLogs();
  logs.push('stdout', `a\n${S}\n`);
  assert.equal(logs.transcript().stdout, `a\n${S}\n`);
  logs.push('stderr', 'e'.repeat(TRANSCRIPT_TAIL_CHARS));
  logs.push('stderr', 'the end\n');
  assert.equal(logs.transcript().stderr.length, TRANSCRIPT_TAIL_CHARS);
  assert.ok(logs.transcript().stderr.endsWith('eethe end\n'));
});

const MiB = 1024 * 1024;
/** What the limit counts of a taken line: its formatted bytes and a newline, as the platform's LogCollector. */
const counted = (lines: string[]): number => lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);

test('a flood past the log limit is dropped as it streams: the capture never holds more than the limit', async () => {
  const logs = new ActivationLogs();
  logs.setLimit(MiB);
  // 12 MB of 100-character lines in 64 KiB chunks, as a pipe delivers them, then the sentinels.
  const line = `${'7'.padEnd(100, '-')}\n`;
  const chunk = line.repeat(Math.floor((64 * 1024) / line.length));
  let most = 0;
  for (let sent = 0; sent < 12_000_000; sent += chunk.length) {
    logs.push('stdout', chunk, at);
    most = Math.max(most, logs.heldBytes());
  }
  logs.push('stdout', `${S}\nnext activation\n`, at);
  logs.push('stderr', `${S}\n`, at);
  // The limit, plus the raw tails and one partial line: never the 12 MB.
  assert.ok(most <= MiB + 2 * TRANSCRIPT_TAIL_CHARS + line.length, `held ${most} bytes at most`);
  const taken = await logs.take(true, 100);
  assert.equal(taken.truncated, true);
  assert.ok(counted(taken.lines) <= MiB && counted(taken.lines) > MiB - 200, String(counted(taken.lines)));
  assert.equal(taken.lines.at(-1), `2026-11-26T10:00:00.000Z       stdout: ${line.slice(0, -1)}`);
  // The next activation starts with a fresh budget; once taken, nothing but the tails is held.
  logs.push('stderr', `${S}\n`, at);
  logs.push('stdout', `${S}\n`, at);
  const next = await logs.take(true, 100);
  assert.deepEqual(next, { lines: ['2026-11-26T10:00:00.000Z       stdout: next activation'], truncated: false });
  assert.ok(logs.heldBytes() <= 2 * TRANSCRIPT_TAIL_CHARS, String(logs.heldBytes()));
});

test('one endless line past the limit is not held either, and its sentinel is still seen', async () => {
  const logs = new ActivationLogs();
  logs.setLimit(MiB);
  logs.push('stdout', `before\n`, at);
  const chunk = 'z'.repeat(64 * 1024);
  let most = 0;
  for (let sent = 0; sent < 12_000_000; sent += chunk.length) {
    logs.push('stderr', chunk, at);
    most = Math.max(most, logs.heldBytes());
  }
  logs.push('stderr', `${S}\n`, at);
  logs.push('stdout', `${S}\n`, at);
  assert.ok(most <= MiB + 2 * TRANSCRIPT_TAIL_CHARS, `held ${most} bytes at most`);
  const taken = await logs.take(true, 100);
  assert.deepEqual(taken, { lines: ['2026-11-26T10:00:00.000Z       stdout: before'], truncated: true });
});

test('lines within the limit are all kept; limit 0 keeps none but still finds the activation end', async () => {
  const logs = new ActivationLogs();
  logs.setLimit(MiB);
  logs.push('stdout', `a\nb\n${S}\n`, at);
  logs.push('stderr', `${S}\n`, at);
  assert.deepEqual(await logs.take(true, 100), {
    lines: ['2026-11-26T10:00:00.000Z       stdout: a', '2026-11-26T10:00:00.000Z       stdout: b'],
    truncated: false,
  });
  logs.setLimit(0);
  logs.push('stdout', `a\n${S}\n`, at);
  logs.push('stderr', `${S}\n`, at);
  assert.deepEqual(await logs.take(true, 100), { lines: [], truncated: true });
});

test('output that arrives after its activation was taken (the sentinel wait ran out) is dropped, not held or passed on', async () => {
  const logs = new ActivationLogs();
  logs.setLimit(MiB);
  logs.push('stdout', 'early\n', at);
  assert.deepEqual(await logs.take(true, 1), {
    lines: ['2026-11-26T10:00:00.000Z       stdout: early'],
    truncated: false,
  });
  // The rest of that activation's flood, and its sentinels, arrive late: none of it is kept for the next activation.
  const chunk = `${'7'.padEnd(100, '-')}\n`.repeat(600);
  for (let sent = 0; sent < 3_000_000; sent += chunk.length) logs.push('stdout', chunk, at);
  logs.push('stdout', `${'z'.repeat(1000)}${S}\nmine\n${S}\n`, at);
  logs.push('stderr', `late\n${S}\n${S}\n`, at);
  assert.ok(logs.heldBytes() <= 2 * TRANSCRIPT_TAIL_CHARS + 200, `${logs.heldBytes()} bytes held`);
  assert.deepEqual(await logs.take(true, 100), {
    lines: ['2026-11-26T10:00:00.000Z       stdout: mine'],
    truncated: false,
  });
});

test('a stream several activations behind (stderr sentinels first, stdout drains late) stays aligned', async () => {
  const logs = new ActivationLogs();
  logs.setLimit(MiB);
  // Two activations end while their stdout is still on its way: each take waits in vain for stdout's sentinel.
  for (const n of [1, 2]) {
    logs.push('stderr', `err ${n}\n${S}\n`, at);
    assert.deepEqual(await logs.take(true, 1), {
      lines: [`2026-11-26T10:00:00.000Z       stderr: err ${n}`],
      truncated: false,
    });
  }
  logs.push('stdout', `out 1\n${S}\nout 2\n${S}\n`, at); // both arrive late: dropped, neither held nor passed on
  logs.push('stdout', `out 3\n${S}\n`, at);
  logs.push('stderr', `${S}\n`, at);
  assert.ok(logs.heldBytes() < 2 * TRANSCRIPT_TAIL_CHARS, `${logs.heldBytes()} bytes held`);
  assert.deepEqual(await logs.take(true, 100), {
    lines: ['2026-11-26T10:00:00.000Z       stdout: out 3'],
    truncated: false,
  });
});
