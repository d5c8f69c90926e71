// The loopback floor's other end: an HTTP server in its own process (as the executor and the platform are) that
// reads the request and answers `{}`. One source for every area, so that the floor two areas measure is the same
// thing (they had two servers, one of which also wrote a content-type header).
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const EMPTY_SERVER = `import http from 'node:http';
const s = http.createServer((q, r) => { q.resume(); q.on('end', () => { r.writeHead(200, {'content-type': 'application/json'}); r.end('{}'); }); });
s.keepAliveTimeout = 65000;
s.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + s.address().port));
process.on('SIGTERM', () => process.exit(0));`;

export interface EmptyServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts the empty handler on an ephemeral 127.0.0.1 port and waits (at most 30 s) for its URL. */
export async function startEmptyServer(): Promise<EmptyServer> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', EMPTY_SERVER], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  try {
    const [chunk] = (await once(child.stdout, 'data', { signal: AbortSignal.timeout(30_000) })) as [Buffer];
    const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(chunk.toString())?.[1];
    if (url === undefined) throw new Error(`empty server: no URL in ${chunk.toString()}`);
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
