// One activation: an instance of a compiled module in its state right after instantiation (a fresh one, or a
// reused one put back to that state, instance-reuse.ts), run under one of the two ABIs, inside the sandbox its
// container was granted. Synchronous by design: it runs in a worker thread that runs nothing else meanwhile. Its
// WASI host (wasi.ts) lives exactly as long as the activation and closes every host descriptor it opened on the way
// out, whether the module returned, trapped or exited.
import type { Abi } from '../code.js';
import { type Failure, failure, messages } from '../errors.js';
import { DEFERRED_START_EXPORT } from '../wasm-binary.js';
import type { HostFdSlots } from './host-fds.js';
import { type ParkedInstances, SavedState } from './instance-reuse.js';
import { OutputCapture } from './stdio.js';
import { activate, WasiExit, WasiHost, wasiImport } from './wasi.js';

export const MAX_RESULT_BYTES = 1024 * 1024;
/** How long the fork's fake `http.get` blocks (docs/openwhisk-protocols.md §6.3). */
export const HTTP_GET_MS = 300;

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

export interface ActivationHooks {
  /** Called around blocking waits (`http.get`, poll_oneoff sleeps), so the pool can lend this thread's CPU slot. */
  onBlock?: () => void;
  onUnblock?: () => void;
  /** Blocks the thread for `ms` (Atomics.wait in a worker). */
  sleep: (ms: number) => void;
  /** The thread's record of host descriptors (host-fds.ts); all are closed when the activation ends. */
  fds: HostFdSlots;
}

/** Where a thread keeps the instance of a module whose instances can be reused (wasm-state.ts). */
export interface InstanceReuse {
  parked: Pick<ParkedInstances, 'take' | 'park'>;
  key: string;
}

export type ActivationOutcome =
  | { kind: 'success'; resultJson: string }
  | { kind: 'application-error'; resultJson: string }
  | { kind: 'failure'; failure: Failure };

export type InstanceOrigin = 'fresh' | 'reused';

export interface ActivationResult {
  outcome: ActivationOutcome;
  instance: InstanceOrigin;
  stdout: OutputCapture;
  stderr: OutputCapture;
}

interface WowExports {
  memory: WebAssembly.Memory;
  get_wasm_memory_buffer_pointer(): number;
  wasm_memory_buffer_allocate_space(n: number): void;
  get_wasm_memory_buffer_len(): number;
}

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

export function runActivation(
  module: WebAssembly.Module,
  spec: ActivationSpec,
  hooks: ActivationHooks,
  reuse?: InstanceReuse,
): ActivationResult {
  const input = encoder.encode(spec.input);
  const stdout = new OutputCapture();
  const stderr = new OutputCapture();
  const wasi = new WasiHost({
    args: spec.abi === 'wow' ? [String(input.length)] : ['action'],
    env: spec.env,
    ...(spec.dir === undefined ? {} : { dir: spec.dir }),
    stdin: spec.abi === 'wow' ? EMPTY : input,
    stdout,
    stderr,
    fds: hooks.fds,
    sleep: hooks.sleep,
    ...(hooks.onBlock === undefined ? {} : { onBlock: hooks.onBlock }),
    ...(hooks.onUnblock === undefined ? {} : { onUnblock: hooks.onUnblock }),
  });
  activate(wasi);
  activeHooks = hooks;
  const origin: { instance: InstanceOrigin } = { instance: 'fresh' };
  try {
    const outcome = execute(module, spec, wasi, input, stdout, stderr, reuse, origin);
    return { outcome, stdout, stderr, instance: origin.instance };
  } finally {
    activate(undefined);
    activeHooks = undefined;
    wasi.close();
  }
}

function execute(
  module: WebAssembly.Module,
  spec: ActivationSpec,
  wasi: WasiHost,
  input: Uint8Array,
  stdout: OutputCapture,
  stderr: OutputCapture,
  reuse: InstanceReuse | undefined,
  origin: { instance: InstanceOrigin },
): ActivationOutcome {
  let saved: SavedState | undefined;
  let instance: WebAssembly.Instance;
  let memory: WebAssembly.Memory;
  try {
    saved = reuse?.parked.take(reuse.key);
    if (saved !== undefined) {
      instance = saved.instance;
      origin.instance = 'reused';
    } else {
      instance = new WebAssembly.Instance(module, importsFor(module, spec));
      // Read before any code of the module runs: the deferred start function is the module's first code.
      if (reuse !== undefined) saved = SavedState.capture(instance);
    }
    memory = instance.exports.memory as WebAssembly.Memory;
    wasi.bindMemory(memory);
    const start = instance.exports[DEFERRED_START_EXPORT];
    if (typeof start === 'function') start();
  } catch (error) {
    if (error instanceof WasiExit)
      return { kind: 'failure', failure: exitFailure(error.exitCode, undefined, spec, stderr) };
    return { kind: 'failure', failure: instantiationFailure(error) };
  }
  const outcome = runEntry(instance, memory, spec, input, stdout, stderr);
  // Only an activation that ended normally leaves its instance to the next one, which finds it restored.
  if (reuse !== undefined && saved !== undefined && outcome.kind !== 'failure') reuse.parked.park(reuse.key, saved);
  return outcome;
}

