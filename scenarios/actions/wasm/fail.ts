// fail: always returns an application error, {"Err": {"error": "..."}}.
import { JSONValue } from "./lib/json";
import { Outcome, serve } from "./lib/abi";
export { get_wasm_memory_buffer_pointer, wasm_memory_buffer_allocate_space, get_wasm_memory_buffer_len } from "./lib/abi";

function handle(params: JSONValue): Outcome {
  return Outcome.err("fail: this action always fails");
}

export function _start(): void { serve(handle); }
