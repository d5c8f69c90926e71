// A minimal keep-alive HTTP POST for the invoker → executor calls. It sits inside every measured activation, so it
// uses the hand-rolled HTTP/1.1 client (http1-client.ts) rather than node:http: per call that saved about 0.1 ms of
// CPU on this machine (`npm run bench -- platform`). One socket pool per origin.
import type http from 'node:http';
import { Http1Error, Http1Pool } from './http1-client.js';

export interface LoopbackReply { status: number; headers: http.IncomingHttpHeaders; text: string }

export type LoopbackFailure = { kind: 'timeout' | 'connection'; message: string };

const pools = new Map<string, Http1Pool>();

/** Resolves with the reply or a failure value; never rejects. `url` is `http://host:port/path`. */
export async function post(url: string, body: string, contentType: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<LoopbackReply | LoopbackFailure> {
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  const origin = slash < 0 ? url : url.slice(0, slash);
  const path = slash < 0 ? '/' : url.slice(slash);
  let pool = pools.get(origin);
  if (pool === undefined) {
    try {
      pool = new Http1Pool(origin, { maxSockets: 256, idleMs: 30_000 }); // the executor keeps sockets 65 s
    } catch (error) {
      return { kind: 'connection', message: (error as Error).message };
    }
    pools.set(origin, pool);
  }
  const lines = [`content-type: ${contentType}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  try {
    const reply = await pool.request('POST', path, lines, body, timeoutMs);
    return { status: reply.status, headers: reply.headers, text: reply.body.toString('utf8') };
  } catch (error) {
    const kind = error instanceof Http1Error && error.kind === 'timeout' ? 'timeout' : 'connection';
    return { kind, message: (error as Error).message };
  }
}

export function isFailure(reply: LoopbackReply | LoopbackFailure): reply is LoopbackFailure {
  return 'kind' in reply;
}
