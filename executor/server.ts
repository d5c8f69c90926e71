// The executor's HTTP server: reads a bounded body, routes it to the fork or the runtime protocol, writes the reply
// with the engine header. `startExecutor()` serves the CLI and the tests.
import { createHash, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AllowedDirs } from './allowed-dirs.js';
import { ContainerStore } from './containers.js';
import { applyEngine, type Engine } from './engine.js';
import { handleFork } from './fork-routes.js';
import { type ExecutorOptions, type Mode, resolveExecutorOptions } from './options.js';
import { ActivationThreads } from './pool/pool.js';
import { errorReply, type Reply } from './reply.js';
import { RuntimeRoutes } from './runtime-routes.js';

/** As the Node.js runtime's `express.json({limit: "48mb"})`. */
export const MAX_BODY_BYTES = 48 * 1024 * 1024;
export const ENGINE_HEADER = 'x-ow-eval-engine';
export const LOGS_HEADER = 'x-ow-eval-logs';
/** On every failure reply: its FailureCode (errors.ts), e.g. ERR_TIMEOUT. protocol/fork.ts documents it. */
export const ERROR_CODE_HEADER = 'x-ow-eval-error';
/** The per-launch secret of an executor started with one (options.ts `secret`). */
export const SECRET_HEADER = 'x-ow-eval-secret';
/** The environment variable that hands the secret to `ow-eval executor` (never argv: that is world-readable). */
export const SECRET_ENV = 'OW_EVAL_EXECUTOR_SECRET';

export interface RunningExecutor {
  url: string;
  port: number;
  mode: Mode;
  engine: Engine;
  workers: number;
  codeCache: boolean;
  instanceReuse: boolean;
  /** Live counts, for the benchmark (containers held, threads). */
  stats(): { containers: number; threads: number; codeCacheHits: number };
  close(): Promise<void>;
}

export async function startExecutor(options: ExecutorOptions = {}): Promise<RunningExecutor> {
  const resolved = resolveExecutorOptions(options);
  const allowedDirs = AllowedDirs.resolve(resolved.allowDirs); // a wrong --allow-dir fails before anything starts
  applyEngine(resolved.engine); // before the first module compiles, and before the threads start
  const pool = new ActivationThreads({
    cpuSlots: resolved.workers,
    maxThreads: resolved.maxThreads,
    ...(resolved.instanceReuse ? {} : { reuseBytes: 0 }),
    ...(options.onFatal === undefined ? {} : { onFatal: options.onFatal }),
  });
  // The threads boot while the server starts to listen: a runtime container counts as up when it answers HTTP (so an
  // invoker, and ow-eval's Docker driver, see it), an /init compiles on this thread meanwhile, and runs wait in the
  // queue until a thread is ready. Awaiting the boot first would make `ow-eval executor --mode runtime` answer its
  // first request after about 215 ms instead of about 115 ms like the Node.js runtime (8 spawns each, alternating).
  // startExecutor still resolves only once the threads are up, so a pool that cannot start fails here.
  const booting = pool.start();
  booting.catch(() => {}); // handled below, after listen: this only keeps an early rejection from counting as unhandled
  const store = new ContainerStore(pool, allowedDirs, { codeCache: resolved.codeCache });
  const runtime = resolved.mode === 'runtime' ? new RuntimeRoutes(store, resolved.logs) : undefined;

  const route = (method: string, path: string, body: Buffer, req: IncomingMessage): Promise<Reply> | Reply => {
    if (method !== 'POST')
      return errorReply(405, `Method ${method} is not allowed; the executor answers POST only.`, 'ERR_METHOD');
    if (runtime !== undefined) {
      if (path === '/init') return runtime.init(body);
      if (path === '/run') return runtime.run(body);
      return errorReply(404, 'The requested resource does not exist.', 'ERR_NOT_FOUND');
    }
    const match = /^\/([^/]+)\/(init|run|destroy)$/.exec(path);
    if (match === null) return errorReply(404, 'The requested resource does not exist.', 'ERR_NOT_FOUND');
    const wantLogs = req.headers[LOGS_HEADER] === 'true';
    return handleFork(store, {
      containerId: decodeURIComponent(match[1]!),
      action: match[2] as 'init' | 'run' | 'destroy',
      body,
      wantLogs,
    });
  };

  const server = createServer((req, res) => {
    void serve(req, res);
  });
  server.keepAliveTimeout = 65_000; // longer than clients' idle sockets, so a reused socket is never closed under them

  const expected = options.secret === undefined ? undefined : digest(options.secret);
  const authorized = (req: IncomingMessage): boolean => {
    if (expected === undefined) return true;
    const given = req.headers[SECRET_HEADER];
    return typeof given === 'string' && timingSafeEqual(digest(given), expected);
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let reply: Reply;
    if (!authorized(req)) {
      send(res, errorReply(401, 'This executor serves only the platform that started it.', 'ERR_UNAUTHORIZED'), true);
      req.resume();
      return;
    }
    try {
      const body = await readBody(req);
      if (body === undefined) {
        send(
          res,
          errorReply(413, `The request body exceeds the limit of ${MAX_BODY_BYTES} bytes.`, 'ERR_TOO_LARGE'),
          true,
        );
        req.resume(); // drain the rest, so the client gets the reply instead of a reset
        return;
      }
      const path = (req.url ?? '/').split('?')[0]!;
      reply = await route(req.method ?? 'GET', path, body, req);
    } catch (error) {
      reply = errorReply(500, `Internal executor error: ${(error as Error)?.message ?? String(error)}`, 'ERR_INTERNAL');
    }
    send(res, reply, false);
  }

  function send(res: ServerResponse, reply: Reply, close: boolean): void {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(reply.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(reply.body),
      [ENGINE_HEADER]: resolved.engine,
      ...reply.headers,
      ...(reply.code === undefined ? {} : { [ERROR_CODE_HEADER]: reply.code }),
      ...(close ? { connection: 'close' } : {}),
    });
    res.end(reply.body);
  }

  try {
    server.listen(resolved.port, resolved.host);
    await once(server, 'listening');
    await booting;
  } catch (error) {
    server.close();
    server.closeAllConnections();
    await booting.catch(() => {});
    await pool.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${resolved.host}:${port}`,
    port,
    mode: resolved.mode,
    engine: resolved.engine,
    workers: resolved.workers,
    codeCache: resolved.codeCache,
    instanceReuse: resolved.instanceReuse,
    stats: () => ({ containers: store.count, threads: pool.size.threads, codeCacheHits: store.cacheHits }),
    close: async () => {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
      await pool.close();
    },
  };
}

/** The body, or undefined when it is larger than MAX_BODY_BYTES (declared or actual). Plain events, not an async
 * iterator: this runs once per activation and the iterator's promises showed up in the warm-run cost. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
