// Distinct code for every cold start when the scenario's `codeCache` is off: the same action with a per-copy nonce,
// so that no cache keyed by the code's bytes can serve it. wasm: a custom section `ow-eval.nonce` (custom sections may
// stand anywhere and change nothing the module does; the WebAssembly core spec, §5.5.3), so neither the executor's
// code cache nor V8's native module cache, which shares compiled code between modules with identical wire bytes in
// one process, can hit. The section goes first, right after the header: with the nonce at the end, compiling a copy
// while earlier copies were still known to V8 (alive, or not yet collected) took longer, consistent with V8's cache
// comparing the whole wire bytes of modules that are alike up to their code section (the 174 KiB that remain of
// the 822 KiB Rust fixture, one process, alternating: 0.65 vs 0.49 ms per compile; 0.84 vs 0.82 ms with a GC
// before each compile). Distinct actions do not pay that, so neither should their stand-ins. nodejs: a trailing
// comment, so the JavaScript twin's source differs the same way (a fresh runtime process has no compiled code of it
// anyway; the record says so either way).
import { unzipSync, zipSync } from 'fflate';
import { readU32, writeU32 } from '../../executor/wasm-leb.js';

export const NONCE_SECTION = 'ow-eval.nonce';

/** The deployable code with `nonce` in it: a zip's first entry or a raw module gets the section; source a comment. */
export function withNonce(code: Buffer | string, nonce: string): Buffer | string {
  if (typeof code === 'string') return `${code}\n// ${NONCE_SECTION}: ${nonce}\n`;
  if (isWasm(code)) return Buffer.from(prependCustomSection(code, NONCE_SECTION, Buffer.from(nonce)));
  const entries = unzipSync(code);
  const names = Object.keys(entries);
  const first = names[0];
  if (first === undefined || !isWasm(entries[first]!))
    throw new Error("withNonce: the zip's first entry is not a wasm module");
  // fflate keeps entry order, which matters: the executor (as wow) runs the archive's first entry.
  const rebuilt: Record<string, Uint8Array> = {};
  for (const name of names)
    rebuilt[name] =
      name === first ? prependCustomSection(entries[name]!, NONCE_SECTION, Buffer.from(nonce)) : entries[name]!;
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

/** The module with a custom section inserted right after its 8-byte header (magic and version). */
function prependCustomSection(module: Uint8Array, name: string, payload: Uint8Array): Uint8Array {
  const nameBytes = Buffer.from(name);
  const content = Buffer.concat([writeU32(nameBytes.length), nameBytes, payload]);
  return Buffer.concat([
    module.subarray(0, 8),
    Buffer.from([0]),
    writeU32(content.length),
    content,
    module.subarray(8),
  ]);
}

function isWasm(bytes: Uint8Array): boolean {
  return bytes[0] === 0x00 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}
