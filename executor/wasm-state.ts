// Which state an instance of a module carries besides its memory, read from the binary's section headers: the
// mutable globals and the tables it defines, and whether it has passive segments. An instance whose memory,
// mutable globals and tables are put back as they were right after instantiation is indistinguishable from a fresh
// one (sandbox/instance-reuse.ts), except through two things the JavaScript API cannot reset: a passive data or
// element segment dropped by `data.drop`/`elem.drop` stays dropped, so such modules always get fresh instances.
// The executor links no imported globals, tables or memories (code.ts refuses them), so the indices here are the
// module's own. Anything this reader does not understand makes the module "not reusable", never an error: V8
// validates the module afterwards.
import { OwEvalError } from '../errors/ow-eval-error.js';
import { readU32, WasmBinaryError } from './wasm-leb.js';

/** The export names under which activations reach a module's hidden state (added by capMemory). */
export const GLOBAL_EXPORT_PREFIX = '__ow_eval_global_';
export const TABLE_EXPORT_PREFIX = '__ow_eval_table_';

export type InstanceState =
  { reusable: true; mutableGlobals: number[]; tables: number } | { reusable: false; why: string };

const SECTION_TABLE = 4;
const SECTION_GLOBAL = 6;
const SECTION_ELEMENT = 9;
const SECTION_DATA = 11;
const SECTION_DATA_COUNT = 12;

/** Value types whose globals JavaScript can read and write back exactly (v128 cannot cross into JavaScript). */
const JS_VALUE_TYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x70, 0x6f]);

/** A section this reader does not take apart: the module is then simply not reused. */
class NotUnderstood extends OwEvalError {
  constructor(message: string) {
    super('ERR_WASM_STATE_UNREAD', message);
  }
}

export function readInstanceState(bytes: Uint8Array): InstanceState {
  let mutableGlobals: number[] = [];
  let tables = 0;
  // `memory.init` and `data.drop` are valid only in a module with a data count section (it precedes the code and
  // data sections): without one, no data segment can be read or dropped after instantiation, and the data section
  // need not be read.
  let dataCount = false;
  try {
    let pos = 8;
    while (pos < bytes.length) {
      const id = bytes[pos++]!;
      const [size, start] = readU32(bytes, pos);
      const end = start + size;
      if (id === SECTION_TABLE) tables = countTables(bytes, start, end);
      else if (id === SECTION_GLOBAL) mutableGlobals = readMutableGlobals(bytes, start, end);
      else if (id === SECTION_ELEMENT && hasPassiveElements(bytes, start, end))
        return { reusable: false, why: 'passive element segment' };
      else if (id === SECTION_DATA_COUNT) dataCount = true;
      else if (id === SECTION_DATA && dataCount && hasPassiveData(bytes, start, end))
        return { reusable: false, why: 'passive data segment' };
      pos = end;
    }
  } catch (error) {
    if (error instanceof NotUnderstood) return { reusable: false, why: error.message };
    if (error instanceof WasmBinaryError) return { reusable: false, why: error.message };
    throw error;
  }
  return { reusable: true, mutableGlobals, tables };
}

function countTables(bytes: Uint8Array, pos: number, end: number): number {
  const [count, first] = readU32(bytes, pos);
  pos = first;
  for (let i = 0; i < count; i++) {
    const reftype = bytes[pos++];
    // 0x40 0x00 opens a table with an initialiser expression (function references proposal): not read here.
    if (reftype !== 0x70 && reftype !== 0x6f) throw new NotUnderstood(`table type 0x${reftype?.toString(16)}`);
    pos = skipLimits(bytes, pos);
  }
  if (pos !== end) throw new NotUnderstood('malformed table section');
  return count;
}

function readMutableGlobals(bytes: Uint8Array, pos: number, end: number): number[] {
  const [count, first] = readU32(bytes, pos);
  pos = first;
  const mutable: number[] = [];
  for (let i = 0; i < count; i++) {
    const type = bytes[pos++]!;
    const mut = bytes[pos++];
    if (mut === 1) {
      if (!JS_VALUE_TYPES.has(type)) throw new NotUnderstood(`mutable global of type 0x${type.toString(16)}`);
      mutable.push(i);
    }
    pos = skipConstExpr(bytes, pos);
  }
  if (pos !== end) throw new NotUnderstood('malformed global section');
  return mutable;
}

