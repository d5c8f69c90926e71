// The runtime process's body, as a function: main.ts calls it, and so does a runtime started from a V8 startup
// snapshot (snapshot-action.ts), whose deserialised main function cannot `import` and loads this file with
// `require` instead, which Node.js 20 allows for an ES module without top-level await.
// Environment: PORT (default 8080), HOST (default 127.0.0.1; set 0.0.0.0 on a bridge network), SOCKET (a Unix socket
// path to listen on instead, for a container without a network),
// __OW_ALLOW_CONCURRENT=true to allow overlapping /run calls. Prints nothing: stdout and stderr are the activation logs.
import { startRuntimeServer } from './server.js';

export async function runRuntimeProcess(): Promise<void> {
  const port = Number(process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid PORT '${process.env.PORT}': expected an integer from 0 to 65535.`);
    process.exit(2);
  }
  const host = process.env.HOST || '127.0.0.1';
  const server = await startRuntimeServer({
    host,
    port,
    allowConcurrent: (process.env.__OW_ALLOW_CONCURRENT ?? '').toLowerCase() === 'true',
    ...(process.env.SOCKET ? { socketPath: process.env.SOCKET } : {}),
  }).catch((error: NodeJS.ErrnoException) => {
    // One line the drivers can recognise (they retry EADDRINUSE with another port).
    console.error(`ow-eval runtime: cannot listen on ${host}:${port}: ${error.code ?? ''} ${error.message}`);
    process.exit(1);
  });

  // `ow-eval baseline serve` starts this file with an IPC channel to learn the address (PORT=0 picks a free port);
  // nothing is printed for it, as stdout and stderr are the activation logs.
  process.send?.({ type: 'listening', url: server.url });

  // The node-process driver sets this so a runtime whose parent died (even by SIGKILL) does not linger:
  // the parent's end of the stdin pipe closes with it.
  if (process.env.OW_EVAL_EXIT_WITH_PARENT === '1') {
    process.stdin.on('end', () => process.exit(0));
    process.stdin.on('error', () => process.exit(0));
    process.stdin.resume();
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void server.close().finally(() => process.exit(0)));
  }
}
