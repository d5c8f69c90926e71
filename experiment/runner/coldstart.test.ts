import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadScenarioConfig } from '../../scenarios/config/load.js';
import type { ColdstartConfig } from '../../scenarios/config/schemas.js';
import { FakeRunTarget, type FakeTargetOptions } from '../../test-support/fake-run-target.js';
import { coldstartScenario } from './coldstart.js';
import { runScenario } from './run-scenario.js';
import { customSection, NONCE_SECTION, withNonce } from './distinct-code.js';
import { wasmZipPath } from '../../scenarios/actions/catalog.js';
import { unzipSync } from 'fflate';
import type { RuntimeUnit } from './scenario.js';
import { assertRowFollowsPolicy } from '../../test-support/summary-invariants.js';

/** The smallest valid module (magic, version) with one custom section named after the action. */
function moduleNamed(action: string): Buffer {
  return Buffer.concat([
    Buffer.from('0061736d01000000', 'hex'),
    Buffer.from([0, action.length + 1, action.length]),
    Buffer.from(action),
  ]);
}

function coldstartConfig(set: string[] = []): ColdstartConfig {
  return loadScenarioConfig('coldstart', { set: ['maxConcurrency=3', 'repetitions=2', ...set] }) as ColdstartConfig;
}

async function runWithFakes(config: ColdstartConfig, fake: FakeTargetOptions = {}, signal?: AbortSignal) {
  const wasm = new FakeRunTarget({ ...fake, initMs: 1 });
  const docker = new FakeRunTarget({ ...fake, initMs: 500 });
  const units: RuntimeUnit[] = [
    { runtime: 'wasm', engine: 'tiered', kind: 'wasm:0.1', target: wasm, tag: 'wasm-tiered' },
    { runtime: 'docker', kind: 'nodejs:20', target: docker, tag: 'docker' },
  ];
  const outRoot = mkdtempSync(path.join(tmpdir(), 'ow-eval-results-'));
  const outcome = await runScenario(config, coldstartScenario, {
    outRoot,
    openUnits: async () => ({
      units,
      close: async () => {
        await wasm.close();
        await docker.close();
      },
    }),
    actionCode: (action, unit) => (unit.runtime === 'wasm' ? moduleNamed(action) : `function main(){} // ${action}`),
    ...(signal ? { signal } : {}),
  });
  return { outcome, wasm, docker };
}

test('coldstart fires 1..N concurrent cold invocations per repetition and runtime, and writes every file', async () => {
  const { outcome, wasm, docker } = await runWithFakes(coldstartConfig());
  assert.equal(outcome.status, 'finished');
  // (1 + 2 + 3) invocations × 2 repetitions × 2 runtimes
  assert.equal(outcome.records.length, 24);
  assert.ok(outcome.records.every((r) => r.outcome === 'ok' && r.start === 'cold'));
  assert.deepEqual(
    outcome.records.map((r) => r.seq),
    [...outcome.records.keys()],
  );
  assert.equal(wasm.deployed.size, 3);
  assert.ok(wasm.closed && docker.closed);
  for (const file of ['manifest.json', 'invocations.jsonl', 'invocations.csv', 'summary.csv', 'summary.json']) {
    assert.ok(existsSync(path.join(outcome.dir, file)), `${file} missing`);
  }
  assert.equal(readFileSync(path.join(outcome.dir, 'invocations.csv'), 'utf8').trim().split('\n').length, 25);
  const manifest = readManifest(outcome.dir);
  assert.equal(manifest.status, 'finished');
  assert.equal(manifest.counts.records, 24);
  assert.equal(manifest.versions.modules.length, 2);

  const cold = outcome.summary.rows.filter((r) => r.metric === 'coldStartMs');
  assert.equal(cold.length, 6); // 3 levels × 2 runtimes
  for (const row of outcome.summary.rows) {
    assertRowFollowsPolicy(row);
    assert.ok(
      Object.values(row).every((v) => typeof v !== 'number' || Number.isFinite(v)),
      'no NaN',
    );
  }
  const ratio = outcome.summary.ratios.find((r) => r.metric === 'coldStartMs' && r.level === 1)!;
  assert.equal(ratio.baseline, 'docker');
  assert.ok(Math.abs(ratio.ratio - (3 + 1) / (3 + 500)) < 1e-12);
});

test('a sample that comes back warm is dropped and counted, never mixed in', async () => {
  const { outcome } = await runWithFakes(coldstartConfig(), { ignoreDrain: true });
  const dropped = outcome.records.filter((r) => r.outcome === 'dropped');
  assert.ok(dropped.length > 0);
  assert.ok(dropped.every((r) => /expected cold, came back warm/.test(r.startReason ?? '')));
  const summaryDropped = outcome.summary.rows
    .filter((r) => r.metric === 'coldStartMs')
    .reduce((n, r) => n + r.dropped, 0);
  assert.ok(summaryDropped > 0);
});

test('an application error is recorded with its message, not dropped silently', async () => {
  const { outcome } = await runWithFakes(coldstartConfig(), { failing: (name) => name.endsWith('-2') });
  const errors = outcome.records.filter((r) => r.outcome === 'error');
  // copy 2 is invoked at levels 2 and 3 (2 repetitions, 2 runtimes): 8 failures
  assert.equal(errors.length, 8);
  assert.ok(
    errors.every((r) => r.error?.code === 'application error' && r.error.message === 'boom' && r.httpStatus === 502),
  );
  const errorCount = outcome.summary.rows.filter((r) => r.metric === 'coldStartMs').reduce((n, r) => n + r.errors, 0);
  assert.equal(errorCount, 8);
});

