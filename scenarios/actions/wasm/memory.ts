// memory: allocates `mb` MiB in 1 MiB chunks and writes one byte in every 4 KiB page, so the pages are really
// committed; returns the page count and the sum of the bytes read back. Default mb 16, at most 4000.
import { JSONValue } from "./lib/json";
import { Outcome, serve } from "./lib/abi";
import { intParam } from "./lib/params";
export { get_wasm_memory_buffer_pointer, wasm_memory_buffer_allocate_space, get_wasm_memory_buffer_len } from "./lib/abi";

const CHUNK = 1 << 20;
const PAGE = 4096;

function handle(params: JSONValue): Outcome {
  const mb = intParam(params, "mb", 16, 0, 4000);
  if (mb.error.length > 0) return Outcome.err(mb.error);

  const chunks = new Array<Uint8Array>(0);
  for (let i: i64 = 0; i < mb.value; i++) {
    const chunk = new Uint8Array(CHUNK);
    for (let offset = 0; offset < CHUNK; offset += PAGE) chunk[offset] = 1;
    chunks.push(chunk);
  }
  let checksum = 0;
  for (let i = 0; i < chunks.length; i++) {
    for (let offset = 0; offset < CHUNK; offset += PAGE) checksum += chunks[i][offset];
  }

  return Outcome.ok(JSONValue.object()
    .set("mb", JSONValue.fromNumber(<f64>mb.value))
    .set("pages", JSONValue.fromNumber(<f64>(chunks.length * (CHUNK / PAGE))))
    .set("checksum", JSONValue.fromNumber(checksum)));
}

export function _start(): void { serve(handle); }
