// From the init body's `code` to a compiled, checked module: base64 → (zip's first entry | raw module) → memory cap
// and DWARF dropped → V8 compile → ABI check. Every refusal is an ExecutorError with a message a developer can act on.
import { ZIP_LIMITS, ZipArchive, ZipError, type ZipErrorCode } from '../archive/zip-reader.js';
import { ExecutorError } from './errors.js';
import { precompiledEngine, precompiledMessage } from './precompiled.js';
import { capMemory } from './wasm-binary.js';
import { WasmBinaryError } from './wasm-leb.js';

export type Abi = 'wow' | 'wasi-command';

export interface LoadedCode {
  module: WebAssembly.Module;
  abi: Abi;
  /** Whether the module imports `http.get` (then `net_access` must be true). */
  importsHttpGet: boolean;
  moduleBytes: number;
  /** Whether its instances can be put back to their state after instantiation and reused (wasm-state.ts). */
  reusable: boolean;
}

const WOW_EXPORTS = [
  'memory',
  '_start',
  'get_wasm_memory_buffer_pointer',
  'wasm_memory_buffer_allocate_space',
  'get_wasm_memory_buffer_len',
];
const WASI_MODULE = 'wasi_snapshot_preview1';

export function decodeBase64(code: string): Uint8Array {
  // Decoding is lenient (it skips what is not base64), so only canonical text is accepted, as OpenWhisk's own check
  // demands (docs/openwhisk-protocols.md §1.3): a multiple of 4 characters that decodes to exactly 3 bytes per 4 characters, less
  // the padding. A skipped character shortens the output, so the length alone tells. For the 372 KiB text of an
  // 822 KiB module this takes 0.06 ms; encoding again and comparing took 0.58 ms. Whitespace (line breaks of
  // `base64` without -w0) is removed first, only when the fast check fails.
  const bytes = canonicalBase64(code) ?? canonicalBase64(code.replace(/\s+/g, ''));
  if (bytes === undefined) throw new ExecutorError('ERR_BAD_REQUEST', 'The action code is not valid base64.');
  return bytes;
}

function canonicalBase64(text: string): Buffer | undefined {
  if (text.length === 0 || text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === (text.length / 4) * 3 - padding ? bytes : undefined;
}

/** The module's bytes: the first entry of a zip (as the fork packages actions), or the code itself if it is wasm. */
export function extractModule(code: Uint8Array): Uint8Array {
  if (startsWith(code, WASM_MAGIC)) return code;
  if (startsWith(code, [0x50, 0x4b, 0x03, 0x04]) || startsWith(code, [0x50, 0x4b, 0x05, 0x06]))
    return firstZipEntry(code);
  const engine = precompiledEngine(code);
  if (engine !== undefined) throw new ExecutorError('ERR_PRECOMPILED', precompiledMessage(engine, 'code'));
  throw new ExecutorError(
    'ERR_BAD_CODE',
    'The action code is neither a zip archive nor a WebAssembly module (expected the magic bytes PK or \\0asm).',
  );
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

function firstZipEntry(zip: Uint8Array): Uint8Array {
  let bytes: Uint8Array;
  let name: string;
  try {
    const archive = ZipArchive.open(zip, ZIP_LIMITS);
    const first = archive.entries[0]!; // open() refuses an empty archive
    name = first.name;
    bytes = archive.read(first);
  } catch (error) {
    if (!(error instanceof ZipError)) throw error;
    throw new ExecutorError('ERR_BAD_CODE', zipMessage(error));
  }
  if (startsWith(bytes, WASM_MAGIC)) return bytes;
  const engine = precompiledEngine(bytes);
  if (engine !== undefined) throw new ExecutorError('ERR_PRECOMPILED', precompiledMessage(engine, 'archive'));
  throw new ExecutorError(
    'ERR_BAD_CODE',
    `The archive's first entry '${name}' is not a WebAssembly module (no \\0asm magic).`,
  );
}

/** What the archive's fault means for the action, chosen by the reader's code. */
const zipProblem: Record<ZipErrorCode, 'not a zip' | 'refused'> = {
  ERR_ZIP_NOT_A_ZIP: 'not a zip',
  ERR_ZIP_DAMAGED: 'not a zip',
  ERR_ZIP_CORRUPT_ENTRY: 'not a zip',
  ERR_ZIP_UNSUPPORTED: 'not a zip',
  ERR_ZIP_EMPTY: 'refused',
  ERR_ZIP_ENCRYPTED: 'refused',
  ERR_ZIP_UNSAFE_NAME: 'refused',
  ERR_ZIP_LINK: 'refused',
  ERR_ZIP_TOO_MANY_ENTRIES: 'refused',
  ERR_ZIP_TOO_LARGE: 'refused',
};

function zipMessage(error: ZipError): string {
  if (error.code === 'ERR_ZIP_EMPTY')
    return 'The action archive is empty; its first entry must be the WebAssembly module.';
  if (zipProblem[error.code] === 'not a zip') return `The action archive is not a valid zip: ${error.message}.`;
  return `The action archive is refused: ${error.message}.`;
}

/**
 * Modules up to this size (after the DWARF sections are dropped) compile synchronously: for the 22 KiB noop,
 * `new WebAssembly.Module` took 0.24 ms and `WebAssembly.compile` 0.37 ms (0.008 vs 0.11 ms when V8's native module
 * cache hits), the difference being the hop to V8's background threads and back; for the 174 KiB that remain of
 * the 822 KiB Rust fixture, 1.0 ms against 3.5 ms on a loaded machine. Larger modules compile there, so the HTTP
 * thread is never held long.
 */
export const SYNC_COMPILE_MAX_BYTES = 512 * 1024;

/** Caps memory, compiles (see SYNC_COMPILE_MAX_BYTES), checks the ABI. */
export async function compileAction(moduleBytes: Uint8Array, memoryLimitBytes: number): Promise<LoadedCode> {
  let capped: Uint8Array;
  let reusable: boolean;
  try {
    const rewritten = capMemory(moduleBytes, memoryLimitBytes);
    capped = rewritten.bytes;
    reusable = rewritten.state.reusable;
  } catch (error) {
    if (error instanceof WasmBinaryError)
      throw new ExecutorError('ERR_BAD_CODE', `The action is not a usable WebAssembly module: ${error.message}.`);
    throw error;
  }
  let module: WebAssembly.Module;
  try {
    module =
      capped.length <= SYNC_COMPILE_MAX_BYTES ? new WebAssembly.Module(capped) : await WebAssembly.compile(capped);
  } catch (error) {
    throw new ExecutorError(
      'ERR_BAD_CODE',
      `The action is not a valid WebAssembly module: ${(error as Error).message}.`,
      { cause: error },
    );
  }
  const exports = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
  const isWow = WOW_EXPORTS.every((name) => exports.has(name));
  const isCommand = exports.get('memory') === 'memory' && exports.get('_start') === 'function';
  if (!isWow && !isCommand) {
    const missing = WOW_EXPORTS.filter((name) => !exports.has(name));
    throw new ExecutorError(
      'ERR_BAD_CODE',
      `The module fits neither the wow ABI (missing exports: ${missing.join(', ')}) nor a WASI command (exports 'memory' and '_start').`,
    );
  }
  if (isWow) {
    for (const name of WOW_EXPORTS.slice(1)) {
      if (exports.get(name) !== 'function')
        throw new ExecutorError('ERR_BAD_CODE', `The module's export '${name}' must be a function.`);
    }
  }
  let importsHttpGet = false;
  const unknown: string[] = [];
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.module === WASI_MODULE && imp.kind === 'function') continue;
    if (imp.module === 'http' && imp.name === 'get' && imp.kind === 'function') importsHttpGet = true;
    else unknown.push(`${imp.module}.${imp.name}`);
  }
  if (unknown.length > 0) {
    throw new ExecutorError(
      'ERR_BAD_CODE',
      `The module imports what the executor does not provide: ${unknown.join(', ')} (only ${WASI_MODULE}.* and http.get).`,
    );
  }
  return {
    module,
    abi: isWow ? 'wow' : 'wasi-command',
    importsHttpGet,
    moduleBytes: moduleBytes.length,
    reusable,
  };
}

