// The floors' other ends: HTTP servers in their own processes (as the executor and the platform are) that do the least
// a server of that shape can do. One source for every area, so that the floor two areas measure is the same thing
// (they had two servers, one of which also wrote a content-type header).
//
// - `empty`: reads the request and answers `{}`: the loopback floor.
// - `thread`: the same, but first hands the body to a worker thread of its own and waits for it to come back: the
//   floor of an isolated activation (one loopback round trip plus one thread round trip, issue 26), the least an
//   executor that runs each activation off its HTTP thread (so that a runaway one can be stopped) can cost.
// - `compile`: parses the JSON body, decodes `value.code` (base64), inflates the zip's first entry, drops its `.debug_*`
//   sections (as the executor does) and compiles it with V8 (`new WebAssembly.Module`), then answers `{"OK":true}`: the least a runtime's /init can cost, measured as the
//   executor's /init is (a request woken in another process), not as parts timed in the bench's own busy thread.
// - `forward`: sends each request on, with the project's keep-alive client, to another floor server and answers its
//   reply: with `thread` behind it, the shape of a platform invoke (client → platform process → executor process →
//   its worker thread) with nothing done at any stop.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { KeepAliveClient } from '../http-client/http1-client.js';
import type { Arm } from './floor.js';

export type FloorServerKind = 'empty' | 'thread' | 'compile' | 'forward';

const FLOOR_SERVER = `import http from 'node:http';
import zlib from 'node:zlib';
import { Worker } from 'node:worker_threads';
const [kind, clientModule, target] = process.argv.slice(1);
const reply = (r, text) => { r.writeHead(200, { 'content-type': 'application/json' }); r.end(text); };
let handle;
if (kind === 'thread') {
  const worker = new Worker("import { parentPort as p } from 'node:worker_threads'; p.on('message', (m) => p.postMessage(m));", { eval: true });
  const waiting = [];
  worker.on('message', () => waiting.shift()('{}'));
  handle = (body) => new Promise((resolve) => { waiting.push(resolve); worker.postMessage(body.toString('latin1')); });
} else if (kind === 'compile') {
  // The module without its .debug_* custom sections, as the executor compiles it: a walk over the section headers.
  const leb = (b, at) => { let v = 0, shift = 0, byte; do { byte = b[at++]; v += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80); return [v, at]; };
  const withoutDebug = (m) => {
    const kept = [m.subarray(0, 8)];
    for (let at = 8; at < m.length; ) {
      const [size, body] = leb(m, at + 1);
      const end = body + size;
      let debug = false;
      if (m[at] === 0) { const [len, name] = leb(m, body); debug = m.toString('latin1', name, name + len).startsWith('.debug_'); }
      if (!debug) kept.push(m.subarray(at, end));
      at = end;
    }
    return Buffer.concat(kept);
  };
  handle = (body) => {
    const zip = Buffer.from(JSON.parse(body.toString('utf8')).value.code, 'base64');
    const at = 30 + zip.readUInt16LE(26) + zip.readUInt16LE(28);
    const size = zip.readUInt32LE(22);
    new WebAssembly.Module(withoutDebug(zlib.inflateRawSync(zip.subarray(at, at + zip.readUInt32LE(18)), { chunkSize: size, maxOutputLength: size })));
    return '{"OK":true}';
  };
} else if (kind === 'forward') {
  const { KeepAliveClient } = await import(clientModule);
  const next = new KeepAliveClient(target);
  handle = async (body, path) => {
    const answer = await next.request('POST', path, ['content-type: application/json'], body);
    if (answer.status !== 200) throw new Error('the server behind answered ' + answer.status);
    return answer.body;
  };
}
const s = http.createServer((q, r) => {
  if (kind === 'empty') { q.resume(); q.on('end', () => reply(r, '{}')); return; }
  const chunks = [];
  q.on('data', (c) => chunks.push(c));
  q.on('end', () => {
    const fail = (error) => { r.writeHead(500, { 'content-type': 'text/plain' }); r.end(String(error)); };
    let out;
    try { out = handle(Buffer.concat(chunks), q.url); } catch (error) { fail(error); return; }
    if (!(out instanceof Promise)) reply(r, out); else out.then((text) => reply(r, text), fail);
  });
});
s.keepAliveTimeout = 65000;
s.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + s.address().port));
process.on('SIGTERM', () => process.exit(0));`;

export interface EmptyServer {
  url: string;
  stop(): Promise<void>;
}

/** The client `forward` sends on with: the project's own, as the platform's container client is built on it. */
const clientModule = new URL('../http-client/http1-client.js', import.meta.url).href;

/**
 * Starts a floor server (`empty` unless told; `forward` needs the URL of the server it sends on to) on an ephemeral
 * 127.0.0.1 port and waits (at most 30 s) for its URL.
 */
export async function startEmptyServer(kind: FloorServerKind = 'empty', forwardTo?: string): Promise<EmptyServer> {
  if (kind === 'forward' && forwardTo === undefined) throw new TypeError('a forward server needs a URL to send on to');
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', FLOOR_SERVER, kind, clientModule, ...(forwardTo ? [forwardTo] : [])],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  try {
    const [chunk] = (await once(child.stdout, 'data', { signal: AbortSignal.timeout(30_000) })) as [Buffer];
    const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(chunk.toString())?.[1];
    if (url === undefined) throw new Error(`${kind} server: no URL in ${chunk.toString()}`);
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The floor servers every floor loop calls, with one client each, started and stopped together. */
export interface FloorServers {
  empty: EmptyServer;
  thread: EmptyServer;
  proxy: EmptyServer;
  /**
   * The floors' arms, in the order both areas' loops call them after their numerator: proxy → thread, thread,
   * loopback. One definition (bodies, paths, client class) for both areas, so that what two areas measure of a floor
   * is the same call.
   */
  arms: { proxyThread: Arm; thread: Arm; loopback: Arm };
  /** The loopback's client, for the rows that call the empty handler outside the floors' loop. */
  emptyClient: KeepAliveClient;
  stop(): Promise<void>;
}

/** A run body of the size the executor gets for `add` (the thread and proxy floors carry it across their hops). */
const RUN_SHAPED_BODY = JSON.stringify({
  value: { param1: 2, param2: 2 },
  activation_id: '0'.repeat(32),
  deadline: String(Date.now() + 3_600_000),
});

export async function startFloorServers(): Promise<FloorServers> {
  const empty = await startEmptyServer();
  const thread = await startEmptyServer('thread');
  const proxy = await startEmptyServer('forward', thread.url);
  const clients = [empty, proxy, thread].map((server) => new KeepAliveClient(server.url));
  const [emptyClient, proxyClient, threadClient] = clients as [KeepAliveClient, KeepAliveClient, KeepAliveClient];
  const call =
    (client: KeepAliveClient, body: string): Arm =>
    async () => {
      const reply = await client.request('POST', '/', ['content-type: application/json'], body);
      if (reply.status !== 200) throw new Error(`a floor server answered ${reply.status}`);
    };
  return {
    empty,
    thread,
    proxy,
    arms: {
      proxyThread: call(proxyClient, RUN_SHAPED_BODY),
      thread: call(threadClient, RUN_SHAPED_BODY),
      loopback: call(emptyClient, '{}'),
    },
    emptyClient,
    async stop() {
      for (const client of clients) client.close();
      for (const server of [proxy, thread, empty]) await server.stop();
    },
  };
}
