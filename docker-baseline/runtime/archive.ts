// Unpacks an action archive (zip or tar.gz) into a folder, with nothing but node:zlib and the project's own zip
// reader (archive/, copied into the image beside this folder). The reference runtime shells out to `unzip`/`tar`;
// this reads the formats itself so that every entry's path is checked before anything is written: no `..`, no
// absolute paths, no symlinks or hard links (zip-slip), and the zip limits of both runtimes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { isUnsafeEntryName, ZIP_LIMITS, ZipArchive, ZipError, type ZipErrorCode } from '../../archive/zip-reader.js';
import { OwEvalError } from '../../errors/ow-eval-error.js';

export type ArchiveKind = 'zip' | 'tar.gz' | 'unsupported';

/** The reference runtime's magic-number check (runner.js detectFileType). */
export function detectArchiveKind(bytes: Buffer): ArchiveKind {
  const magic = bytes.subarray(0, 4).toString('hex');
  if (magic === '504b0304') return 'zip';
  if (magic === '1f8b0808' || magic === '1f8b0800') return 'tar.gz';
  return 'unsupported';
}

export type ArchiveErrorCode =
  'ERR_ARCHIVE_DAMAGED' | 'ERR_ARCHIVE_UNSUPPORTED' | 'ERR_ARCHIVE_UNSAFE_ENTRY' | 'ERR_ARCHIVE_TOO_LARGE';

export class ArchiveError extends OwEvalError {
  declare readonly code: ArchiveErrorCode;
  constructor(code: ArchiveErrorCode, message: string) {
    super(code, message);
  }
}

/** Unpacks `bytes` into `dir` (which must exist). Throws ArchiveError with a message fit for the activation log. */
export function extractArchive(bytes: Buffer, kind: 'zip' | 'tar.gz', dir: string): void {
  const root = path.resolve(dir);
  if (kind === 'zip') extractZip(bytes, root);
  else extractTarGz(bytes, root);
}

function safeTarget(root: string, name: string): string {
  const clean = name.replace(/\/+$/, '');
  // The zip reader has checked zip names already; tar names get the same check here.
  if (clean === '' || isUnsafeEntryName(clean))
    throw new ArchiveError('ERR_ARCHIVE_UNSAFE_ENTRY', `the entry '${name}' could leave its folder`);
  const target = path.resolve(root, clean);
  if (!target.startsWith(root + path.sep))
    throw new ArchiveError('ERR_ARCHIVE_UNSAFE_ENTRY', `the entry '${name}' could leave its folder`);
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

// --- zip: the shared reader checks every entry (names, links, limits) before anything is written ---

function extractZip(zip: Buffer, root: string): void {
  try {
    const archive = ZipArchive.open(zip, ZIP_LIMITS);
    for (const entry of archive.entries)
      writeEntry(root, entry.name, entry.isDirectory ? undefined : archive.read(entry));
  } catch (error) {
    if (error instanceof ZipError) throw new ArchiveError(zipCodes[error.code], error.message);
    throw error;
  }
}

/** The shared reader's codes, as this runtime's archive codes. */
const zipCodes: Record<ZipErrorCode, ArchiveErrorCode> = {
  ERR_ZIP_NOT_A_ZIP: 'ERR_ARCHIVE_DAMAGED',
  ERR_ZIP_EMPTY: 'ERR_ARCHIVE_DAMAGED',
  ERR_ZIP_DAMAGED: 'ERR_ARCHIVE_DAMAGED',
  ERR_ZIP_CORRUPT_ENTRY: 'ERR_ARCHIVE_DAMAGED',
  ERR_ZIP_UNSUPPORTED: 'ERR_ARCHIVE_UNSUPPORTED',
  ERR_ZIP_ENCRYPTED: 'ERR_ARCHIVE_UNSUPPORTED',
  ERR_ZIP_UNSAFE_NAME: 'ERR_ARCHIVE_UNSAFE_ENTRY',
  ERR_ZIP_LINK: 'ERR_ARCHIVE_UNSAFE_ENTRY',
  ERR_ZIP_TOO_MANY_ENTRIES: 'ERR_ARCHIVE_TOO_LARGE',
  ERR_ZIP_TOO_LARGE: 'ERR_ARCHIVE_TOO_LARGE',
};

// --- tar.gz: ustar headers, with pax `path=` and GNU long names ---

function extractTarGz(gz: Buffer, root: string): void {
  let tar: Buffer;
  try {
    tar = zlib.gunzipSync(gz, { maxOutputLength: ZIP_LIMITS.maxTotalBytes });
  } catch (error) {
    throw new ArchiveError('ERR_ARCHIVE_DAMAGED', `cannot gunzip: ${(error as Error).message}`);
  }
  let at = 0;
  let longName: string | undefined;
  let entries = 0;
  while (at + 512 <= tar.length) {
    if (++entries > ZIP_LIMITS.maxEntries)
      throw new ArchiveError('ERR_ARCHIVE_TOO_LARGE', `the archive has more than ${ZIP_LIMITS.maxEntries} entries`);
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    if (!Number.isSafeInteger(size) || size < 0) throw new ArchiveError('ERR_ARCHIVE_DAMAGED', 'corrupt tar header');
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
    else
      throw new ArchiveError(
        'ERR_ARCHIVE_UNSAFE_ENTRY',
        `entry '${name}' has tar type '${type}' (links and devices are not allowed)`,
      );
  }
}

function field(header: Buffer, offset: number, length: number): string {
  return header.toString('utf8', offset, offset + length).replace(/\0.*$/s, '');
}
