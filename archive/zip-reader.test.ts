// The shared zip reader on its own: entry order and names, the UTF-8 flag, and a code for every refusal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import { ZIP_LIMITS, ZipArchive } from './zip-reader.js';

test('entries come in central-directory order and read back byte for byte, stored or deflated', () => {
  const big = new Uint8Array(100_000).map((_, i) => i % 7);
  for (const level of [0, 6] as const) {
    const archive = ZipArchive.open(
      zipSync({ 'first.wasm': big, 'dir/': new Uint8Array(), 'dir/second.txt': strToU8('two') }, { level }),
    );
    assert.deepEqual(
      archive.entries.map((e) => [e.name, e.isDirectory]),
      [
        ['first.wasm', false],
        ['dir/', true],
        ['dir/second.txt', false],
      ],
    );
    assert.deepEqual(archive.read(archive.entries[0]!), Buffer.from(big));
    assert.equal(archive.read(archive.entries[2]!).toString(), 'two');
  }
});

test('a name flagged UTF-8 is read as UTF-8', () => {
  const archive = ZipArchive.open(zipSync({ 'café ☃.txt': strToU8('x') }));
  assert.equal(archive.entries[0]!.name, 'café ☃.txt');
});

test('every refusal carries its code', () => {
  const refusals: [string, Uint8Array, string][] = [
    ['not a zip', strToU8('hello, not a zip at all'), 'ERR_ZIP_NOT_A_ZIP'],
    ['empty', zipSync({}), 'ERR_ZIP_EMPTY'],
    ['too many entries', zipSync({ a: strToU8('1'), b: strToU8('2') }), 'ERR_ZIP_TOO_MANY_ENTRIES'],
  ];
  for (const [what, bytes, code] of refusals) {
    assert.throws(() => ZipArchive.open(bytes, { ...ZIP_LIMITS, maxEntries: 1 }), { name: 'ZipError', code }, what);
  }
  const total = zipSync({ a: new Uint8Array(600), b: new Uint8Array(600) });
  assert.throws(() => ZipArchive.open(total, { ...ZIP_LIMITS, maxTotalBytes: 1000 }), { code: 'ERR_ZIP_TOO_LARGE' });
  const encrypted = Buffer.from(zipSync({ a: strToU8('1') }));
  encrypted.writeUInt16LE(1, encrypted.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 8);
  assert.throws(() => ZipArchive.open(encrypted), { code: 'ERR_ZIP_ENCRYPTED' });
  const method = Buffer.from(zipSync({ a: strToU8('1') }));
  method.writeUInt16LE(12, method.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10); // bzip2
  assert.throws(() => ZipArchive.open(method), { code: 'ERR_ZIP_UNSUPPORTED' });
});
