// `ow-eval compare --fail-on-regression` as a CI gate on real runs (the real CLI, the embedded platform, the real
// executor): an A/A comparison of the same code must give no verdict anywhere and pass the gate; a real 2× slowdown
// (the hash action doing twice the iterations) must fail it. The A/A pair is one run's invocations split by
// repetition into two run folders, so both halves ran the same code at the same time: the machine's load, which on a
// shared host moves medians between runs started seconds apart, cannot masquerade as a change of the code. For the
// same reason the two runs of the slowdown pair run side by side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { RunDirectory, readRecords } from '../model/results/run-directory.js';
import { summaryMetrics, type InvocationRecord } from '../model/results/records.js';
import { summarizeRun } from '../model/results/summary.js';
import { compareRuns } from '../reports/compare.js';
import { loadRun } from '../reports/run-data.js';

const bin = fileURLToPath(new URL('../../bin/ow-eval.js', import.meta.url));
const execFileAsync = promisify(execFile);
const root = mkdtempSync(path.join(tmpdir(), 'ow-eval-gate-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

/** `run warm --quick` of the hash action on wasm only, hashing `iterations` times per activation. */
async function warmRun(name: string, iterations: number): Promise<string> {
  const out = path.join(root, name);
  await execFileAsync(
    process.execPath,
    [
      bin,
      ...['run', 'warm', '--quick', '--out', out],
      ...['--set', 'runtimes=wasm', '--set', 'actions=hash', '--set', 'iterations=30'],
      ...['--set', `params.hash.iterations=${iterations}`],
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const [folder] = readdirSync(out);
  return path.join(out, folder!);
}

/** One half of a run (`keep` picks the records) as a run folder of its own, with the run's manifest. */
function half(dir: string, label: string, keep: (r: InvocationRecord) => boolean): string {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const records = readRecords(dir)
    .filter(keep)
    .map((r, seq) => ({ ...r, seq }));
  const out = RunDirectory.create(path.join(root, label), 'warm', new Date());
  for (const r of records) out.append(r);
  out.writeSummary(records, summarizeRun(records, summaryMetrics));
  out.writeManifest(manifest);
  return out.dir;
}

async function gate(a: string, b: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [
      bin,
      'compare',
      a,
      b,
      '--fail-on-regression',
      '10',
    ]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

test('A/A: the same code, split by repetition into two runs, is "no change" on every row and passes the gate', async () => {
  const run = await warmRun('aa', 20_000);
  const a = half(run, 'a', (r) => r.repetition % 2 === 1);
  const b = half(run, 'b', (r) => r.repetition % 2 === 0);
  const rows = compareRuns(loadRun(a), loadRun(b));
  // Levels 0 and 1 are one invocation each and land in one half; level 2 holds 14 vs 15 measured activations.
  assert.ok(rows.length >= 2, 'latency and duration at level 2 are compared');
  for (const r of rows)
    assert.equal(r.verdict, 'no change', `${r.metric} level ${r.level}: ${r.change} [${r.ciLow}, ${r.ciHigh}]`);
  const { code, output } = await gate(a, b);
  assert.equal(code, 0, output);
  assert.match(output, /no metric got slower by more than 10 % with its whole 95 % CI/);
});

test('a real 2× slowdown (twice the hash iterations) fails the gate, naming the metric and its CI', async () => {
  // Side by side, so a burst of load from elsewhere on the machine slows both runs, not one.
  const [a, b] = await Promise.all([warmRun('base', 20_000), warmRun('double', 40_000)]);
  const rows = compareRuns(loadRun(a), loadRun(b), { metrics: ['durationMs'] });
  const steady = rows.find((r) => r.level === 2)!;
  assert.equal(steady.verdict, 'slower', `${steady.change} [${steady.ciLow}, ${steady.ciHigh}]`);
  assert.ok(steady.change > 0.5, `the action's own duration roughly doubled: ${steady.change}`);
  assert.equal(rows.find((r) => r.level === 0)!.verdict, 'n too small', 'one cold invocation is no evidence');
  const { code, output } = await gate(a, b);
  assert.equal(code, 1, output);
  assert.match(output, /got slower by more than 10 % with the whole 95 % CI: .*durationMs hash level 2/);
});
