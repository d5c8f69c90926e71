// loop: never returns (for timeout tests). JavaScript twin of wasm/loop.ts.
const counter = new Uint32Array(1);

function main(params) {
  while (true) counter[0]++;
}
