// The build's outputs as the platforms take them, the incremental rebuild, and the printed table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { actions, jsZipPath, readJsZip, readWasmModule, readWasmZip, wasmModulePath, wasmZipPath } from './catalog.js';
import { type BuildReport, buildActions } from './build.js';
import { formatModuleTable } from './module-table.js';

/** The name of the first local file header of a zip (offset 26: name length, 28: extra length, 30: name). */
function firstEntryName(zip: Uint8Array): string {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  assert.equal(view.getUint32(0, true), 0x04034b50, 'not a zip: no local file header at offset 0');
  return Buffer.from(zip.subarray(30, 30 + view.getUint16(26, true))).toString('utf8');
}

test('a second build right after the first rebuilds nothing', async () => {
  await buildActions();
  const again = await buildActions();
  assert.deepEqual(
    again.artifacts.filter((artifact) => artifact.rebuilt).map((artifact) => artifact.path),
    [],
  );
  assert.equal(
    again.artifacts.length,
    actions.reduce((sum, action) => sum + action.variants.length, 0) + actions.length,
  );
});

test('every wasm zip holds the module as its first entry, byte for byte', async () => {
  for (const action of actions) {
    for (const variant of action.variants) {
      const zip = await readWasmZip(action.name, variant);
      const module = await readWasmModule(action.name, variant);
      const entry = firstEntryName(zip);
      assert.equal(entry, wasmModulePath(action.name, variant).split('/').pop());
      assert.deepEqual(Buffer.from(unzipSync(zip)[entry]!), module, `${action.name} ${variant}`);
      assert.equal(zip.length, (await readFile(wasmZipPath(action.name, variant))).length);
    }
  }
});

test('every JavaScript zip has an index.js that exports main, as a Node.js zip action needs', async () => {
  for (const action of actions) {
    const zip = await readJsZip(action.name);
    assert.equal(firstEntryName(zip), 'index.js', jsZipPath(action.name));
    const exported = { exports: {} as { main?: unknown } };
    evaluateCommonJs(Buffer.from(unzipSync(zip)['index.js']!).toString('utf8'), exported);
    assert.equal(typeof exported.exports.main, 'function', action.name);
  }
  const add = { exports: {} as { main: (params: object) => unknown } };
  evaluateCommonJs(Buffer.from(unzipSync(await readJsZip('add'))['index.js']!).toString('utf8'), add);
  assert.deepEqual(add.exports.main({ param1: 1, param2: 2 }), { result: 3 });
});

/** Runs a CommonJS index.js with its own `module` and `exports`, to see what it exports. */
function evaluateCommonJs(source: string, module: { exports: object }): void {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- compiling the built action is what this test checks
  const body = new Function('module', 'exports', source) as (module: object, exports: object) => void;
  body(module, module.exports);
}

test('the module table has one row per artifact and right-aligned sizes', () => {
  const report: BuildReport = {
    buildDir: '/repo/scenarios/actions/build',
    millis: 5820,
    artifacts: [
      {
        action: 'hash',
        form: 'wasm',
        variant: 'O3',
        path: '/b/hash.wasm',
        bytes: 26321,
        zipPath: '/b/hash.zip',
        zipBytes: 12686,
        rebuilt: true,
        millis: 1234.4,
      },
      {
        action: 'hash',
        form: 'wasm',
        variant: 'debug',
        path: '/b/hash.debug.wasm',
        bytes: 46484,
        zipPath: '/b/hash.debug.zip',
        zipBytes: 20933,
        rebuilt: false,
        millis: 0,
      },
      {
        action: 'noop',
        form: 'js',
        variant: 'source',
        path: '/s/noop.js',
        bytes: 140,
        zipPath: '/b/noop.js.zip',
        zipBytes: 249,
        rebuilt: true,
        millis: 0,
      },
    ],
  };
  assert.equal(
    formatModuleTable(report, '/repo'),
    [
      'action  form  variant  file             bytes  zip bytes  build',
      'hash    wasm  O3       hash.wasm        26321      12686  compiled 1234 ms',
      'hash    wasm  debug    hash.debug.wasm  46484      20933  up to date',
      'noop    js    source   noop.js            140        249  zipped',
      '',
      '3 artifacts in scenarios/actions/build (2 rebuilt) in 5.8 s',
      '',
    ].join('\n'),
  );
});
