import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InvocationRecord } from '../results/records.js';
import { thesisColdStartReduction, thesisThroughputRatios } from '../../thesis/numbers.js';
import { computeClaims, type RunData } from './claims.js';
import { claimCells, claimsColumns, decisionRule, formatClaimsMarkdown, formatClaimsTable } from './claims-table.js';

function coldRun(codeCache: boolean | undefined, wasmMs: number, dockerMs: number): RunData {
  const records: InvocationRecord[] = [];
  let seq = 0;
  for (const runtime of ['wasm', 'docker'] as const) {
    for (let level = 1; level <= 3; level++) {
      for (let i = 0; i < 5; i++) {
        const coldStartMs = (runtime === 'wasm' ? wasmMs : dockerMs) * level + i;
        records.push({
          seq: seq++,
          scenario: 'coldstart',
          runtime,
          action: 'hash',
          actionName: `a-${i}`,
          level,
          repetition: 1,
          sentAt: 0,
          receivedAt: 1,
          latencyMs: 1,
          outcome: 'ok',
          coldStartMs,
        });
      }
    }
  }
  return {
    dir: `run-${String(codeCache)}`,
    records,
    notes: {},
    manifest: { config: codeCache === undefined ? {} : { codeCache } },
  };
}

test('the cold-start reduction is two claims: without the code cache (the headline) and with it, each from its own run', () => {
  const claims = computeClaims({ coldstart: coldRun(false, 10, 1000), coldstartCodeCache: coldRun(true, 2, 1000) });
  const headline = claims.find((c) => c.id === 'coldstart-reduction')!;
  const cached = claims.find((c) => c.id === 'coldstart-reduction-code-cache')!;
  assert.equal(headline.run, 'run-false');
  assert.equal(cached.run, 'run-true');
  assert.ok(cached.ours!.value > headline.ours!.value, 'the cached variant reduces more');
  assert.equal(headline.threshold.value, thesisColdStartReduction.wasmtime);
  assert.match(headline.claim, /no code cache/);
});

test('a run whose codeCache does not match the claim is not measured, never counted for the other claim', () => {
  const claims = computeClaims({ coldstart: coldRun(true, 10, 1000), coldstartCodeCache: coldRun(false, 2, 1000) });
  for (const id of ['coldstart-reduction', 'coldstart-reduction-code-cache']) {
    const claim = claims.find((c) => c.id === id)!;
    assert.equal(claim.verdict, 'not measured', id);
    assert.match(claim.how, /codeCache is/);
  }
  // A run from before the setting existed had the cache on.
  assert.equal(
    computeClaims({ coldstartCodeCache: coldRun(undefined, 2, 1000) }).find(
      (c) => c.id === 'coldstart-reduction-code-cache',
    )!.run,
    'run-undefined',
  );
});

test('mixed throughput is claimed at concurrency 1 and 10, each naming its setting and where the thesis number belongs', () => {
  const claims = computeClaims({});
  const c1 = claims.find((c) => c.id === 'mixed-throughput-concurrency-1')!;
  const c10 = claims.find((c) => c.id === 'mixed-throughput-concurrency-10')!;
  assert.match(c1.claim, /concurrency 1 /);
  assert.match(c1.thesis, /the setting this number belongs to/);
  assert.match(c10.claim, /concurrency 10/);
  assert.match(c10.thesis, /Raspberry Pi only/);
  assert.equal(c1.threshold.value, thesisThroughputRatios.mixedServer.wasmtime);
});

test('every claim row carries its decision rule, in the terminal, in Markdown and in the shared cells', () => {
  const claims = computeClaims({ coldstart: coldRun(false, 10, 1000) });
  const headline = claims.find((c) => c.id === 'coldstart-reduction')!;
  assert.equal(
    decisionRule(headline),
    'holds when the 95 % CI of the reduction lies wholly at or above 94 %; does not hold when wholly below',
  );
  assert.equal(claimCells(headline)[claimsColumns.indexOf('decision rule')], decisionRule(headline));
  const markdown = formatClaimsMarkdown(claims);
  assert.match(markdown.split('\n')[0]!, /\| decision rule \| verdict \|/);
  assert.ok(markdown.includes(`| ${decisionRule(headline)} | **${headline.verdict}** |`));
  const terminal = formatClaimsTable(claims);
  assert.ok(terminal.includes(`  rule:   ${decisionRule(headline)}`));
  assert.ok(terminal.includes(`  claim:  ${headline.claim}`), 'the claim text in full, never cut');
  assert.doesNotMatch(terminal, /…/);
});

test('no verdict without a CI: a claim that holds has one; one measurement or too few samples is "n too small"', () => {
  const memory: RunData = {
    dir: 'mem',
    records: [],
    manifest: {},
    notes: {
      memory: [
        { runtime: 'wasm', variant: 'optimized', perContainerBytes: 2 * 2 ** 20 },
        { runtime: 'docker', variant: 'javascript', perContainerBytes: 40 * 2 ** 20 },
      ],
    },
  };
  const tiny = coldRun(false, 10, 1000);
  tiny.records = tiny.records.filter((r) => r.level === 3 && r.actionName < 'a-3'); // 3 per runtime
  const claims = [
    ...computeClaims({ memory, coldstart: coldRun(false, 10, 1000) }),
    ...computeClaims({ coldstart: tiny }),
  ];
  assert.equal(claims.find((c) => c.id === 'memory-ratio')!.verdict, 'n too small');
  const small = computeClaims({ coldstart: tiny }).find((c) => c.id === 'coldstart-reduction')!;
  assert.equal(small.verdict, 'n too small');
  assert.equal(small.ours!.ci, undefined);
  for (const c of claims.filter((x) => x.verdict === 'holds' || x.verdict === 'does not hold'))
    assert.ok(c.ours?.ci, `${c.id} has a CI`);
});

