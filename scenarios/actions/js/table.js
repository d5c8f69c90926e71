// table: heavy initialisation. When the code is loaded (OpenWhisk's /init) it builds a 4 MiB lookup table (2^20
// u32 entries, each the result of 32 rounds of a multiply-xorshift mix of its index) and its checksum; each
// activation then answers one lookup. JavaScript twin of wasm/table.ts: Math.imul and >>> 0 give u32 arithmetic.
// Params: key, an integer 0..1048575 (default 12345). Result: {key, value, checksum}.
const ENTRIES = 1 << 20;
const ROUNDS = 32;

const table = new Uint32Array(ENTRIES);
let checksum = 0;
for (let i = 0; i < ENTRIES; i++) {
  let x = i;
  for (let r = 0; r < ROUNDS; r++) x = (Math.imul((x ^ (x >>> 15)) >>> 0, 0x2c1b3c6d) + r) >>> 0;
  table[i] = x;
  checksum = (Math.imul(checksum, 31) + x) >>> 0;
}

function main(params) {
  const key = intParam(params, 'key', 12345, 0, ENTRIES - 1);
  if (key.error) return { error: key.error };
  return { key: key.value, value: table[key.value], checksum };
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
