// `ow-eval baseline serve` behaves as the runtime in the image: __OW_ALLOW_CONCURRENT from the environment, nothing
// of its own on stdout/stderr (they are the activation logs), and a prompt exit on SIGTERM even mid-`for(;;){}`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/ow-eval.js', import.meta.url));

interface Served {
  child: ChildProcess;
  url: string;
  output: () => { stdout: string; stderr: string };
}

/** Starts serve with the address written to fd 3, as a user who wants it without chatter on stdout/stderr would. */
async function serve(env: NodeJS.ProcessEnv = {}, extra: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [bin, 'baseline', 'serve', '--port', '0', '--ready-fd', '3', ...extra], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let ready = '';
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (c: Buffer) => {
      ready += c.toString();
      if (ready.endsWith('\n')) resolve(ready.trim());
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { child, url, output: () => ({ stdout, stderr }) };
}

async function post(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

test('serve prints nothing of its own and exits within 2 s of SIGTERM while an action is stuck in for(;;){}', async (t) => {
  const served = await serve();
  t.after(() => served.child.kill('SIGKILL'));
  assert.match(served.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(
    (await post(`${served.url}/init`, { value: { main: 'main', code: 'function main() { for (;;) {} }' } })).status,
    200,
  );
  void fetch(`${served.url}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"value":{}}',
  }).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const exited = once(served.child, 'exit');
  const began = performance.now();
  served.child.kill('SIGTERM');
  await exited;
  const tookMs = performance.now() - began;
  assert.ok(tookMs < 2_000, `serve took ${Math.round(tookMs)} ms to exit after SIGTERM`);
  assert.deepEqual(served.output(), { stdout: '', stderr: '' });
});

test('serve honours __OW_ALLOW_CONCURRENT=true from the environment: overlapping runs both answer', async (t) => {
  const served = await serve({ __OW_ALLOW_CONCURRENT: 'true' });
  t.after(() => served.child.kill('SIGKILL'));
  const code = 'function main(a) { return new Promise((r) => setTimeout(() => r({ n: a.n }), 300)); }';
  assert.equal((await post(`${served.url}/init`, { value: { main: 'main', code } })).status, 200);
  const [a, b] = await Promise.all([
    post(`${served.url}/run`, { value: { n: 1 } }),
    post(`${served.url}/run`, { value: { n: 2 } }),
  ]);
  assert.deepEqual(
    [a, b],
    [
      { status: 200, body: { n: 1 } },
      { status: 200, body: { n: 2 } },
    ],
  );
});

test('serve --verbose says where it listens, on stderr only', async (t) => {
  const served = await serve({}, ['--verbose']);
  t.after(() => served.child.kill('SIGKILL'));
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(served.output().stdout, '');
  assert.match(served.output().stderr, new RegExp(`listening on ${served.url}`));
  served.child.kill('SIGTERM');
  const [code] = (await once(served.child, 'exit')) as [number | null];
  assert.equal(code, 0);
});
