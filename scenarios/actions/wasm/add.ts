// add: {"result": param1 + param2}, the tutorial action of wow's README (ow-wasm-action/examples/add.rs),
// with its error messages. serde's as_i64 is read as "a safe integer", which JavaScript can check too.
import { JSONValue } from "./lib/json";
import { Outcome, serve } from "./lib/abi";
export { get_wasm_memory_buffer_pointer, wasm_memory_buffer_allocate_space, get_wasm_memory_buffer_len } from "./lib/abi";

function handle(params: JSONValue): Outcome {
  const param1 = params.get("param1");
  if (param1 == null) return Outcome.err("Expected param1.");
  if (!param1.isSafeInteger) return Outcome.err("Expected param1 to be i64");
  const param2 = params.get("param2");
  if (param2 == null) return Outcome.err("Expected param2.");
  if (!param2.isSafeInteger) return Outcome.err("Expected param2 to be i64");
  return Outcome.ok(JSONValue.object().set("result", JSONValue.fromNumber(param1.num + param2.num)));
}

export function _start(): void { serve(handle); }
