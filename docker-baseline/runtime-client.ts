// The invoker's side of /init and /run: one JSON POST over a keep-alive connection, timed, with a hard timeout.
// Returns what came back, or says why nothing did; classifying that (timeout, OOM, crash) is the driver's job.
import http from 'node:http';

export type PostOutcome =
  | { ok: true; status: number; body: unknown; ms: number }
  | { ok: false; reason: 'timeout' | 'connection'; message: string; ms: number };

export class RuntimeClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

  constructor(readonly url: string) {}

  post(path: '/init' | '/run', body: unknown, timeoutMs: number): Promise<PostOutcome> {
    const payload = Buffer.from(JSON.stringify(body ?? {}));
    const started = performance.now();
    const elapsed = (): number => performance.now() - started;
    return new Promise((resolve) => {
      const req = http.request(`${this.url}${path}`, {
        method: 'POST',
        agent: this.agent,
        headers: { 'content-type': 'application/json', 'content-length': payload.length },
      });
      const timer = setTimeout(() => {
        resolve({ ok: false, reason: 'timeout', message: `no answer within ${timeoutMs} ms`, ms: elapsed() });
        req.destroy();
      }, timeoutMs);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ ok: true, status: res.statusCode ?? 0, body: parseOrText(text), ms: elapsed() });
        });
        res.on('error', (error) => {
          clearTimeout(timer);
          resolve({ ok: false, reason: 'connection', message: error.message, ms: elapsed() });
        });
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({ ok: false, reason: 'connection', message: error.code ? `${error.code}: ${error.message}` : error.message, ms: elapsed() });
      });
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Polls with GET / (the runtime answers 500 "Bad request.", which proves it is serving) until it answers. */
export async function waitUntilAnswering(url: string, timeoutMs: number, stillAlive: () => boolean, intervalMs = 2): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (!stillAlive()) return false;
    const answered = await new Promise<boolean>((resolve) => {
      const req = http.get(`${url}/`, { agent: false, timeout: 1000 }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
    });
    if (answered) return true;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return false;
}
