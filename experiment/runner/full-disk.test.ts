// A run whose results disk fills: the failure names ENOSPC, the manifest says `failed`, and no result file holds a
// cut line. Run for real on a 1 MiB tmpfs (this needs root to mount); where mounting is not allowed, the same run with
// fault injection at the fs layer: appends that write part of their line and then fail with ENOSPC, as a full disk does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs, { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadScenarioConfig } from '../../scenarios/config/load.js';
import { FakeRunTarget } from '../../test-support/fake-run-target.js';
import { errorCode } from '../../errors/ow-eval-error.js';
import { runScenario, type RunOutcome } from './run-scenario.js';
import { runnerFor } from './scenarios.js';
import type { RuntimeUnit } from './scenario.js';

/** A 1 MiB tmpfs at a fresh folder, unmounted after the test; undefined where mounting is not allowed. */
function smallTmpfs(t: { after: (fn: () => void) => void }): string | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'ow-eval-full-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  t.after(() => {
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

async function run(outRoot: string): Promise<RunOutcome> {
  const config = loadScenarioConfig('warm', { quick: true, set: ['iterations=400', 'warmupIterations=0'] });
  const units: RuntimeUnit[] = [
    { runtime: 'wasm', engine: 'tiered', kind: 'wasm:0.1', target: new FakeRunTarget({ initMs: 1 }), tag: 'wasm' },
  ];
  return runScenario(config, runnerFor(config), {
    outRoot,
    openUnits: async () => ({ units, close: async () => {} }),
    actionCode: (action) => `code of ${action}`,
  });
}

function assertFailedWhole(outcome: RunOutcome): void {
  assert.equal(outcome.status, 'failed');
  assert.equal(errorCode(outcome.error), 'ERR_RESULTS_DISK_FULL');
  assert.match(outcome.error!.message, /ENOSPC/);
  const manifest = JSON.parse(readFileSync(path.join(outcome.dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(manifest.status, 'failed');
  assert.match(String(manifest.error), /ENOSPC/);
  const jsonl = readFileSync(path.join(outcome.dir, 'invocations.jsonl'), 'utf8');
  assert.ok(jsonl.length > 0, 'some records were written before the disk filled');
  assert.ok(jsonl.endsWith('\n'), 'the last line is whole');
  const lines = jsonl.split('\n').slice(0, -1);
  for (const line of lines) JSON.parse(line);
  assert.equal(lines.length, outcome.records.length);
  assert.ok(outcome.records.length < 400 + 1, 'the run stopped when the disk filled');
  // Every file there is whole: no temporary left, and what exists parses.
  for (const name of readdirSync(outcome.dir)) {
    assert.ok(!name.endsWith('.tmp'), `${name} left behind`);
    if (name.endsWith('.json')) JSON.parse(readFileSync(path.join(outcome.dir, name), 'utf8'));
  }
}

test('a results disk that fills: ENOSPC named, manifest failed, no cut line (real tmpfs, else fs fault injection)', async (t) => {
  const disk = smallTmpfs(t);
  if (disk !== undefined) {
    // Leave about 60 KiB free, so the run fills the rest within a few dozen records.
    const { bavail, bsize } = statfsSync(disk);
    writeFileSync(path.join(disk, 'filler'), Buffer.alloc(Math.max(0, bavail * bsize - 60 * 1024)));
    const outcome = await run(path.join(disk, 'results'));
    assertFailedWhole(outcome);
    // Full but for what the final manifest gave back (the room its running copies reserved).
    const free = statfsSync(disk);
    assert.ok(free.bavail * free.bsize <= 8192, `the tmpfs is full (${free.bavail * free.bsize} bytes free)`);
    return;
  }
  // Fault injection: after 20 records, every append writes half of its text and then fails with ENOSPC, and any
  // other new file under the results folder fails too, as on a disk with no space left.
  const outRoot = mkdtempSync(path.join(tmpdir(), 'ow-eval-full-disk-'));
  mkdirSync(outRoot, { recursive: true });
  t.after(() => rmSync(outRoot, { recursive: true, force: true }));
  const original = { appendFileSync: fs.appendFileSync, writeFileSync: fs.writeFileSync };
  let appends = 0;
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  const under = (file: unknown) => typeof file === 'string' && file.startsWith(outRoot);
  fs.appendFileSync = (file: fs.PathOrFileDescriptor, data: string | Uint8Array, options?: fs.WriteFileOptions) => {
    if (under(file) && ++appends > 20) {
      const text = String(data);
      original.appendFileSync(file, text.slice(0, text.length / 2));
      throw enospc();
    }
    original.appendFileSync(file, data, options);
  };
  fs.writeFileSync = (
    file: fs.PathOrFileDescriptor,
    data: string | NodeJS.ArrayBufferView,
    options?: fs.WriteFileOptions,
  ) => {
    if (under(file) && appends > 20) throw enospc();
    original.writeFileSync(file, data, options);
  };
  syncBuiltinESMExports();
  try {
    assertFailedWhole(await run(outRoot));
  } finally {
    Object.assign(fs, original);
    syncBuiltinESMExports();
  }
});
