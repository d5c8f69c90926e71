// The binary format's LEB128 numbers, and the error every reader of module bytes throws.
import { OwEvalError } from '../errors/ow-eval-error.js';

/** The bytes are not a well-formed WebAssembly binary where ow-eval reads them itself. */
export class WasmBinaryError extends OwEvalError {
  constructor(message: string) {
    super('ERR_WASM_MALFORMED', message);
  }
}

/** An unsigned LEB128 number at `pos`: [value, position after it]. */
export function readU32(bytes: Uint8Array, pos: number): [number, number] {
  const first = bytes[pos];
  if (first !== undefined && first < 0x80) return [first, pos + 1]; // most numbers in a module fit in one byte
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[pos++];
    if (byte === undefined || shift > 28) throw new WasmBinaryError('truncated or malformed LEB128 number');
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7;
  }
}

/** `value` as unsigned LEB128, as the binary format encodes sizes. */
export function writeU32(value: number): Uint8Array {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return Uint8Array.from(out);
}
