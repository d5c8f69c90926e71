import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { Http1Error, KeepAliveClient } from './http1-client.js';

async function listen(server: http.Server | net.Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function stop(server: http.Server | net.Server): Promise<void> {
  if ('closeAllConnections' in server) server.closeAllConnections();
  server.close();
  await once(server, 'close');
}

/** A raw TCP server that answers each request with `reply` once the request's head has arrived. */
function rawServer(reply: string, endAfter = false): net.Server {
  return net.createServer((socket) => {
    let seen = '';
    socket.on('data', (chunk) => {
      seen += chunk.toString('latin1');
      if (!seen.includes('\r\n\r\n')) return;
      seen = '';
      socket.write(reply);
      if (endAfter) socket.end();
    });
  });
}

test('keep-alive: sequential requests share one connection and echo their bodies', async () => {
  let connections = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () =>
      res.end(
        JSON.stringify({ path: req.url, body: Buffer.concat(chunks).toString(), type: req.headers['content-type'] }),
      ),
    );
  });
  server.on('connection', () => connections++);
  const pool = new KeepAliveClient(await listen(server));
  try {
    for (let i = 0; i < 5; i++) {
      const reply = await pool.request('POST', `/x/${i}?q=1`, ['content-type: application/json'], `{"i":${i}}`);
      assert.equal(reply.status, 200);
      assert.deepEqual(JSON.parse(reply.body.toString()), {
        path: `/x/${i}?q=1`,
        body: `{"i":${i}}`,
        type: 'application/json',
      });
    }
    assert.equal(connections, 1);
  } finally {
    pool.close();
    await stop(server);
  }
});

test('concurrent requests each get their own reply; a large body crosses intact', async () => {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => setTimeout(() => res.end(Buffer.concat(chunks)), Math.random() * 5));
  });
  const pool = new KeepAliveClient(await listen(server), { maxSockets: 4 });
  try {
    const bodies = Array.from({ length: 20 }, (_, i) => `${i}:${'x'.repeat(i === 7 ? 100_000 : i)}`);
    const replies = await Promise.all(bodies.map((b) => pool.request('POST', '/', [], b)));
    assert.deepEqual(
      replies.map((r) => r.body.toString()),
      bodies,
    );
  } finally {
    pool.close();
    await stop(server);
  }
});

test('a chunked reply is reassembled', async () => {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.write('{"error":');
      setTimeout(() => res.end('"late"}'), 5);
    });
  });
  const pool = new KeepAliveClient(await listen(server));
  try {
    const reply = await pool.request('POST', '/', [], '');
    assert.equal(reply.status, 502);
    assert.equal(reply.headers['transfer-encoding'], 'chunked');
    assert.equal(reply.body.toString(), '{"error":"late"}');
    assert.equal(
      (await pool.request('POST', '/', [], '')).body.toString(),
      '{"error":"late"}',
      'the socket is reusable after a chunked reply',
    );
  } finally {
    pool.close();
    await stop(server);
  }
});

test('a reply without length ends at close; an interim 100 is skipped', async () => {
  const server = rawServer(
    'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil the end',
    true,
  );
  const pool = new KeepAliveClient(await listen(server));
  try {
    const reply = await pool.request('POST', '/', [], 'x');
    assert.equal(reply.status, 200);
    assert.equal(reply.body.toString(), 'until the end');
    assert.equal(
      (await pool.request('POST', '/', [], 'x')).body.toString(),
      'until the end',
      'a new connection replaces the closed one',
    );
  } finally {
    pool.close();
    await stop(server);
  }
});

test('a socket the server closed while idle is not reused', async () => {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  server.keepAliveTimeout = 30;
  const pool = new KeepAliveClient(await listen(server));
  try {
    assert.equal((await pool.request('POST', '/', [], '')).body.toString(), 'ok');
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal((await pool.request('POST', '/', [], '')).body.toString(), 'ok');
  } finally {
    pool.close();
    await stop(server);
  }
});