/** Runs `_start` (after placing the input, under the wow ABI) and reads the result. */
function runEntry(
  instance: WebAssembly.Instance,
  memory: WebAssembly.Memory,
  spec: ActivationSpec,
  input: Uint8Array,
  stdout: OutputCapture,
  stderr: OutputCapture,
): ActivationOutcome {
  try {
    if (spec.abi === 'wow') {
      const exports = instance.exports as unknown as WowExports;
      exports.wasm_memory_buffer_allocate_space(input.length);
      const ptr = exports.get_wasm_memory_buffer_pointer() >>> 0;
      if (ptr + input.length > memory.buffer.byteLength)
        return badResult('the input buffer lies outside the module memory');
      new Uint8Array(memory.buffer, ptr, input.length).set(input);
    }
    (instance.exports._start as () => void)();
  } catch (error) {
    if (!(error instanceof WasiExit)) return { kind: 'failure', failure: trapFailure(error, memory, spec, stderr) };
    if (error.exitCode !== 0) return { kind: 'failure', failure: exitFailure(error.exitCode, memory, spec, stderr) };
  }
  return spec.abi === 'wow' ? wowResult(instance.exports as unknown as WowExports) : commandResult(stdout.text());
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
  if (ptr + len > exports.memory.buffer.byteLength)
    return badResult('the result buffer lies outside the module memory');
  const text = Buffer.from(exports.memory.buffer, ptr, len).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return badResult(`the result buffer is not JSON: ${truncate(text)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return badResult(`expected {"Ok": …} or {"Err": …}, got ${truncate(text)}`);
  const keys = Object.keys(parsed);
  if (keys.length === 1 && keys[0] === 'Ok') return sized('success', JSON.stringify((parsed as { Ok: unknown }).Ok));
  if (keys.length === 1 && keys[0] === 'Err')
    return sized('application-error', JSON.stringify((parsed as { Err: unknown }).Err));
  return badResult(`expected {"Ok": …} or {"Err": …}, got ${truncate(text)}`);
}

function classify(value: unknown, json: string): ActivationOutcome {
  if (value === null || typeof value !== 'object')
    return badResult(`the result is not a JSON object or array: ${truncate(json)}`);
  const isError = !Array.isArray(value) && Object.hasOwn(value, 'error');
  return sized(isError ? 'application-error' : 'success', json);
}

function sized(kind: 'success' | 'application-error', resultJson: string | undefined): ActivationOutcome {
  const json = resultJson ?? 'null'; // JSON.stringify(undefined) cannot happen for parsed JSON, kept for the types
  const size = Buffer.byteLength(json);
  if (size > MAX_RESULT_BYTES) {
    return {
      kind: 'application-error',
      resultJson: JSON.stringify({ error: messages.tooLarge(size, MAX_RESULT_BYTES) }),
    };
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

/** The hooks of the activation running on this thread: an instance outlives the activation that created it. */
let activeHooks: ActivationHooks | undefined;

/** The fork's fake `http.get`, one function for every instance on the thread. */
function httpGet(): number {
  const hooks = activeHooks;
  if (hooks === undefined) throw new Error('http.get was called outside an activation');
  hooks.onBlock?.();
  hooks.sleep(HTTP_GET_MS);
  hooks.onUnblock?.();
  return 0;
}

function importsFor(module: WebAssembly.Module, spec: ActivationSpec): WebAssembly.Imports {
  const preview1: Record<string, (...args: unknown[]) => number | void> = {};
  const imports: WebAssembly.Imports = { wasi_snapshot_preview1: preview1 };
  for (const imp of importsOf(module)) {
    if (imp.module === 'wasi_snapshot_preview1') {
      preview1[imp.name] = wasiImport(imp.name);
    } else if (imp.module === 'http' && imp.name === 'get' && spec.netAccess) {
      imports.http = { get: httpGet };
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

function trapFailure(
  error: unknown,
  memory: WebAssembly.Memory | undefined,
  spec: ActivationSpec,
  stderr: OutputCapture,
): Failure {
  if (nearMemoryLimit(memory, spec) || error instanceof RangeError) return failure('ERR_MEMORY', messages.memory);
  const message =
    error instanceof WebAssembly.RuntimeError
      ? `The action trapped: ${error.message}.`
      : `The action failed: ${(error as Error)?.message ?? String(error)}.`;
  return failure('ERR_TRAP', withStderr(message, stderr));
}

function exitFailure(
  code: number,
  memory: WebAssembly.Memory | undefined,
  spec: ActivationSpec,
  stderr: OutputCapture,
): Failure {
  if (nearMemoryLimit(memory, spec)) return failure('ERR_MEMORY', messages.memory);
  return failure('ERR_TRAP', withStderr(`The action exited with code ${code} before producing a result.`, stderr));
}

function withStderr(message: string, stderr: OutputCapture): string {
  const tail = stderr.tailText().trim();
  return tail ? `${message} stderr: ${truncate(tail)}` : message;
}

function badResult(why: string): ActivationOutcome {
  return {
    kind: 'failure',
    failure: failure('ERR_BAD_RESULT', `The action did not produce a valid response: ${why}.`),
  };
}

function truncate(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
