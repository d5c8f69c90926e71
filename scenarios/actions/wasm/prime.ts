// prime: sieve of Eratosthenes over 0..upperBound (inclusive); returns how many primes it found.
// Default upperBound 1000000 (78498 primes); at most 100000000 (a 100 MB sieve).
import { JSONValue } from "./lib/json";
import { Outcome, serve } from "./lib/abi";
import { intParam } from "./lib/params";
export { get_wasm_memory_buffer_pointer, wasm_memory_buffer_allocate_space, get_wasm_memory_buffer_len } from "./lib/abi";

function handle(params: JSONValue): Outcome {
  const upperBound = intParam(params, "upperBound", 1000000, 0, 100000000);
  if (upperBound.error.length > 0) return Outcome.err(upperBound.error);
  const n = <i32>upperBound.value;

  const composite = new Uint8Array(n + 1);
  let count = 0;
  for (let i = 2; i <= n; i++) {
    if (composite[i]) continue;
    count++;
    for (let j = <i64>i * i; j <= n; j += i) composite[<i32>j] = 1;
  }

  return Outcome.ok(JSONValue.object()
    .set("count", JSONValue.fromNumber(count))
    .set("upperBound", JSONValue.fromNumber(n)));
}

export function _start(): void { serve(handle); }
