// The thesis's claims, each checked against our own runs: the thesis's value (every number from thesis/numbers.ts),
// ours with a CI, and a verdict. Computed only from the run folders on disk, so a report can recompute it offline.
import { linearRegression, median, quantileSorted } from 'simple-statistics';
import { enoughForInterval, nTooSmall, statsPolicy } from '../stats/policy.js';
import { bootstrapCi, ratioOfMedians } from '../stats/sample-stats.js';
import { seededRandom } from '../stats/random.js';
import type { InvocationRecord } from '../results/records.js';
import { isFreshBaselineSample, isStemCellSample, openwhiskDefaultStemCells } from '../results/baseline-variants.js';
import { windowedThroughput } from './throughput.js';
import { snapshotClaims } from './snapshot-claims.js';
import {
  thesisColdStartReduction,
  thesisColdStartSlopeMs,
  thesisInitTime,
  thesisInitTimeBoundMs,
  thesisMemoryRatio,
  thesisModuleBuilds,
  thesisRealistic,
  thesisThroughputRatios,
} from '../../thesis/numbers.js';

/**
 * `holds`/`does not hold` only from a CI (statistics policy, model/stats/policy.ts); `n too small` when there is no
 * CI to decide with; `no thesis value` when the thesis gives no number for the setting measured.
 */
export type Verdict =
  'holds' | 'does not hold' | 'inconclusive' | 'not measured' | typeof nTooSmall | 'no thesis value';

export interface ClaimRow {
  id: string;
  claim: string;
  /** The thesis's number, as it states it. */
  thesis: string;
  /** What our number is compared with. */
  threshold: { value: number; atLeast: boolean; unit: string };
  ours?: { value: number; ci?: [number, number]; unit: string };
  verdict: Verdict;
  /** How ours was measured, and why the verdict is what it is. */
  how: string;
  /** The differences in setup that matter for this claim. */
  setup: string;
  /** The run folder the number comes from. */
  run?: string;
  /** The decision rule, when it is not the threshold's (claims-table.ts `decisionRule` derives that one). */
  rule?: string;
}

export interface RunData {
  dir: string;
  records: InvocationRecord[];
  notes: Record<string, unknown>;
  manifest: Record<string, unknown>;
}

export interface ClaimInputs {
  /** Cold starts with the code cache off (every cold start compiles distinct bytes): the headline. */
  coldstart?: RunData;
  /** The same with the executor's code cache on. */
  coldstartCodeCache?: RunData;
  engines?: RunData;
  /** Throughput at intra-container concurrency 1 (OpenWhisk's default; the thesis's server runs). */
  concurrency?: RunData;
  /** The mixed workload at intra-container concurrency 10 (the thesis's Raspberry Pi setting). */
  concurrency10?: RunData;
  prime?: RunData;
  realistic?: RunData;
  memory?: RunData;
  /** The heavy-init action with and without snapshots on each side (model/claims/snapshot-claims.ts). */
  snapshot?: RunData;
}

const pct = (x: number): string => `${Math.round(x * 100)} %`;
const times = (x: number): string => `${x}×`;
const tr = thesisThroughputRatios;

const v8Setup = 'wasm runs on V8 (Node.js) here, not on wasmtime/wasmer/WAMR with precompiled native code';
const baselineSetup = (run?: RunData): string => {
  const baseline = run?.records.find((r) => r.runtime !== 'wasm')?.runtime ?? 'docker';
  return baseline === 'node-process'
    ? 'the baseline is node-process (no Docker here), NOT a Docker container'
    : "the baseline is a Node.js runtime in Docker (FROM scratch image), not native binaries in OpenWhisk's dockerskeleton";
};
const hardware =
  'a shared 2-core cloud VM with load generator, platform and runtimes on one machine, not a 4-core Xeon E3-1231 v3 with a separate load generator';

/** A verdict needs a CI: without one (too few samples, one measurement) there is none. */
export function verdictFor(ci: [number, number] | undefined, threshold: ClaimRow['threshold']): Verdict {
  if (ci === undefined) return nTooSmall;
  const [lo, hi] = ci;
  if (threshold.atLeast)
    return lo >= threshold.value ? 'holds' : hi < threshold.value ? 'does not hold' : 'inconclusive';
  return hi <= threshold.value ? 'holds' : lo > threshold.value ? 'does not hold' : 'inconclusive';
}

