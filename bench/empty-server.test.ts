// The floor servers are real processes answering real HTTP: each kind does its one job, and the /init floor refuses
// what V8 would refuse (so a floor that skipped the compile would fail here, not read as a fast floor).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { KeepAliveClient } from '../http-client/http1-client.js';
import { startEmptyServer, type EmptyServer } from './empty-server.js';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../../executor/fixtures/modules/${name}`, import.meta.url))));
const initBody = (module: Uint8Array): string =>
  JSON.stringify({ value: { code: Buffer.from(zipSync({ 'a.wasm': module })).toString('base64') } });

async function post(server: EmptyServer, body: string): Promise<{ status: number; text: string }> {
  const client = new KeepAliveClient(server.url);
  try {
    const reply = await client.request('POST', '/run', ['content-type: application/json'], body);
    return { status: reply.status, text: reply.body.toString('utf8') };
  } finally {
    client.close();
  }
}

test('the empty, thread and forward floor servers answer {} (forward through the server behind it)', async () => {
  const empty = await startEmptyServer();
  const thread = await startEmptyServer('thread');
  const proxy = await startEmptyServer('forward', thread.url);
  try {
    for (const server of [empty, thread, proxy])
      assert.deepEqual(await post(server, '{"value":{}}'), { status: 200, text: '{}' });
    await thread.stop(); // the proxy's only way to answer is through it
    assert.equal((await post(proxy, '{}')).status, 500);
  } finally {
    for (const server of [proxy, thread, empty]) await server.stop();
  }
});

test('the /init floor server compiles the zipped module (DWARF dropped) and refuses bytes V8 refuses', async () => {
  const server = await startEmptyServer('compile');
  try {
    for (const name of ['rust-add.wasm', 'rust-add-debug.wasm'])
      assert.deepEqual(await post(server, initBody(fixture(name))), { status: 200, text: '{"OK":true}' }, name);
    const broken = fixture('rust-add.wasm').slice(0, 2000);
    const refused = await post(server, initBody(broken));
    assert.equal(refused.status, 500);
    assert.match(refused.text, /CompileError/);
  } finally {
    await server.stop();
  }
});

test('a forward server needs a URL', async () => {
  await assert.rejects(startEmptyServer('forward'), TypeError);
});