/**
 * Recently loaded code by its exact base64 text (and memory limit): OpenWhisk sends the same code at every cold start
 * of an action, and N copies of one action share it. A hit skips base64, inflate, the memory rewrite and V8's compile
 * (whose own native module cache would hit as well); measured ≈ 0.1 ms of a 0.23 ms same-bytes /init. Only
 * successes are kept. The map is keyed by a fingerprint of the text (fingerprintOf), and a hit compares the whole
 * text, so a fingerprint shared by two codes only costs a reload.
 */
export class CodeCache {
  private readonly entries = new Map<string, { codeBase64: string; memoryLimitBytes: number; code: LoadedCode }>();
  /** Loads served from the cache. */
  hits = 0;

  constructor(
    private readonly maxEntries = 32,
    private readonly maxCodeChars = 4 * 1024 * 1024,
  ) {}

  async load(codeBase64: string, memoryLimitBytes: number): Promise<LoadedCode> {
    const key = fingerprintOf(codeBase64);
    const hit = this.entries.get(key);
    if (hit !== undefined && hit.memoryLimitBytes === memoryLimitBytes && hit.codeBase64 === codeBase64) {
      this.entries.delete(key); // most recently used goes last
      this.entries.set(key, hit);
      this.hits++;
      return hit.code;
    }
    const code = await compileAction(extractModule(decodeBase64(codeBase64)), memoryLimitBytes);
    if (codeBase64.length <= this.maxCodeChars) {
      this.entries.delete(key);
      this.entries.set(key, { codeBase64, memoryLimitBytes, code });
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    return code;
  }

  get size(): number {
    return this.entries.size;
  }
}

const FINGERPRINT_SPAN = 32;
const FINGERPRINT_SAMPLES = 8;

/**
 * The code text's length, both ends and evenly spaced samples: the cache's key. V8 hashes every character of a
 * string key up to 16,383 long: the 14 K characters of the zipped noop cost ≈ 0.02 ms per /init (0.027 against
 * 0.003 ms for a lookup by this key, one process, fresh strings). Longer strings V8 hashes by their length alone.
 * Zipped code differs near its start (the entry's CRC-32, and ow-eval's nonce right after the module header).
 */
export function fingerprintOf(text: string): string {
  const span = FINGERPRINT_SPAN;
  if (text.length <= span * (FINGERPRINT_SAMPLES + 2)) return text;
  const step = Math.floor((text.length - span) / (FINGERPRINT_SAMPLES + 1));
  let key = `${text.length}:`;
  for (let i = 0; i <= FINGERPRINT_SAMPLES + 1; i++) {
    const at = i === FINGERPRINT_SAMPLES + 1 ? text.length - span : i * step;
    key += text.slice(at, at + span);
  }
  return key;
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}
