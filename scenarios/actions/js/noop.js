// noop: returns {}. JavaScript twin of wasm/noop.ts, written as an OpenWhisk Node.js source action.
function main(params) {
  return {};
}
