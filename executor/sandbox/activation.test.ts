// The sandbox boundary, tested from inside a module: what the environment holds, which paths open, where output goes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { after } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileAction } from '../code.js';
import { envProbe, fixtures, openProbe, symlinkProbe, wat } from '../test-support/wat.js';
import { type ActivationSpec, runActivation } from './activation.js';
import { CaptureFiles } from './stdio.js';
import { loadWasi } from './wasi.js';

const MB = 1024 * 1024;
const scratch = mkdtempSync(join(tmpdir(), 'ow-eval-sandbox-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const folder = (name: string): string => mkdtempSync(join(scratch, `${name}-${++n}-`));

async function activate(source: string, spec: Partial<ActivationSpec> = {}) {
  const code = await compileAction(await wat(source), 256 * MB);
  const files = new CaptureFiles(folder('stdio'));
  const full: ActivationSpec = { abi: code.abi, input: '{}', env: {}, netAccess: false, memoryLimitBytes: 256 * MB, ...spec };
  const stdio = files.prepare(full.abi === 'wasi-command' ? full.input : undefined);
  const outcome = runActivation(await loadWasi(), code.module, full, stdio, {
    sleep: () => {},
    readStdout: () => files.read(files.stdout),
  });
  stdio.release();
  const result = { outcome, stdout: files.read(files.stdout), stderr: files.read(files.stderr) };
  files.close();
  return result;
}

test('the instance sees exactly the environment it is given, nothing of the host', async () => {
  process.env.OW_EVAL_HOST_SECRET = 'must-not-leak';
  const env = { SOME_VAR: 'xyz', __OW_ACTIVATION_ID: 'a1' };
  const { outcome, stderr } = await activate(envProbe, { env });
  assert.deepEqual(outcome, { kind: 'success', resultJson: '{"value":2}' });
  assert.deepEqual(stderr.split('\0').filter(Boolean).sort(), ['SOME_VAR=xyz', '__OW_ACTIVATION_ID=a1']);
  assert.ok(!stderr.includes('must-not-leak'));
});

test('without the dir annotation there is no filesystem at all (no preopened descriptor)', async () => {
  for (const path of ['etc/passwd', '/etc/passwd', 'tmp']) {
    const { outcome } = await activate(openProbe(path));
    assert.deepEqual(outcome, { kind: 'success', resultJson: '{"value":8}' }, path); // EBADF: fd 3 does not exist
  }
});

test('a granted dir opens inside it; .., absolute paths and a symlinked file cannot leave it', async () => {
  const root = folder('grant');
  const granted = join(root, 'granted');
  const outside = join(root, 'outside.txt');
  writeFileSync(outside, 'secret');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(granted);
  writeFileSync(join(granted, 'inside.txt'), 'ok');
  symlinkSync(outside, join(granted, 'link-out'));
  const cases: [string, number][] = [
    ['inside.txt', 0],
    ['./inside.txt', 0],
    ['../outside.txt', 76], // ENOTCAPABLE
    ['../../../../etc/passwd', 76],
    [outside, 76], // an absolute path is resolved inside the preopen, never from the host root
    ['link-out', 76],
  ];
  for (const [path, errno] of cases) {
    const { outcome } = await activate(openProbe(path), { dir: granted });
    assert.deepEqual(outcome, { kind: 'success', resultJson: `{"value":${errno}}` }, path);
  }
});

test('stdout and stderr go to the activation\'s capture files, not the process', async () => {
  const { outcome, stdout, stderr } = await activate(fixtures.echo, { input: '{"a":1}' });
  assert.deepEqual(outcome, { kind: 'success', resultJson: '{"a":1}' });
  assert.deepEqual([stdout, stderr], ['hello stdout\n', 'hello stderr\n']);
});

test('a module cannot create a symlink, so it cannot build a way out of its dir', async () => {
  const granted = folder('grant');
  const made = await activate(symlinkProbe('/etc', 'made-link'), { dir: granted });
  assert.deepEqual(made.outcome, { kind: 'success', resultJson: '{"value":76}' });
  const opened = await activate(openProbe('made-link/passwd'), { dir: granted });
  assert.deepEqual(opened.outcome, { kind: 'success', resultJson: '{"value":44}' }); // ENOENT: the link was never made
});
