// SHA-256 (FIPS 180-4), written out so the wasm and JavaScript twins run the same algorithm; js/hash.js mirrors it
// line for line. A Sha256 owns its buffers, so hashing in a loop allocates nothing (the stub runtime never frees).

const K: StaticArray<u32> = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

const IV: StaticArray<u32> = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

export class Sha256 {
  private h: StaticArray<u32> = new StaticArray<u32>(8);
  private w: StaticArray<u32> = new StaticArray<u32>(64);
  private block: Uint8Array = new Uint8Array(64);

  /** Writes the 32-byte digest of `message` into `out`; `out` may be `message` itself. */
  digest(message: Uint8Array, out: Uint8Array): void {
    const h = this.h;
    for (let i = 0; i < 8; i++) h[i] = unchecked(IV[i]);
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
    const bitsHigh = <u32>(<u64>length >>> 29);
    const bitsLow = <u32>length << 3;
    writeWord(block, 56, bitsHigh);
    writeWord(block, 60, bitsLow);
    this.compress(block, 0);

    for (let i = 0; i < 8; i++) writeWord(out, i << 2, h[i]);
  }

  private compress(data: Uint8Array, offset: i32): void {
    const w = this.w;
    for (let t = 0; t < 16; t++) {
      const p = offset + (t << 2);
      unchecked(w[t] = (<u32>data[p] << 24) | (<u32>data[p + 1] << 16) | (<u32>data[p + 2] << 8) | <u32>data[p + 3]);
    }
    for (let t = 16; t < 64; t++) {
      const w15 = unchecked(w[t - 15]);
      const w2 = unchecked(w[t - 2]);
      const s0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >>> 3);
      const s1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >>> 10);
      unchecked(w[t] = unchecked(w[t - 16]) + s0 + unchecked(w[t - 7]) + s1);
    }

    const h = this.h;
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (let t = 0; t < 64; t++) {
      const S1 = rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = hh + S1 + ch + unchecked(K[t]) + unchecked(w[t]);
      const S0 = rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = S0 + maj;
      hh = g; g = f; f = e; e = d + t1;
      d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
    h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
}


function writeWord(bytes: Uint8Array, offset: i32, word: u32): void {
  bytes[offset] = <u8>(word >>> 24);
  bytes[offset + 1] = <u8>(word >>> 16);
  bytes[offset + 2] = <u8>(word >>> 8);
  bytes[offset + 3] = <u8>word;
}

const HEX_DIGITS = "0123456789abcdef";

export function toHex(bytes: Uint8Array): string {
  const parts = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    parts[i] = HEX_DIGITS.charAt(bytes[i] >>> 4) + HEX_DIGITS.charAt(bytes[i] & 15);
  }
  return parts.join("");
}
