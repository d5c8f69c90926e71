// echo: returns its params unchanged. JavaScript twin of wasm/echo.ts.
function main(params) {
  return params;
}
