// The per-activation log bound: OpenWhisk's truncation line at limits.logs, nothing kept at 0, and a flood of lines
// added without spreading them into a call (which overflowed the stack at a few hundred thousand lines).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogCollector, logMessages } from './log-collector.js';
import type { LogLine } from './container.js';

const lines = (n: number, text = 'x'): LogLine[] =>
  Array.from({ length: n }, () => ({ stream: 'stdout', text, time: 0 }));

test('lines are kept up to limits.logs MiB, then one stderr line says the logs were truncated, as OpenWhisk', () => {
  const logs = new LogCollector(1);
  logs.add(lines(100_000, 'y'.repeat(100)));
  const last = logs.lines.at(-1)!;
  assert.match(last, / stderr: Logs were truncated because the total bytes size exceeds the limit of 1048576 bytes\.$/);
  assert.equal(last.endsWith(logMessages.truncated(1_048_576)), true);
  const kept = logs.lines.slice(0, -1).reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
  assert.ok(kept <= 1_048_576 && kept > 1_048_576 - 200, String(kept));
  logs.add(lines(10));
  assert.equal(logs.lines.at(-1), last, 'nothing is added after the truncation line');
});

test('a million empty lines cost a loop, not the stack, and stay under the byte bound', () => {
  const logs = new LogCollector(10);
  logs.add(lines(1_000_000, ''));
  assert.ok(logs.lines.length < 1_000_000);
  assert.match(logs.lines.at(-1)!, /Logs were truncated/);
});

test('limits.logs 0 keeps nothing and says nothing; a failed collection says data might be missing', () => {
  const none = new LogCollector(0);
  none.add(lines(5));
  none.failed();
  assert.deepEqual(none.lines, []);
  const some = new LogCollector(10);
  some.add(lines(2));
  some.failed();
  assert.equal(some.lines.length, 3);
  assert.match(some.lines[2]!, /stderr: There was an issue while collecting your logs\. Data might be missing\.$/);
});

test('a runtime that already dropped lines at the limit: the record ends with the truncation line all the same', () => {
  const logs = new LogCollector(1);
  logs.add(lines(3, 'kept'), true);
  assert.equal(logs.lines.length, 4);
  assert.equal(logs.lines.at(-1)!.endsWith(` stderr: ${logMessages.truncated(1_048_576)}`), true);
  logs.add(lines(1), true);
  assert.equal(logs.lines.length, 4, 'one truncation line, nothing after it');
});