test('an aborted run keeps what was measured and says interrupted', async () => {
  const controller = new AbortController();
  controller.abort();
  const { outcome, wasm } = await runWithFakes(coldstartConfig(), {}, controller.signal);
  assert.equal(outcome.status, 'interrupted');
  assert.ok(wasm.closed, 'targets are closed on interrupt');
  const manifest = readManifest(outcome.dir);
  assert.equal(manifest.status, 'interrupted');
});

/** The fields of manifest.json these tests check. */
function readManifest(dir: string): {
  status: string;
  counts: { records: number };
  versions: { modules: unknown[] };
  config: { codeCache: boolean; baseline?: string };
  code: { cache: boolean };
} {
  return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as ReturnType<typeof readManifest>;
}

test('codeCache off: every cold start is preceded by a deploy of bytes no earlier deploy had, on both runtimes', async () => {
  const { outcome, wasm, docker } = await runWithFakes(coldstartConfig());
  assert.equal(readManifest(outcome.dir).config.codeCache, false);
  for (const target of [wasm, docker]) {
    const codes = target.deployHistory.map((spec) => Buffer.from(spec.code).toString('base64'));
    assert.equal(new Set(codes).size, codes.length, 'no two deploys carry the same code');
    // 3 copies at first, then one redeploy per invocation: (1 + 2 + 3) × 2 repetitions
    assert.equal(codes.length, 3 + 12);
  }
  const nonces = wasm.deployHistory.map((spec) => customSection(spec.code as Buffer, NONCE_SECTION)?.toString());
  assert.ok(
    nonces.every((n) => n !== undefined),
    'every wasm copy carries the nonce section',
  );
  assert.ok(docker.deployHistory.every((spec) => String(spec.code).includes(NONCE_SECTION)));
});

test('codeCache on: the copies are deployed once, byte for byte the action, and the manifest says so', async () => {
  const { outcome, wasm } = await runWithFakes(coldstartConfig(['codeCache=true']));
  assert.equal(wasm.deployHistory.length, 3);
  assert.ok(wasm.deployHistory.every((spec) => Buffer.compare(spec.code as Buffer, moduleNamed('hash')) === 0));
  const manifest = readManifest(outcome.dir);
  assert.equal(manifest.config.codeCache, true);
  assert.equal(manifest.code.cache, true);
});

test("withNonce keeps a zip's first entry first and a module valid", async () => {
  const module = readFileSync(wasmZipPath('add', 'O3'));
  const distinct = withNonce(module, 'n-1') as Buffer;
  const entries = unzipSync(distinct);
  const first = entries[Object.keys(entries)[0]!]!;
  assert.equal(customSection(first, NONCE_SECTION)?.toString(), 'n-1');
  assert.equal(first[8], 0, 'the nonce is the first section, so copies differ before their code section');
  assert.ok(WebAssembly.validate(first));
  assert.notDeepEqual(withNonce(module, 'n-2'), distinct);
});

test('the openwhisk-default unit keeps stem-cell starts as its cold starts, waits for replacements every round, and counts them per level', async () => {
  const config = coldstartConfig(['baseline=openwhisk-default']);
  // The fresh-container baseline must never get a stem cell; give its fake one to prove such a sample is dropped.
  const fresh = new FakeRunTarget({ initMs: 500, stemCells: 1 });
  const stem = new FakeRunTarget({ initMs: 20, stemCells: 2 });
  const units: RuntimeUnit[] = [
    { runtime: 'docker', kind: 'nodejs:20', target: fresh, tag: 'docker' },
    { runtime: 'docker', engine: 'openwhisk-default', kind: 'nodejs:20', target: stem, tag: 'docker-owd' },
  ];
  const outRoot = mkdtempSync(path.join(tmpdir(), 'ow-eval-results-'));
  const outcome = await runScenario(config, coldstartScenario, {
    outRoot,
    openUnits: async () => ({ units, close: async () => undefined }),
    actionCode: (action) => `function main(){} // ${action}`,
  });
  assert.equal(outcome.status, 'finished');
  const stemRecords = outcome.records.filter((r) => r.engine === 'openwhisk-default');
  assert.ok(
    stemRecords.every((r) => r.outcome === 'ok'),
    'prewarm and cold starts are both kept',
  );
  // One wait for replacements before every round of either line: 3 levels × 2 repetitions × 2 lines.
  assert.equal(stem.settles, 12);
  assert.equal(fresh.settles, 0);
  const byLevel = (level: number) => stemRecords.filter((r) => r.level === level).map((r) => r.start ?? '?');
  assert.deepEqual(byLevel(1).sort(), ['prewarm', 'prewarm']);
  assert.deepEqual(byLevel(3).sort(), ['cold', 'cold', 'prewarm', 'prewarm', 'prewarm', 'prewarm']);
  // The fresh baseline's one stem-cell start is dropped: it is not the cold start that baseline measures.
  const freshRecords = outcome.records.filter((r) => r.runtime === 'docker' && r.engine === undefined);
  assert.equal(freshRecords.filter((r) => r.outcome === 'dropped').length, 1);
  assert.equal(outcome.notes['stemCellRoundsUnsettled'], 0);
  assert.equal(readManifest(outcome.dir).config.baseline, 'openwhisk-default');
});
