// One activation: a fresh instance of a compiled module, run under one of the two ABIs, inside the sandbox its
// container was granted. Synchronous by design: it runs in a worker thread that runs nothing else meanwhile, so the
// thread's stdout/stderr files hold this activation's output only.
import type { WASI } from 'node:wasi';
import type { Abi } from '../code.js';
import { type Failure, failure, messages } from '../errors.js';
import type { WasiConstructor } from './wasi.js';

export const MAX_RESULT_BYTES = 1024 * 1024;
/** How long the fork's fake `http.get` blocks (docs/openwhisk.md §6.3). */
export const HTTP_GET_MS = 300;
const ERRNO_NOTCAPABLE = 76;

export interface ActivationSpec {
  abi: Abi;
  /** The params as JSON text. */
  input: string;
  /** The instance's whole environment: the init env plus the __OW_* values of the run. Nothing of the host's. */
  env: Record<string, string>;
  /** A real, absolute host directory preopened at the same path; nothing else of the filesystem is reachable. */
  dir?: string;
  netAccess: boolean;
  memoryLimitBytes: number;
}

/** File descriptors owned by the calling thread; stdin holds the params for a WASI command, is empty otherwise. */
export interface ActivationStdio {
  stdin: number;
  stdout: number;
  stderr: number;
}

export interface ActivationHooks {
  /** Called around the blocking part of `http.get`, so the pool can lend this thread's CPU slot meanwhile. */
  onBlock?: () => void;
  onUnblock?: () => void;
  /** Blocks the thread for `ms` (Atomics.wait in a worker). */
  sleep: (ms: number) => void;
  /** The WASI command ABI's result: what the instance wrote to stdout. */
  readStdout: () => string;
  /** The tail of stderr, for the message of a failed activation. */
  readStderrTail?: () => string;
  /**
   * Called before any WASI call that can change a file (fd_write, path_open, fd_close …), i.e. anything outside
   * READ_ONLY_WASI: an activation that never calls one left the capture files as they were, so the next activation
   * need not truncate them (two syscalls saved per warm run, stdio.ts).
   */
  onOutput?: () => void;
}

/** WASI calls that cannot change what is in a file or which file a descriptor names. */
const READ_ONLY_WASI = new Set([
  'args_get', 'args_sizes_get', 'environ_get', 'environ_sizes_get', 'clock_res_get', 'clock_time_get', 'random_get',
  'sched_yield', 'proc_exit', 'fd_fdstat_get', 'fd_filestat_get', 'fd_prestat_get', 'fd_prestat_dir_name', 'fd_read',
  'fd_pread', 'fd_tell', 'fd_readdir', 'path_filestat_get', 'poll_oneoff',
]);

export type ActivationOutcome =
  | { kind: 'success'; resultJson: string }
  | { kind: 'application-error'; resultJson: string }
  | { kind: 'failure'; failure: Failure };

interface WowExports {
  memory: WebAssembly.Memory;
  get_wasm_memory_buffer_pointer(): number;
  wasm_memory_buffer_allocate_space(n: number): void;
  get_wasm_memory_buffer_len(): number;
}

export function runActivation(Wasi: WasiConstructor, module: WebAssembly.Module, spec: ActivationSpec, stdio: ActivationStdio, hooks: ActivationHooks): ActivationOutcome {
  const input = Buffer.from(spec.input, 'utf8');
  const wasi = new Wasi({
    version: 'preview1',
    args: spec.abi === 'wow' ? [String(input.length)] : ['action'],
    env: spec.env,
    preopens: spec.dir === undefined ? {} : { [spec.dir]: spec.dir },
    stdin: stdio.stdin,
    stdout: stdio.stdout,
    stderr: stdio.stderr,
    returnOnExit: true,
  });
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(module, importsFor(module, wasi, spec, hooks));
  } catch (error) {
    return { kind: 'failure', failure: instantiationFailure(error) };
  }
  const memory = instance.exports.memory as WebAssembly.Memory;
  try {
    if (spec.abi === 'wow') {
      const exports = instance.exports as unknown as WowExports;
      exports.wasm_memory_buffer_allocate_space(input.length);
      const ptr = exports.get_wasm_memory_buffer_pointer() >>> 0;
      if (ptr + input.length > memory.buffer.byteLength) return badResult('the input buffer lies outside the module memory');
      new Uint8Array(memory.buffer, ptr, input.length).set(input);
    }
    const exitCode = wasi.start(instance);
    if (exitCode !== 0) return { kind: 'failure', failure: exitFailure(exitCode, memory, spec, hooks) };
  } catch (error) {
    return { kind: 'failure', failure: trapFailure(error, memory, spec, hooks) };
  }
  return spec.abi === 'wow' ? wowResult(instance.exports as unknown as WowExports) : commandResult(hooks.readStdout());
}

/** The WASI command ABI's result is its stdout; the caller reads the file and passes it here. */
export function commandResult(stdout: string): ActivationOutcome {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    return badResult(`stdout is not JSON: ${truncate(stdout)}`);
  }
  return classify(value, stdout.trim());
}

