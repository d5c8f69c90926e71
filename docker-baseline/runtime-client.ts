// The invoker's side of /init and /run: one JSON POST over a keep-alive connection, timed, with a hard timeout.
// Returns what came back, or says why nothing did; classifying that (timeout, OOM, crash) is the driver's job.
import http from 'node:http';
import { ContainerClient } from '../http-client/container-client.js';

export type PostOutcome =
  | { ok: true; status: number; body: unknown; ms: number }
  | { ok: false; reason: 'timeout' | 'connection'; message: string; ms: number };

/** The platform's one container client (http-client/), as the baseline's /init and /run need it: JSON in and out. */
export class RuntimeClient {
  private readonly client: ContainerClient;

  constructor(
    readonly url: string,
    socketPath?: string,
  ) {
    this.client = new ContainerClient(url, socketPath);
  }

  async post(path: '/init' | '/run', body: unknown, timeoutMs: number): Promise<PostOutcome> {
    const reply = await this.client.post(path, JSON.stringify(body ?? {}), timeoutMs);
    if (!reply.ok) return reply;
    return { ok: true, status: reply.status, body: parseOrText(reply.text), ms: reply.ms };
  }

  close(): void {
    this.client.close();
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
export async function waitUntilAnswering(
  url: string,
  timeoutMs: number,
  stillAlive: () => boolean,
  intervalMs = 2,
  socketPath?: string,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (!stillAlive()) return false;
    const answered = await new Promise<boolean>((resolve) => {
      const where = socketPath === undefined ? {} : { socketPath };
      const req = http.get(`${url}/`, { agent: false, timeout: 1000, ...where }, (res) => {
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
