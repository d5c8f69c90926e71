import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  abab,
  burst,
  rotated,
  floorDisagreements,
  floorMeasurement,
  formatDisagreement,
  type FloorMeasurement,
} from './floor.js';
import {
  exportMeasured,
  formatRatioTable,
  importMeasured,
  reportDesignSplit,
  reportFloorOnly,
  reportRatio,
} from './ratios.js';

/** A clock that advances only when an arm says so: each arm's "duration" is what it adds. */
function fakeClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

test('abab calls the arms call by call in the given order after a settle each, warm-up rounds first, and keeps only the later rounds, settles untimed', async () => {
  const clock = fakeClock();
  const calls: string[] = [];
  let round = 0;
  // The settle before every call takes 1,000 ms on this clock: it must not count in any sample.
  const settle = async () => {
    calls.push('s');
    clock.advance(1000);
  };
  const out = await abab(
    {
      a: async () => {
        calls.push('a');
        clock.advance(10 + round);
      },
      b: async () => {
        calls.push('b');
        clock.advance(1 + round);
        round++;
      },
    },
    3,
    2,
    { now: clock.now, settle },
  );
  assert.deepEqual(calls, [
    's',
    'a',
    's',
    'b',
    's',
    'a',
    's',
    'b',
    's',
    'a',
    's',
    'b',
    's',
    'a',
    's',
    'b',
    's',
    'a',
    's',
    'b',
  ]);
  // Rounds 0 and 1 were the warm-up; the kept samples are rounds 2, 3, 4, paired index by index.
  assert.deepEqual(out.a, [12, 13, 14]);
  assert.deepEqual(out.b, [3, 4, 5]);
});

test('burst keeps every arm in flight at once until ms × arms has passed, with each client starting at its own arm', async () => {
  const inFlight = [0, 0, 0];
  const calls = [0, 0, 0];
  let allAtOnce = false;
  const arm = (k: number) => async () => {
    calls[k]!++;
    inFlight[k]!++;
    if (inFlight.every((n) => n > 0)) allAtOnce = true;
    await new Promise((resolve) => setTimeout(resolve, 2));
    inFlight[k]!--;
  };
  const began = performance.now();
  await burst([arm(0), arm(1), arm(2)], 20, 3);
  const took = performance.now() - began;
  // 20 ms per arm, three arms: one burst of 60 ms in all (not three bursts in turn, not one of 20 ms).
  assert.ok(took >= 60, `took ${took} ms`);
  assert.ok(allAtOnce, 'the three arms were never in flight together');
  assert.ok(
    calls.every((n) => n > 3),
    `every arm was called several times: ${calls.join(', ')}`,
  );
  assert.deepEqual(inFlight, [0, 0, 0]);
});

test('abab lets an arm that throws end the loop (a failed call is never a sample)', async () => {
  let calls = 0;
  await assert.rejects(
    abab(
      {
        ok: async () => void calls++,
        bad: async () => {
          throw new RangeError('answered 500');
        },
      },
      5,
      0,
    ),
    RangeError,
  );
  assert.equal(calls, 1);
});

test('rotated: each arm takes each position once every n rounds', () => {
  const arms = ['autocannon', 'plain', 'recorded'];
  assert.deepEqual(
    [0, 1, 2, 3].map((round) => rotated(arms, round)),
    [
      ['autocannon', 'plain', 'recorded'],
      ['plain', 'recorded', 'autocannon'],
      ['recorded', 'autocannon', 'plain'],
      ['autocannon', 'plain', 'recorded'],
    ],
  );
  assert.deepEqual(rotated([], 3), []);
  assert.deepEqual(arms, ['autocannon', 'plain', 'recorded']); // not modified
});

const measurement = (where: string, p50Ms: number, ci?: [number, number]): FloorMeasurement => ({
  floor: 'loopback',
  where,
  p50Ms,
  n: 500,
  ...(ci ? { ci } : {}),
});

test('floorDisagreements: the 2026-12-06 pair (0.3285 vs 0.2085 ms) disagrees; within 10 % agrees', () => {
  const early = measurement('executor', 0.3285, [0.32, 0.335]);
  const late = measurement('platform', 0.2085, [0.205, 0.212]);
  const [d, ...rest] = floorDisagreements([early, late]);
  assert.equal(rest.length, 0);
  assert.ok(d);
  assert.equal(d.a, early);
  assert.equal(d.b, late);
  assert.ok(Math.abs(d.relativeDifference - (0.3285 - 0.2085) / 0.2085) < 1e-12);
  assert.equal(d.cisOverlap, false);
  assert.match(
    formatDisagreement(d),
    /WARNING: floor loopback .* 58 % .*0\.3285 ms \(executor\) vs 0\.2085 ms \(platform\)/,
  );

  assert.deepEqual(floorDisagreements([measurement('x', 0.2), measurement('y', 0.219)]), []);
  assert.equal(floorDisagreements([measurement('x', 0.2), measurement('y', 0.221)]).length, 1);
});

