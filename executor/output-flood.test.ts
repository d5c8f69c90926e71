// Output floods against a real executor: a million one-byte writes, a million empty writes, one write of a million
// empty iovecs, and a flood of newlines. Capture is bounded per activation in bytes, lines and calls, so the
// executor's RSS must stay near where it was (the bound is generous: before the budgets the first flood alone added
// about 950 MiB), and the logs end with the truncation line.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startExecutor, type RunningExecutor } from './server.js';
import { wat, wowModule } from '../test-support/wat.js';
import { initBody, post, runBody } from '../test-support/executor-http.js';
import { MAX_LOG_CALLS, MAX_LOG_LINES } from './sandbox/stdio.js';

const MiB = 1024 * 1024;
let executor: RunningExecutor;

before(async () => {
  executor = await startExecutor({ port: 0, workers: 2 });
});
after(() => executor.close());

/** Calls `$print(1, 16, bytes)` a million times (bytes 1 or 0), then echoes. */
const writes = (bytes: number) =>
  wowModule(`(local.set $out (i32.const 1000000))
    (loop $l (call $print (i32.const 1) (i32.const 16) (i32.const ${bytes}))
      (local.set $out (i32.sub (local.get $out) (i32.const 1))) (br_if $l (local.get $out)))
    (call $okWrap)`);

const floods = {
  oneByteWrites: writes(1),
  emptyWrites: writes(0),
  /** One fd_write whose 1,000,000 iovecs (8 MB of zeros in fresh pages) are all empty. */
  emptyIovecs: wowModule(`(local.set $out (i32.shl (memory.grow (i32.const 125)) (i32.const 16)))
    (drop (call $fd_write (i32.const 1) (local.get $out) (i32.const 1000000) (i32.const 72)))
    (call $okWrap)`),
  /** 400,000 newlines in one write, on stderr. */
  newlines: wowModule(`(local.set $out (i32.shl (memory.grow (i32.const 7)) (i32.const 16)))
    (memory.fill (local.get $out) (i32.const 10) (i32.const 400000))
    (call $print (i32.const 2) (local.get $out) (i32.const 400000))
    (call $okWrap)`),
};

async function flood(source: string): Promise<{ stdout: string; stderr: string }> {
  const id = crypto.randomUUID();
  const init = await post(`${executor.url}/${id}/init`, initBody(await wat(source)));
  assert.equal(init.status, 200, init.text);
  const run = await post(`${executor.url}/${id}/run`, runBody({ a: 1 }, 60_000), { 'x-ow-eval-logs': 'true' });
  assert.equal(run.status, 200, run.text.slice(0, 300));
  const body = run.body as { result: unknown; logs: { stdout: string; stderr: string } };
  assert.deepEqual(body.result, { a: 1 });
  return body.logs;
}

function rss(): number {
  global.gc?.();
  return process.memoryUsage.rss();
}

test('output floods leave the executor RSS near where it was, and the logs say where they were cut', async () => {
  // Warm up: threads booted, code paths compiled, so that what follows measures the floods only.
  await flood(floods.emptyWrites.replace('1000000', '1000'));
  const before = rss();
  const bytes = await flood(floods.oneByteWrites);
  assert.equal(bytes.stdout.split('\n').length, 2, 'no line breaks but the truncation line');
  assert.match(
    bytes.stdout,
    new RegExp(`Logs were truncated because the number of writes exceeds the limit of ${MAX_LOG_CALLS} writes\\.$`),
  );
  assert.equal(bytes.stdout.indexOf('\n'), MAX_LOG_CALLS, 'one byte kept per write up to the limit');
  const empty = await flood(floods.emptyWrites);
  assert.match(empty.stdout, /^Logs were truncated because the number of writes exceeds the limit/);
  const iovecs = await flood(floods.emptyIovecs);
  assert.equal(iovecs.stdout, '');
  const lines = await flood(floods.newlines);
  assert.equal(lines.stderr.split('\n').length, MAX_LOG_LINES + 1);
  assert.match(
    lines.stderr,
    new RegExp(`\nLogs were truncated because the number of lines exceeds the limit of ${MAX_LOG_LINES} lines\\.$`),
  );
  const grown = (rss() - before) / MiB;
  assert.ok(grown < 200, `the executor grew by ${grown.toFixed(0)} MiB (bound 200 MiB)`);
});
