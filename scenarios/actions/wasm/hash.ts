// hash: CPU-bound. digest = SHA-256(UTF-8 bytes of input), then iterations - 1 times digest = SHA-256(digest);
// returns the final digest as lowercase hex. Defaults: input "ow-eval", iterations 1000.
import { JSONKind, JSONValue } from "./lib/json";
import { Outcome, serve } from "./lib/abi";
import { intParam } from "./lib/params";
import { Sha256, toHex } from "./lib/sha256";
export { get_wasm_memory_buffer_pointer, wasm_memory_buffer_allocate_space, get_wasm_memory_buffer_len } from "./lib/abi";

function handle(params: JSONValue): Outcome {
  let input = "ow-eval";
  const given = params.get("input");
  if (given != null && given.kind != JSONKind.Null) {
    if (!given.isString) return Outcome.err("Expected input to be a string");
    input = given.str;
  }
  const iterations = intParam(params, "iterations", 1000, 1, 100000000);
  if (iterations.error.length > 0) return Outcome.err(iterations.error);

  const hasher = new Sha256();
  const digest = new Uint8Array(32);
  hasher.digest(Uint8Array.wrap(String.UTF8.encode(input)), digest);
  for (let i: i64 = 1; i < iterations.value; i++) hasher.digest(digest, digest);

  return Outcome.ok(JSONValue.object()
    .set("digest", JSONValue.fromString(toHex(digest)))
    .set("iterations", JSONValue.fromNumber(<f64>iterations.value)));
}

export function _start(): void { serve(handle); }
