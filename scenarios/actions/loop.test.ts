// `loop` must never return. Each form runs on a worker thread that is watched for a while and then terminated,
// so the test costs a quarter of a second and leaves nothing running.
import { once } from 'node:events';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { wasmModulePath } from './catalog.js';
import { buildActions } from './build.js';

const WATCH_MS = 250;

// Runs as CommonJS inside the worker; it reports 'started' just before calling the action and 'returned' after.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  if (workerData.form === 'wasm') {
    const loader = await import(workerData.wasmLoaderUrl);
    const module = loader.compileModule(require('node:fs').readFileSync(workerData.wasmPath));
    parentPort.postMessage('started');
    loader.runWasmAction(module, {});
  } else {
    const twins = await import(workerData.jsLoaderUrl);
    const main = await twins.loadJsTwin('loop');
    parentPort.postMessage('started');
    await main({});
  }
  parentPort.postMessage('returned');
})();
`;

for (const form of ['wasm', 'js'] as const) {
  test(`loop (${form}) is still running ${WATCH_MS} ms after it started`, async (t) => {
    if (form === 'wasm') await buildActions();
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: {
        form,
        wasmPath: wasmModulePath('loop'),
        wasmLoaderUrl: new URL('../../test-support/wasm-abi-loader.js', import.meta.url).href,
        jsLoaderUrl: new URL('../../test-support/js-twin-loader.js', import.meta.url).href,
      },
    });
    t.after(() => worker.terminate());
    const messages: string[] = [];
    worker.on('message', (message: string) => messages.push(message));
    const [first] = (await once(worker, 'message')) as [string];
    assert.equal(first, 'started');

    await new Promise((resolve) => setTimeout(resolve, WATCH_MS));
    assert.deepEqual(messages, ['started'], 'the action returned');
    assert.equal(await worker.terminate(), 1); // 1: the thread was stopped, not finished
  });
}
