// The sandbox boundary, tested from inside a module: what the environment holds, which paths open, where output goes,
// WASI calls before `_start`, and that an activation leaves no host descriptor open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { after } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileAction } from '../code.js';
import {
  beforeStartProbe,
  envProbe,
  fixtures,
  openAndKeepProbe,
  openProbe,
  symlinkProbe,
  wat,
} from '../../test-support/wat.js';
import { type ActivationSpec, runActivation } from './activation.js';
import { createFdSlots, HostFdSlots } from './host-fds.js';

const MB = 1024 * 1024;
const scratch = mkdtempSync(join(tmpdir(), 'ow-eval-sandbox-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const folder = (name: string): string => mkdtempSync(join(scratch, `${name}-${++n}-`));
const fds = new HostFdSlots(createFdSlots());
const openFiles = (): number => readdirSync('/proc/self/fd').length;

async function activate(source: string, spec: Partial<ActivationSpec> = {}) {
  const code = await compileAction(await wat(source), 256 * MB);
  const full: ActivationSpec = {
    abi: code.abi,
    input: '{}',
    env: {},
    netAccess: false,
    memoryLimitBytes: 256 * MB,
    ...spec,
  };
  const { outcome, stdout, stderr } = runActivation(code.module, full, { sleep: () => {}, fds });
  return { outcome, stdout: stdout.text(), stderr: stderr.text() };
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

test('a granted dir opens inside it; .., absolute paths and symlinks (files or directories mid-path) cannot leave it', async () => {
  const root = folder('grant');
  const granted = join(root, 'granted');
  const outside = join(root, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  mkdirSync(join(granted, 'sub'), { recursive: true });
  writeFileSync(join(granted, 'inside.txt'), 'ok');
  writeFileSync(join(granted, 'sub', 'deeper.txt'), 'ok');
  symlinkSync(join(outside, 'secret.txt'), join(granted, 'link-out'));
  symlinkSync(outside, join(granted, 'dir-out')); // absolute target
  symlinkSync('../outside', join(granted, 'dir-up')); // relative target that climbs out
  symlinkSync('sub', join(granted, 'dir-in')); // stays inside: followed
  const cases: [string, number][] = [
    ['inside.txt', 0],
    ['./inside.txt', 0],
    ['sub/../inside.txt', 0],
    ['dir-in/deeper.txt', 0],
    ['../outside/secret.txt', 76], // ENOTCAPABLE
    ['../../../../etc/passwd', 76],
    ['sub/../../outside/secret.txt', 76],
    [join(outside, 'secret.txt'), 76], // an absolute path is refused, never resolved from the host root
    ['link-out', 76],
    ['dir-out/secret.txt', 76], // node:wasi opened this one: a symlinked directory in the middle of the path
    ['dir-up/secret.txt', 76],
    ['missing/file', 44], // ENOENT
  ];
  for (const [path, errno] of cases) {
    const { outcome } = await activate(openProbe(path), { dir: granted });
    assert.deepEqual(outcome, { kind: 'success', resultJson: `{"value":${errno}}` }, path);
  }
});

test('stdout and stderr are captured per activation, not written to the process', async () => {
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

test('WASI works inside the start function (argv read during instantiation) and argv is exactly [len]', async () => {
  const { outcome } = await activate(beforeStartProbe('start-args'), { input: '{"abc":1}' });
  assert.deepEqual(outcome, { kind: 'success', resultJson: '{"s":"9"}' });
});

test('WASI works from constructor wrappers before _start (the preopen is listed, as wasi-libc asks for it)', async () => {
  const granted = folder('grant');
  const withDir = await activate(beforeStartProbe('ctor-prestat'), { dir: granted });
  assert.deepEqual(withDir.outcome, { kind: 'success', resultJson: JSON.stringify({ s: granted }) });
  const without = await activate(beforeStartProbe('ctor-prestat'));
  assert.deepEqual(without.outcome, { kind: 'success', resultJson: '{"s":""}' });
});

test('files a module opens and never closes are closed when its activation ends', async () => {
  const granted = folder('grant');
  const before = openFiles();
  for (let i = 0; i < 50; i++) {
    const { outcome } = await activate(openAndKeepProbe(`kept-${i % 3}.txt`), { dir: granted });
    assert.deepEqual(outcome, { kind: 'success', resultJson: '{"value":0}' });
  }
  assert.equal(openFiles(), before);
  assert.equal(readFileSync(join(granted, 'kept-0.txt'), 'utf8'), 'x');
});