test('a setting the thesis gives no number for is "no thesis value", never "does not hold"', () => {
  const records: InvocationRecord[] = [];
  for (const runtime of ['wasm', 'docker'] as const)
    for (let i = 0; i < 60; i++)
      records.push({
        seq: records.length,
        scenario: 'concurrency',
        runtime,
        action: 'mixed',
        actionName: 'm',
        level: 2,
        repetition: i,
        sentAt: i * 10,
        receivedAt: i * 10 + 5,
        latencyMs: 5,
        outcome: 'ok',
      });
  const run: RunData = { dir: 'c10', records, notes: {}, manifest: { config: { actionConcurrency: 10 } } };
  const c10 = computeClaims({ concurrency10: run }).find((c) => c.id === 'mixed-throughput-concurrency-10')!;
  assert.equal(c10.verdict, 'no thesis value');
  assert.ok(c10.ours?.ci, 'ours is still shown with its CI');
  assert.match(decisionRule(c10), /no verdict: the thesis gives no number for this setting/);
});

/** A coldstart run with wasm, the fresh-container baseline and the openwhisk-default one (2 stem cells). */
function stemRun(): RunData {
  const run = coldRun(false, 10, 1000);
  let seq = run.records.length;
  for (let level = 1; level <= 3; level++)
    for (let repetition = 1; repetition <= 3; repetition++)
      for (let i = 0; i < level; i++) {
        // The first two concurrent starts find a stem cell (~100 ms); the third creates a container (~1000 ms).
        const stemCell = i < 2;
        run.records.push({
          seq: seq++,
          scenario: 'coldstart',
          runtime: 'docker',
          engine: 'openwhisk-default',
          action: 'hash',
          actionName: `s-${i}`,
          level,
          repetition,
          sentAt: 0,
          receivedAt: 1,
          latencyMs: 1,
          outcome: 'ok',
          start: stemCell ? 'prewarm' : 'cold',
          coldStartMs: (stemCell ? 100 : 1000) + repetition,
        });
      }
  return run;
}

const medianOf = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

test('the openwhisk-default claim: wasm against the stem-cell baseline only, with a CI, split at the stem-cell count', () => {
  const run = stemRun();
  const claims = computeClaims({ coldstart: run });
  const stem = claims.find((c) => c.id === 'coldstart-reduction-openwhisk-default')!;
  const levelOk = (r: InvocationRecord) => r.level >= 2 && r.outcome === 'ok';
  const wasm = run.records.filter((r) => r.runtime === 'wasm' && levelOk(r)).map((r) => r.coldStartMs!);
  const base = run.records.filter((r) => r.engine === 'openwhisk-default' && levelOk(r)).map((r) => r.coldStartMs!);
  assert.ok(Math.abs(stem.ours!.value - (1 - medianOf(wasm) / medianOf(base))) < 1e-12);
  assert.ok(stem.ours!.ci, 'n ≥ the policy minimum on both sides: a CI');
  assert.ok(stem.ours!.ci[0] <= stem.ours!.value && stem.ours!.value <= stem.ours!.ci[1]);
  assert.equal(stem.verdict, 'no thesis value');
  assert.match(stem.how, /12 of the baseline.s started on a stem cell, 3 created a container/);
  assert.match(stem.how, /levels 1\.\.2 \(within the 2 stem cells\)/);
  assert.match(stem.how, /levels 3\.\.3 \(beyond them\)/);
  // The thesis's claim still compares against the fresh-container baseline alone.
  const fresh = claims.find((c) => c.id === 'coldstart-reduction')!;
  const plain = computeClaims({ coldstart: coldRun(false, 10, 1000) }).find((c) => c.id === 'coldstart-reduction')!;
  assert.deepEqual(fresh.ours, plain.ours);
  assert.ok(stem.ours!.value < fresh.ours!.value, 'stem cells shorten the baseline, so the reduction is smaller');
});

test('without the openwhisk-default baseline in the run its claim is not measured, and says how to get it', () => {
  const stem = computeClaims({ coldstart: coldRun(false, 10, 1000) }).find(
    (c) => c.id === 'coldstart-reduction-openwhisk-default',
  )!;
  assert.equal(stem.verdict, 'not measured');
  assert.match(stem.how, /baseline=openwhisk-default/);
});

test('with fewer samples than the policy asks, the openwhisk-default claim has a value and no CI', () => {
  const run = stemRun();
  run.records = run.records.filter((r) => r.level !== 3 && (r.engine !== 'openwhisk-default' || r.repetition === 1));
  const stem = computeClaims({ coldstart: run }).find((c) => c.id === 'coldstart-reduction-openwhisk-default')!;
  assert.ok(stem.ours);
  assert.equal(stem.ours.ci, undefined);
});
