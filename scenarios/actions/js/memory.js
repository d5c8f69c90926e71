// memory: allocates `mb` MiB in 1 MiB chunks and writes one byte in every 4 KiB page, so the pages are really
// committed; returns the page count and the sum of the bytes read back. Default mb 16, at most 4000.
// JavaScript twin of wasm/memory.ts.
const CHUNK = 1 << 20;
const PAGE = 4096;

function main(params) {
  const mb = intParam(params, 'mb', 16, 0, 4000);
  if (mb.error) return { error: mb.error };

  const chunks = [];
  for (let i = 0; i < mb.value; i++) {
    const chunk = new Uint8Array(CHUNK);
    for (let offset = 0; offset < CHUNK; offset += PAGE) chunk[offset] = 1;
    chunks.push(chunk);
  }
  let checksum = 0;
  for (let i = 0; i < chunks.length; i++) {
    for (let offset = 0; offset < CHUNK; offset += PAGE) checksum += chunks[i][offset];
  }

  return { mb: mb.value, pages: chunks.length * (CHUNK / PAGE), checksum };
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
