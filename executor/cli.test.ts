// `ow-eval executor` as the platform starts it: a separate process on --port 0 that prints one line once listening,
// serves wow's tutorial flow with the real `add` action, prints no WASI warning, and exits cleanly on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { post, runBody, initBody } from '../test-support/executor-http.js';

const bin = fileURLToPath(new URL('../../bin/ow-eval.js', import.meta.url));
const addZip = fileURLToPath(new URL('../../scenarios/actions/build/add.zip', import.meta.url));
const LINE =
  /^ow-eval executor listening on (http:\/\/127\.0\.0\.1:\d+) \(mode fork, engine tiered, workers 2, code cache off, instance reuse on\)\n$/;

test('the executor process: one listening line, the tutorial flow with add, a clean SIGTERM', async (t) => {
  const child = spawn(process.execPath, [bin, 'executor', '--port', '0', '--workers', '2'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => child.kill('SIGKILL'));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (stdout.includes('\n')) resolve(LINE.exec(stdout)?.[1] ?? '');
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  assert.match(stdout, LINE);

  const id = crypto.randomUUID();
  if (existsSync(addZip)) {
    assert.equal((await post(`${url}/${id}/init`, initBody(readFileSync(addZip)))).status, 200);
    const run = await post(`${url}/${id}/run`, runBody({ param1: 2, param2: 2 }));
    assert.equal(run.text, '{"status":"success","status_code":0,"success":true,"result":{"result":4}}');
  } else {
    t.diagnostic(
      'scenarios/actions/build/add.zip is missing (run `npx ow-eval actions build`): tutorial flow not checked',
    );
  }

  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
  assert.deepEqual([code, signal], [0, null]);
  assert.doesNotMatch(stderr, /ExperimentalWarning/);
  assert.equal(stdout.split('\n').filter(Boolean).length, 1);
});

test(
  'an executor that can no longer start threads (out of file descriptors) exits non-zero with a log line',
  { timeout: 60_000 },
  async (t) => {
    // 80 descriptors: enough to start and serve, too few for the threads that 40 blocked activations ask for.
    const child = spawn(
      'prlimit',
      ['--nofile=80', process.execPath, bin, 'executor', '--port', '0', '--workers', '1'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    t.after(() => child.kill('SIGKILL'));
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = once(child, 'exit');
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        const found = /listening on (http:\/\/[\d.:]+)/.exec(stdout);
        if (found) resolve(found[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before listening: ${stderr}`)));
    });
    const { wat, fixtures } = await import('../test-support/wat.js');
    assert.equal(
      (await post(`${url}/block/init`, initBody(await wat(fixtures.block), { net_access: true }))).status,
      200,
    );
    // Each blocked activation holds a thread; new threads need descriptors the process no longer gets.
    await Promise.allSettled(Array.from({ length: 40 }, () => post(`${url}/block/run`, runBody({}, 20_000))));
    const [code] = (await exited) as [number | null, NodeJS.Signals | null];
    assert.equal(code, 70);
    assert.match(stderr, /ow-eval executor: cannot serve any more \(.+\); exiting with code 70/);
  },
);
