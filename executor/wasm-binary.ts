// Caps a module's linear memory by rewriting the maximum in its memory section, so that `memory.grow` past the
// limit fails inside the guest instead of taking host memory. A start function is turned into an export
// (DEFERRED_START_EXPORT) that the activation calls right after instantiation: JavaScript cannot reach an instance's
// memory while `new WebAssembly.Instance` runs, and a start function may call WASI (an AssemblyScript module reading
// `process.argv` at top level does). When an instance of the module can be put back to its state after
// instantiation (wasm-state.ts), every mutable global and every table is exported too, under GLOBAL_EXPORT_PREFIX /
// TABLE_EXPORT_PREFIX and its index, so that sandbox/instance-reuse.ts can save and restore the ones the module keeps
// to itself. Only the memory, export and start sections are re-encoded; DWARF custom sections (`.debug_*`) are
// dropped, every other byte is copied as is. Nothing in the executor reads DWARF, and it was most of the cost of a
// big module's /init: for an 822 KiB Rust module with 685 KiB of .debug_* sections, copying them here and V8 hashing
// and keeping them took `new WebAssembly.Module` from 1.0 to 4.6 ms (docs/performance.md). The module is compiled
// (and so fully validated) by V8 afterwards.

import { readU32, WasmBinaryError, writeU32 } from './wasm-leb.js';
import { GLOBAL_EXPORT_PREFIX, readInstanceState, TABLE_EXPORT_PREFIX, type InstanceState } from './wasm-state.js';

const PAGE = 65536;
/** The export under which a module's start function is called after instantiation (sandbox/activation.ts). */
export const DEFERRED_START_EXPORT = '__ow_eval_deferred_start';

export interface CappedModule {
  bytes: Uint8Array;
  /** Initial pages the module asks for (0 when it defines no memory). */
  initialPages: number;
  maximumPages: number;
  /** Whether an instance can be put back to its state right after instantiation (wasm-state.ts); when it can,
   * its mutable globals and tables are exported under GLOBAL_EXPORT_PREFIX / TABLE_EXPORT_PREFIX + index. */
  state: InstanceState;
}

const EXPORT_FUNCTION = 0;
const EXPORT_TABLE = 1;
const EXPORT_GLOBAL = 3;

interface AddedExport {
  name: string;
  kind: number;
  index: number;
}

export function capMemory(bytes: Uint8Array, limitBytes: number): CappedModule {
  const limitPages = Math.floor(limitBytes / PAGE);
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new WasmBinaryError('not a WebAssembly module (the file does not start with \\0asm)');
  }
  if (bytes[4] !== 1 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0)
    throw new WasmBinaryError('unsupported WebAssembly binary version');
  const out: Uint8Array[] = [bytes.subarray(0, 8)];
  const state = readInstanceState(bytes);
  const added = addedExports(findStartFunction(bytes), state);
  let exportsAdded = added.length === 0;
  let pos = 8;
  let initialPages = 0;
  let maximumPages = limitPages;
  while (pos < bytes.length) {
    const start = pos;
    const id = bytes[pos++]!;
    const [size, afterSize] = readU32(bytes, pos);
    const end = afterSize + size;
    if (end > bytes.length) throw new WasmBinaryError(`section ${id} runs past the end of the module`);
    if (id === 2 && importsMemory(bytes, afterSize, end)) {
      throw new WasmBinaryError(
        'the module imports its memory; the executor only runs modules that define and export it',
      );
    }
    if (id === 0 && isDebugSection(bytes, afterSize, end)) {
      pos = end;
      continue;
    }
    if (id === 5) {
      const rewritten = rewriteMemorySection(bytes.subarray(afterSize, end), limitPages);
      initialPages = rewritten.initialPages;
      maximumPages = rewritten.maximumPages;
      out.push(Uint8Array.of(5), writeU32(rewritten.payload.length), rewritten.payload);
    } else if (id === 7 && !exportsAdded) {
      out.push(exportSection(bytes.subarray(afterSize, end), added));
      exportsAdded = true;
    } else if (id === 8) {
      if (!exportsAdded) out.push(exportSection(Uint8Array.of(0), added)); // the module had no export section
      exportsAdded = true;
    } else {
      out.push(bytes.subarray(start, end));
    }
    pos = end;
  }
  return { bytes: concat(out), initialPages, maximumPages, state };
}

