// Distinct code for every cold start when the scenario's `codeCache` is off: the same action with a per-copy nonce,
// so that no cache keyed by the code's bytes can serve it. wasm: a custom section `ow-eval.nonce` appended to the
// module (custom sections may stand anywhere and change nothing the module does; the WebAssembly core spec, §5.5.3),
// so neither the executor's code cache nor V8's native module cache, which shares compiled code between modules
// with identical wire bytes in one process, can hit. nodejs: a trailing comment, so the JavaScript twin's source
// differs the same way (a fresh runtime process has no compiled code of it anyway; the record says so either way).
import { unzipSync, zipSync } from 'fflate';
import { readU32, writeU32 } from '../../executor/wasm-leb.js';

export const NONCE_SECTION = 'ow-eval.nonce';

/** The deployable code with `nonce` in it: a zip's first entry or a raw module gets the section; source a comment. */
export function withNonce(code: Buffer | string, nonce: string): Buffer | string {
  if (typeof code === 'string') return `${code}\n// ${NONCE_SECTION}: ${nonce}\n`;
  if (isWasm(code)) return Buffer.from(appendCustomSection(code, NONCE_SECTION, Buffer.from(nonce)));
  const entries = unzipSync(code);
  const names = Object.keys(entries);
  const first = names[0];
  if (first === undefined || !isWasm(entries[first]!))
    throw new Error("withNonce: the zip's first entry is not a wasm module");
  // fflate keeps entry order, which matters: the executor (as wow) runs the archive's first entry.
  const rebuilt: Record<string, Uint8Array> = {};
  for (const name of names)
    rebuilt[name] =
      name === first ? appendCustomSection(entries[name]!, NONCE_SECTION, Buffer.from(nonce)) : entries[name]!;
  return Buffer.from(zipSync(rebuilt, { level: 6 }));
}

/** The payload of the module's `name` custom section, or undefined (reads only the section headers). */
export function customSection(module: Uint8Array, name: string): Buffer | undefined {
  let at = 8;
  while (at < module.length) {
    const id = module[at]!;
    const [size, start] = readU32(module, at + 1);
    if (id === 0) {
      const [nameLength, nameStart] = readU32(module, start);
      if (Buffer.from(module.subarray(nameStart, nameStart + nameLength)).toString() === name) {
        return Buffer.from(module.subarray(nameStart + nameLength, start + size));
      }
    }
    at = start + size;
  }
  return undefined;
}

function appendCustomSection(module: Uint8Array, name: string, payload: Uint8Array): Uint8Array {
  const nameBytes = Buffer.from(name);
  const content = Buffer.concat([writeU32(nameBytes.length), nameBytes, payload]);
  return Buffer.concat([module, Buffer.from([0]), writeU32(content.length), content]);
}

function isWasm(bytes: Uint8Array): boolean {
  return bytes[0] === 0x00 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}
