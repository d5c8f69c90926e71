// A server started from the command line, as a user meets it: a port in use is named with the process holding it,
// and a server started through a wrapper (npx: npm exec → sh -c → node) stops when the wrapper is stopped, so the
// next start finds its port free.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { processAlive as alive } from '../docker-baseline/process-alive.js';

const bin = fileURLToPath(new URL('../../bin/ow-eval.js', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'ow-eval-lifecycle-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Waits until `pid` is gone, at most `ms`; true when it went. */
async function gone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !alive(pid);
}

test('a second executor on a port in use exits 2 naming the port and the process that holds it', async () => {
  const first = spawn(process.execPath, [bin, 'executor', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [line] = (await once(createInterface({ input: first.stdout }), 'line')) as [string];
    const port = /127\.0\.0\.1:(\d+)/.exec(line)![1]!;
    const second = await promisify(execFile)(process.execPath, [bin, 'executor', '--port', port]).then(
      () => assert.fail('a second executor listened on the same port'),
      (error: unknown) => error as { code: number; stderr: string },
    );
    assert.equal(second.code, 2, second.stderr);
    assert.match(second.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use \\(EADDRINUSE\\)`));
    assert.match(
      second.stderr,
      new RegExp(`by pid ${first.pid}: .*executor --port 0; stop it \\(kill ${first.pid}\\)`),
    );
    assert.match(second.stderr, /or pass --port 0/);
  } finally {
    first.kill();
    await once(first, 'exit');
  }
});

test('stopping the npm wrapper a server was started through stops the server', async () => {
  // What `npx ow-eval executor` runs: npm (here a script of that name) → sh -c → node, npm_command in the environment.
  const npm = path.join(dir, 'npm');
  writeFileSync(
    npm,
    `const { spawn } = require('node:child_process');
     const child = spawn('sh', ['-c', ${JSON.stringify(`"${process.execPath}" "${bin}" executor --port 0`)}],
       { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, npm_command: 'exec' } });
     child.stdout.pipe(process.stdout);`,
  );
  const wrapper = spawn(process.execPath, [npm], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: wrapper.stdout }), 'line')) as [string];
  assert.match(line, /ow-eval executor listening on/);
  const server = Number(
    (await promisify(execFile)('pgrep', ['-f', '-n', `${bin} executor --port 0`])).stdout.trim().split('\n').at(-1),
  );
  assert.ok(server > 0 && alive(server), 'the server runs');
  wrapper.kill('SIGKILL'); // as `kill -9 %1`: the wrapper gets no chance to pass anything on
  await once(wrapper, 'exit');
  const stopped = await gone(server, 20_000);
  if (!stopped) process.kill(server);
  assert.ok(stopped, 'the server stopped with its wrapper');
});
