// Bad input and failures, per variant: clear errors in OpenWhisk's shapes, the runtime keeps serving where the
// reference does, and the driver never hangs (timeouts remove the container, OOM and outside kills are named).
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, describe, test } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { connectDocker } from './docker-client.js';
import {
  BaselineError,
  createDriver,
  dockerAvailability,
  type ActionContainer,
  type BaselineVariant,
  type ContainerDriver,
} from './driver.js';
import { skipReason } from '../test-support/optional-dependency.js';

const init = (code: string, binary = false): unknown => ({ value: { name: 'bad', main: 'main', code, binary } });
const sleeper = 'function main() { return new Promise((resolve) => setTimeout(() => resolve({ late: true }), 10000)) }';
const hog = 'function main() { const a = []; for (;;) a.push(new Array(1e5).fill(Math.random())) }';

/** A raw POST to the container's runtime, over its Unix socket when it has no network. */
async function post(
  c: ActionContainer,
  path: string,
  body: string | Buffer,
): Promise<{ status: number; body: unknown }> {
  const url = new URL(path, c.url);
  const where = c.socketPath === undefined ? { host: url.hostname, port: url.port } : { socketPath: c.socketPath };
  return new Promise((resolve, reject) => {
    const req = http.request(
      { ...where, path, method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** True once the container (or process) no longer exists. */
async function gone(container: ActionContainer): Promise<boolean> {
  if (container.variant === 'node-process') return (await container.memoryBytes()) === undefined;
  try {
    await connectDocker().docker.getContainer(container.id).inspect();
    return false;
  } catch (error) {
    return (error as { statusCode?: number }).statusCode === 404;
  }
}

function killFromOutside(container: ActionContainer): Promise<unknown> {
  if (container.variant === 'docker') return connectDocker().docker.getContainer(container.id).kill();
  process.kill(Number(container.id.replace('node-process-', '')), 'SIGKILL');
  return Promise.resolve();
}

function badInputSuite(variant: BaselineVariant, skip: string | undefined): void {
  describe(`bad input (${variant})`, { skip: skip ?? false, concurrency: 3 }, () => {
    let driver: ContainerDriver | undefined;
    const start = async (
      t: { after: (fn: () => Promise<unknown>) => void },
      memoryMb = 256,
    ): Promise<ActionContainer> => {
      driver ??= await createDriver(variant);
      const container = await driver.start({ name: 'bad-input', memoryMb, userMemoryMb: 1024 });
      t.after(() => container.remove());
      return container;
    };
    after(() => driver?.close());

    test('a syntax error fails init with 502 and the runtime still answers', async (t) => {
      const c = await start(t);
      const reply = await c.init(init('function main( {'), 10_000);
      assert.equal(reply.status, 502);
      assert.match(
        String((reply.body as { error: string }).error),
        /^Initialization has failed due to: [\s\S]*SyntaxError/,
      );
      assert.ok(
        reply.logs.some((l) => /stderr: Error during initialization/.test(l)),
        reply.logs.join('\n'),
      );
      assert.deepEqual((await c.run({ value: {} }, 10_000)).body, { error: 'System not initialized.' });
    });

    test('invalid base64 for a binary action is an unsupported archive', async (t) => {
      const c = await start(t);
      const reply = await c.init(init('@@@ not base64 @@@', true), 10_000);
      assert.equal(reply.status, 502);
      assert.match(String((reply.body as { error: string }).error), /The file type is unsupported/);
    });

    test('a zip whose entry escapes its folder is refused', async (t) => {
      const c = await start(t);
      const zip = Buffer.from(
        zipSync({ 'index.js': strToU8('exports.main = () => ({})'), placeholder: strToU8('x') }, { level: 0 }),
      );
      const evil = Buffer.from(zip.toString('latin1').replaceAll('placeholder', '../evil.js_'), 'latin1');
      const reply = await c.init(init(evil.toString('base64'), true), 10_000);
      assert.equal(reply.status, 502);
      assert.match(String((reply.body as { error: string }).error), /could leave its folder/);
    });

    test('invalid JSON, an unknown route and a non-object value are refused and the runtime keeps serving', async (t) => {
      const c = await start(t);
      assert.deepEqual(await post(c, '/init', '{"value": '), { status: 500, body: { error: 'Bad request.' } });
      assert.deepEqual(await post(c, '/nope', '{}'), { status: 500, body: { error: 'Bad request.' } });
      assert.equal((await c.init(init('function main(a) { return a }'), 10_000)).status, 200);
      const scalar = await c.run({ value: 'text' }, 10_000);
      assert.deepEqual(scalar.body, {
        error: "Internal system error: the argument must be a dictionary but has type 'string'.",
      });
      assert.deepEqual((await c.run({ value: { still: 'serving' } }, 10_000)).body, { still: 'serving' });
    });

    test('an action that never returns times out, and the driver removes its container', async (t) => {
      const c = await start(t);
      await c.init(init(sleeper), 10_000);
      const reply = await c.run({ value: {} }, 500);
      assert.equal(reply.error?.kind, 'timeout');
      assert.equal(reply.error?.message, 'The action exceeded its time limits of 500 milliseconds.');
      assert.deepEqual(reply.body, { error: 'The action exceeded its time limits of 500 milliseconds.' });
      assert.ok(await gone(c));
    });

    test('an action that exhausts its memory is reported as such', async (t) => {
      const c = await start(t, 128);
      await c.init(init(hog), 10_000);
      const reply = await c.run({ value: {} }, 30_000);
      assert.equal(reply.error?.kind, 'memory', JSON.stringify(reply.error));
      assert.equal(reply.error?.message, 'The action exhausted its memory and was aborted.');
    });

    test('a runtime killed from outside mid-run is a crash, not a hang', async (t) => {
      const c = await start(t);
      await c.init(init(sleeper), 10_000);
      const pending = c.run({ value: {} }, 30_000);
      await new Promise((r) => setTimeout(r, 300));
      await killFromOutside(c);
      const reply = await pending;
      assert.equal(reply.error?.kind, 'crashed', JSON.stringify(reply.error));
      assert.equal(reply.error?.message, 'The action did not produce a valid response and exited unexpectedly.');
      assert.ok(reply.ms < 10_000);
    });

    if (variant === 'node-process') {
      test('a body over 48 MB is refused with 500 and the runtime keeps serving', async (t) => {
        const c = await start(t);
        const big = Buffer.alloc(48 * 1024 * 1024 + 16, 0x20);
        assert.deepEqual(await post(c, '/init', big), { status: 500, body: { error: 'Bad request.' } });
        assert.equal((await c.init(init('function main(a) { return a }'), 10_000)).status, 200);
      });
    }
  });
}

test('a missing Docker daemon is a clear error that names the socket', async () => {
  const socketPath = '/tmp/ow-eval-no-such-docker.sock';
  await assert.rejects(createDriver('docker', { socketPath }), (error: unknown) => {
    assert.ok(error instanceof BaselineError);
    assert.equal(error.code, 'ERR_DOCKER_UNAVAILABLE');
    assert.match(error.message, /no socket at \/tmp\/ow-eval-no-such-docker\.sock/);
    return true;
  });
  const availability = await dockerAvailability({ socketPath });
  assert.equal(availability.ok, false);
  if (!availability.ok) assert.match(availability.fix, /dockerd/);
});

badInputSuite('node-process', undefined);
badInputSuite('docker', await skipReason('docker', 'bad input'));
