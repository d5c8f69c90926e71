import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ThrottleGate } from './throttle-gate.js';

test('no throttles means no waiting', async () => {
  const gate = new ThrottleGate({});
  assert.equal(gate.limited, false);
  assert.deepEqual(await Promise.all([1, 2, 3].map((n) => gate.run(async () => n))), [1, 2, 3]);
});

test('never more in flight than the concurrent limit minus the margin', async () => {
  const gate = new ThrottleGate({ concurrentInvocations: 3 });
  let inFlight = 0;
  let peak = 0;
  await Promise.all(
    Array.from({ length: 10 }, () =>
      gate.run(async () => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
      }),
    ),
  );
  assert.equal(peak, 2);
});

test('starts beyond the per-window limit wait for the window to move', async () => {
  const gate = new ThrottleGate({ invocationsPerMinute: 3 }, 50);
  const starts: number[] = [];
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: 4 }, () =>
      gate.run(async () => {
        starts.push(Date.now() - t0);
      }),
    ),
  );
  starts.sort((a, b) => a - b);
  assert.ok(starts[2]! >= 49 && starts[3]! >= 49, `the third and fourth wait a window: ${starts.join(', ')}`);
});
