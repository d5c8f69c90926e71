// The CLI as a user meets it: help, version, and exit code 2 for usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../bin/ow-eval.js', import.meta.url));

async function owEval(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

test('--help lists every top-level command with a description', async () => {
  const { code, stdout } = await owEval('--help');
  assert.equal(code, 0);
  for (const name of [
    'executor',
    'baseline',
    'platform',
    'run',
    'report',
    'compare',
    'reproduce',
    'actions',
    'cleanup',
  ]) {
    assert.match(stdout, new RegExp(`^\\s+${name}\\b.*\\S{3,}`, 'm'), `${name} missing from --help`);
  }
});

test('--version prints the package version', async () => {
  const { code, stdout } = await owEval('--version');
  assert.equal(code, 0);
  assert.match(stdout.trim(), /^\d+\.\d+\.\d+/);
});

test('an unknown command exits 2 with a clear message', async () => {
  const { code, stderr } = await owEval('frobnicate');
  assert.equal(code, 2);
  assert.match(stderr, /unknown command 'frobnicate'/);
});

test('an unknown flag exits 2 with a clear message', async () => {
  const { code, stderr } = await owEval('--no-such-flag');
  assert.equal(code, 2);
  assert.match(stderr, /unknown option '--no-such-flag'/);
});

test('reproduce --quick --dry-run: each experiment as it will run (1..5 concurrent, not 1..10) and the total', async () => {
  const { code, stdout } = await owEval('reproduce', '--quick', '--dry-run', '--baseline', 'node-process');
  assert.equal(code, 0);
  assert.match(
    stdout,
    /^\[1\/9\] cold start at 1\.\.5 concurrent \(hash\) × 3 repetitions.*: \d+ invocations, about \d+ s$/m,
  );
  // The snapshot experiment, with its variants named as every table names them.
  assert.match(
    stdout,
    /^\[9\/9\] heavy-init action \(table\) cold starts .*wasm · wizer, docker · node snapshot.*: \d+ invocations/m,
  );
  assert.doesNotMatch(stdout, /1\.\.10/);
  assert.match(stdout, /^total: about \d+ (s|min) \(--quick\)$/m);
});

test('help text never says a default twice', async () => {
  for (const command of ['report', 'run', 'compare', 'cleanup', 'reproduce', 'executor', 'platform start']) {
    const { stdout } = await owEval(...command.split(' '), '--help');
    assert.doesNotMatch(stdout, /\(default[^)]*\)\s*\(default: /, `${command} --help`);
    assert.doesNotMatch(stdout, /the default[^)]*\) \(default: false\)/, `${command} --help`);
  }
});
