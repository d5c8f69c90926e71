import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enforcePolicy, summarizeRun } from './summary.js';
import type { InvocationRecord } from './records.js';

function records(): InvocationRecord[] {
  const out: InvocationRecord[] = [];
  const lines = [
    { runtime: 'wasm', engine: 'tiered', ms: 10 },
    { runtime: 'docker', ms: 1000 },
    { runtime: 'docker', engine: 'openwhisk-default', ms: 40 },
  ] as const;
  for (const line of lines)
    for (let i = 0; i < 6; i++)
      out.push({
        seq: out.length,
        scenario: 'coldstart',
        runtime: line.runtime,
        ...('engine' in line ? { engine: line.engine } : {}),
        action: 'hash',
        actionName: `a-${i}`,
        level: 2,
        repetition: 1,
        sentAt: 0,
        receivedAt: 1,
        latencyMs: 1,
        outcome: 'ok',
        coldStartMs: line.ms + i,
      });
  return out;
}

test('a run with two baselines gets one wasm ratio per baseline, the variant named, each from its own samples', () => {
  const summary = summarizeRun(records(), ['coldStartMs']);
  assert.equal(summary.rows.length, 3);
  const ratios = summary.ratios.map((r) => [r.baseline, r.baselineEngine, Number(r.ratio.toFixed(4))]);
  // medians: wasm 12.5, fresh 1002.5, stem cells 42.5
  assert.deepEqual(ratios, [
    ['docker', undefined, Number((12.5 / 1002.5).toFixed(4))],
    ['docker', 'openwhisk-default', Number((12.5 / 42.5).toFixed(4))],
  ]);
  assert.ok(summary.ratios.every((r) => r.ciLow !== undefined), 'n = 6 on each side: intervals');
  // The policy applied on read finds the variant's own row by its engine: a summary.json whose stem-cell row has too
  // few samples loses that ratio's interval, and only that one.
  const few = {
    ...summary,
    rows: summary.rows.map((r) => (r.engine === 'openwhisk-default' ? { ...r, n: 4 } : r)),
  };
  const read = enforcePolicy(few, 'coldstart').ratios;
  assert.equal(read.find((r) => r.baselineEngine === undefined)!.ciLow !== undefined, true);
  assert.equal(read.find((r) => r.baselineEngine === 'openwhisk-default')!.ciLow, undefined);
});
