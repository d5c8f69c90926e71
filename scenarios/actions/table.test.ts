// The heavy-initialisation pair: the wasm module (plain and Wizer-pre-initialised) and the JavaScript twin must give
// the same outputs; the entry values are checked against an independent BigInt formulation of the definition.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readWasmModule } from './catalog.js';
import { buildActions } from './build.js';
import { WIZER_INIT_FUNCTION } from './wizer.js';
import { compileModule, runWasmAction, type WasmModule } from '../../test-support/wasm-abi-loader.js';
import { loadJsTwin, runJsTwin, type ActionMain } from '../../test-support/js-twin-loader.js';

const ENTRIES = 1 << 20;

/** table[key] by the definition, in BigInt arithmetic mod 2^32 (not the u32 tricks either form uses). */
function referenceEntry(key: number): number {
  const m = 1n << 32n;
  let x = BigInt(key);
  for (let r = 0n; r < 32n; r++) x = ((((x ^ (x >> 15n)) * 0x2c1b3c6dn) % m) + r) % m;
  return Number(x);
}

describe('table (heavy initialisation) in every form', () => {
  let plain: WasmModule;
  let wizer: WasmModule;
  let wizerBytes: Buffer;
  let twin: ActionMain;
  before(async () => {
    await buildActions();
    plain = compileModule(await readWasmModule('table'));
    wizerBytes = await readWasmModule('table', 'wizer');
    wizer = compileModule(wizerBytes);
    twin = await loadJsTwin('table');
  });

  for (const key of [0, 1, 12345, 65536, ENTRIES - 1]) {
    test(`key ${key}: wasm, wasm · wizer and the JavaScript twin agree, and the value is the definition's`, async () => {
      const fromPlain = runWasmAction(plain, { key });
      const fromWizer = runWasmAction(wizer, { key });
      const fromTwin = await runJsTwin(twin, { key });
      assert.equal(fromPlain.kind, 'ok');
      assert.deepEqual(fromWizer, fromPlain);
      assert.deepEqual(fromTwin, fromPlain);
      const value = (fromPlain as { value: { key: number; value: number; checksum: number } }).value;
      assert.equal(value.key, key);
      assert.equal(value.value, referenceEntry(key));
      assert.ok(Number.isInteger(value.checksum) && value.checksum >= 0 && value.checksum < 2 ** 32);
    });
  }

  test('the default key is 12345; a key out of range is an application error in every form', async () => {
    assert.deepEqual(runWasmAction(plain, {}), runWasmAction(plain, { key: 12345 }));
    const message = { error: `Expected key to be an integer between 0 and ${ENTRIES - 1}` };
    for (const params of [{ key: ENTRIES }, { key: -1 }, { key: 1.5 }, { key: 'a' }]) {
      assert.deepEqual(runWasmAction(plain, params), { kind: 'err', error: message });
      assert.deepEqual(runWasmAction(wizer, params), { kind: 'err', error: message });
      assert.deepEqual(await runJsTwin(twin, params), { kind: 'err', error: message });
    }
  });

  test('the wizer module carries the built table in its data and no longer exports the init function', () => {
    // 2^20 u32 entries are 4 MiB of data segments; the plain module is about 24 KiB and builds them at run time.
    assert.ok(wizerBytes.byteLength > 4 * ENTRIES, `wizer module is ${wizerBytes.byteLength} bytes`);
    const exportsOf = (module: WasmModule): string[] =>
      (WebAssembly.Module.exports(module as WebAssembly.Module) as Array<{ name: string }>).map((e) => e.name);
    assert.ok(exportsOf(plain).includes(WIZER_INIT_FUNCTION));
    assert.ok(!exportsOf(wizer).includes(WIZER_INIT_FUNCTION));
    assert.ok(exportsOf(wizer).includes('_start'));
  });
});
