// The real-OpenWhisk path of `ow-eval run`: the embedded platform started as a separate process with namespace
// throttles on, addressed by --apihost/--auth and treated as a plain OpenWhisk (no admin hooks). The run must stay
// under the throttles it reads from /limits (no 429), force cold starts with fresh action versions, verify them by
// initTime, and remove its actions afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import openwhisk from 'openwhisk';
import type { InvocationRecord } from '../model/results/records.js';
import type { RunManifest } from '../reports/run-data.js';

const bin = fileURLToPath(new URL('../../bin/ow-eval.js', import.meta.url));
const guestKey =
  '23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP';

test('run coldstart against a throttled platform at --apihost, as a plain OpenWhisk', async (t) => {
  const platform = spawn(
    process.execPath,
    [
      bin,
      'platform',
      'start',
      '--port',
      '0',
      '--baseline',
      'node-process',
      '--throttle-per-minute',
      '100',
      '--throttle-concurrent',
      '3',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  t.after(() => {
    if (platform.exitCode === null) platform.kill('SIGTERM');
  });
  let out = '';
  platform.stdout.setEncoding('utf8');
  const apihost = await new Promise<string>((resolve, reject) => {
    platform.once('exit', (code) => reject(new Error(`platform exited early with ${code}`)));
    platform.stdout.on('data', (chunk: string) => {
      out += chunk;
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url && out.includes('export __OW_API_HOST')) resolve(url);
    });
  });

  const results = mkdtempSync(path.join(tmpdir(), 'ow-eval-remote-'));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      bin,
      'run',
      'coldstart',
      '--quick',
      '--out',
      results,
      '--apihost',
      apihost,
      '--auth',
      guestKey,
      '--as-openwhisk',
      '--set',
      'runtimes=["wasm","node-process"]',
    ],
    { maxBuffer: 32 * 1024 * 1024 },
  );
  const dir = path.join(results, readdirSync(results)[0]!);
  assert.ok(stdout.includes(`results: ${dir}`));
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as RunManifest;
  assert.equal(manifest.status, 'finished');
  assert.equal(manifest.targets?.[0]?.target?.kind, 'remote');
  assert.deepEqual(manifest.targets?.[0]?.target?.['throttles'], {
    invocationsPerMinute: 100,
    concurrentInvocations: 3,
  });
  assert.equal(manifest.targets?.find((u) => u.runtime === 'wasm')?.actionKind, 'wasm:0.1', 'GET / lists wasm:0.1');
  assert.ok(!JSON.stringify(manifest).includes(guestKey.split(':')[1]!), 'the key is not in the manifest');

  const records = readFileSync(path.join(dir, 'invocations.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as InvocationRecord);
  assert.equal(records.length, (1 + 2 + 3) * 2 * 2);
  assert.ok(
    records.every((r) => r.httpStatus !== 429),
    'stayed under the throttles',
  );
  for (const record of records.filter((r) => r.outcome !== 'dropped')) {
    assert.equal(record.outcome, 'ok', record.error?.message);
    assert.equal(typeof record.initTimeMs, 'number', 'a fresh version made every sample cold');
  }

  const ow = openwhisk({ apihost, api_key: guestKey });
  assert.deepEqual(await ow.actions.list(), [], 'the run removed its actions');
});

test('a remote run without credentials exits 2 with the flags to set, and creates no results folder', async () => {
  const home = mkdtempSync(path.join(tmpdir(), 'ow-eval-home-'));
  const out = path.join(home, 'results');
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  delete env.__OW_API_HOST;
  delete env.__OW_API_KEY;
  delete env.WSK_CONFIG_FILE;
  try {
    await promisify(execFile)(process.execPath, [bin, 'run', 'coldstart', '--remote', '--quick', '--out', out], {
      env,
    });
    assert.fail('the run should have failed');
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    assert.equal(failed.code, 2, failed.stderr);
    assert.match(failed.stderr ?? '', /--apihost/);
    assert.match(failed.stderr ?? '', /__OW_API_HOST/);
  } finally {
    assert.equal(existsSync(out), false, 'no results folder was created');
    rmSync(home, { recursive: true, force: true });
  }
});

test('an unreachable --apihost exits 2 naming the host, ECONNREFUSED and the flag, and creates no results folder', async () => {
  const home = mkdtempSync(path.join(tmpdir(), 'ow-eval-home-'));
  const out = path.join(home, 'results');
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const args = ['run', 'coldstart', '--quick', '--apihost', `http://127.0.0.1:${port}`, '--auth', guestKey];
  try {
    await promisify(execFile)(process.execPath, [bin, ...args, '--out', out]);
    assert.fail('the run should have failed');
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    assert.equal(failed.code, 2, failed.stderr);
    assert.match(failed.stderr ?? '', new RegExp(`127\\.0\\.0\\.1:${port}.*ECONNREFUSED.*check --apihost`));
  } finally {
    assert.equal(existsSync(out), false, 'no results folder was created');
    rmSync(home, { recursive: true, force: true });
  }
});
