// A fake Docker daemon on a Unix socket, for the deadline tests: it answers `GET /version` and image inspects (as a
// current baseline image, so a driver starts without building), and every other call after `delayMs`, or never.
// It records what it was asked and which requests their client gave up on.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runtimeHash } from './image.js';

export interface FakeDaemon {
  socketPath: string;
  /** "METHOD /path" of every request, in order (API version prefix removed). */
  readonly requests: string[];
  /** How many requests the client aborted before they were answered. */
  readonly aborted: number;
  close(): Promise<void>;
}

export async function startFakeDaemon(options: { delayMs: number | 'never' }): Promise<FakeDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'ow-eval-fake-docker-'));
  const socketPath = join(dir, 'docker.sock');
  const requests: string[] = [];
  let aborted = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').replace(/^\/v[\d.]+/, '').split('?')[0]!;
    requests.push(`${req.method} ${path}`);
    req.resume();
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (path === '/version' || path === '/_ping')
      return json(200, { Version: 'fake', ApiVersion: '1.41', Os: 'linux', Arch: 'amd64' });
    if (req.method === 'GET' && /^\/images\/.+\/json$/.test(path))
      return json(200, {
        Id: 'sha256:fake',
        Size: 1,
        Config: {
          Labels: { 'ow-eval.base': `scratch + host node ${process.version}`, 'ow-eval.runtime-hash': runtimeHash() },
        },
      });
    res.on('close', () => {
      if (!res.writableEnded) aborted++;
    });
    if (options.delayMs === 'never') return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (req.method === 'GET' && path === '/containers/json') return json(200, []);
      if (path === '/containers/create') return json(201, { Id: 'fakecontainer', Warnings: [] });
      json(204, {});
    }, options.delayMs);
    timers.add(timer);
  });
  server.listen(socketPath);
  await once(server, 'listening');
  return {
    socketPath,
    requests,
    get aborted() {
      return aborted;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
