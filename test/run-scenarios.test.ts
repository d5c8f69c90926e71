// `ow-eval run <scenario> --quick` as a user runs it: the real CLI, the embedded platform, the real executor and the
// real baseline (Docker when it answers; node-process otherwise, unless OW_EVAL_REQUIRE_DOCKER=1 makes that a failure).
// Each run's files are checked for their invariants, not for speed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { dockerAvailability } from '../docker-baseline/driver.js';
import { isRequired } from '../test-support/optional-dependency.js';
import type { InvocationRecord } from '../model/results/records.js';
import type { RunSummary } from '../model/results/summary.js';
import type { RunManifest } from '../reports/run-data.js';
import { assertRowFollowsPolicy } from '../test-support/summary-invariants.js';

const bin = fileURLToPath(new URL('../../bin/ow-eval.js', import.meta.url));
const execFileAsync = promisify(execFile);
const docker = await dockerAvailability();
const requireDocker = isRequired('docker');

interface RunFiles {
  dir: string;
  stdout: string;
  manifest: RunManifest;
  records: InvocationRecord[];
  summary: RunSummary;
  csvLines: number;
}

async function runQuick(scenario: string, ...extra: string[]): Promise<RunFiles> {
  const out = mkdtempSync(path.join(tmpdir(), `ow-eval-${scenario}-`));
  const { stdout } = await execFileAsync(process.execPath, [bin, 'run', scenario, '--quick', '--out', out, ...extra], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const [name] = readdirSync(out);
  assert.ok(name, 'a run folder was created');
  assert.match(name, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ-${scenario}$`));
  const dir = path.join(out, name);
  assert.ok(stdout.includes(`results: ${dir}`), 'the results path is printed at the end');
  const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
  return {
    dir,
    stdout,
    manifest: JSON.parse(read('manifest.json')) as RunManifest,
    records: read('invocations.jsonl')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as InvocationRecord),
    summary: JSON.parse(read('summary.json')) as RunSummary,
    csvLines: read('invocations.csv').trim().split('\n').length,
  };
}

/** What the executor said about an /init: `compiled` or `cached` (the platform's `ow-eval` annotation). */
function codeOf(record: InvocationRecord): unknown {
  const annotations = (record.activation as { annotations?: Array<{ key: string; value: unknown }> }).annotations ?? [];
  const owEval = annotations.find((a) => a.key === 'ow-eval')?.value as { code?: unknown } | undefined;
  return owEval?.code;
}

function assertCommonInvariants(run: RunFiles, scenario: string): void {
  assert.equal(run.manifest.status, 'finished', run.manifest.error);
  assert.equal(run.manifest.scenario, scenario);
  assert.equal(run.manifest.counts?.records, run.records.length);
  assert.equal(run.csvLines, run.records.length + 1, 'invocations.csv has one row per record plus the header');
  assert.deepEqual(
    run.records.map((r) => r.seq),
    run.records.map((_, i) => i),
  );
  assert.ok(
    !JSON.stringify(run.manifest).includes('123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP'),
    'the API key never reaches the manifest',
  );
  const baseline = run.records.find((r) => r.runtime !== 'wasm')?.runtime;
  if (requireDocker) assert.equal(baseline, 'docker', 'CI requires the Docker baseline');
  else if (!docker.ok) assert.equal(baseline, 'node-process');
  assert.ok(
    run.records.some((r) => r.runtime === 'wasm'),
    'wasm was measured',
  );
  for (const row of run.summary.rows) {
    assertRowFollowsPolicy(row);
    for (const [key, value] of Object.entries(row))
      if (typeof value === 'number') assert.ok(Number.isFinite(value), `${key} is finite`);
  }
}

test('run coldstart --quick: every sample verified cold, and the table shows the reduction', async () => {
  const run = await runQuick('coldstart');
  assertCommonInvariants(run, 'coldstart');
  // levels 1..3 × 2 repetitions × 2 runtimes
  assert.equal(run.records.length, (1 + 2 + 3) * 2 * 2);
  for (const record of run.records) {
    if (record.outcome === 'dropped') continue;
    assert.equal(record.outcome, 'ok', record.error?.message);
    assert.equal(record.start, 'cold');
    assert.equal(typeof record.initTimeMs, 'number');
    assert.equal(record.coldStartMs, record.waitTimeMs! + record.initTimeMs!);
  }
  assert.ok(
    run.summary.ratios.some((r) => r.metric === 'coldStartMs'),
    'a wasm/baseline ratio per level',
  );
  assert.match(run.stdout, /reduction wasm\/tiered vs (docker|node-process)/);
  // The code cache is off by default, and no wasm cold start was served by the executor's cache.
  assert.equal(run.manifest.config?.codeCache, false);
  assert.match(run.stdout, /^code cache: off/m);
  const wasm = run.records.filter((r) => r.runtime === 'wasm' && r.outcome === 'ok');
  assert.ok(wasm.length > 0);
  for (const record of wasm) assert.equal(codeOf(record), 'compiled', `${record.actionName} was compiled, not cached`);
  // The first screen: the headline with its CI beside the thesis's 94 %, the run it comes from, the manifest's
  // "not comparable" when it says so, and the next step at the end.
  const first = run.stdout.trimStart().split('\n');
  assert.match(
    first[0]!,
    /^HEADLINE: wasm cold starts are \d+\.\d % (\[\d+\.\d %, \d+\.\d %\]|\(no CI\)) shorter than (Docker's|node-process's \(not Docker\)) \(thesis: 94 %; /,
  );
  assert.match(first[1]!, new RegExp(`run ${path.basename(run.dir)}$`));
  if (run.manifest.comparability?.comparable === false) assert.match(first[2]!, /^ {2}CAUTION: not comparable: /);
  assert.match(run.stdout, new RegExp(`next: ow-eval report --html ${run.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
});

test('run coldstart --quick --set baseline=openwhisk-default: stem cells take the first cold starts, containers are created beyond them', async () => {
  const run = await runQuick('coldstart', '--set', 'baseline=openwhisk-default');
  assertCommonInvariants(run, 'coldstart');
  assert.equal(run.manifest.config?.['baseline'], 'openwhisk-default');
  // levels 1..3 × 2 repetitions × 3 lines: wasm, the fresh-container baseline, the openwhisk-default one
  assert.equal(run.records.length, (1 + 2 + 3) * 2 * 3);
  const stem = run.records.filter((r) => r.engine === 'openwhisk-default');
  assert.equal(stem.length, (1 + 2 + 3) * 2);
  for (const r of stem) assert.equal(r.outcome, 'ok', r.error?.message ?? r.startReason);
  const starts = (level: number) => stem.filter((r) => r.level === level).map((r) => r.start);
  // Each round waits until the used stem cells are replaced, so the 2 stem cells take levels 1 and 2 entirely.
  assert.deepEqual(starts(1), ['prewarm', 'prewarm']);
  assert.deepEqual(starts(2), ['prewarm', 'prewarm', 'prewarm', 'prewarm']);
  assert.equal(starts(3).filter((s) => s === 'prewarm').length, 4);
  assert.equal(starts(3).filter((s) => s === 'cold' || s === 'recreated').length, 2);
  // The fresh-container baseline never met a stem cell.
  assert.ok(
    run.records.filter((r) => r.runtime !== 'wasm' && r.engine === undefined).every((r) => r.start !== 'prewarm'),
  );
  assert.match(run.stdout, /against OpenWhisk's default stem cells, wasm cold starts are -?\d+\.\d %/);
  assert.match(run.stdout, /how each invocation started, per level/);
});

test('run coldstart --quick --set codeCache=true: the executor serves repeated bytes, and the table says so', async () => {
  const run = await runQuick('coldstart', '--set', 'runtimes=["wasm"]', '--set', 'codeCache=true');
  assert.equal(run.manifest.status, 'finished', run.manifest.error);
  assert.equal(run.manifest.config?.codeCache, true);
  assert.match(run.stdout, /^code cache: on/m);
  assert.match(run.stdout, /wasm\/tiered\+code-cache median/);
  // 3 copies and 12 cold starts: at least 9 reuse bytes the executor already compiled (the detector can fail).
  const codes = run.records.filter((r) => r.outcome === 'ok').map(codeOf);
  assert.ok(codes.filter((c) => c === 'cached').length >= 9, codes.join(','));
});

test('run chain --quick: chains verified cold (or warm) per component, and the report draws the figure', async () => {
  const run = await runQuick('chain', '--set', 'maxLength=2');
  assertCommonInvariants(run, 'chain');
  // lengths 1..2 × 2 repetitions × (cold + warm) × 2 runtimes
  assert.equal(run.records.length, 2 * 2 * 2 * 2);
  for (const record of run.records) {
    if (record.outcome === 'dropped') continue;
    assert.equal(record.outcome, 'ok', record.error?.message);
    const expect = record.action.endsWith('-cold') ? 'cold' : 'warm';
    assert.equal(record.start, expect);
    const each = Array(record.level).fill(expect === 'cold' ? '(cold|recreated)' : 'warm');
    assert.match(record.startReason ?? '', new RegExp(`^components: ${each.join(', ')}$`));
    assert.equal(record.coldStartMs, record.waitTimeMs! + (record.initTimeMs ?? 0));
    assert.equal(typeof record.initTimeMs, expect === 'cold' ? 'number' : 'undefined');
  }
  assert.match(run.stdout, /hash-cold +2 /);
  const { stdout } = await execFileAsync(process.execPath, [bin, 'report', '--html', run.dir]);
  const html = readFileSync(stdout.trim().split('\n').pop()!, 'utf8');
  assert.match(html, /id="fig-[^"]*-chain-coldstart"/);
});

test('run warm --quick: a cold call, then warm samples only', async () => {
  const run = await runQuick('warm');
  assert.match(run.stdout, /^levels: 0 = the cold first invocation, 1 = the first warm one, 2 = the steady state/m);
  assert.doesNotMatch(run.stdout, /measurements: \{/, 'no raw JSON dump');
  assert.match(run.stdout, /^tinybench wasm-tiered\/noop: mean \d/m);
  assertCommonInvariants(run, 'warm');
  const measured = run.records.filter((r) => r.level > 0);
  assert.ok(measured.length > 0 && measured.every((r) => r.outcome === 'ok' && r.start === 'warm'));
  assert.ok(run.records.filter((r) => r.level === 0).every((r) => r.start === 'cold'));
});

test('run concurrency --quick: one level per client count, with throughput', async () => {
  const run = await runQuick(
    'concurrency',
    '--set',
    'workloads=["hash","mixed"]',
    '--set',
    'params.hash.iterations=100',
  );
  assertCommonInvariants(run, 'concurrency');
  const levels = new Set(run.records.map((r) => r.level));
  assert.deepEqual([...levels].sort(), [1, 2, 3]);
  assert.ok(
    run.records.every((r) => r.outcome === 'ok'),
    'no invocation failed',
  );
  assert.ok(run.summary.rows.filter((r) => r.metric === 'latencyMs').every((r) => (r.throughputPerS ?? 0) > 0));
});

test('run realistic --quick: 90 % of the requests go to the hot actions, within 4 standard errors', async () => {
  const run = await runQuick('realistic', '--set', 'durationMs=1500', '--set', 'params.hash.iterations=100');
  assertCommonInvariants(run, 'realistic');
  const hot = run.records.filter((r) => r.actionName.includes('-hot')).length;
  // Each request is hot with probability 0.9, so the count is binomial; a correct mix leaves this bound about once in
  // 16 000 runs.
  const n = run.records.length;
  assert.ok(n >= 20, `enough requests to judge a share: ${n}`);
  const bound = 4 * Math.sqrt((0.9 * 0.1) / n);
  assert.ok(Math.abs(hot / n - 0.9) <= bound, `hot share ${hot}/${n} is not within ${bound.toFixed(3)} of 0.9`);
});

test('run prime --quick: both sieves, latency and throughput', async () => {
  const run = await runQuick('prime', '--set', 'upperBound=100000');
  assertCommonInvariants(run, 'prime');
  const results = new Set(
    run.records
      .filter((r) => r.outcome === 'ok')
      .map((r) => JSON.stringify((r.activation as { response: { result: unknown } }).response.result)),
  );
  assert.deepEqual(
    [...results],
    [JSON.stringify({ count: 9592, upperBound: 100000 })],
    'wasm and JS count the same primes',
  );
});

test('run memory --quick: memory per warm container for each wasm variant and the baseline', async () => {
  const run = await runQuick('memory');
  assertCommonInvariants(run, 'memory');
  const measurements = (
    JSON.parse(readFileSync(path.join(run.dir, 'measurements.json'), 'utf8')) as { memory: unknown }
  ).memory as Array<{ runtime: string; variant: string; perContainerBytes: number }>;
  assert.ok(measurements.some((m) => m.runtime === 'wasm' && m.variant === 'debug'));
  assert.ok(measurements.some((m) => m.runtime !== 'wasm'));
  assert.ok(measurements.every((m) => Number.isFinite(m.perContainerBytes)));
});
