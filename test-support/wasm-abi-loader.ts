// A minimal host for the wow action ABI (docs/openwhisk-protocols.md §6.3) on node:wasi, for tests only: it runs one activation
// of a module the way wow's wasmtime runtime does, so the actions can be checked without the executor.
import { createRequire } from 'node:module';
import type { WASI as WasiClass } from 'node:wasi';

/** The WebAssembly JS API as far as this loader uses it (lib ES2023 has no WebAssembly types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (
    module: WasmModule,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
  RuntimeError: new () => Error;
}
export type WasmModule = object & { readonly __brand?: 'WebAssembly.Module' };

interface AbiExports {
  memory: { buffer: ArrayBuffer };
  get_wasm_memory_buffer_pointer: () => number;
  wasm_memory_buffer_allocate_space: (n: number) => void;
  get_wasm_memory_buffer_len: () => number;
}

/** How an activation ended. `err` carries the Err payload ({error: message}); `exit` is a proc_exit before a result. */
export type WasmOutcome =
  | { kind: 'ok'; value: unknown }
  | { kind: 'err'; error: unknown }
  | { kind: 'trap'; message: string }
  | { kind: 'exit'; code: number };

export interface RunWasmOptions {
  /** Entries before the length in argv: [] as wasmtime does, or ['wasm-openwhisk'] as wasmer does. @default [] */
  argvPrefix?: string[];
  /** Entries after the length (to test that the guest refuses them). @default [] */
  argvSuffix?: string[];
  /** The `http.get` import; `null` leaves it out. @default blocks 300 ms, then returns 0 (as wow's hosts do) */
  httpGet?: (() => number) | null;
  /** File descriptor for the guest's stderr. @default 2 */
  stderr?: number;
}

const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
const WASI = loadWasiQuietly();

export function compileModule(bytes: Uint8Array): WasmModule {
  return new wasm.Module(bytes);
}

/** Blocks the calling thread, as wow's host functions do; Atomics.wait is allowed on Node's main thread. */
export function blockingHttpGet(millis = 300): () => number {
  return () => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, millis);
    return 0;
  };
}

/** One activation on a fresh instance: allocate, copy the params JSON in, `_start`, read the outcome back. */
export function runWasmAction(module: WasmModule, params: unknown, options: RunWasmOptions = {}): WasmOutcome {
  return runWasmActionOnBytes(module, Buffer.from(JSON.stringify(params)), options);
}

/** The same with the bytes the host copies into the buffer given as they are (to test input that is not JSON). */
export function runWasmActionOnBytes(module: WasmModule, input: Uint8Array, options: RunWasmOptions = {}): WasmOutcome {
  const wasi = new WASI({
    version: 'preview1',
    args: [...(options.argvPrefix ?? []), String(input.length), ...(options.argvSuffix ?? [])],
    env: {},
    returnOnExit: true,
    stdout: 1,
    stderr: options.stderr ?? 2,
  });
  const imports: Record<string, Record<string, unknown>> = { ...wasi.getImportObject() };
  const httpGet = options.httpGet === undefined ? blockingHttpGet() : options.httpGet;
  if (httpGet !== null) imports['http'] = { get: httpGet };

  const instance = new wasm.Instance(module, imports);
  const exports = instance.exports as unknown as AbiExports;
  exports.wasm_memory_buffer_allocate_space(input.length);
  new Uint8Array(exports.memory.buffer, exports.get_wasm_memory_buffer_pointer(), input.length).set(input);

  let code: number;
  try {
    code = wasi.start(instance);
  } catch (error) {
    if (error instanceof wasm.RuntimeError) return { kind: 'trap', message: error.message };
    throw error;
  }
  if (code !== 0) return { kind: 'exit', code };

  // Pointer and length are read again: the guest moves the buffer when it writes the result.
  const output = Buffer.from(
    exports.memory.buffer,
    exports.get_wasm_memory_buffer_pointer(),
    exports.get_wasm_memory_buffer_len(),
  );
  const result = JSON.parse(output.toString('utf8')) as Record<string, unknown>;
  const keys = Object.keys(result);
  if (keys.length === 1 && keys[0] === 'Ok') return { kind: 'ok', value: result['Ok'] };
  if (keys.length === 1 && keys[0] === 'Err') return { kind: 'err', error: result['Err'] };
  throw new Error(
    `the module left neither {"Ok": …} nor {"Err": …} in its buffer: ${output.toString('utf8').slice(0, 200)}`,
  );
}

// node:wasi prints "ExperimentalWarning: WASI is an experimental feature…" when it is first loaded; that line is
// noise in test output, so only that warning is dropped, and only while the module loads.
function loadWasiQuietly(): typeof WasiClass {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be put back as is; called with .call
  const original = process.emitWarning;
  process.emitWarning = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]): void {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (text.includes('WASI is an experimental feature')) return;
    (original as (...args: unknown[]) => void).call(process, warning, ...rest);
  };
  try {
    return (createRequire(import.meta.url)('node:wasi') as { WASI: typeof WasiClass }).WASI;
  } finally {
    process.emitWarning = original;
  }
}