export function computeClaims(inputs: ClaimInputs, seed = 1): ClaimRow[] {
  return [
    coldStartReduction(inputs.coldstart, seed, false),
    coldStartReductionStemCells(inputs.coldstart, seed),
    coldStartReduction(inputs.coldstartCodeCache, seed, true),
    coldStartSlopes(inputs.coldstart, seed),
    ...initTimes(inputs.engines, seed),
    throughputRatio(
      inputs.concurrency,
      'mixed',
      'mixed-throughput-concurrency-1',
      `Mixed-workload throughput, wasm over Docker, intra-container concurrency ${concurrencyOf(inputs.concurrency) ?? tr.mixedServerConcurrency} (OpenWhisk's default)`,
      `${times(tr.mixedServer.wasmtime)} on the server at concurrency ${tr.mixedServerConcurrency}, the setting this number belongs to (wasmtime; wasmer ${times(tr.mixedServer.wasmer)}, wamr ${times(tr.mixedServer.WAMR)})`,
      tr.mixedServer.wasmtime,
      seed,
    ),
    throughputRatio(
      inputs.concurrency10,
      'mixed',
      'mixed-throughput-concurrency-10',
      `Mixed-workload throughput, wasm over Docker, intra-container concurrency ${concurrencyOf(inputs.concurrency10) ?? tr.mixedPiConcurrency}`,
      `no server number at concurrency ${tr.mixedPiConcurrency}: the thesis used it on the Raspberry Pi only, ${times(tr.mixedPi.wasmtime)} there (wasmtime; wasmer ${times(tr.mixedPi.wasmer)}, wamr ${times(tr.mixedPi.WAMR)}); the server's ${times(tr.mixedServer.wasmtime)} is at concurrency 1`,
      tr.mixedServer.wasmtime,
      seed,
      true,
    ),
    throughputRatio(
      inputs.concurrency,
      'hash',
      'cpu-throughput',
      "CPU-bound wasm reaches a share of the baseline's throughput",
      `${pct(tr.cpuBoundShareOfDocker.wasmtime)} (wasmtime; wasmer ${pct(tr.cpuBoundShareOfDocker.wasmer)}, wamr ${pct(tr.cpuBoundShareOfDocker.WAMR)})`,
      tr.cpuBoundShareOfDocker.wasmtime,
      seed,
    ),
    throughputRatio(
      inputs.prime,
      'prime',
      'prime-throughput',
      'The AssemblyScript sieve gives more throughput than Node.js',
      `> ${times(tr.primeOverNodejsAtLeast)} (wasmtime vs openwhisk/action-nodejs-v14)`,
      tr.primeOverNodejsAtLeast,
      seed,
    ),
    memoryRatio(inputs.memory),
    realisticTail(inputs.realistic),
    ...snapshotClaims(inputs.snapshot, seed),
  ];
}

function notMeasured(row: Omit<ClaimRow, 'verdict' | 'how'>, why: string): ClaimRow {
  return { ...row, verdict: 'not measured', how: why };
}

function samples(
  records: readonly InvocationRecord[],
  filter: (r: InvocationRecord) => boolean,
  metric: keyof InvocationRecord,
): number[] {
  return records
    .filter((r) => r.outcome === 'ok' && filter(r))
    .map((r) => r[metric])
    .filter((v): v is number => typeof v === 'number');
}

/** The run's intra-container concurrency (`actionConcurrency`), from its manifest. */
function concurrencyOf(run: RunData | undefined): number | undefined {
  const value = (run?.manifest.config as { actionConcurrency?: unknown } | undefined)?.actionConcurrency;
  return typeof value === 'number' ? value : undefined;
}

