// A minimal keep-alive HTTP POST for the invoker → executor calls. node:http with a pooled agent costs less per call
// than fetch, and this path sits inside every measured warm activation.
import http from 'node:http';

export interface LoopbackReply { status: number; headers: http.IncomingHttpHeaders; text: string }

export type LoopbackFailure = { kind: 'timeout' | 'connection'; message: string };

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** Resolves with the reply or a failure value; never rejects. */
export function post(url: string, body: string, contentType: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<LoopbackReply | LoopbackFailure> {
  return new Promise((resolve) => {
    const request = http.request(url, {
      method: 'POST', agent,
      headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', (error) => { clearTimeout(timer); resolve({ kind: 'connection', message: error.message }); });
    });
    const timer = setTimeout(() => {
      request.destroy();
      resolve({ kind: 'timeout', message: `no reply within ${timeoutMs} ms` });
    }, timeoutMs);
    request.on('error', (error) => { clearTimeout(timer); resolve({ kind: 'connection', message: error.message }); });
    request.end(body);
  });
}

export function isFailure(reply: LoopbackReply | LoopbackFailure): reply is LoopbackFailure {
  return 'kind' in reply;
}
