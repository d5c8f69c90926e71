// A small keep-alive HTTP/1.1 client over plain sockets, for the hot request paths: the platform calling its
// containers (/init, /run of both runtimes, container-client.ts) and the harness's blocking invokes. node:http's client costs 40–50 µs more CPU per request
// (ClientRequest/IncomingMessage streams, header objects, agent bookkeeping): on this 2-core machine it let the
// harness reach ~30 % of autocannon's rate against a null server (this client: 82–96 %), and a loopback round trip
// took 0.24–0.31 ms instead of 0.12 ms (`npm run bench -- harness-load`, `executor`; docs/performance.md).
// This client writes one pre-rendered request (a single string for small bodies) and parses the reply by hand:
// status line, headers, then a Content-Length body, a chunked body, or a body read until close. One request per
// socket at a time (no pipelining); idle sockets are reused LIFO and dropped before a server's keep-alive timeout
// (its `Keep-Alive: timeout=N` hint, or `idleMs`) can close them under a request. Requests beyond `maxSockets` wait
// in arrival order, and a request's timeout runs from the call: waiting for a socket counts.
import net from 'node:net';
import tls from 'node:tls';
import { OwEvalError } from '../errors/ow-eval-error.js';

export interface Http1Reply {
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

export type Http1ErrorCode = 'ERR_HTTP_TIMEOUT' | 'ERR_HTTP_CONNECTION' | 'ERR_HTTP_PROTOCOL';

export class Http1Error extends OwEvalError {
  declare readonly code: Http1ErrorCode;
  constructor(code: Http1ErrorCode, message: string) {
    super(code, message);
  }
}

export interface KeepAliveClientOptions {
  /** Sockets open at once; requests beyond wait in order. @default 256 */
  maxSockets?: number;
  /** An idle socket older than this is closed instead of reused (Node's server default keep-alive is 5 s). @default 4000 */
  idleMs?: number;
  /** For https: origins. @default true */
  rejectUnauthorized?: boolean;
}

const MAX_HEAD_BYTES = 64 * 1024;
const CRLF2 = Buffer.from('\r\n\r\n');

/** Keep-alive sockets to one origin (`http://host:port` or `https://…`). */
export class KeepAliveClient {
  private readonly idle: Connection[] = [];
  /** Requests waiting for a socket, oldest first; `wake` hands one a turn (or it gives up at its deadline). */
  private readonly waiting: Waiter[] = [];
  private open = 0;
  private closed = false;
  private readonly host: string;
  private readonly port: number;
  private readonly secure: boolean;
  private readonly hostHeader: string;
  private readonly maxSockets: number;
  private readonly idleMs: number;

  constructor(
    origin: URL | string,
    private readonly options: KeepAliveClientOptions = {},
  ) {
    const url = typeof origin === 'string' ? new URL(origin) : origin;
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error(`KeepAliveClient: unsupported protocol ${url.protocol}`);
    this.secure = url.protocol === 'https:';
    this.host = url.hostname.replace(/^\[|\]$/g, '');
    this.port = Number(url.port || (this.secure ? 443 : 80));
    this.hostHeader = url.host;
    this.maxSockets = options.maxSockets ?? 256;
    this.idleMs = options.idleMs ?? 4000;
  }

  /**
   * Sends one request and resolves with the whole reply; rejects with an Http1Error (never retries: a POST that
   * reached the server must not run twice). `headers` are extra lines, each "name: value".
   */
  request(
    method: string,
    path: string,
    headers: readonly string[],
    body: string | Buffer,
    timeoutMs = 0,
  ): Promise<Http1Reply> {
    if (this.closed) return Promise.reject(new Http1Error('ERR_HTTP_CONNECTION', 'the client is closed'));
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    const head = `${method} ${path} HTTP/1.1\r\nhost: ${this.hostHeader}\r\n${headers.length > 0 ? `${headers.join('\r\n')}\r\n` : ''}content-length: ${length}\r\n\r\n`;
    // A small string body goes out with the head as one string (one write, no Buffer allocations of our own).
    const message: string | Buffer[] =
      typeof body === 'string' && length <= 16 * 1024
        ? head + body
        : [Buffer.from(head, 'latin1'), typeof body === 'string' ? Buffer.from(body) : body];
    const noBody = method === 'HEAD';
    // The fast path (a fresh idle socket, nobody queued) is the common case and takes no timer of its own.
    if (this.waiting.length === 0) {
      const idle = this.takeIdle();
      if (idle !== undefined) return idle.exchange(message, timeoutMs, noBody);
      if (this.open < this.maxSockets) return this.connect().exchange(message, timeoutMs, noBody);
    }
    const started = performance.now();
    return this.queue(timeoutMs).then((connection) => {
      const left = timeoutMs > 0 ? timeoutMs - (performance.now() - started) : 0;
      if (timeoutMs > 0 && left <= 0) {
        this.release(connection, true);
        throw new Http1Error('ERR_HTTP_TIMEOUT', `no reply within ${timeoutMs} ms (waited for a free socket)`);
      }
      return connection.exchange(message, timeoutMs > 0 ? left : 0, noBody);
    });
  }

