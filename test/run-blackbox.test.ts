// A vanilla OpenWhisk without the wasm fork, end to end: `ow-eval platform start --kinds nodejs:20,blackbox` as its
// own process, the executor image built offline, and `ow-eval run coldstart --quick --apihost … --as-openwhisk`, which
// must read the kinds from GET /, deploy wasm as blackbox actions of that image, verify every cold sample, label the
// results, and render them with `ow-eval report --html`. Against a platform that has wasm:0.1 (run-remote.test.ts)
// the same command keeps deploying wasm:0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { connectDocker } from '../docker-baseline/docker-client.js';
import { runtimeHash } from '../docker-baseline/image.js';
import { dockerSkipReason } from '../docker-baseline/testing.js';
import { buildExecutorImage, executorRecipe } from '../experiment/images/executor-image.js';
import { BLACKBOX_EXPLANATION, BLACKBOX_LABEL } from '../model/results/wasm-labels.js';
import type { InvocationRecord } from '../model/results/records.js';
import type { RunManifest } from '../reports/run-data.js';

const bin = fileURLToPath(new URL('../../bin/ow-eval.js', import.meta.url));

/** `ow-eval run coldstart --quick` against a platform at `apihost`, results under `out`. */
function quickColdstart(out: string, apihost: string): string[] {
  return [bin, 'run', 'coldstart', '--quick', '--out', out, '--apihost', apihost, '--auth', guestKey];
}
const guestKey =
  '23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP';
const run = promisify(execFile);
const skip = await dockerSkipReason('run through blackbox');

async function startPlatform(t: { after: (fn: () => void) => void }, args: string[]): Promise<string> {
  const platform = spawn(process.execPath, [bin, 'platform', 'start', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => {
    if (platform.exitCode === null) platform.kill('SIGTERM');
  });
  let out = '';
  platform.stdout.setEncoding('utf8');
  return new Promise<string>((resolve, reject) => {
    platform.once('exit', (code) => reject(new Error(`platform exited early with ${code}`)));
    platform.stdout.on('data', (chunk: string) => {
      out += chunk;
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url && out.includes('export __OW_API_HOST')) resolve(url);
    });
  });
}

test(
  'coldstart --quick on a vanilla-like platform runs wasm through blackbox, verified cold and labelled',
  { skip: skip ?? false },
  async (t) => {
    // A tag of its own per executor build: parallel checkouts never rebuild or remove each other's image.
    const image = `ow-eval-test/wasm-executor:${runtimeHash(undefined, executorRecipe)}-bb`;
    await buildExecutorImage(connectDocker(), { tag: image });
    t.after(() =>
      connectDocker()
        .docker.getImage(image)
        .remove({ force: true })
        .catch(() => undefined),
    );
    const apihost = await startPlatform(t, ['--kinds', 'nodejs:20,blackbox']);
    const results = mkdtempSync(path.join(tmpdir(), 'ow-eval-blackbox-'));
    t.after(() => rmSync(results, { recursive: true, force: true }));

    const { stdout, stderr } = await run(
      process.execPath,
      [...quickColdstart(results, apihost), '--as-openwhisk', '--wasm-image', image],
      { maxBuffer: 32 * 1024 * 1024 },
    );
    assert.ok(
      stderr.includes(BLACKBOX_LABEL) && stderr.includes(BLACKBOX_EXPLANATION),
      'the terminal says what the wasm column is',
    );
    const dir = path.join(results, readdirSync(results)[0]!);
    assert.ok(stdout.includes(`results: ${dir}`));
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as RunManifest;
    assert.equal(manifest.status, 'finished');
    const wasm = manifest.targets?.find((u) => u.runtime === 'wasm');
    assert.equal(wasm?.actionKind, 'blackbox');
    assert.equal(wasm?.image, image);
    assert.equal(wasm?.label, BLACKBOX_LABEL);
    assert.equal(wasm?.explanation, BLACKBOX_EXPLANATION);
    const details = wasm?.target?.['details'] as { wasmDelivery?: { kind: string } } | undefined;
    assert.equal(details?.wasmDelivery?.kind, 'blackbox');

    const records = readFileSync(path.join(dir, 'invocations.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as InvocationRecord);
    assert.ok(
      records.some((r) => r.runtime === 'wasm') && records.some((r) => r.runtime === 'docker'),
      'both runtimes ran',
    );
    for (const record of records) {
      assert.equal(record.outcome, 'ok', record.error?.message);
      // recreated = a cold start after evicting an idle container (OpenWhisk's own name for it); still a new container.
      assert.ok(
        record.start === 'cold' || record.start === 'recreated',
        `every sample verified cold, got ${record.start}`,
      );
      assert.equal(typeof record.initTimeMs, 'number');
      if (record.runtime === 'wasm') assert.equal(record.engine, 'blackbox');
    }

    await run(process.execPath, [bin, 'report', '--html', dir], { maxBuffer: 32 * 1024 * 1024 });
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    assert.ok(html.includes(BLACKBOX_LABEL), 'the report names the series');
    assert.ok(
      html.includes(BLACKBOX_EXPLANATION.replaceAll("'", '&#39;')) || html.includes(BLACKBOX_EXPLANATION),
      'and explains it',
    );
  },
);

test('a platform offering neither wasm:0.1 nor blackbox fails before deploying, naming both ways out', async (t) => {
  const apihost = await startPlatform(t, ['--kinds', 'nodejs:20', '--baseline', 'node-process']);
  const results = mkdtempSync(path.join(tmpdir(), 'ow-eval-nowasm-'));
  t.after(() => rmSync(results, { recursive: true, force: true }));
  const failed = await run(process.execPath, quickColdstart(results, apihost)).then(
    () => undefined,
    (error: { code: number; stderr: string }) => error,
  );
  assert.ok(failed, 'the run fails');
  assert.equal(failed.code, 2, 'a target without a kind for wasm is for the user to fix: exit 2');
  assert.match(failed.stderr, /neither wasm:0\.1 nor blackbox/);
  assert.match(failed.stderr, /WebAssembly fork/);
  assert.match(failed.stderr, /executor image build/);
  const listed = await fetch(`${apihost}/api/v1/namespaces/_/actions`, {
    headers: { authorization: `Basic ${Buffer.from(guestKey).toString('base64')}` },
  });
  assert.deepEqual(await listed.json(), [], 'nothing was deployed');
});
