// Which kind wasm actions are deployed as, from the target's `GET /`: the fork's wasm:0.1 when listed, else blackbox
// actions of the executor image, and a clear failure (naming both ways out) when the target offers neither.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseWasmDelivery, checkBaselineKind, listedKinds } from './wasm-delivery.js';
import { TargetError } from './target.js';

const entry = (kind: string) => ({
  kind,
  image: 'x',
  deprecated: false,
  default: true,
  attached: false,
  requireMain: false,
});
const vanilla = {
  description: 'OpenWhisk',
  runtimes: { nodejs: [entry('nodejs:20'), entry('nodejs:18')], python: [entry('python:3')] },
};
const fork = { ...vanilla, runtimes: { ...vanilla.runtimes, wasm: [entry('wasm:0.1')] } };

test('listedKinds flattens runtimes by family; an answer without runtimes lists nothing', () => {
  assert.deepEqual(listedKinds(fork), ['nodejs:20', 'nodejs:18', 'python:3', 'wasm:0.1']);
  assert.equal(listedKinds({ description: 'a proxy page' }), undefined);
  assert.equal(listedKinds(undefined), undefined);
});

test('the fork (wasm:0.1 listed) gets wasm:0.1; a vanilla OpenWhisk gets blackbox actions of the given image', () => {
  assert.deepEqual(chooseWasmDelivery('h', fork, 'img:1'), { kind: 'wasm:0.1', source: 'GET /' });
  assert.deepEqual(chooseWasmDelivery('h', vanilla, 'img:1'), { kind: 'blackbox', image: 'img:1', source: 'GET /' });
});

test('a wasm:0.1 family served by the executor image (any registry or tag) is told apart from the fork', () => {
  const served = {
    runtimes: { wasm: [{ ...entry('wasm:0.1'), image: 'registry.example.com:5000/ow-eval/wasm-executor:1' }] },
  };
  assert.deepEqual(chooseWasmDelivery('h', served, 'ow-eval/wasm-executor:local'), {
    kind: 'wasm:0.1',
    source: 'GET /',
    image: 'registry.example.com:5000/ow-eval/wasm-executor:1',
  });
  const forkImage = { runtimes: { wasm: [{ ...entry('wasm:0.1'), image: 'openwhisk/wasm1action:nightly' }] } };
  assert.deepEqual(chooseWasmDelivery('h', forkImage, 'ow-eval/wasm-executor:local'), {
    kind: 'wasm:0.1',
    source: 'GET /',
  });
});

test('a target whose GET / does not answer keeps wasm:0.1, and says it was assumed', () => {
  assert.equal(chooseWasmDelivery('h', undefined, 'img').source, 'assumed: GET / did not answer');
});

test('an ow-eval platform without blackbox and without wasm:0.1 fails, naming the kind and both ways to provide it', () => {
  const info = { ...vanilla, ow_eval: { kinds: ['nodejs:20'] } };
  assert.throws(
    () => chooseWasmDelivery('http://h', info, 'img'),
    (error) => {
      assert.ok(error instanceof TargetError);
      assert.equal(error.code, 'ERR_TARGET_KINDS');
      assert.match(error.message, /neither wasm:0\.1 nor blackbox/);
      assert.match(error.message, /WebAssembly fork/);
      assert.match(error.message, /executor image build/);
      return true;
    },
  );
});

test('the baseline needs nodejs:20 when the target lists its kinds', () => {
  assert.doesNotThrow(() => checkBaselineKind('h', vanilla));
  assert.doesNotThrow(() => checkBaselineKind('h', undefined));
  assert.throws(() => checkBaselineKind('h', { runtimes: { wasm: [entry('wasm:0.1')] } }), /does not offer nodejs:20/);
});
