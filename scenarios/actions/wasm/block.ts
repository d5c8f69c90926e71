// block: I/O-bound. Calls the host's http.get, which blocks for about 300 ms (docs/openwhisk-protocols.md §6.3), and
// returns how long the call took in whole milliseconds.
import { JSONValue } from "./lib/json";
import { Outcome, serve } from "./lib/abi";
export { get_wasm_memory_buffer_pointer, wasm_memory_buffer_allocate_space, get_wasm_memory_buffer_len } from "./lib/abi";

// @ts-ignore: decorator
@external("http", "get")
declare function httpGet(): i32;

function handle(params: JSONValue): Outcome {
  const started = performance.now();
  httpGet();
  const sleptMs = Math.round(performance.now() - started);
  return Outcome.ok(JSONValue.object().set("sleep_ms", JSONValue.fromNumber(sleptMs)));
}

export function _start(): void { serve(handle); }