function coldStartReduction(run: RunData | undefined, seed: number, codeCache: boolean): ClaimRow {
  const r = thesisColdStartReduction;
  const base = {
    id: codeCache ? 'coldstart-reduction-code-cache' : 'coldstart-reduction',
    claim: codeCache
      ? "wasm cold starts (waitTime + initTime) are shorter than Docker's, with the executor's code cache on (copies share bytes; wow's zips hold precompiled code too)"
      : "wasm cold starts (waitTime + initTime) are shorter than Docker's, every cold start compiling distinct bytes (no code cache: the headline)",
    thesis: `${pct(r.wasmtime)} shorter on average (wasmtime, wamr; wasmer ${pct(r.wasmer)}), 2..10 concurrent cold starts`,
    threshold: { value: r.wasmtime, atLeast: true, unit: 'reduction' },
    setup: `${v8Setup}; ${baselineSetup(run)}; ${hardware}`,
  };
  if (!run) return notMeasured(base, codeCache ? 'no coldstart run with the code cache' : 'no coldstart run');
  // Runs from before the setting existed always had the executor's cache on.
  const recorded = (run.manifest.config as { codeCache?: unknown } | undefined)?.codeCache ?? true;
  if (recorded !== codeCache)
    return notMeasured(
      { ...base, run: run.dir },
      `the run's codeCache is ${JSON.stringify(recorded)}, not ${codeCache}`,
    );
  const levels = [...new Set(run.records.map((r) => r.level))];
  const from = Math.min(2, Math.max(...levels));
  const wasm = samples(run.records, (r) => r.runtime === 'wasm' && r.level >= from, 'coldStartMs');
  // The thesis's baseline only: a run with the openwhisk-default baseline has a second one, claimed apart.
  const baseline = samples(run.records, (r) => isFreshBaselineSample(r) && r.level >= from, 'coldStartMs');
  const ratio = ratioOfMedians(wasm, baseline, { seed });
  if (!ratio) return notMeasured({ ...base, run: run.dir }, 'no cold samples of one of the runtimes');
  const ci: [number, number] | undefined = ratio.ci && [1 - ratio.ci[1], 1 - ratio.ci[0]];
  const value = 1 - ratio.ratio;
  return {
    ...base,
    run: run.dir,
    ours: { value, ...(ci ? { ci } : {}), unit: 'reduction' },
    verdict: verdictFor(ci, base.threshold),
    how: `1 − median(wasm) / median(baseline) over all cold samples at ${from}..${Math.max(...levels)} concurrent cold starts (n = ${wasm.length} / ${baseline.length}), bootstrap 95 % CI`,
  };
}

/**
 * The wasm reduction against OpenWhisk's default stem cells (`--set baseline=openwhisk-default`): the same samples
 * and levels as `coldstart-reduction`, against the baseline whose cold starts a stem cell takes while one is free.
 * The thesis has no such number, so no verdict; `how` also splits the levels the stem cells cover from those beyond.
 */
export function coldStartReductionStemCells(run: RunData | undefined, seed: number): ClaimRow {
  const cells = openwhiskDefaultStemCells.initialCount;
  const base = {
    id: 'coldstart-reduction-openwhisk-default',
    claim: `wasm cold starts (waitTime + initTime) are shorter than Docker's with OpenWhisk's default stem cells (${cells} prewarmed nodejs:20 containers of ${openwhiskDefaultStemCells.memoryMb} MB, replaced after use)`,
    thesis: 'no number: the thesis compared against a fresh container per cold start',
    threshold: { value: thesisColdStartReduction.wasmtime, atLeast: true, unit: 'reduction' },
    setup: `${v8Setup}; ${baselineSetup(run)}, with OpenWhisk's default stem cells on a platform of its own; ${hardware}`,
    rule: 'no verdict: the thesis gives no number against stem cells',
  };
  if (!run) return notMeasured(base, 'no coldstart run');
  const stem = run.records.filter(isStemCellSample);
  if (stem.length === 0)
    return notMeasured(
      { ...base, run: run.dir },
      'the run has no openwhisk-default baseline (--set baseline=openwhisk-default)',
    );
  const levels = [...new Set(run.records.map((r) => r.level))];
  const top = Math.max(...levels);
  const from = Math.min(2, top);
  const wasmAt = (keep: (level: number) => boolean) =>
    samples(run.records, (r) => r.runtime === 'wasm' && keep(r.level), 'coldStartMs');
  const stemAt = (keep: (level: number) => boolean) => samples(stem, (r) => keep(r.level), 'coldStartMs');
  const wasm = wasmAt((l) => l >= from);
  const baseline = stemAt((l) => l >= from);
  const ratio = ratioOfMedians(wasm, baseline, { seed });
  if (!ratio) return notMeasured({ ...base, run: run.dir }, 'no cold samples of one of the runtimes');
  const ci: [number, number] | undefined = ratio.ci && [1 - ratio.ci[1], 1 - ratio.ci[0]];
  const ok = stem.filter((r) => r.outcome === 'ok' && r.level >= from);
  const prewarm = ok.filter((r) => r.start === 'prewarm').length;
  // Within the stem cells (levels ≤ their count) and beyond them: where the answer changes.
  const split = (name: string, keep: (level: number) => boolean): string => {
    const part = ratioOfMedians(wasmAt(keep), stemAt(keep), { seed });
    if (!part) return `${name}: no samples`;
    const partCi = part.ci && ([1 - part.ci[1], 1 - part.ci[0]] as const);
    return `${name}: ${pct(1 - part.ratio)}${partCi ? ` [${pct(partCi[0])}, ${pct(partCi[1])}]` : ` (${nTooSmall})`}`;
  };
  return {
    ...base,
    run: run.dir,
    ours: { value: 1 - ratio.ratio, ...(ci ? { ci } : {}), unit: 'reduction' },
    verdict: 'no thesis value',
    how:
      `1 − median(wasm) / median(openwhisk-default baseline) over all cold samples at ${from}..${top} concurrent cold starts ` +
      `(n = ${wasm.length} / ${baseline.length}; ${prewarm} of the baseline's started on a stem cell, ${ok.length - prewarm} created a container), bootstrap 95 % CI; ` +
      `${split(`levels 1..${Math.min(cells, top)} (within the ${cells} stem cells)`, (l) => l <= cells)}; ` +
      `${top > cells ? split(`levels ${cells + 1}..${top} (beyond them)`, (l) => l > cells) : 'no level beyond the stem cells'}`,
  };
}