test('floorDisagreements compares every pair of the same floor, reports CI overlap, and never a NaN as agreement', () => {
  const all = [measurement('a', 0.2, [0.18, 0.25]), measurement('b', 0.23, [0.2, 0.26]), measurement('c', 0.201)];
  const found = floorDisagreements(all);
  assert.deepEqual(
    found.map((d) => [d.a.where, d.b.where, d.cisOverlap]),
    [
      ['a', 'b', true],
      ['b', 'c', undefined],
    ],
  );
  assert.equal(floorDisagreements([measurement('a', 0.2), measurement('b', NaN)]).length, 1);
  assert.deepEqual(floorDisagreements([measurement('only', 0.2)]), []);
});

test('floorMeasurement takes the p50 and its CI from the samples', () => {
  const m = floorMeasurement('loopback', 'here', [0.3, 0.1, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2]);
  assert.equal(m.p50Ms, 0.2);
  assert.equal(m.n, 11);
  assert.throws(() => floorMeasurement('loopback', 'here', []), RangeError);
});

test('with one measurement of a floor the table checks nothing and says nothing about agreement', () => {
  reportRatio('run-p50', 2, '0.4 ms ÷ 0.2 ms', measurement('executor, ABAB with warm /run', 0.2));
  const table = formatRatioTable();
  assert.equal(table.checked, false);
  assert.deepEqual(table.disagreements, []);
  assert.doesNotMatch(table.text, /WARNING|agree within/);
});

test('the ratio table prints each floor beside its ratio and marks ratios on a disagreeing floor', () => {
  reportRatio('run-p50', 1.2, '0.395 ms ÷ 0.329 ms', measurement('executor, ABAB with warm /run', 0.33));
  reportRatio('platform-p50', 4.43, '0.924 ms ÷ 0.209 ms', measurement('platform, interleaved', 0.21));
  reportRatio('run-tail', 2.82, '1.1 ms ÷ 0.395 ms', 'its own p50 0.395 ms');
  const table = formatRatioTable();
  const run = table.rows.find((r) => r.ratio === 'executor warm /run p50 ÷ loopback empty-handler p50')!;
  assert.equal(run.verdict, 'met (floor suspect)');
  assert.equal(run.floor, 'loopback 0.3300 ms (executor, ABAB with warm /run)');
  const tail = table.rows.find((r) => r.ratio === 'executor warm /run p99 ÷ its p50')!;
  assert.equal(tail.verdict, 'not met');
  assert.equal(tail.floor, 'its own p50 0.395 ms');
  assert.equal(table.disagreements.length, 1);
  assert.equal(table.checked, true);
  assert.match(table.text, /WARNING: floor loopback/);
  assert.match(table.text, /loopback 0\.2100 ms \(platform, interleaved\)/);
});

test('a design split reports shape ÷ loopback and numerator ÷ shape as breakdown rows whose product is the goal ratio, and its floors enter the agreement check', () => {
  const samples = (ms: number): number[] => Array.from({ length: 11 }, () => ms);
  const loopback = floorMeasurement('loopback', 'executor', samples(0.1));
  const thread = floorMeasurement('loopback+thread', 'executor', samples(0.2));
  reportRatio('run-p50', 4, '0.4 ms ÷ 0.1 ms', loopback);
  // The table is the process's: the tests above left a platform loopback of 0.21 ms, which would disagree.
  reportRatio('platform-p50', 8, '0.8 ms ÷ 0.1 ms', floorMeasurement('loopback', 'platform', samples(0.1)));
  reportDesignSplit(
    'run',
    samples(0.4),
    { samplesMs: samples(0.2), floor: thread },
    { samplesMs: samples(0.1), floor: loopback },
  );
  // The same thread floor measured in the platform area, 30 % higher: the check must see it.
  reportFloorOnly(floorMeasurement('loopback+thread', 'platform', samples(0.26)));
  const table = formatRatioTable();
  const row = (start: string) => table.rows.find((r) => String(r.ratio).startsWith(start))!;
  const design = row('  of which the design: loopback + thread');
  const own = row("  of which the executor's code");
  assert.equal(design.now, '2.00');
  assert.equal(own.now, '2.00');
  assert.equal(Number(design.now) * Number(own.now), Number(row('executor warm /run p50 ÷ loopback').now));
  assert.equal(design.goal, '');
  assert.equal(design.verdict, 'breakdown');
  assert.equal(own.verdict, 'breakdown (floor suspect)');
  assert.ok(table.disagreements.some((d) => d.floor === 'loopback+thread'));
  assert.match(table.text, /WARNING: floor loopback\+thread measured twice/);
});

test('what an area measured survives the trip out of its process (exported, sent as JSON, imported): the same table, each floor once', () => {
  const before = formatRatioTable();
  assert.ok(before.floors.length > 0, 'the tests above left measurements to carry');
  importMeasured(JSON.parse(JSON.stringify(exportMeasured())) as ReturnType<typeof exportMeasured>);
  const after = formatRatioTable();
  assert.deepEqual(after.rows, before.rows);
  assert.deepEqual(after.floors, before.floors);
  assert.deepEqual(after.disagreements, before.disagreements);
});
