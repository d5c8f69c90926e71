// Code loading: the memory cap, zip entry names, ABI recognition, and init's one-at-a-time rule.
import { AllowedDirs } from './allowed-dirs.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capMemory } from './wasm-binary.js';
import { compileAction } from './code.js';
import { isUnsafeEntryName } from '../archive/zip-reader.js';
import { ContainerStore } from './containers.js';
import { ActivationThreads } from './pool/pool.js';
import { fixtures, wat } from '../test-support/wat.js';

const MB = 1024 * 1024;

test('capMemory writes the limit as the memory maximum, and grow past it fails', async () => {
  const capped = capMemory(await wat(fixtures.echo), 16 * MB);
  assert.deepEqual([capped.initialPages, capped.maximumPages], [2, 256]);
  const memory = new WebAssembly.Instance(new WebAssembly.Module(capped.bytes), {
    wasi_snapshot_preview1: { fd_write: () => 0 },
  }).exports.memory as WebAssembly.Memory;
  assert.equal(memory.grow(254), 2);
  assert.throws(() => memory.grow(1), RangeError);
});

test('capMemory keeps a smaller declared maximum', async () => {
  const declared = fixtures.echo.replace('(memory (export "memory") 2)', '(memory (export "memory") 2 10)');
  assert.equal(capMemory(await wat(declared), 16 * MB).maximumPages, 10);
});

test('capMemory refuses what is not wasm, and memories it cannot cap', async () => {
  assert.throws(() => capMemory(Buffer.from('hello world'), MB), /does not start with \\0asm/);
  const imported = await wat(fixtures.importedMemory);
  assert.throws(() => capMemory(imported, MB), /imports its memory/);
});

const names: [string, boolean][] = [
  ['add.wasm', false],
  ['dir/add.wasm', false],
  ['a..b.wasm', false],
  ['../add.wasm', true],
  ['dir/../../add.wasm', true],
  ['/etc/passwd', true],
  ['dir\\..\\x', true],
  ['C:/x', true],
];
for (const [name, unsafe] of names) {
  test(`zip entry '${name}' is ${unsafe ? 'refused' : 'accepted'}`, () =>
    assert.equal(isUnsafeEntryName(name), unsafe));
}

test('ABI recognition: wow exports, or a WASI command', async () => {
  assert.equal((await compileAction(await wat(fixtures.echo), 256 * MB)).abi, 'wow');
  assert.equal((await compileAction(await wat(fixtures.commandEcho), 256 * MB)).abi, 'wasi-command');
  assert.equal((await compileAction(await wat(fixtures.block), 256 * MB)).importsHttpGet, true);
});

test('a second init of an id while the first is in flight is refused with ERR_BUSY', async (t) => {
  const pool = new ActivationThreads({ cpuSlots: 1, spare: 0 });
  t.after(() => pool.close());
  const store = new ContainerStore(pool, AllowedDirs.resolve([]));
  const code = Buffer.from(await wat(fixtures.echo)).toString('base64');
  const first = store.init('x', { code });
  await assert.rejects(store.init('x', { code }), {
    code: 'ERR_BUSY',
    message: 'Container x is already being initialized.',
  });
  await first;
  assert.ok(store.get('x'));
  await store.init('x', { code }); // once the first is done, a re-init replaces the module, as wow does
});

test('CodeCache: the same code and limit load once; another limit, a failure or an evicted entry load again', async () => {
  const { CodeCache } = await import('./code.js');
  const cache = new CodeCache(2);
  const echo = Buffer.from(await wat(fixtures.echo)).toString('base64');
  const first = await cache.load(echo, 16 * MB);
  assert.equal(await cache.load(echo, 16 * MB), first, 'a hit returns the loaded code');
  const bigger = await cache.load(echo, 32 * MB);
  assert.notEqual(bigger, first, 'the memory limit is part of the key');
  const maxPages = (code: typeof first) => {
    const memory = new WebAssembly.Instance(code.module, { wasi_snapshot_preview1: { fd_write: () => 0 } }).exports
      .memory as WebAssembly.Memory;
    for (let pages = memory.grow(0); ; pages++) {
      try {
        memory.grow(1);
      } catch {
        return pages; // the first grow past the cap fails
      }
    }
  };
  assert.equal(maxPages(bigger), 512);
  assert.equal(maxPages(await cache.load(echo, 16 * MB)), 256, 'a limit change reloads with that limit');
  const broken = Buffer.from('not wasm at all').toString('base64');
  await assert.rejects(cache.load(broken, MB), /neither a zip archive nor a WebAssembly module/);
  await assert.rejects(cache.load(broken, MB), /neither a zip archive nor a WebAssembly module/);
  assert.equal(cache.size, 1, 'failures are not kept');
  const a = Buffer.from(await wat(fixtures.appError)).toString('base64');
  const b = Buffer.from(await wat(fixtures.trap)).toString('base64');
  const loadedA = await cache.load(a, MB);
  await cache.load(b, MB);
  await cache.load(echo, MB); // a third entry evicts the least recently used (a)
  assert.notEqual(await cache.load(a, MB), loadedA);
});

test('CodeCache: a code that shares the key fingerprint of a cached one is compared in full, not served', async () => {
  const { CodeCache, fingerprintOf } = await import('./code.js');
  const cache = new CodeCache();
  const echo = Buffer.from(await wat(fixtures.echo));
  // A custom section long enough that the base64 has characters the fingerprint does not sample.
  const name = Buffer.from('pad');
  const payload = Buffer.concat([Buffer.of(name.length), name, Buffer.alloc(3000, 0x41)]);
  const padded = Buffer.concat([echo, Buffer.of(0, 0x80 | (payload.length & 0x7f), payload.length >> 7), payload]);
  const text = padded.toString('base64');
  const changedAt = (i: number): string => text.slice(0, i) + (text[i] === 'B' ? 'C' : 'B') + text.slice(i + 1);
  let unsampled = Math.floor(text.length / 2);
  while (fingerprintOf(changedAt(unsampled)) !== fingerprintOf(text)) unsampled++;
  const twin = changedAt(unsampled);
  assert.notEqual(twin, text);
  const first = await cache.load(text, MB);
  const second = await cache.load(twin, MB);
  assert.notEqual(second, first, 'different code text, same fingerprint: compiled again');
  assert.equal(cache.hits, 0);
  assert.equal(await cache.load(twin, MB), second, 'and the newer one is then served');
  assert.equal(cache.hits, 1);
});
