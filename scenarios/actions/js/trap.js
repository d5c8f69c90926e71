// trap: throws, the JavaScript counterpart of wasm/trap.ts executing `unreachable`.
function main(params) {
  throw new Error('trap: this action always crashes');
}