  /** Requests waiting for a socket now. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Closes idle sockets; requests still waiting fail; replies in flight complete, then their sockets close. */
  close(): void {
    this.closed = true;
    for (const connection of this.idle.splice(0)) connection.destroy();
    for (const waiter of this.waiting.splice(0))
      waiter.fail(new Http1Error('ERR_HTTP_CONNECTION', 'the client is closed'));
  }

  /** The most recently used idle connection that is still fresh; stale ones are closed on the way. */
  private takeIdle(): Connection | undefined {
    if (this.idle.length === 0) return undefined;
    const now = performance.now();
    while (this.idle.length > 0) {
      const connection = this.idle.pop()!;
      if (connection.usable && now - connection.idleSince < Math.min(this.idleMs, connection.keepAliveMs))
        return connection;
      connection.destroy();
    }
    return undefined;
  }

  /** Waits in line for a connection; rejects with a timeout when `timeoutMs` passes first. */
  private queue(timeoutMs: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        take: (connection) => {
          clearTimeout(waiter.timer);
          resolve(connection);
        },
        fail: (error) => {
          clearTimeout(waiter.timer);
          reject(error);
        },
      };
      if (timeoutMs > 0) {
        waiter.timer = setTimeout(() => {
          const i = this.waiting.indexOf(waiter);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(new Http1Error('ERR_HTTP_TIMEOUT', `no reply within ${timeoutMs} ms (waited for a free socket)`));
        }, timeoutMs);
      }
      this.waiting.push(waiter);
      this.serveWaiting();
    });
  }

  /** Hands idle or new connections to waiting requests, oldest first, as long as there are any to hand. */
  private serveWaiting(): void {
    while (this.waiting.length > 0 && !this.closed) {
      const connection = this.takeIdle() ?? (this.open < this.maxSockets ? this.connect() : undefined);
      if (connection === undefined) return;
      this.waiting.shift()!.take(connection);
    }
  }

  private connect(): Connection {
    this.open++;
    const socket = this.secure
      ? tls.connect({
          host: this.host,
          port: this.port,
          servername: net.isIP(this.host) ? undefined : this.host,
          rejectUnauthorized: this.options.rejectUnauthorized ?? true,
        })
      : net.connect({ host: this.host, port: this.port });
    socket.setNoDelay(true);
    return new Connection(
      socket,
      (connection, reusable) => this.release(connection, reusable),
      (connection) => this.forget(connection),
    );
  }

  private release(connection: Connection, reusable: boolean): void {
    if (reusable && !this.closed) {
      connection.idleSince = performance.now();
      this.idle.push(connection);
    } else {
      connection.destroy();
    }
    this.serveWaiting();
  }

  /** A connection's socket is gone: one fewer open, and a waiting request may open a new one. */
  private forget(connection: Connection): void {
    this.open--;
    const i = this.idle.indexOf(connection);
    if (i >= 0) this.idle.splice(i, 1);
    this.serveWaiting();
  }
}

interface Waiter {
  take(connection: Connection): void;
  fail(error: Http1Error): void;
  timer?: NodeJS.Timeout;
}

interface Pending {
  resolve: (reply: Http1Reply) => void;
  reject: (error: Http1Error) => void;
  timer?: NodeJS.Timeout;
}

type BodyMode = { kind: 'length'; remaining: number } | { kind: 'chunked' } | { kind: 'close' };

