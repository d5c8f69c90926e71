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
