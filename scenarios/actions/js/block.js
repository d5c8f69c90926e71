// block: I/O-bound. Waits 300 ms (the wasm twin calls the host's http.get, which blocks that long) and
// returns how long the wait took in whole milliseconds. JavaScript twin of wasm/block.ts.
function main(params) {
  const started = performance.now();
  return new Promise((resolve) => {
    setTimeout(() => resolve({ sleep_ms: Math.round(performance.now() - started) }), 300);
  });
}
