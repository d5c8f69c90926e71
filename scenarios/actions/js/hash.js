// hash: CPU-bound. digest = SHA-256(UTF-8 bytes of input), then iterations - 1 times digest = SHA-256(digest);
// returns the final digest as lowercase hex. Defaults: input "ow-eval", iterations 1000.
// JavaScript twin of wasm/hash.ts; SHA-256 is written out (FIPS 180-4) exactly as in wasm/lib/sha256.ts.
function main(params) {
  let input = 'ow-eval';
  const given = params.input;
  if (given !== undefined && given !== null) {
    if (typeof given !== 'string') return { error: 'Expected input to be a string' };
    input = given;
  }
  const iterations = intParam(params, 'iterations', 1000, 1, 100000000);
  if (iterations.error) return { error: iterations.error };

  const hasher = new Sha256();
  const digest = new Uint8Array(32);
  hasher.digest(new TextEncoder().encode(input), digest);
  for (let i = 1; i < iterations.value; i++) hasher.digest(digest, digest);

  return { digest: toHex(digest), iterations: iterations.value };
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

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

const IV = new Uint32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

// Owns its buffers, so hashing in a loop allocates nothing.
class Sha256 {
  constructor() {
    this.h = new Uint32Array(8);
    this.w = new Uint32Array(64);
    this.block = new Uint8Array(64);
  }

  /** Writes the 32-byte digest of `message` into `out`; `out` may be `message` itself. */
  digest(message, out) {
    const h = this.h;
    for (let i = 0; i < 8; i++) h[i] = IV[i];
    const length = message.length;
    const fullBlocks = length >>> 6;
    for (let b = 0; b < fullBlocks; b++) this.compress(message, b << 6);

    // The tail, the 0x80 marker and the 64-bit big-endian bit length fill one or two final blocks.
    const block = this.block;
    const rest = length - (fullBlocks << 6);
    block.fill(0);
    for (let i = 0; i < rest; i++) block[i] = message[(fullBlocks << 6) + i];
    block[rest] = 0x80;
    if (rest >= 56) {
      this.compress(block, 0);
      block.fill(0);
    }
    const bitsHigh = Math.floor(length / 0x20000000) >>> 0;
    const bitsLow = (length << 3) >>> 0;
    writeWord(block, 56, bitsHigh);
    writeWord(block, 60, bitsLow);
    this.compress(block, 0);

    for (let i = 0; i < 8; i++) writeWord(out, i << 2, h[i]);
  }

  compress(data, offset) {
    const w = this.w;
    for (let t = 0; t < 16; t++) {
      const p = offset + (t << 2);
      w[t] = (data[p] << 24) | (data[p + 1] << 16) | (data[p + 2] << 8) | data[p + 3];
    }
    for (let t = 16; t < 64; t++) {
      const w15 = w[t - 15];
      const w2 = w[t - 2];
      const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
      const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1; // the Uint32Array store wraps modulo 2^32, as u32 does in wasm
    }

    const h = this.h;
    let a = h[0],
      b = h[1],
      c = h[2],
      d = h[3],
      e = h[4],
      f = h[5],
      g = h[6],
      hh = h[7];
    for (let t = 0; t < 64; t++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[t] + w[t]) | 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }
}

function rotr(x, n) {
  return (x >>> n) | (x << (32 - n));
}

function writeWord(bytes, offset, word) {
  bytes[offset] = word >>> 24;
  bytes[offset + 1] = word >>> 16;
  bytes[offset + 2] = word >>> 8;
  bytes[offset + 3] = word;
}

const HEX_DIGITS = '0123456789abcdef';

function toHex(bytes) {
  const parts = new Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    parts[i] = HEX_DIGITS.charAt(bytes[i] >>> 4) + HEX_DIGITS.charAt(bytes[i] & 15);
  }
  return parts.join('');
}
