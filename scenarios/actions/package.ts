// Packaging: the zips the platforms take. The WebAssembly fork's executor unzips an action and uses the FIRST entry
// (wow ow-executor util.rs, `archive.by_index(0)`); a Node.js zip action needs index.js exporting `main`.
import { zipSync } from 'fflate';

// A fixed timestamp keeps the zips byte-identical across builds, so their sizes and hashes are comparable.
const FIXED_MTIME = new Date('2020-01-01T00:00:00Z');

/** A zip whose only (and so first) entry is the module, as wow's `add-wasmtime.zip`. */
export function zipWasmModule(entryName: string, wasm: Uint8Array): Uint8Array {
  return zipSync({ [entryName]: [wasm, { level: 9, mtime: FIXED_MTIME }] });
}

/**
 * The JavaScript twin as a binary Node.js action: index.js = the source plus an export of `main` (the runtime
 * `require`s the unpacked folder; source actions find `main` by name, so the source itself has no export).
 */
export function zipJsAction(source: string): Uint8Array {
  const indexJs = `${source.trimEnd()}\n\nmodule.exports.main = main;\n`;
  return zipSync({ 'index.js': [new TextEncoder().encode(indexJs), { level: 9, mtime: FIXED_MTIME }] });
}
