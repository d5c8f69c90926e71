// loop: never returns (for timeout tests). The counter lives in memory so no optimiser can drop the loop.
import { JSONValue } from "./lib/json";
import { Outcome, serve } from "./lib/abi";
export { get_wasm_memory_buffer_pointer, wasm_memory_buffer_allocate_space, get_wasm_memory_buffer_len } from "./lib/abi";

const counter = new Uint32Array(1);

function handle(params: JSONValue): Outcome {
  while (true) counter[0]++;
}

export function _start(): void { serve(handle); }
