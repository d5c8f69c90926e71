// Recognises the precompiled artifacts wow builds for its three engines, so that uploading one gets a precise
// answer instead of "not a WebAssembly module". ow-eval compiles `.wasm` with V8 and cannot run native code made
// for another engine. The signatures (docs/precompiled-modules.md has the upstream sources):
// - wasmtime `Module::serialize`: up to wasmtime 0.3x a bincode blob starting with "\0wasmtime-aot"; since then an
//   ELF object with OS ABI 200 (ELFOSABI_WASMTIME) and a `.wasmtime.engine` section.
// - wasmer: the universal engine's artifact starts with "wasmer-universal"; the native/dylib engine
//   (`wasmer compile --native`) writes a shared object that exports the `WASMER_METADATA` symbol.
// - WAMR's `wamrc` AOT file starts with "\0aot" followed by a little-endian u32 version.

export type PrecompiledEngine = 'wasmtime' | 'wasmer' | 'WAMR';

const WASMTIME_AOT = bytesOf('\0wasmtime-aot');
const WASMER_UNIVERSAL = bytesOf('wasmer-universal');
const WAMR_AOT = bytesOf('\0aot');
const ELF = bytesOf('\x7fELF');
const ELF_OSABI_WASMTIME = 200;
const WASMTIME_ENGINE_SECTION = Buffer.from('.wasmtime.engine');
const WASMER_METADATA_SYMBOL = Buffer.from('WASMER_METADATA');

/** The engine whose precompiled artifact `bytes` is, or undefined when it is none of them. */
export function precompiledEngine(bytes: Uint8Array): PrecompiledEngine | undefined {
  if (startsWith(bytes, WASMTIME_AOT)) return 'wasmtime';
  if (startsWith(bytes, WASMER_UNIVERSAL)) return 'wasmer';
  if (startsWith(bytes, WAMR_AOT)) return 'WAMR';
  if (!startsWith(bytes, ELF)) return undefined;
  // An ELF file: only these markers tell the engines apart (section and symbol names live in string tables, so a
  // byte search finds them without parsing the ELF structures).
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[7] === ELF_OSABI_WASMTIME || data.includes(WASMTIME_ENGINE_SECTION)) return 'wasmtime';
  if (data.includes(WASMER_METADATA_SYMBOL)) return 'wasmer';
  return undefined;
}

/** wow's file names for each engine's artifact (its justfile and precompile scripts). */
const WOW_ARTIFACT: Record<PrecompiledEngine, string> = {
  wasmtime: "wow's `*-wasmtime.zip`",
  wasmer: "wow's `*-wasmer.zip`, a `.wasmer` file",
  WAMR: 'a WAMR `.aot` file from wamrc',
};

/** The sentence the executor answers with; `where` is "archive" for a zip entry, "code" for raw bytes. */
export function precompiledMessage(engine: PrecompiledEngine, where: 'archive' | 'code'): string {
  const what = where === 'archive' ? `archive holds ${engine}-precompiled code` : `code is ${engine}-precompiled`;
  return `The action ${what} (${WOW_ARTIFACT[engine]}); upload the \`.wasm\` module zipped instead.`;
}

function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}