/** One socket: at most one request in flight, replies parsed as they arrive. */
class Connection {
  usable = true;
  idleSince = 0;
  /** From the server's `Keep-Alive: timeout=N` (minus a second), or unlimited. */
  keepAliveMs = Number.POSITIVE_INFINITY;
  private pending: Pending | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private status = 0;
  private headers: Record<string, string> | undefined;
  private mode: BodyMode | undefined;
  private keepAlive = true;
  private noBody = false;
  private parts: Buffer[] = [];
  private gone = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly onDone: (connection: Connection, reusable: boolean) => void,
    private readonly onGone: (connection: Connection) => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail('ERR_HTTP_CONNECTION', error.message));
    socket.on('end', () => this.onEnd());
    socket.on('close', () => this.onClose());
  }

  /** `noBody`: the request was HEAD, so the reply has no body whatever its headers say (RFC 9112 §6.3). */
  exchange(request: string | Buffer[], timeoutMs: number, noBody = false): Promise<Http1Reply> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.noBody = noBody;
      if (timeoutMs > 0)
        this.pending.timer = setTimeout(
          () => this.fail('ERR_HTTP_TIMEOUT', `no reply within ${timeoutMs} ms`),
          timeoutMs,
        );
      if (typeof request === 'string') {
        this.socket.write(request, 'utf8');
      } else {
        this.socket.cork();
        for (const part of request) this.socket.write(part);
        this.socket.uncork();
      }
    });
  }

  destroy(): void {
    this.usable = false;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.pending === undefined) {
      this.destroy(); // bytes nobody asked for: the stream is out of step
      return;
    }
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    try {
      this.parse();
    } catch (error) {
      this.fail('ERR_HTTP_PROTOCOL', (error as Error).message);
    }
  }

  private parse(): void {
    for (;;) {
      if (this.headers === undefined) {
        const end = this.buffer.indexOf(CRLF2);
        if (end < 0) {
          if (this.buffer.length > MAX_HEAD_BYTES) throw new Error('the response head exceeds 64 KiB');
          return;
        }
        this.readHead(this.buffer.toString('latin1', 0, end));
        this.buffer = this.buffer.subarray(end + 4);
        if (this.headers === undefined) continue; // an interim 1xx reply was skipped
      }
      const mode = this.mode!;
      if (mode.kind === 'length') {
        const take = Math.min(mode.remaining, this.buffer.length);
        if (take > 0) this.parts.push(this.buffer.subarray(0, take));
        this.buffer = this.buffer.subarray(take);
        mode.remaining -= take;
        if (mode.remaining === 0) this.complete();
        return;
      }
      if (mode.kind === 'close') {
        if (this.buffer.length > 0) this.parts.push(this.buffer);
        this.buffer = Buffer.alloc(0);
        return;
      }
      // chunked: <hex size>[;ext]\r\n<data>\r\n … 0\r\n<trailers>\r\n
      const lineEnd = this.buffer.indexOf('\r\n');
      if (lineEnd < 0) return;
      const size = Number.parseInt(this.buffer.toString('latin1', 0, lineEnd).split(';')[0]!.trim(), 16);
      if (!Number.isFinite(size) || size < 0) throw new Error('a malformed chunk size');
      if (size === 0) {
        const trailersEnd =
          this.buffer.indexOf('\r\n', lineEnd + 2) === lineEnd + 2
            ? lineEnd + 4
            : this.buffer.indexOf(CRLF2, lineEnd) + 4;
        if (trailersEnd < 4 + lineEnd) return; // trailers not complete yet
        this.buffer = this.buffer.subarray(trailersEnd);
        this.complete();
        return;
      }
      if (this.buffer.length < lineEnd + 2 + size + 2) return;
      this.parts.push(this.buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
      this.buffer = this.buffer.subarray(lineEnd + 2 + size + 2);
    }
  }

  private readHead(head: string): void {
    let lineEnd = head.indexOf('\r\n');
    const statusLine = lineEnd < 0 ? head : head.slice(0, lineEnd);
    const match = /^HTTP\/1\.([01]) (\d{3})/.exec(statusLine);
    if (match === null) throw new Error(`not an HTTP/1.x status line: ${statusLine.slice(0, 80)}`);
    const status = Number(match[2]);
    if (status >= 100 && status < 200 && status !== 101) return; // 100 Continue, 103 Early Hints: the real reply follows
    const headers: Record<string, string> = {};
    while (lineEnd >= 0) {
      const start = lineEnd + 2;
      lineEnd = head.indexOf('\r\n', start);
      const line = lineEnd < 0 ? head.slice(start) : head.slice(start, lineEnd);
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    const connection = (headers.connection ?? '').toLowerCase();
    this.keepAlive = match[1] === '1' ? !connection.includes('close') : connection.includes('keep-alive');
    const hint = /timeout=(\d+)/i.exec(headers['keep-alive'] ?? '')?.[1];
    if (hint !== undefined) this.keepAliveMs = Math.max(0, Number(hint) * 1000 - 1000);
    this.status = status;
    this.headers = headers;
    if (status === 204 || status === 304 || this.noBody) this.mode = { kind: 'length', remaining: 0 };
    else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) this.mode = { kind: 'chunked' };
    else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (!Number.isSafeInteger(length) || length < 0)
        throw new Error(`a bad content-length: ${headers['content-length']}`);
      this.mode = { kind: 'length', remaining: length };
    } else {
      this.mode = { kind: 'close' };
      this.keepAlive = false;
    }
  }

  private complete(): void {
    const pending = this.pending!;
    const reply: Http1Reply = {
      status: this.status,
      headers: this.headers!,
      body: this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts),
    };
    const reusable = this.keepAlive && this.buffer.length === 0 && !this.gone;
    this.reset();
    clearTimeout(pending.timer);
    this.onDone(this, reusable);
    pending.resolve(reply);
  }

  private reset(): void {
    this.pending = undefined;
    this.headers = undefined;
    this.mode = undefined;
    this.parts = [];
  }

  private onEnd(): void {
    this.gone = true;
    this.usable = false;
    if (this.pending !== undefined && this.mode?.kind === 'close') {
      this.complete(); // a body delimited by the end of the connection
      return;
    }
    this.fail('ERR_HTTP_CONNECTION', 'the server closed the connection before the reply was complete');
  }

  private onClose(): void {
    this.gone = true;
    this.usable = false;
    this.fail('ERR_HTTP_CONNECTION', 'the connection closed before the reply was complete');
    this.onGone(this);
  }

  private fail(code: Http1ErrorCode, message: string): void {
    this.usable = false;
    const pending = this.pending;
    if (pending === undefined) {
      if (!this.socket.destroyed) this.socket.destroy();
      return;
    }
    this.reset();
    clearTimeout(pending.timer);
    this.socket.destroy();
    pending.reject(new Http1Error(code, message));
  }
}
