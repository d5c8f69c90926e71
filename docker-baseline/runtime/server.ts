// The one adapter from HTTP to the runtime service (reference: app.js + platform/openwhisk.js + wrapEndpoint):
// POST /init and POST /run, JSON bodies up to 48 MB, and 500 {"error":"Bad request."} for any other route,
// a body that is not JSON, or a body over the limit.
import { once } from 'node:events';
import { chmodSync, rmSync } from 'node:fs';
import http from 'node:http';
import { BODY_LIMIT_BYTES, type RuntimeReply } from './protocol.js';
import { createRuntimeService, type RuntimeService } from './service.js';

export interface RuntimeServerOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 8080 */
  port?: number;
  /** @default false */
  allowConcurrent?: boolean;
  /**
   * Listen on this Unix socket instead of host:port (a container with `--network none`, reached through a mounted
   * folder). It is made writable for everyone: the platform may run as another user than the container's root.
   */
  socketPath?: string;
}

export interface RuntimeServer {
  readonly url: string;
  readonly port: number;
  readonly service: RuntimeService;
  close(): Promise<void>;
}

const BAD_REQUEST: RuntimeReply = { status: 500, body: { error: 'Bad request.' } };

export async function startRuntimeServer(options: RuntimeServerOptions = {}): Promise<RuntimeServer> {
  const service = createRuntimeService({ allowConcurrent: options.allowConcurrent ?? false });
  const server = http.createServer((req, res) => void handle(service, req, res));
  server.timeout = 0; // like the reference: the invoker, not the runtime, enforces time limits
  server.requestTimeout = 0;
  server.keepAliveTimeout = 60_000;
  if (options.socketPath !== undefined) {
    rmSync(options.socketPath, { force: true }); // a socket left by a previous process in the same folder
    server.listen(options.socketPath);
    await once(server, 'listening');
    chmodSync(options.socketPath, 0o666);
  } else {
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1');
    await once(server, 'listening');
  }
  const bound = server.address();
  const { address, port } = typeof bound === 'string' || bound === null ? { address: 'localhost', port: 0 } : bound;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    port,
    service,
    async close() {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}

async function handle(service: RuntimeService, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const route = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '').toLowerCase();
  if (req.method !== 'POST' || (route !== '/init' && route !== '/run')) {
    req.resume();
    return reply(res, BAD_REQUEST);
  }
  const body = await readJsonBody(req);
  if (body === TOO_LARGE) return reply(res, BAD_REQUEST, true);
  if (body === INVALID) return reply(res, BAD_REQUEST);
  reply(res, route === '/init' ? await service.init(body) : await service.run(body));
}

const TOO_LARGE = Symbol('too large');
const INVALID = Symbol('invalid');

/** express.json semantics: non-JSON content types give `{}`, an empty body gives `{}`, only objects/arrays at the top. */
async function readJsonBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Keep draining past the limit (instead of breaking, which would reset the socket) so the client gets the 500.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= BODY_LIMIT_BYTES) chunks.push(chunk);
  }
  if (size > BODY_LIMIT_BYTES) return TOO_LARGE;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) return {};
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  if (!/^[\s]*[[{]/.test(text)) return INVALID;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

function reply(res: http.ServerResponse, { status, body }: RuntimeReply, close = false): void {
  let json: string;
  try {
    json = JSON.stringify(body) ?? '{}';
  } catch {
    status = 500;
    json = JSON.stringify({ error: 'Internal error.' });
  }
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(json);
  if (close) res.once('finish', () => res.socket?.destroy());
}
