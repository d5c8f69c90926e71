// prime: sieve of Eratosthenes over 0..upperBound (inclusive); returns how many primes it found.
// Default upperBound 1000000 (78498 primes); at most 100000000. JavaScript twin of wasm/prime.ts.
function main(params) {
  const upperBound = intParam(params, 'upperBound', 1000000, 0, 100000000);
  if (upperBound.error) return { error: upperBound.error };
  const n = upperBound.value;

  const composite = new Uint8Array(n + 1);
  let count = 0;
  for (let i = 2; i <= n; i++) {
    if (composite[i]) continue;
    count++;
    for (let j = i * i; j <= n; j += i) composite[j] = 1;
  }

  return { count, upperBound: n };
}

// Absent or null → fallback; otherwise an integer in [min, max] (wasm/lib/params.ts).
function intParam(params, name, fallback, min, max) {
  const value = params[name];
  if (value === undefined || value === null) return { value: fallback, error: '' };
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    return { value: 0, error: `Expected ${name} to be an integer between ${min} and ${max}` };
  }
  return { value, error: '' };
}
