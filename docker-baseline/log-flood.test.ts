// A runtime's output past the activation's log limit is counted as it streams and dropped, through a real runtime
// process: a 12 MB flood with a 1 MiB limit leaves the capture holding at most the limit (plus the raw tails and one
// pipe chunk) at every sample taken while it runs, the call says the logs were truncated, and the next activation
// on the same container gets its own lines only. (Docker's attach stream feeds the same capture.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TRANSCRIPT_TAIL_CHARS } from './activation-logs.js';
import { createDriver } from './driver.js';

const MiB = 1024 * 1024;
const CALL_TIMEOUT_MS = 60_000;
const counted = (lines: string[]): number => lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);

test('a 12 MB log flood over a 1 MiB limit: the capture holds at most the limit, truncated, next activation clean', async (t) => {
  const driver = await createDriver('node-process');
  t.after(() => driver.close());
  const container = await driver.start({ name: 'log-flood', memoryMb: 256, userMemoryMb: 1024, env: {} });
  t.after(() => container.remove());
  const code =
    "function main(a) { const n = a.lines ?? 0; for (let i = 0; i < n; i++) console.log(String(i).padEnd(100, '-'));" +
    ' return { n }; }';
  const init = await container.init({ value: { name: 'flood', main: 'main', code, binary: false, env: {} } }, 30_000);
  assert.equal(init.status, 200, JSON.stringify(init.body));

  let most = 0;
  const sampler = setInterval(() => (most = Math.max(most, container.heldLogBytes())), 2);
  const flood = await container.run({ value: { lines: 120_000 } }, CALL_TIMEOUT_MS, MiB);
  clearInterval(sampler);
  most = Math.max(most, container.heldLogBytes());
  assert.equal(flood.status, 200, JSON.stringify(flood.body));
  assert.deepEqual(flood.body, { n: 120_000 });
  assert.equal(flood.logsTruncated, true);
  assert.ok(counted(flood.logs) <= MiB && counted(flood.logs) > MiB - 200, `${counted(flood.logs)} bytes kept`);
  assert.ok(most <= MiB + 2 * TRANSCRIPT_TAIL_CHARS + 64 * 1024, `the capture held ${most} bytes at most`);

  const next = await container.run({ value: { lines: 1 } }, CALL_TIMEOUT_MS, MiB);
  assert.deepEqual(next.body, { n: 1 });
  assert.equal(next.logsTruncated, undefined);
  assert.equal(next.logs.length, 1);
  assert.match(next.logs[0]!, / stdout: 0-{99}$/);
  assert.ok(container.heldLogBytes() <= 2 * TRANSCRIPT_TAIL_CHARS, `${container.heldLogBytes()} bytes held after`);
});
