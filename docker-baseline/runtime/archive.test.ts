// Archive extraction: the formats the reference accepts, and every way an entry could escape its folder.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { buffer } from 'node:stream/consumers';
import zlib from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { tarStream, type ContextEntry } from '../tar-context.js';
import { ArchiveError, detectArchiveKind, extractArchive } from './archive.js';
import { ZIP_LIMITS } from '../../archive/zip-reader.js';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'archive-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A zip with one entry whose name (and unix mode) we choose freely, which fflate's zipSync will not produce. */
function zipWithEntry(name: string, content: string, unixMode?: number): Buffer {
  const zip = Buffer.from(zipSync({ placeholder: strToU8(content) }, { level: 0 }));
  const placeholder = Buffer.from('placeholder');
  const patched = Buffer.from(
    zip.toString('latin1').replaceAll('placeholder', name.padEnd(placeholder.length, '_').slice(0, 11)),
    'latin1',
  );
  if (name.length !== placeholder.length) throw new Error('test helper needs an 11-character name');
  if (unixMode !== undefined) {
    const central = patched.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    patched.writeUInt16LE((3 << 8) | 20, central + 4); // made by Unix
    patched.writeUInt32LE((unixMode << 16) >>> 0, central + 38);
  }
  return patched;
}

test('a zip unpacks into its folder, nested paths included', (t) => {
  const dir = tempDir(t);
  const zip = Buffer.from(
    zipSync({ 'index.js': strToU8('exports.main = () => 1'), 'lib/util.js': strToU8('x'), 'empty/': new Uint8Array() }),
  );
  assert.equal(detectArchiveKind(zip), 'zip');
  extractArchive(zip, 'zip', dir);
  assert.equal(readFileSync(path.join(dir, 'index.js'), 'utf8'), 'exports.main = () => 1');
  assert.equal(readFileSync(path.join(dir, 'lib/util.js'), 'utf8'), 'x');
});

for (const name of ['../evil.txt', '/etc/evilxx', 'a/../../e.x', 'C:/evil.txt', 'ab\\..\\evil1']) {
  test(`a zip entry named '${name}' is rejected and nothing is written outside`, (t) => {
    const dir = tempDir(t);
    const inner = path.join(dir, 'inner');
    assert.throws(() => extractArchive(zipWithEntry(name, 'pwned'), 'zip', (mkdirSync(inner), inner)), {
      name: 'ArchiveError',
      code: 'ERR_ARCHIVE_UNSAFE_ENTRY',
    });
    assert.equal(existsSync(path.join(dir, 'evil.txt')), false);
  });
}

test('a zip bomb is refused from its declared sizes, before anything is inflated or written', (t) => {
  const dir = tempDir(t);
  const zip = Buffer.from(zipSync({ 'index.js': strToU8('x'), 'bomb.bin': new Uint8Array(1024) }));
  const central = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  zip.writeUInt32LE(ZIP_LIMITS.maxEntryBytes + 1, central + 24); // bomb.bin claims more than one entry may hold
  assert.throws(() => extractArchive(zip, 'zip', dir), { code: 'ERR_ARCHIVE_TOO_LARGE' });
  assert.equal(existsSync(path.join(dir, 'index.js')), false, 'nothing is written when any entry is refused');
});

test('an entry that inflates to more than it declares is refused', (t) => {
  const dir = tempDir(t);
  const zip = Buffer.from(zipSync({ 'index.js': new Uint8Array(100_000) }));
  const central = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  zip.writeUInt32LE(1000, central + 24);
  assert.throws(() => extractArchive(zip, 'zip', dir), {
    code: 'ERR_ARCHIVE_DAMAGED',
    message: /inflates to more than its declared size/,
  });
});

test('a zip with more entries than the limit is refused', (t) => {
  const dir = tempDir(t);
  const files = Object.fromEntries(
    Array.from({ length: ZIP_LIMITS.maxEntries + 1 }, (_, i) => [`f${i}`, new Uint8Array()]),
  );
  assert.throws(() => extractArchive(Buffer.from(zipSync(files, { level: 0 })), 'zip', dir), {
    code: 'ERR_ARCHIVE_TOO_LARGE',
  });
});

test('a zip whose data fails its CRC-32 is refused', (t) => {
  const dir = tempDir(t);
  const zip = Buffer.from(zipSync({ 'index.js': strToU8('exports.main = () => 1') }, { level: 0 }));
  zip[zip.indexOf('exports')] = 'E'.charCodeAt(0);
  assert.throws(() => extractArchive(zip, 'zip', dir), { code: 'ERR_ARCHIVE_DAMAGED', message: /CRC-32/ });
});

test('a zip entry that is a symbolic link is rejected', (t) => {
  const dir = tempDir(t);
  assert.throws(() => extractArchive(zipWithEntry('link-to-etc', '/etc', 0o120777), 'zip', dir), {
    code: 'ERR_ARCHIVE_UNSAFE_ENTRY',
    message: /symbolic link/,
  });
});

test('a corrupt zip is an ArchiveError, not a crash', (t) => {
  const dir = tempDir(t);
  const zip = Buffer.from(zipSync({ 'index.js': strToU8('exports.main = () => 1'.repeat(50)) }));
  const truncated = zip.subarray(0, zip.length - 30);
  assert.throws(() => extractArchive(truncated, 'zip', dir), ArchiveError);
});

test('a tar.gz unpacks, and a tar symlink or ../ entry is rejected', async (t) => {
  const dir = tempDir(t);
  const tgz = async (entries: ContextEntry[]): Promise<Buffer> => zlib.gzipSync(await buffer(tarStream(entries)));
  const good = await tgz([{ path: 'index.js', kind: 'file', data: 'exports.main = () => 2' }]);
  assert.equal(detectArchiveKind(good), 'tar.gz');
  extractArchive(good, 'tar.gz', dir);
  assert.equal(readFileSync(path.join(dir, 'index.js'), 'utf8'), 'exports.main = () => 2');
  const escaping = await tgz([{ path: '../up.js', kind: 'file', data: 'x' }]);
  assert.throws(() => extractArchive(escaping, 'tar.gz', dir), { code: 'ERR_ARCHIVE_UNSAFE_ENTRY' });
  const link = await buffer(tarStream([{ path: 'l', kind: 'file', data: '' }]));
  link[156] = '2'.charCodeAt(0); // typeflag: symlink (the checksum is not verified by the reader)
  assert.throws(() => extractArchive(zlib.gzipSync(link), 'tar.gz', dir), /links and devices are not allowed/);
});

test('text that is not an archive is detected as unsupported', () => {
  assert.equal(detectArchiveKind(Buffer.from('Q2VjaSBuJ2VzdCBwYXMgdW4gemlwLgo=', 'base64')), 'unsupported');
});
