// The compile worker: one asc compile per request (see parallel-compile.ts).
import { parentPort } from 'node:worker_threads';
import { compileAction } from './compile.js';
import type { CompileRequest, CompileResponse } from './parallel-compile.js';

const port = parentPort;
if (port === null) throw new Error('compile-worker.js runs only as a worker thread');

port.on('message', (request: CompileRequest) => {
  const started = performance.now();
  compileAction(request.name, request.variant, request.outFile).then(
    (module) =>
      port.postMessage({
        id: request.id,
        ok: true,
        module,
        millis: performance.now() - started,
      } satisfies CompileResponse),
    (error: unknown) =>
      port.postMessage({
        id: request.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      } satisfies CompileResponse),
  );
});
