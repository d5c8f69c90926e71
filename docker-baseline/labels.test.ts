// cpu-shares as the invoker computes them, and container names Docker accepts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerName, cpuShares } from './labels.js';

test('cpu-shares = max(1024 / (userMemory / memory), 2) with integer division', () => {
  assert.equal(cpuShares(1024, 256), 256);
  assert.equal(cpuShares(1024, 300), 341); // 1024 / (1024 / 300 = 3)
  assert.equal(cpuShares(2048, 128), 64);
  assert.equal(cpuShares(1024 * 1024, 128), 2);
});

test('container names keep only the characters Docker allows', () => {
  assert.equal(containerName('guest/hello world', 'r1', 3), 'ow-eval_r1_3_guest_hello_world');
  assert.match(containerName('☃', 'r1', 1), /^ow-eval_r1_1(_[a-zA-Z0-9_.-]+)?$/);
});