function wowResult(exports: WowExports): ActivationOutcome {
  const ptr = exports.get_wasm_memory_buffer_pointer() >>> 0;
  const len = exports.get_wasm_memory_buffer_len() >>> 0;
  if (ptr + len > exports.memory.buffer.byteLength) return badResult('the result buffer lies outside the module memory');
  const text = Buffer.from(exports.memory.buffer, ptr, len).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return badResult(`the result buffer is not JSON: ${truncate(text)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return badResult(`expected {"Ok": …} or {"Err": …}, got ${truncate(text)}`);
  const keys = Object.keys(parsed);
  if (keys.length === 1 && keys[0] === 'Ok') return sized('success', JSON.stringify((parsed as { Ok: unknown }).Ok));
  if (keys.length === 1 && keys[0] === 'Err') return sized('application-error', JSON.stringify((parsed as { Err: unknown }).Err));
  return badResult(`expected {"Ok": …} or {"Err": …}, got ${truncate(text)}`);
}

function classify(value: unknown, json: string): ActivationOutcome {
  if (value === null || typeof value !== 'object') return badResult(`the result is not a JSON object or array: ${truncate(json)}`);
  const isError = !Array.isArray(value) && Object.hasOwn(value, 'error');
  return sized(isError ? 'application-error' : 'success', json);
}

function sized(kind: 'success' | 'application-error', resultJson: string | undefined): ActivationOutcome {
  const json = resultJson ?? 'null'; // JSON.stringify(undefined) cannot happen for parsed JSON, kept for the types
  const size = Buffer.byteLength(json);
  if (size > MAX_RESULT_BYTES) {
    return { kind: 'application-error', resultJson: JSON.stringify({ error: messages.tooLarge(size, MAX_RESULT_BYTES) }) };
  }
  return { kind, resultJson: json };
}

/** A module's import list, read once per module (WebAssembly.Module.imports builds a new array on every call). */
const importLists = new WeakMap<WebAssembly.Module, ReturnType<typeof WebAssembly.Module.imports>>();

function importsOf(module: WebAssembly.Module): ReturnType<typeof WebAssembly.Module.imports> {
  let list = importLists.get(module);
  if (list === undefined) {
    list = WebAssembly.Module.imports(module);
    importLists.set(module, list);
  }
  return list;
}

function importsFor(module: WebAssembly.Module, wasi: WASI, spec: ActivationSpec, hooks: ActivationHooks): WebAssembly.Imports {
  // Plain JS wrappers around the bound node:wasi functions: V8 instantiates against JS functions in about half the
  // time it needs for the native callbacks themselves (measured, README "Design measurements").
  const native = wasi.wasiImport as Record<string, (...args: number[]) => number>;
  const preview1: Record<string, (...args: number[]) => number> = {};
  const imports: WebAssembly.Imports = { wasi_snapshot_preview1: preview1 };
  for (const imp of importsOf(module)) {
    if (imp.module === 'wasi_snapshot_preview1') {
      if (imp.name === 'path_symlink') {
        // node:wasi resolves a path's final component inside the granted dir but follows a symlinked directory in
        // the middle of it (measured: "link-to-etc/passwd" opens), and path_symlink stores any target. A module
        // may therefore not create symlinks; the dir is checked for outward symlinks at init (containers.ts).
        preview1[imp.name] = () => ERRNO_NOTCAPABLE;
        continue;
      }
      const fn = native[imp.name];
      const onOutput = READ_ONLY_WASI.has(imp.name) ? undefined : hooks.onOutput;
      // Rest parameters: node:wasi refuses a call whose argument count differs from the function's (EINVAL).
      if (fn !== undefined) {
        preview1[imp.name] = onOutput === undefined ? (...args: number[]) => fn(...args) : (...args: number[]) => {
          onOutput();
          return fn(...args);
        };
      }
    } else if (imp.module === 'http' && imp.name === 'get' && spec.netAccess) {
      imports.http = {
        get: () => {
          hooks.onBlock?.();
          hooks.sleep(HTTP_GET_MS);
          hooks.onUnblock?.();
          return 0;
        },
      };
    }
  }
  return imports;
}

function nearMemoryLimit(memory: WebAssembly.Memory | undefined, spec: ActivationSpec): boolean {
  if (memory === undefined) return false;
  // A failed memory.grow is invisible from outside; an instance that failed with its memory within 1/8 of the
  // limit (at least 2 MiB) is taken to have run out of it. Documented in README "Limits".
  const slack = Math.max(spec.memoryLimitBytes / 8, 2 * 1024 * 1024);
  return memory.buffer.byteLength + slack >= spec.memoryLimitBytes;
}

function instantiationFailure(error: unknown): Failure {
  const message = (error as Error)?.message ?? String(error);
  if (error instanceof RangeError || /out of memory/i.test(message)) return failure('ERR_MEMORY', messages.memory);
  return failure('ERR_TRAP', `The action could not be instantiated: ${message}.`);
}

function trapFailure(error: unknown, memory: WebAssembly.Memory | undefined, spec: ActivationSpec, hooks: ActivationHooks): Failure {
  if (nearMemoryLimit(memory, spec) || error instanceof RangeError) return failure('ERR_MEMORY', messages.memory);
  const message = error instanceof WebAssembly.RuntimeError ? `The action trapped: ${error.message}.` : `The action failed: ${(error as Error)?.message ?? String(error)}.`;
  return failure('ERR_TRAP', withStderr(message, hooks));
}

function exitFailure(code: number, memory: WebAssembly.Memory, spec: ActivationSpec, hooks: ActivationHooks): Failure {
  if (nearMemoryLimit(memory, spec)) return failure('ERR_MEMORY', messages.memory);
  return failure('ERR_TRAP', withStderr(`The action exited with code ${code} before producing a result.`, hooks));
}

function withStderr(message: string, hooks: ActivationHooks): string {
  const tail = hooks.readStderrTail?.().trim();
  return tail ? `${message} stderr: ${truncate(tail)}` : message;
}

function badResult(why: string): ActivationOutcome {
  return { kind: 'failure', failure: failure('ERR_BAD_RESULT', `The action did not produce a valid response: ${why}.`) };
}

function truncate(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
