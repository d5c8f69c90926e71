// The wasm modules against wow's action ABI (docs/openwhisk-protocols.md §6.3): exports, imports, argv handling, bad input,
// and the hash variants built for the memory scenario.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { actions, readWasmModule } from './catalog.js';
import { buildActions } from './build.js';
import {
  compileModule,
  runWasmAction,
  runWasmActionOnBytes,
  type WasmModule,
} from '../../test-support/wasm-abi-loader.js';

interface ModuleDescriptors {
  exports(module: WasmModule): Array<{ name: string; kind: string }>;
  imports(module: WasmModule): Array<{ module: string; name: string; kind: string }>;
  customSections(module: WasmModule, name: string): ArrayBuffer[];
}
const Module = (globalThis as unknown as { WebAssembly: { Module: ModuleDescriptors } }).WebAssembly.Module;

before(async () => {
  await buildActions();
});

test('every module exports exactly the ABI (plus the Wizer init before pre-initialisation) and imports only WASI (and http.get for block)', async () => {
  for (const action of actions) {
    for (const variant of action.variants) {
      const module = compileModule(await readWasmModule(action.name, variant));
      const exports = Module.exports(module)
        .map((e) => `${e.kind} ${e.name}`)
        .sort();
      assert.deepEqual(
        exports,
        [
          'function _start',
          'function get_wasm_memory_buffer_len',
          'function get_wasm_memory_buffer_pointer',
          'function wasm_memory_buffer_allocate_space',
          // An action with a wizer variant exports its init function; Wizer removes it from the variant it makes.
          ...(action.variants.includes('wizer') && variant !== 'wizer' ? ['function wizer_initialize'] : []),
          'memory memory',
        ],
        `${action.name} ${variant}`,
      );
      const foreign = Module.imports(module)
        .filter((i) => i.module !== 'wasi_snapshot_preview1')
        .map((i) => `${i.module}.${i.name}`);
      assert.deepEqual(foreign, action.importsHttpGet ? ['http.get'] : [], `${action.name} ${variant}`);
    }
  }
});

test('block cannot be instantiated without http.get, as in wasmtime without net_access', async () => {
  const module = compileModule(await readWasmModule('block'));
  // V8 reports a missing import module as a TypeError, a missing field as a LinkError; either names the import.
  assert.throws(() => runWasmAction(module, {}, { httpGet: null }), /"http"/);
});

test('the host may put a program name before the length, as wasmer does', async () => {
  const module = compileModule(await readWasmModule('add'));
  assert.deepEqual(runWasmAction(module, { param1: 1, param2: 2 }, { argvPrefix: ['wasm-openwhisk'] }), {
    kind: 'ok',
    value: { result: 3 },
  });
});

test('more than two argv entries end the run with exit code 1 and a message on stderr', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ow-eval-abi-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const stderrPath = join(dir, 'stderr');
  const fd = openSync(stderrPath, 'w');
  const module = compileModule(await readWasmModule('noop'));
  try {
    assert.deepEqual(runWasmAction(module, {}, { argvPrefix: ['name'], argvSuffix: ['extra'], stderr: fd }), {
      kind: 'exit',
      code: 1,
    });
  } finally {
    closeSync(fd);
  }
  assert.match(readFileSync(stderrPath, 'utf8'), /Expected 1 or 2 arguments, got 3/);
});

test('params that are not JSON come back as an Err with the parser position', async () => {
  const module = compileModule(await readWasmModule('echo'));
  assert.deepEqual(runWasmActionOnBytes(module, Buffer.from('{"a":')), {
    kind: 'err',
    error: { error: 'Could not parse the params as JSON: unexpected end of JSON at position 5' },
  });
  assert.deepEqual(runWasmActionOnBytes(module, Buffer.from('{"a":1} x')), {
    kind: 'err',
    error: { error: 'Could not parse the params as JSON: unexpected character after JSON at position 8' },
  });
});

test('echo reads back what JSON.stringify wrote, including escapes the parser must undo', async () => {
  const module = compileModule(await readWasmModule('echo'));
  const text = '{"s":"\\u00e9\\ud83d\\ude00\\n\\/\\"","n":[-0,1E2,1.5e-3],"a":1,"a":2}';
  // -0 goes through JSON.stringify as 0, which is what the module is compared with.
  assert.deepEqual(runWasmActionOnBytes(module, Buffer.from(text)), {
    kind: 'ok',
    value: JSON.parse(JSON.stringify(JSON.parse(text))) as unknown,
  });
});

test('the O0 and debug variants of hash compute the same digest as the optimised one', async () => {
  const digests = [];
  for (const variant of ['O3', 'O0', 'debug'] as const) {
    digests.push(runWasmAction(compileModule(await readWasmModule('hash', variant)), { input: 'abc', iterations: 2 }));
  }
  assert.equal(digests[0]?.kind, 'ok');
  assert.deepEqual(digests[1], digests[0]);
  assert.deepEqual(digests[2], digests[0]);
});

test('only the debug variant carries a name section and a source map URL', async () => {
  const sections = async (variant: 'O3' | 'O0' | 'debug'): Promise<number[]> => {
    const module = compileModule(await readWasmModule('hash', variant));
    return [Module.customSections(module, 'name').length, Module.customSections(module, 'sourceMappingURL').length];
  };
  assert.deepEqual(await sections('O3'), [0, 0]);
  assert.deepEqual(await sections('O0'), [0, 0]);
  assert.deepEqual(await sections('debug'), [1, 1]);
});

test('echo returns numbers as the same doubles, and non-finite ones as null like JSON.stringify', async () => {
  const module = compileModule(await readWasmModule('echo'));
  const literals = [
    '0.1',
    '1.7976931348623157e308',
    '5e-324',
    '123456789.123456789',
    '-2.2250738585072014e-308',
    '1e-7',
    '0.30000000000000004',
    '9007199254740993',
    '1e21',
    '123456789012345680000',
    '4.35',
    '-0',
    '1e400',
  ];
  for (const literal of literals) {
    const text = `{"n":${literal}}`;
    assert.deepEqual(
      runWasmActionOnBytes(module, Buffer.from(text)),
      { kind: 'ok', value: JSON.parse(JSON.stringify(JSON.parse(text))) as unknown },
      literal,
    );
  }
});
