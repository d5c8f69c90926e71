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

/** The records of `dirs` that `keep` picks, as a run folder of its own with the first run's manifest. */
function runOf(dirs: readonly string[], label: string, keep: (r: InvocationRecord) => boolean = () => true): string {
  const manifest = JSON.parse(readFileSync(path.join(dirs[0]!, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const records = dirs
    .flatMap((dir) => readRecords(dir))
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
  const a = runOf([run], 'a', (r) => r.repetition % 2 === 1);
  const b = runOf([run], 'b', (r) => r.repetition % 2 === 0);
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
  // Two runs of each, alternating (A B A B) and pooled, so a burst of load from elsewhere on the machine slows both
  // sides, not one (side by side, the two runs slowed each other unevenly on 2 cores).
  const base: string[] = [];
  const double: string[] = [];
  for (let i = 0; i < 2; i++) {
    base.push(await warmRun(`base-${i}`, 20_000));
    double.push(await warmRun(`double-${i}`, 40_000));
  }
  const a = runOf(base, 'a');
  const b = runOf(double, 'b');
  const rows = compareRuns(loadRun(a), loadRun(b), { metrics: ['durationMs'] });
  const steady = rows.find((r) => r.level === 2)!;
  // Only the verdict is asserted, not the size: on a loaded 2-core host preemption inflates both sides' durations, so
  // twice the work has measured anywhere from +39 % to +82 %; what must hold is that the whole CI clears +10 %.
  assert.equal(steady.verdict, 'slower', `${steady.change} [${steady.ciLow}, ${steady.ciHigh}]`);
  assert.equal(rows.find((r) => r.level === 0)!.verdict, 'n too small', 'two cold invocations are no evidence');
  const { code, output } = await gate(a, b);
  assert.equal(code, 1, output);
  assert.match(output, /durationMs +hash +0 +wasm · V8 tiered +2\/2 .*\(no CI\) +n too small/);
  assert.match(output, /got slower by more than 10 % with the whole 95 % CI: .*durationMs hash level 2/);
});