const slopeResamples = 1000;

/**
 * Least-squares slope of the per-level median cold start vs level, with a CI from resampling within each level; only
 * levels with at least the policy's minimum n count. `draws` are the resampled slopes, in order, for joint intervals.
 */
function slopeWithCi(
  records: readonly InvocationRecord[],
  seed: number,
): { slope: number; ci: [number, number]; draws: number[] } | undefined {
  const byLevel = new Map<number, number[]>();
  for (const r of records)
    if (r.outcome === 'ok' && typeof r.coldStartMs === 'number')
      byLevel.set(r.level, [...(byLevel.get(r.level) ?? []), r.coldStartMs]);
  for (const [level, xs] of byLevel) if (!enoughForInterval(xs.length)) byLevel.delete(level);
  if (byLevel.size < 2) return undefined;
  const slopeOf = (pick: (xs: number[]) => number[]) =>
    linearRegression([...byLevel].map(([level, xs]) => [level, median(pick(xs))])).m;
  const random = seededRandom(seed);
  const resample = (xs: number[]) => xs.map(() => xs[Math.floor(random() * xs.length)]!);
  const draws = Array.from({ length: slopeResamples }, () => slopeOf(resample));
  return { slope: slopeOf((xs) => xs), ci: percentile(draws), draws };
}

function percentile(draws: readonly number[]): [number, number] {
  const sorted = [...draws].sort((a, b) => a - b);
  const alpha = (1 - statsPolicy.level) / 2;
  return [quantileSorted(sorted, alpha), quantileSorted(sorted, 1 - alpha)];
}

function coldStartSlopes(run: RunData | undefined, seed: number): ClaimRow {
  const base = {
    id: 'coldstart-slope',
    claim: 'wasm cold starts grow more slowly with the number of concurrent cold starts',
    thesis: `Docker about +${thesisColdStartSlopeMs.Docker} ms per extra concurrent cold start, wasm about +${thesisColdStartSlopeMs.wasm} ms`,
    threshold: { value: 1, atLeast: false, unit: 'slope ratio' },
    setup: `${baselineSetup(run)}; ${hardware}`,
  };
  if (!run) return notMeasured(base, 'no coldstart run');
  const wasm = slopeWithCi(
    run.records.filter((r) => r.runtime === 'wasm'),
    seed,
  );
  const baseline = slopeWithCi(run.records.filter(isFreshBaselineSample), seed);
  if (!wasm || !baseline)
    return {
      ...base,
      run: run.dir,
      verdict: nTooSmall,
      how: `fewer than two levels with n ≥ ${statsPolicy.minSamples} on each side`,
    };
  const verdict: Verdict =
    wasm.ci[1] < baseline.ci[0] ? 'holds' : wasm.ci[0] > baseline.ci[1] ? 'does not hold' : 'inconclusive';
  // The ratio's own CI, from the two sets of resampled slopes paired in order (independent resamples).
  const ratioCi = percentile(wasm.draws.map((w, i) => w / baseline.draws[i]!));
  return {
    ...base,
    run: run.dir,
    ours: { value: wasm.slope / baseline.slope, ci: ratioCi, unit: 'slope ratio' },
    verdict,
    rule: "holds when wasm's slope CI lies wholly below the baseline's; does not hold when wholly above",
    how: `slope of the per-level median: wasm ${wasm.slope.toFixed(2)} ms/level [${wasm.ci[0].toFixed(2)}, ${wasm.ci[1].toFixed(2)}], baseline ${baseline.slope.toFixed(1)} ms/level [${baseline.ci[0].toFixed(1)}, ${baseline.ci[1].toFixed(1)}]; holds when the two CIs do not overlap and wasm's is lower`,
  };
}