/** The deferred start function, and the mutable globals and tables of a module whose instances can be reused. */
function addedExports(startFunction: number | undefined, state: InstanceState): AddedExport[] {
  const added: AddedExport[] = [];
  if (startFunction !== undefined)
    added.push({ name: DEFERRED_START_EXPORT, kind: EXPORT_FUNCTION, index: startFunction });
  if (state.reusable) {
    for (const index of state.mutableGlobals)
      added.push({ name: `${GLOBAL_EXPORT_PREFIX}${index}`, kind: EXPORT_GLOBAL, index });
    for (let index = 0; index < state.tables; index++)
      added.push({ name: `${TABLE_EXPORT_PREFIX}${index}`, kind: EXPORT_TABLE, index });
  }
  return added;
}

const DEBUG_PREFIX = [0x2e, 0x64, 0x65, 0x62, 0x75, 0x67, 0x5f]; // ".debug_"

/** Whether the custom section at `pos` is named `.debug_*` (its name is a length-prefixed UTF-8 string). */
function isDebugSection(bytes: Uint8Array, pos: number, end: number): boolean {
  const [nameLength, nameStart] = readU32(bytes, pos);
  if (nameLength < DEBUG_PREFIX.length || nameStart + nameLength > end) return false;
  return DEBUG_PREFIX.every((b, i) => bytes[nameStart + i] === b);
}

/** The function index of the start section, if there is one (section headers only). */
function findStartFunction(bytes: Uint8Array): number | undefined {
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos++]!;
    const [size, afterSize] = readU32(bytes, pos);
    if (id === 8) return readU32(bytes, afterSize)[0];
    pos = afterSize + size;
  }
  return undefined;
}

/** An export section (id, size, payload) with the `added` entries after the module's own. */
function exportSection(payload: Uint8Array, added: AddedExport[]): Uint8Array {
  const [count, entriesAt] = readU32(payload, 0);
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [writeU32(count + added.length), payload.subarray(entriesAt)];
  for (const { name, kind, index } of added) {
    const encoded = encoder.encode(name);
    parts.push(writeU32(encoded.length), encoded, Uint8Array.of(kind), writeU32(index));
  }
  const body = concat(parts);
  return concat([Uint8Array.of(7), writeU32(body.length), body]);
}

function rewriteMemorySection(
  payload: Uint8Array,
  limitPages: number,
): { payload: Uint8Array; initialPages: number; maximumPages: number } {
  let [count, pos] = readU32(payload, 0);
  if (count !== 1) throw new WasmBinaryError(`the module defines ${count} memories; exactly one is supported`);
  const flags = payload[pos++];
  if (flags === undefined || flags > 1) throw new WasmBinaryError('shared or 64-bit memories are not supported');
  let initial: number;
  [initial, pos] = readU32(payload, pos);
  let declaredMax = Number.POSITIVE_INFINITY;
  if (flags === 1) [declaredMax, pos] = readU32(payload, pos);
  if (pos !== payload.length) throw new WasmBinaryError('malformed memory section');
  if (initial > limitPages) {
    throw new WasmBinaryError(
      `the module's initial memory (${initial} pages of 64 KiB) exceeds the memory limit (${limitPages} pages)`,
    );
  }
  const maximumPages = Math.min(declaredMax, limitPages);
  return {
    payload: concat([Uint8Array.of(1, 1), writeU32(initial), writeU32(maximumPages)]),
    initialPages: initial,
    maximumPages,
  };
}

function importsMemory(bytes: Uint8Array, pos: number, end: number): boolean {
  let count: number;
  [count, pos] = readU32(bytes, pos);
  for (let i = 0; i < count && pos < end; i++) {
    let len: number;
    [len, pos] = readU32(bytes, pos);
    pos += len; // module name
    [len, pos] = readU32(bytes, pos);
    pos += len; // field name
    const kind = bytes[pos++];
    if (kind === 2) return true;
    if (kind === 0)
      [, pos] = readU32(bytes, pos); // type index
    else if (kind === 1) {
      pos += 1;
      pos = skipLimits(bytes, pos);
    } // table: reftype + limits
    else if (kind === 3)
      pos += 2; // global: valtype + mutability
    else if (kind === 4) {
      pos += 1;
      [, pos] = readU32(bytes, pos);
    } // tag
    else throw new WasmBinaryError(`unknown import kind ${kind}`);
  }
  return false;
}

function skipLimits(bytes: Uint8Array, pos: number): number {
  const flags = bytes[pos++]!;
  [, pos] = readU32(bytes, pos);
  if (flags & 1) [, pos] = readU32(bytes, pos);
  return pos;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}
