// fail: always returns an application error. JavaScript twin of wasm/fail.ts.
function main(params) {
  return { error: 'fail: this action always fails' };
}