function initTimes(run: RunData | undefined, seed: number): ClaimRow[] {
  const base = {
    claim: "the executor's initTime alone is short",
    thesis: `< ${thesisInitTimeBoundMs.wasmtime} ms (${thesisInitTime.map((t) => `${t.runtime} ${t.lowMs}–${t.highMs} ms`).join(', ')}) on the server`,
    threshold: { value: thesisInitTimeBoundMs.wasmtime, atLeast: false, unit: 'ms' },
    setup: `${v8Setup}; our /init compiles raw wasm with V8 where wow loads precompiled native code; ${hardware}`,
  };
  if (!run) return [notMeasured({ ...base, id: 'init-time' }, 'no engine run')];
  const engines = [...new Set(run.records.filter((r) => r.runtime === 'wasm').map((r) => r.engine ?? 'tiered'))];
  return engines.map((engine) => {
    const xs = samples(run.records, (r) => r.runtime === 'wasm' && (r.engine ?? 'tiered') === engine, 'initTimeMs');
    if (xs.length === 0)
      return notMeasured({ ...base, id: `init-time-${engine}`, run: run.dir }, 'no cold wasm samples');
    const value = median(xs);
    const ci = enoughForInterval(xs.length) ? bootstrapCi(xs, median, { seed }) : undefined;
    return {
      ...base,
      id: `init-time-${engine}`,
      claim: `${base.claim} (V8 ${engine})`,
      run: run.dir,
      ours: { value, ...(ci ? { ci } : {}), unit: 'ms' },
      verdict: verdictFor(ci, base.threshold),
      how: `median initTime of ${xs.length} cold wasm activations (µs resolution on the embedded platform, whole ms on OpenWhisk), bootstrap 95 % CI`,
    };
  });
}

function throughputRatio(
  run: RunData | undefined,
  action: string,
  id: string,
  claim: string,
  thesis: string,
  threshold: number,
  seed: number,
  /** The thesis gives no number for this setting: ours is shown, the verdict is `no thesis value`. */
  noThesisValue = false,
): ClaimRow {
  const base = {
    id,
    claim,
    thesis,
    threshold: { value: threshold, atLeast: true, unit: '×' },
    setup: `${v8Setup}; ${baselineSetup(run)}; ${hardware}`,
    ...(noThesisValue ? { rule: 'no verdict: the thesis gives no number for this setting' } : {}),
  };
  if (!run) return notMeasured(base, `no run with '${action}'`);
  const ofAction = run.records.filter((r) => r.action === action);
  const level = Math.max(0, ...ofAction.map((r) => r.level));
  const wasm = windowedThroughput(ofAction.filter((r) => r.runtime === 'wasm' && r.level === level));
  const baseline = windowedThroughput(ofAction.filter((r) => r.runtime !== 'wasm' && r.level === level));
  const ratio = ratioOfMedians(wasm, baseline, { seed });
  if (!ratio)
    return notMeasured({ ...base, run: run.dir }, `too few '${action}' completions at ${level} clients to compare`);
  return {
    ...base,
    run: run.dir,
    ours: { value: ratio.ratio, ...(ratio.ci ? { ci: ratio.ci } : {}), unit: '×' },
    verdict: noThesisValue ? 'no thesis value' : verdictFor(ratio.ci, base.threshold),
    how: `completions per second at ${level} closed-loop clients, each runtime's span cut into 6 windows; ratio of the median window rates, bootstrap 95 % CI`,
  };
}

