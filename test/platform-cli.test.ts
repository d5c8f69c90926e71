// `ow-eval platform start` as a user meets it: it prints where it listens and the client settings, serves the API,
// and stops cleanly on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { owEvalBin as bin, spawnPlatformCli } from '../test-support/platform-cli.js';

test('platform start prints its URL and the openwhisk settings, answers GET /api/v1, and exits 0 on SIGTERM', async (t) => {
  const { child, out, url } = await spawnPlatformCli(['--port', '0', '--baseline', 'node-process']);
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  assert.ok(url, out);
  assert.match(out, /wasm:0\.1 +executor http:\/\/127\.0\.0\.1:\d+/);
  assert.match(out, /nodejs:20 +node-process/);
  assert.match(out, new RegExp(`openwhisk\\(\\{ apihost: '${url}', api_key: '23bc46b1-`));
  const info = (await (await fetch(`${url}/api/v1`)).json()) as {
    ow_eval: { runtimes: { nodejs: { runtime: string } } };
  };
  assert.equal(info.ow_eval.runtimes.nodejs.runtime, 'node-process');
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  assert.deepEqual(await exited, [0, null]);
});

test('platform start rejects a prewarm of an unknown kind with exit code 2', async () => {
  const child = spawn(
    process.execPath,
    [bin, 'platform', 'start', '--port', '0', '--prewarm', 'python:3:256:1', '--baseline', 'node-process'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 2);
  assert.match(err, /prewarm: kind 'python:3' is not one of/);
});
