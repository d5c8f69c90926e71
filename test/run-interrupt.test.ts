// Ctrl-C during `ow-eval run`: the run stops, keeps every record measured so far, writes the summary, marks the
// manifest interrupted, exits 130, and leaves none of its containers behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { dockerAvailability } from '../docker-baseline/driver.js';
import { MANAGED_LABEL, OWNER_LABEL } from '../docker-baseline/labels.js';
import type { RunManifest } from '../reports/run-data.js';

const bin = fileURLToPath(new URL('../../bin/ow-eval.js', import.meta.url));
const docker = await dockerAvailability();

test('SIGINT mid-run keeps what was measured, marks the run interrupted and removes its containers', async (t) => {
  const out = mkdtempSync(path.join(tmpdir(), 'ow-eval-interrupt-'));
  // Enough work that the signal lands mid-run: 8 levels × 5 repetitions.
  const child = spawn(
    process.execPath,
    [bin, 'run', 'coldstart', '--out', out, '--set', 'maxConcurrency=8', '--set', 'repetitions=5'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });

  // Wait until some invocations are on disk, then interrupt.
  const jsonl = (): string | undefined => {
    const [dir] = existsSync(out) ? readdirSync(out) : [];
    return dir ? path.join(out, dir, 'invocations.jsonl') : undefined;
  };
  for (let i = 0; i < 600; i++) {
    const file = jsonl();
    if (file && existsSync(file) && readFileSync(file, 'utf8').split('\n').length > 12) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = child.pid!;
  const exited = once(child, 'exit');
  child.kill('SIGINT');
  const [code] = (await exited) as [number | null];
  assert.equal(code, 130, stderr);
  assert.match(stderr, /interrupted: finishing the invocations in flight/);

  const dir = path.dirname(jsonl()!);
  assert.ok(stdout.includes(`results: ${dir}`));
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as RunManifest;
  assert.equal(manifest.status, 'interrupted');
  const lines = readFileSync(path.join(dir, 'invocations.jsonl'), 'utf8').trim().split('\n');
  assert.ok(lines.length >= 10 && lines.length < ((8 * 9) / 2) * 5 * 2, `a partial run: ${lines.length} records`);
  assert.equal(manifest.counts?.records, lines.length, 'every record on disk is counted');
  assert.ok(existsSync(path.join(dir, 'summary.csv')) && existsSync(path.join(dir, 'summary.json')));

  if (docker.ok) {
    const left = await new Docker().listContainers({
      all: true,
      filters: { label: [`${MANAGED_LABEL}=true`, `${OWNER_LABEL}=${os.hostname()}:${pid}`] },
    });
    assert.equal(left.length, 0, 'the interrupted run removed its containers');
  }
});
