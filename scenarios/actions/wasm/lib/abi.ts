// The wow action ABI (docs/openwhisk-protocols.md §6.3, wow ow-wasm-action/src/lib.rs `pass_json!`): the host reserves the
// buffer, copies the params JSON into it, calls `_start` with the byte length as the last argv entry, and reads back
// {"Ok": <result>} or {"Err": {"error": "<message>"}} from the same buffer.
//
// Each action file re-exports the three buffer functions and defines `export function _start(): void { serve(handle); }`.
// The module is built without the shim's `exportStart`: AssemblyScript's own start function (global initialisers, the
// allocator's offset) must run at instantiation, before the host calls wasm_memory_buffer_allocate_space.
import { args_get, args_sizes_get } from "bindings/wasi_snapshot_preview1";
import { JSONValue, parseJSON, stringify } from "./json";

/** What a handler returns: a result value, or an application error that becomes {"Err": {"error": message}}. */
export class Outcome {
  constructor(public value: JSONValue | null, public error: string) {}
  static ok(value: JSONValue): Outcome { return new Outcome(value, ""); }
  static err(message: string): Outcome { return new Outcome(null, message); }
}

let bufferPtr: usize = 0;
let bufferLen: i32 = 0;

export function get_wasm_memory_buffer_pointer(): usize {
  return bufferPtr;
}

/** Reserves `n` bytes and sets the buffer length to `n`, as Vec::reserve + set_len do in wow. */
export function wasm_memory_buffer_allocate_space(n: i32): void {
  if (n < 0) unreachable();
  bufferPtr = heap.alloc(<usize>n);
  bufferLen = n;
}

export function get_wasm_memory_buffer_len(): i32 {
  return bufferLen;
}

/** Runs one activation: read the params from the buffer, call the handler, leave the serialized outcome there. */
export function serve(handle: (params: JSONValue) => Outcome): void {
  const len = inputLength();
  if (len < 0) { process.exit(1); return; }
  const parsed = parseJSON(String.UTF8.decodeUnsafe(bufferPtr, <usize>len));
  const params = parsed.value;
  const outcome = params == null ? Outcome.err("Could not parse the params as JSON: " + parsed.error) : handle(params);
  store(outcome);
}

// wow takes the last argv entry (wasmtime passes [len], wasmer [name, len]) and refuses more than two entries.
function inputLength(): i32 {
  const argv = readArgv();
  if (argv.length < 1 || argv.length > 2) {
    printError("Expected 1 or 2 arguments, got " + argv.length.toString());
    return -1;
  }
  const text = argv[argv.length - 1];
  const len = parseInt(text, 10);
  if (text.length == 0 || isNaN(len) || len != Math.floor(len) || len < 0 || len > <f64>bufferLen) {
    printError("Expected the last argument to be the params length (0.." + bufferLen.toString() + "), got '" + text + "'");
    return -1;
  }
  return <i32>len;
}

// The shim's process.argv is a lazy global that AssemblyScript initialises in the start function, i.e. during
// instantiation, when node:wasi refuses calls ("wasi.start() has not been called"); so argv is read here instead.
function readArgv(): string[] {
  const sizes = heap.alloc(2 * sizeof<usize>());
  if (args_sizes_get(sizes, sizes + sizeof<usize>()) != 0) return [];
  const count = load<usize>(sizes);
  const dataSize = load<usize>(sizes, sizeof<usize>());
  const pointers = heap.alloc(count * sizeof<usize>() + dataSize);
  const data = pointers + count * sizeof<usize>();
  if (args_get(pointers, data) != 0) return [];
  const argv = new Array<string>(<i32>count);
  for (let i: usize = 0; i < count; i++) {
    const start = load<usize>(pointers + i * sizeof<usize>());
    argv[<i32>i] = String.UTF8.decodeUnsafe(start, data + dataSize - start, true); // stops at the NUL terminator
  }
  return argv;
}

// The shim's console.error writes to stdout; the host's stderr is fd 2.
function printError(message: string): void {
  process.stderr.write(message + "\n");
}

function store(outcome: Outcome): void {
  const value = outcome.value;
  const json = value != null
    ? "{\"Ok\":" + stringify(value) + "}"
    : "{\"Err\":{\"error\":" + stringify(JSONValue.fromString(outcome.error)) + "}}";
  const bytes = String.UTF8.encode(json);
  bufferPtr = changetype<usize>(bytes);
  bufferLen = bytes.byteLength;
}