test('a timeout, a refused connection and a garbage reply are Http1Errors of their kind', async () => {
  const silent = http.createServer(() => {});
  const pool = new KeepAliveClient(await listen(silent));
  const garbage = rawServer('SSH-2.0-OpenSSH\r\n\r\n');
  const garbagePool = new KeepAliveClient(await listen(garbage));
  const refused = new KeepAliveClient('http://127.0.0.1:1');
  try {
    await assert.rejects(
      pool.request('POST', '/', [], '', 50),
      (e: unknown) => e instanceof Http1Error && e.code === 'ERR_HTTP_TIMEOUT',
    );
    await assert.rejects(
      refused.request('POST', '/', [], ''),
      (e: unknown) => e instanceof Http1Error && e.code === 'ERR_HTTP_CONNECTION',
    );
    await assert.rejects(
      garbagePool.request('POST', '/', [], ''),
      (e: unknown) => e instanceof Http1Error && e.code === 'ERR_HTTP_PROTOCOL' && /status line/.test(e.message),
    );
  } finally {
    pool.close();
    garbagePool.close();
    refused.close();
    await stop(silent);
    await stop(garbage);
  }
});

test('the server dying mid-reply fails the request, not the process', async () => {
  const server = rawServer('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nonly part', true);
  const pool = new KeepAliveClient(await listen(server));
  try {
    await assert.rejects(
      pool.request('POST', '/', [], ''),
      (e: unknown) => e instanceof Http1Error && e.code === 'ERR_HTTP_CONNECTION',
    );
  } finally {
    pool.close();
    await stop(server);
  }
});

test('requests beyond maxSockets are served in the order they were made, even when a socket frees up between', async () => {
  const order: string[] = [];
  const server = http.createServer((req, res) => {
    order.push(req.url!);
    req.resume();
    req.on('end', () => setTimeout(() => res.end(req.url), 20));
  });
  const pool = new KeepAliveClient(await listen(server), { maxSockets: 1 });
  try {
    const first = pool.request('POST', '/1', [], '');
    const queued = [pool.request('POST', '/2', [], ''), pool.request('POST', '/3', [], '')];
    assert.equal(pool.queued, 2);
    await first;
    // The socket is idle now, but /2 and /3 still wait their turn: a new request must not jump ahead of them.
    const late = pool.request('POST', '/4', [], '');
    await Promise.all([...queued, late]);
    assert.deepEqual(order, ['/1', '/2', '/3', '/4']);
  } finally {
    pool.close();
    await stop(server);
  }
});

test('the timeout covers waiting for a socket, and the waiter leaves the queue', async () => {
  const server = http.createServer(() => {}); // never answers: the one socket stays busy
  const pool = new KeepAliveClient(await listen(server), { maxSockets: 1 });
  try {
    const busy = pool.request('POST', '/', [], '', 2000);
    const began = performance.now();
    await assert.rejects(
      pool.request('POST', '/', [], '', 100),
      (e: unknown) => e instanceof Http1Error && e.code === 'ERR_HTTP_TIMEOUT' && /free socket/.test(e.message),
    );
    assert.ok(performance.now() - began < 1500, 'it did not wait for the busy request to finish');
    assert.equal(pool.queued, 0);
    await assert.rejects(busy, (e: unknown) => e instanceof Http1Error && e.code === 'ERR_HTTP_TIMEOUT');
  } finally {
    pool.close();
    await stop(server);
  }
});

test('a HEAD reply has no body whatever its content-length says, and the socket stays usable', async () => {
  let connections = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-length': 5, 'content-type': 'text/plain' });
    res.end(req.method === 'HEAD' ? undefined : 'hello');
  });
  server.on('connection', () => connections++);
  const pool = new KeepAliveClient(await listen(server));
  try {
    const head = await pool.request('HEAD', '/', [], '', 2000);
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], '5');
    assert.equal(head.body.length, 0);
    assert.equal((await pool.request('GET', '/', [], '', 2000)).body.toString(), 'hello');
    assert.equal(connections, 1);
  } finally {
    pool.close();
    await stop(server);
  }
});

test('close() fails the requests still waiting for a socket', async () => {
  const server = http.createServer(() => {});
  const pool = new KeepAliveClient(await listen(server), { maxSockets: 1 });
  try {
    const busy = pool.request('POST', '/', [], '', 5000);
    const waiting = pool.request('POST', '/', [], '');
    pool.close();
    await assert.rejects(waiting, (e: unknown) => e instanceof Http1Error && e.code === 'ERR_HTTP_CONNECTION');
    busy.catch(() => {});
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
