// Unpacks an action archive (zip or tar.gz) into a folder, with nothing but node:zlib and the project's own zip
// reader (archive/, copied into the image beside this folder). The reference runtime shells out to `unzip`/`tar`;
// this reads the formats itself so that every entry's path is checked before anything is written: no `..`, no
// absolute paths, no symlinks or hard links (zip-slip), and the zip limits of both runtimes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { isUnsafeEntryName, ZIP_LIMITS, ZipArchive, ZipError, type ZipErrorCode } from '../../archive/zip-reader.js';

export type ArchiveKind = 'zip' | 'tar.gz' | 'unsupported';

/** The reference runtime's magic-number check (runner.js detectFileType). */
export function detectArchiveKind(bytes: Buffer): ArchiveKind {
  const magic = bytes.subarray(0, 4).toString('hex');
  if (magic === '504b0304') return 'zip';
  if (magic === '1f8b0808' || magic === '1f8b0800') return 'tar.gz';
  return 'unsupported';
}

export type ArchiveErrorCode = 'ARCHIVE_DAMAGED' | 'ARCHIVE_UNSUPPORTED' | 'ARCHIVE_UNSAFE_ENTRY' | 'ARCHIVE_TOO_LARGE';

export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
  constructor(
    message: string,
    readonly code: ArchiveErrorCode,
  ) {
    super(message);
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
    throw new ArchiveError(`the entry '${name}' could leave its folder`, 'ARCHIVE_UNSAFE_ENTRY');
  const target = path.resolve(root, clean);
  if (!target.startsWith(root + path.sep))
    throw new ArchiveError(`the entry '${name}' could leave its folder`, 'ARCHIVE_UNSAFE_ENTRY');
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
    if (error instanceof ZipError) throw new ArchiveError(error.message, zipCodes[error.code]);
    throw error;
  }
}

/** The shared reader's codes, as this runtime's archive codes. */
const zipCodes: Record<ZipErrorCode, ArchiveErrorCode> = {
  ZIP_NOT_A_ZIP: 'ARCHIVE_DAMAGED',
  ZIP_EMPTY: 'ARCHIVE_DAMAGED',
  ZIP_DAMAGED: 'ARCHIVE_DAMAGED',
  ZIP_CORRUPT_ENTRY: 'ARCHIVE_DAMAGED',
  ZIP_UNSUPPORTED: 'ARCHIVE_UNSUPPORTED',
  ZIP_ENCRYPTED: 'ARCHIVE_UNSUPPORTED',
  ZIP_UNSAFE_NAME: 'ARCHIVE_UNSAFE_ENTRY',
  ZIP_LINK: 'ARCHIVE_UNSAFE_ENTRY',
  ZIP_TOO_MANY_ENTRIES: 'ARCHIVE_TOO_LARGE',
  ZIP_TOO_LARGE: 'ARCHIVE_TOO_LARGE',
};

// --- tar.gz: ustar headers, with pax `path=` and GNU long names ---

function extractTarGz(gz: Buffer, root: string): void {
  let tar: Buffer;
  try {
    tar = zlib.gunzipSync(gz, { maxOutputLength: ZIP_LIMITS.maxTotalBytes });
  } catch (error) {
    throw new ArchiveError(`cannot gunzip: ${(error as Error).message}`, 'ARCHIVE_DAMAGED');
  }
  let at = 0;
  let longName: string | undefined;
  let entries = 0;
  while (at + 512 <= tar.length) {
    if (++entries > ZIP_LIMITS.maxEntries)
      throw new ArchiveError(`the archive has more than ${ZIP_LIMITS.maxEntries} entries`, 'ARCHIVE_TOO_LARGE');
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    if (!Number.isSafeInteger(size) || size < 0) throw new ArchiveError('corrupt tar header', 'ARCHIVE_DAMAGED');
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
        `entry '${name}' has tar type '${type}' (links and devices are not allowed)`,
        'ARCHIVE_UNSAFE_ENTRY',
      );
  }
}

function field(header: Buffer, offset: number, length: number): string {
  return header.toString('utf8', offset, offset + length).replace(/\0.*$/s, '');
}
