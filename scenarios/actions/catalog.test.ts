// The catalog other folders rely on: every action has both sources, distinct paths, and a helpful error when unbuilt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import {
  actionNames,
  actions,
  getAction,
  isActionName,
  jsSourcePath,
  wasmModulePath,
  wasmSourcePath,
  wasmZipPath,
} from './catalog.js';

test('every action in the catalog has an AssemblyScript source and a JavaScript twin', () => {
  assert.deepEqual(
    actions.map((action) => action.name),
    [...actionNames],
  );
  for (const name of actionNames) {
    assert.ok(existsSync(wasmSourcePath(name)), wasmSourcePath(name));
    assert.ok(existsSync(jsSourcePath(name)), jsSourcePath(name));
    assert.ok(getAction(name).variants.includes('O3'), `${name} has no optimised build`);
  }
});

test('module and zip paths never collide across actions and variants', () => {
  const paths = actions.flatMap((action) =>
    action.variants.flatMap((variant) => [wasmModulePath(action.name, variant), wasmZipPath(action.name, variant)]),
  );
  assert.equal(new Set(paths).size, paths.length);
  assert.match(wasmModulePath('hash', 'O0'), /build\/hash\.O0\.wasm$/);
  assert.match(wasmModulePath('hash'), /build\/hash\.wasm$/);
});

test('isActionName accepts catalog names only', () => {
  assert.equal(isActionName('hash'), true);
  assert.equal(isActionName('sha'), false);
  assert.equal(isActionName('toString'), false);
});
