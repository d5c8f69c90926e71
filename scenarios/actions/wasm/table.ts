// table: heavy initialisation. Once per instance it builds a 4 MiB lookup table (2^20 u32 entries, each the result
// of 32 rounds of a multiply-xorshift mix of its index) and its checksum; each activation then answers one lookup.
// The initialisation is exported as `wizer_initialize`, so `ow-eval actions build` can snapshot a module in which
// the table is already built (the `wizer` variant); without it the first `handle` builds the table.
// Params: key, an integer 0..1048575 (default 12345). Result: {key, value, checksum}, as the JavaScript twin.
import { JSONValue } from "./lib/json";
import { Outcome, serve } from "./lib/abi";
import { intParam } from "./lib/params";
export { get_wasm_memory_buffer_pointer, wasm_memory_buffer_allocate_space, get_wasm_memory_buffer_len } from "./lib/abi";

const ENTRIES: i32 = 1 << 20;
const ROUNDS: i32 = 32;

let table: Uint32Array | null = null;
let checksum: u32 = 0;

function buildTable(): void {
  if (table != null) return;
  const built = new Uint32Array(ENTRIES);
  let sum: u32 = 0;
  for (let i: i32 = 0; i < ENTRIES; i++) {
    let x: u32 = <u32>i;
    for (let r: i32 = 0; r < ROUNDS; r++) x = (x ^ (x >>> 15)) * 0x2c1b3c6d + <u32>r;
    built[i] = x;
    sum = sum * 31 + x;
  }
  checksum = sum;
  table = built;
}

/** Wizer calls this once at build time and snapshots the memory and globals it leaves. */
export function wizer_initialize(): void { buildTable(); }

function handle(params: JSONValue): Outcome {
  const key = intParam(params, "key", 12345, 0, ENTRIES - 1);
  if (key.error.length > 0) return Outcome.err(key.error);
  buildTable();
  const value = table!.__uget(<i32>key.value);
  return Outcome.ok(JSONValue.object()
    .set("key", JSONValue.fromNumber(<f64>key.value))
    .set("value", JSONValue.fromNumber(<f64>value))
    .set("checksum", JSONValue.fromNumber(<f64>checksum)));
}

export function _start(): void { serve(handle); }
