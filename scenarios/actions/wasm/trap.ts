// trap: executes `unreachable`, so the instance traps and no result is written.
import { JSONValue } from "./lib/json";
import { Outcome, serve } from "./lib/abi";
export { get_wasm_memory_buffer_pointer, wasm_memory_buffer_allocate_space, get_wasm_memory_buffer_len } from "./lib/abi";

function handle(params: JSONValue): Outcome {
  unreachable();
  return Outcome.err("unreachable");
}

export function _start(): void { serve(handle); }
