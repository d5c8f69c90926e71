// noop: returns {} — the smallest action, for measuring the platform's own overhead.
import { JSONValue } from "./lib/json";
import { Outcome, serve } from "./lib/abi";
export { get_wasm_memory_buffer_pointer, wasm_memory_buffer_allocate_space, get_wasm_memory_buffer_len } from "./lib/abi";

function handle(params: JSONValue): Outcome {
  return Outcome.ok(JSONValue.object());
}

export function _start(): void { serve(handle); }
