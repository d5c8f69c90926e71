// Each action in both forms, run directly: the wasm module through a minimal node:wasi host that follows wow's ABI,
// the JavaScript twin by calling its `main`. Both must give the expected outcome for the same params.
import { createHash } from 'node:crypto';
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ActionName, readWasmModule } from './catalog.js';
import { buildActions } from './build.js';
import { compileModule, runWasmAction, type WasmModule, type WasmOutcome } from '../../test-support/wasm-abi-loader.js';
import { loadJsTwin, runJsTwin, type JsOutcome } from '../../test-support/js-twin-loader.js';

type Outcome = WasmOutcome | JsOutcome;
interface Case {
  action: ActionName;
  title: string;
  params: Record<string, unknown>;
  expected: Outcome;
}

const ok = (value: unknown): Outcome => ({ kind: 'ok', value });
const err = (message: string): Outcome => ({ kind: 'err', error: { error: message } });

/** The independent oracle for `hash`: node:crypto, chained exactly as the actions define it. */
function referenceHash(input: string, iterations: number): string {
  let digest = createHash('sha256').update(input, 'utf8').digest();
  for (let i = 1; i < iterations; i++) digest = createHash('sha256').update(digest).digest();
  return digest.toString('hex');
}

// FIPS 180-2 appendix B and the NIST example values for SHA-256.
const fipsVectors: Array<[string, string, string]> = [
  ['"abc"', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ['the empty string', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  [
    'the 448-bit message',
    'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  ],
  [
    'the 896-bit message',
    'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
    'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
  ],
  ['one million "a"', 'a'.repeat(1_000_000), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
];

const echoParams = {
  hello: 'world',
  numbers: [0, -1, 2.5, 1e-7, 1e21, 9007199254740991],
  flags: [true, false, null],
  nested: { a: { b: [{}, []] } },
  text: 'quote " backslash \\ newline \n tab \t control \u0001 accent é emoji 😀',
};

const cases: Case[] = [
  { action: 'noop', title: 'returns {}', params: {}, expected: ok({}) },
  { action: 'noop', title: 'ignores its params', params: { x: 1 }, expected: ok({}) },
  { action: 'echo', title: 'returns its params, escapes and all', params: echoParams, expected: ok(echoParams) },
  { action: 'echo', title: 'returns empty params', params: {}, expected: ok({}) },
  { action: 'add', title: 'adds 2 and 2', params: { param1: 2, param2: 2 }, expected: ok({ result: 4 }) },
  { action: 'add', title: 'adds negative numbers', params: { param1: -7, param2: 3 }, expected: ok({ result: -4 }) },
  { action: 'add', title: 'wants param1', params: {}, expected: err('Expected param1.') },
  { action: 'add', title: 'wants param2', params: { param1: 1 }, expected: err('Expected param2.') },
  {
    action: 'add',
    title: 'refuses a string param1',
    params: { param1: '2', param2: 2 },
    expected: err('Expected param1 to be i64'),
  },
  {
    action: 'add',
    title: 'refuses a fractional param2',
    params: { param1: 1, param2: 2.5 },
    expected: err('Expected param2 to be i64'),
  },
  ...fipsVectors.map(([title, input, digest]): Case => ({
    action: 'hash',
    title: `matches the FIPS 180-2 digest of ${title}`,
    params: { input, iterations: 1 },
    expected: ok({ digest, iterations: 1 }),
  })),
  // Messages that end right at and around the padding boundaries (55/56 bytes: one or two final blocks).
  ...[55, 56, 63, 64, 65, 119, 120].map((length): Case => ({
    action: 'hash',
    title: `matches node:crypto for a ${length}-byte message`,
    params: { input: 'x'.repeat(length), iterations: 1 },
    expected: ok({ digest: referenceHash('x'.repeat(length), 1), iterations: 1 }),
  })),
  {
    action: 'hash',
    title: 'hashes the UTF-8 bytes of the input',
    params: { input: 'héllo € 😀', iterations: 1 },
    expected: ok({ digest: referenceHash('héllo € 😀', 1), iterations: 1 }),
  },
  {
    action: 'hash',
    title: 'iterates over the previous digest',
    params: { input: 'abc', iterations: 3 },
    expected: ok({ digest: referenceHash('abc', 3), iterations: 3 }),
  },
  {
    action: 'hash',
    title: 'defaults to input "ow-eval" and 1000 iterations',
    params: {},
    expected: ok({ digest: referenceHash('ow-eval', 1000), iterations: 1000 }),
  },
  {
    action: 'hash',
    title: 'refuses zero iterations',
    params: { iterations: 0 },
    expected: err('Expected iterations to be an integer between 1 and 100000000'),
  },
  {
    action: 'hash',
    title: 'refuses fractional iterations',
    params: { iterations: 1.5 },
    expected: err('Expected iterations to be an integer between 1 and 100000000'),
  },
  {
    action: 'hash',
    title: 'refuses a non-string input',
    params: { input: 5 },
    expected: err('Expected input to be a string'),
  },
  ...(
    [
      [0, 0],
      [1, 0],
      [2, 1],
      [100, 25],
      [1_000_000, 78498],
    ] as const
  ).map(([upperBound, count]): Case => ({
    action: 'prime',
    title: `counts ${count} primes up to ${upperBound}`,
    params: { upperBound },
    expected: ok({ count, upperBound }),
  })),
  {
    action: 'prime',
    title: 'defaults to upperBound 1000000',
    params: {},
    expected: ok({ count: 78498, upperBound: 1_000_000 }),
  },
  {
    action: 'prime',
    title: 'refuses a negative upperBound',
    params: { upperBound: -1 },
    expected: err('Expected upperBound to be an integer between 0 and 100000000'),
  },
  {
    action: 'memory',
    title: 'touches every page of 2 MiB',
    params: { mb: 2 },
    expected: ok({ mb: 2, pages: 512, checksum: 512 }),
  },
  {
    action: 'memory',
    title: 'allocates nothing for 0 MiB',
    params: { mb: 0 },
    expected: ok({ mb: 0, pages: 0, checksum: 0 }),
  },
  {
    action: 'memory',
    title: 'refuses more than 4000 MiB',
    params: { mb: 4001 },
    expected: err('Expected mb to be an integer between 0 and 4000'),
  },
  {
    action: 'fail',
    title: 'returns an application error',
    params: {},
    expected: err('fail: this action always fails'),
  },
];

const modules = new Map<ActionName, WasmModule>();

before(async () => {
  await buildActions(); // incremental: compiles only what changed since the last build
  for (const name of new Set(cases.map((c) => c.action)).add('trap').add('block')) {
    modules.set(name, compileModule(await readWasmModule(name)));
  }
});

function runWasm(name: ActionName, params: Record<string, unknown>): WasmOutcome {
  const module = modules.get(name);
  assert.ok(module, `no module for ${name}`);
  return runWasmAction(module, params);
}

describe('both forms give the same outcome', () => {
  for (const c of cases) {
    test(`${c.action} ${c.title}`, async () => {
      const wasm = runWasm(c.action, c.params);
      const js = await runJsTwin(await loadJsTwin(c.action), c.params);
      assert.deepEqual(wasm, c.expected, 'wasm');
      assert.deepEqual(js, c.expected, 'js');
    });
  }
});

test('trap traps in wasm and throws in JavaScript', async () => {
  const wasm = runWasm('trap', {});
  assert.equal(wasm.kind, 'trap');
  assert.match((wasm as { message: string }).message, /unreachable/);
  assert.deepEqual(await runJsTwin(await loadJsTwin('trap'), {}), {
    kind: 'trap',
    message: 'trap: this action always crashes',
  });
});

test('block takes at least 300 ms in both forms and reports it', async () => {
  const check = (outcome: Outcome, elapsed: number, form: string): void => {
    assert.ok(elapsed >= 299, `${form} returned after ${elapsed.toFixed(1)} ms`);
    assert.equal(outcome.kind, 'ok', form);
    const sleptMs = (outcome as { value: { sleep_ms: number } }).value.sleep_ms;
    assert.ok(sleptMs >= 299 && sleptMs <= elapsed + 1, `${form} reported sleep_ms ${sleptMs}`);
  };
  let started = performance.now();
  const wasm = runWasm('block', {});
  check(wasm, performance.now() - started, 'wasm');
  started = performance.now();
  const js = await runJsTwin(await loadJsTwin('block'), {});
  check(js, performance.now() - started, 'js');
});
