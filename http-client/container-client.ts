// The one client for every platform → container call: /init and /run of the wasm executor (fork protocol) and of the
// Node.js runtime in Docker or as a process (standard protocol). Both runtimes get the same implementation and the
// same settings, so the client costs both sides the same (docs/methodology.md; `npm run bench -- platform` has the
// per-call overhead of each runtime next to an empty handler through this same client).
import { Http1Error, KeepAliveClient } from './http1-client.js';

export type ContainerReply =
  | { ok: true; status: number; headers: Record<string, string>; text: string; ms: number }
  | { ok: false; reason: 'timeout' | 'connection'; message: string; ms: number };

/**
 * One setting for both runtimes. 256 sockets: more than a container's concurrency limit ever needs. Idle sockets are
 * dropped after 30 s, or a second before the server's `Keep-Alive: timeout` hint (Node.js's default 5 s, which the
 * Node.js runtime keeps), whichever is first; the executor keeps its sockets 65 s.
 */
export const containerClientSettings = { maxSockets: 256, idleMs: 30_000 } as const;

/** Keep-alive POSTs to one container origin (`http://127.0.0.1:<port>`); never rejects. Close it with its container. */
export class ContainerClient {
  private readonly pool: KeepAliveClient;

  constructor(readonly origin: string) {
    this.pool = new KeepAliveClient(origin, containerClientSettings);
  }

  /** `timeoutMs` covers everything from this call on: waiting for a socket, connecting, the reply. */
  async post(
    path: string,
    body: string,
    timeoutMs: number,
    contentType = 'application/json',
    headers: Record<string, string> = {},
  ): Promise<ContainerReply> {
    const started = performance.now();
    const lines = [`content-type: ${contentType}`];
    for (const name in headers) lines.push(`${name}: ${headers[name]}`);
    try {
      const reply = await this.pool.request('POST', path, lines, body, timeoutMs);
      return {
        ok: true,
        status: reply.status,
        headers: reply.headers,
        text: reply.body.toString('utf8'),
        ms: performance.now() - started,
      };
    } catch (error) {
      const reason = error instanceof Http1Error && error.code === 'ERR_HTTP_TIMEOUT' ? 'timeout' : 'connection';
      return { ok: false, reason, message: (error as Error).message, ms: performance.now() - started };
    }
  }

  close(): void {
    this.pool.close();
  }
}
