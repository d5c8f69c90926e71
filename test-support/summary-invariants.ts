// The statistics policy as test assertions on a summary row: an interval exactly when n allows one, containing its
// median, never below 0 for a time (every summarised metric is one); tail percentiles only where n supports them.
import assert from 'node:assert/strict';
import type { SummaryRow } from '../model/results/summary.js';
import { enoughForInterval, enoughForPercentile } from '../model/stats/policy.js';

export function assertRowFollowsPolicy(
  row: SummaryRow,
  what = `${row.runtime} ${row.action} ${row.level} ${row.metric}`,
): void {
  if (enoughForInterval(row.n)) {
    assert.ok(row.ciLow !== undefined && row.ciHigh !== undefined, `${what}: n = ${row.n} has a CI`);
    assert.ok(row.ciLow <= row.median && row.median <= row.ciHigh, `${what}: the CI contains the median`);
    assert.ok(row.ciLow >= 0 && (row.meanCiLow ?? 0) >= 0, `${what}: no negative bound for a time`);
  } else {
    assert.equal(row.ciLow, undefined, `${what}: n = ${row.n} is too small for a CI`);
    assert.equal(row.meanCiLow, undefined, `${what}: n = ${row.n} is too small for a mean CI`);
  }
  for (const [q, value] of [
    [0.9, row.p90],
    [0.95, row.p95],
    [0.99, row.p99],
  ] as const)
    assert.equal(value !== undefined, enoughForPercentile(row.n, q), `${what}: p${q * 100} only where n supports it`);
}
