// A Docker build context as a streamed ustar archive: small in-memory files plus host files read as they are sent,
// so the ~100 MB Node.js binary never sits in memory. (A hand-rolled writer: tar-fs would pack whole folders.)
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';

export type ContextEntry =
  | { path: string; kind: 'dir'; mode?: number }
  | { path: string; kind: 'file'; data: Buffer | string; mode?: number }
  | { path: string; kind: 'host-file'; source: string; mode?: number };

export function tarStream(entries: readonly ContextEntry[]): Readable {
  return Readable.from(generate(entries));
}

async function* generate(entries: readonly ContextEntry[]): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    if (entry.kind === 'dir') {
      yield header(entry.path.replace(/\/?$/, '/'), 0, entry.mode ?? 0o755, '5');
      continue;
    }
    if (entry.kind === 'file') {
      const data = Buffer.from(entry.data);
      yield header(entry.path, data.length, entry.mode ?? 0o644, '0');
      yield data;
      yield padding(data.length);
      continue;
    }
    const size = statSync(entry.source).size;
    yield header(entry.path, size, entry.mode ?? 0o755, '0');
    let sent = 0;
    for await (const chunk of createReadStream(entry.source) as AsyncIterable<Buffer>) {
      sent += chunk.length;
      yield chunk;
    }
    if (sent !== size) throw new Error(`${entry.source} changed size while it was being packed`);
    yield padding(size);
  }
  yield Buffer.alloc(1024); // two zero blocks end the archive
}

function padding(size: number): Buffer {
  return Buffer.alloc((512 - (size % 512)) % 512);
}

function header(name: string, size: number, mode: number, type: '0' | '5'): Buffer {
  const block = Buffer.alloc(512);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 154);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100)
      throw new Error(`path too long for a tar header: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  block.write(base, 0, 100, 'utf8');
  block.write(octal(mode, 7), 100);
  block.write(octal(0, 7), 108); // uid
  block.write(octal(0, 7), 116); // gid
  block.write(octal(size, 11), 124);
  block.write(octal(0, 11), 136); // mtime 0: identical inputs give identical layers
  block.fill(' ', 148, 156); // checksum placeholder
  block.write(type, 156);
  block.write('ustar\u000000', 257, 'latin1');
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
  return block;
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width, '0') + '\u0000';
}
