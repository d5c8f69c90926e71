// add: {result: param1 + param2} with the error messages of wow's add.rs. JavaScript twin of wasm/add.ts.
function main(params) {
  const param1 = params.param1;
  if (param1 === undefined) return { error: 'Expected param1.' };
  if (!Number.isSafeInteger(param1)) return { error: 'Expected param1 to be i64' };
  const param2 = params.param2;
  if (param2 === undefined) return { error: 'Expected param2.' };
  if (!Number.isSafeInteger(param2)) return { error: 'Expected param2 to be i64' };
  return { result: param1 + param2 };
}
