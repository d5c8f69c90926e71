import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withReduction } from './policy.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

test('the reduction column: 1 − ratio with swapped bounds where wasm is faster, no negative percentages where not', () => {
  assert.equal(withReduction(0.05, 0.04, 0.07, pct), '95.0 % [93.0 %, 96.0 %]');
  assert.equal(
    withReduction(0.9, 0.8, 1.1, pct),
    '10.0 % [-10.0 %, 20.0 %]',
    'an interval that crosses 1 keeps its honest bound',
  );
  assert.equal(withReduction(18.88, 10, 25, pct), 'none (wasm slower or equal)');
  assert.equal(withReduction(1, undefined, undefined, pct), 'none (wasm slower or equal)');
});
