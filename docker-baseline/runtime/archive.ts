// Unpacks an action archive (zip or tar.gz) into a folder, with nothing but node:zlib.
// The reference runtime shells out to `unzip`/`tar`; this reads the formats itself so that every entry's path is
// checked before anything is written: no `..`, no absolute paths, no symlinks or hard links (zip-slip).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export type ArchiveKind = 'zip' | 'tar.gz' | 'unsupported';

/** Total bytes an archive may unpack to; a bigger one is treated as a zip bomb. */
const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;

/** The reference runtime's magic-number check (runner.js detectFileType). */
export function detectArchiveKind(bytes: Buffer): ArchiveKind {
  const magic = bytes.subarray(0, 4).toString('hex');
  if (magic === '504b0304') return 'zip';
  if (magic === '1f8b0808' || magic === '1f8b0800') return 'tar.gz';
  return 'unsupported';
}

export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
}

/** Unpacks `bytes` into `dir` (which must exist). Throws ArchiveError with a message fit for the activation log. */
export function extractArchive(bytes: Buffer, kind: 'zip' | 'tar.gz', dir: string): void {
  const root = path.resolve(dir);
  if (kind === 'zip') extractZip(bytes, root);
  else extractTarGz(bytes, root);
}

function safeTarget(root: string, name: string): string {
  const clean = name.replace(/\/+$/, '');
  if (clean === '' || clean.includes('\0') || clean.includes('\\') || path.isAbsolute(clean) || /^[A-Za-z]:/.test(clean)) {
    throw new ArchiveError(`entry '${name}' has an absolute or invalid path`);
  }
  if (clean.split('/').includes('..')) throw new ArchiveError(`entry '${name}' escapes the action folder`);
  const target = path.resolve(root, clean);
  if (!target.startsWith(root + path.sep)) throw new ArchiveError(`entry '${name}' escapes the action folder`);
  return target;
}

function writeEntry(root: string, name: string, data: Buffer | undefined): void {
  const target = safeTarget(root, name);
  if (data === undefined) {
    mkdirSync(target, { recursive: true });
    return;
  }
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, data, { mode: 0o644 });
}

// --- zip: read the central directory, then each local header (APPNOTE.TXT §4.3) ---

function extractZip(zip: Buffer, root: string): void {
  const eocd = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  let unpacked = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw new ArchiveError('corrupt central directory');
    const madeBy = zip.readUInt16LE(at + 4) >> 8;
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const packedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const unixMode = zip.readUInt32LE(at + 38) >>> 16;
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;

    if (flags & 0x1) throw new ArchiveError(`entry '${name}' is encrypted`);
    if (madeBy === 3 && (unixMode & 0o170000) === 0o120000) throw new ArchiveError(`entry '${name}' is a symbolic link`);
    if (packedSize === 0xffffffff || size === 0xffffffff || local === 0xffffffff) throw new ArchiveError('zip64 archives are not supported');
    unpacked += size;
    if (unpacked > MAX_UNPACKED_BYTES) throw new ArchiveError(`archive unpacks to more than ${MAX_UNPACKED_BYTES} bytes`);
    if (name.endsWith('/')) {
      writeEntry(root, name, undefined);
      continue;
    }
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) throw new ArchiveError(`corrupt local header for '${name}'`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const packed = zip.subarray(start, start + packedSize);
    if (packed.length !== packedSize) throw new ArchiveError(`entry '${name}' is truncated`);
    let data: Buffer;
    if (method === 0) data = Buffer.from(packed);
    else if (method === 8) data = inflate(packed, size, name);
    else throw new ArchiveError(`entry '${name}' uses unsupported compression method ${method}`);
    if (data.length !== size || zlib.crc32(data) !== crc) throw new ArchiveError(`entry '${name}' fails its size or CRC check`);
    writeEntry(root, name, data);
  }
}

function inflate(packed: Buffer, size: number, name: string): Buffer {
  try {
    return zlib.inflateRawSync(packed, { maxOutputLength: Math.max(size, 1) });
  } catch (error) {
    throw new ArchiveError(`entry '${name}' cannot be inflated: ${(error as Error).message}`);
  }
}

function findEndOfCentralDirectory(zip: Buffer): number {
  const lowest = Math.max(0, zip.length - 22 - 0xffff);
  for (let at = zip.length - 22; at >= lowest; at--) {
    if (zip.readUInt32LE(at) === 0x06054b50) return at;
  }
  throw new ArchiveError('no end of central directory record (not a complete zip file)');
}

// --- tar.gz: ustar headers, with pax `path=` and GNU long names ---

function extractTarGz(gz: Buffer, root: string): void {
  let tar: Buffer;
  try {
    tar = zlib.gunzipSync(gz, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (error) {
    throw new ArchiveError(`cannot gunzip: ${(error as Error).message}`);
  }
  let at = 0;
  let longName: string | undefined;
  while (at + 512 <= tar.length) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    if (!Number.isSafeInteger(size) || size < 0) throw new ArchiveError('corrupt tar header');
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    const data = tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    longName = undefined;
    if (type === 'L') longName = data.toString('utf8').replace(/\0.*$/s, '');
    else if (type === 'x') longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1];
    else if (type === 'g') continue;
    else if (type === '0' || type === '\0' || type === '7') writeEntry(root, name, Buffer.from(data));
    else if (type === '5') writeEntry(root, name, undefined);
    else throw new ArchiveError(`entry '${name}' has tar type '${type}' (links and devices are not allowed)`);
  }
}

function field(header: Buffer, offset: number, length: number): string {
  return header.toString('utf8', offset, offset + length).replace(/\0.*$/s, '');
}