/** Element segment kinds 1 and 5 are passive; 3 and 7 declarative (dropped at instantiation, as active ones are). */
function hasPassiveElements(bytes: Uint8Array, pos: number, end: number): boolean {
  const [count, first] = readU32(bytes, pos);
  pos = first;
  for (let i = 0; i < count; i++) {
    let flags: number;
    [flags, pos] = readU32(bytes, pos);
    if (flags === 1 || flags === 5) return true;
    if (flags > 7) throw new NotUnderstood(`element segment kind ${flags}`);
    if (flags === 2 || flags === 6) [, pos] = readU32(bytes, pos); // table index
    if (flags === 0 || flags === 2 || flags === 4 || flags === 6) pos = skipConstExpr(bytes, pos); // offset
    if (flags !== 0 && flags !== 4) pos++; // elemkind or reftype
    let n: number;
    [n, pos] = readU32(bytes, pos);
    for (let j = 0; j < n; j++) {
      if (flags < 4)
        [, pos] = readU32(bytes, pos); // function index
      else pos = skipConstExpr(bytes, pos);
    }
  }
  if (pos !== end) throw new NotUnderstood('malformed element section');
  return false;
}

function hasPassiveData(bytes: Uint8Array, pos: number, end: number): boolean {
  const [count, first] = readU32(bytes, pos);
  pos = first;
  for (let i = 0; i < count; i++) {
    // The usual segment, read inline (an AssemblyScript module has one per string: 311 in the noop action):
    // kind 0, offset `i32.const n end`, then the length.
    if (bytes[pos] === 0 && bytes[pos + 1] === 0x41) {
      pos = skipSignedLeb(bytes, pos + 2);
      if (bytes[pos++] !== 0x0b) throw new NotUnderstood('data segment offset is not a constant');
    } else {
      let flags: number;
      [flags, pos] = readU32(bytes, pos);
      if (flags === 1) return true;
      if (flags === 2)
        [, pos] = readU32(bytes, pos); // memory index
      else if (flags !== 0) throw new NotUnderstood(`data segment kind ${flags}`);
      pos = skipConstExpr(bytes, pos);
    }
    let length: number;
    [length, pos] = readU32(bytes, pos);
    pos += length;
  }
  if (pos !== end) throw new NotUnderstood('malformed data section');
  return false;
}

/** Skips a constant expression up to and including its `end` (0x0b). */
function skipConstExpr(bytes: Uint8Array, pos: number): number {
  for (;;) {
    const op = bytes[pos++];
    switch (op) {
      case 0x0b:
        return pos;
      case 0x41: // i32.const
      case 0x42: // i64.const
        pos = skipSignedLeb(bytes, pos);
        break;
      case 0x43: // f32.const
        pos += 4;
        break;
      case 0x44: // f64.const
        pos += 8;
        break;
      case 0x23: // global.get
      case 0xd2: // ref.func
        [, pos] = readU32(bytes, pos);
        break;
      case 0xd0: // ref.null t
        pos++;
        break;
      case 0x6a: // extended constant expressions: i32.add/sub/mul, i64.add/sub/mul
      case 0x6b:
      case 0x6c:
      case 0x7c:
      case 0x7d:
      case 0x7e:
        break;
      case 0xfd: {
        let sub: number;
        [sub, pos] = readU32(bytes, pos);
        if (sub !== 12) throw new NotUnderstood(`constant expression opcode 0xfd ${sub}`);
        pos += 16; // v128.const
        break;
      }
      default:
        throw new NotUnderstood(`constant expression opcode 0x${op?.toString(16)}`);
    }
    if (pos > bytes.length) throw new NotUnderstood('constant expression runs past the end');
  }
}

function skipSignedLeb(bytes: Uint8Array, pos: number): number {
  for (let i = 0; i < 10; i++) {
    const byte = bytes[pos++];
    if (byte === undefined) break;
    if ((byte & 0x80) === 0) return pos;
  }
  throw new NotUnderstood('malformed signed LEB128 number');
}

function skipLimits(bytes: Uint8Array, pos: number): number {
  const flags = bytes[pos++]!;
  if (flags > 1) throw new NotUnderstood(`table limits flags ${flags}`);
  [, pos] = readU32(bytes, pos);
  if (flags & 1) [, pos] = readU32(bytes, pos);
  return pos;
}