function memoryRatio(run: RunData | undefined): ClaimRow {
  const base = {
    id: 'memory-ratio',
    claim: 'a warm Docker container takes more memory than a warm wasm container',
    thesis: `${times(thesisMemoryRatio.wasmtime)} (wasmtime; wasmer ${times(thesisMemoryRatio.wasmer)}, wamr ${times(thesisMemoryRatio.WAMR)}) with an LTO build of ${thesisModuleBuilds.releaseLtoKiB} KiB; Docker about ${thesisMemoryRatio.dockerMiB} MiB`,
    threshold: { value: thesisMemoryRatio.wasmtime, atLeast: true, unit: '×' },
    setup: `${v8Setup}; ${baselineSetup(run)}; Docker memory from the container's cgroup, wasm from the growth of the executor's RSS`,
  };
  const measured = run?.notes.memory as
    Array<{ runtime: string; variant: string; perContainerBytes: number }> | undefined;
  const wasm = measured?.find((m) => m.runtime === 'wasm' && m.variant === 'optimized');
  const baseline = measured?.find((m) => m.runtime !== 'wasm');
  if (!run || !wasm || !baseline)
    return notMeasured({ ...base, ...(run ? { run: run.dir } : {}) }, 'no memory measurement of both runtimes');
  if (wasm.perContainerBytes <= 0)
    return {
      ...base,
      run: run.dir,
      verdict: 'inconclusive',
      how: `the executor's RSS did not grow measurably (${wasm.perContainerBytes} bytes per container)`,
    };
  const value = baseline.perContainerBytes / wasm.perContainerBytes;
  return {
    ...base,
    run: run.dir,
    ours: { value, unit: '×' },
    verdict: nTooSmall,
    how: `${(baseline.perContainerBytes / 1048576).toFixed(2)} MiB / ${(wasm.perContainerBytes / 1048576).toFixed(3)} MiB per warm container; one measurement of each, so no CI and no verdict`,
  };
}

function realisticTail(run: RunData | undefined): ClaimRow {
  const base = {
    id: 'realistic-tail',
    claim: 'in the realistic mix, wasm requests above 500 ms are rare',
    thesis: `rare for wasm (we read "rare" as under ${pct(thesisRealistic.rareShareReading)}); Docker: about ${pct(thesisRealistic.dockerColdShare)} of requests cold, only ${pct(thesisRealistic.dockerUnder500msShare)} under 500 ms`,
    threshold: { value: thesisRealistic.rareShareReading, atLeast: false, unit: 'share > 500 ms' },
    setup: `${baselineSetup(run)}; ${hardware}`,
  };
  if (!run) return notMeasured(base, 'no realistic run');
  const wasm = samples(run.records, (r) => r.runtime === 'wasm', 'latencyMs');
  const baseline = run.records.filter((r) => r.runtime !== 'wasm' && r.outcome === 'ok');
  if (wasm.length === 0) return notMeasured({ ...base, run: run.dir }, 'no wasm requests');
  const share = (xs: number[]) => xs.filter((x) => x > 500).length / xs.length;
  const value = share(wasm);
  // Wilson score interval for a proportion.
  const n = wasm.length;
  if (!enoughForInterval(n))
    return {
      ...base,
      run: run.dir,
      ours: { value, unit: 'share > 500 ms' },
      verdict: nTooSmall,
      how: `${n} wasm requests: fewer than ${statsPolicy.minSamples}, so no CI and no verdict`,
    };
  const z = 1.96;
  const centre = (value + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((value * (1 - value)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  const ci: [number, number] = [Math.max(0, centre - half), Math.min(1, centre + half)];
  const cold = baseline.filter((r) => r.start === 'cold' || r.start === 'recreated').length;
  return {
    ...base,
    run: run.dir,
    ours: { value, ci, unit: 'share > 500 ms' },
    verdict: verdictFor(ci, base.threshold),
    how: `${wasm.filter((x) => x > 500).length} of ${n} wasm requests over 500 ms (Wilson 95 % CI); baseline: ${baseline.length ? ((cold / baseline.length) * 100).toFixed(0) : 0} % cold, ${baseline.length ? (share(baseline.map((r) => r.latencyMs)) * 100).toFixed(0) : 0} % over 500 ms`,
  };
}
