// Every Docker call has a deadline: against a fake daemon that answers slowly or never, starting a container fails
// with ERR_DOCKER_TIMEOUT naming the call, the request is aborted (not left open), removal names what it could not
// remove, and a late answer changes nothing. Runs without Docker.
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { connectDocker } from './docker-client.js';
import { DockerDriver, liveContainers, removeContainers } from './docker-driver.js';
import { BaselineError, createDriver } from './driver.js';
import { startFakeDaemon, type FakeDaemon } from './fake-daemon.js';

const daemons: FakeDaemon[] = [];
after(() => Promise.all(daemons.map((d) => d.close())));

async function daemon(delayMs: number | 'never'): Promise<FakeDaemon> {
  const d = await startFakeDaemon({ delayMs });
  daemons.push(d);
  return d;
}

const start = { name: 'deadline', memoryMb: 128, userMemoryMb: 1024 };

for (const delayMs of ['never', 1_500] as const) {
  test(`a daemon that answers ${delayMs === 'never' ? 'never' : 'late'}: the container start fails with ERR_DOCKER_TIMEOUT`, async () => {
    const fake = await daemon(delayMs);
    const driver = new DockerDriver(connectDocker(fake.socketPath, { callTimeoutMs: 200 }), 'sha256:fake');
    await assert.rejects(driver.start(start), (error: unknown) => {
      assert.ok(error instanceof BaselineError);
      assert.equal(error.code, 'ERR_DOCKER_TIMEOUT');
      assert.match(error.message, /did not answer create ow-eval_\S+ within 200 ms/);
      return true;
    });
    assert.deepEqual(fake.requests, ['POST /containers/create']);
    await new Promise((r) => setTimeout(r, 100)); // the abort reaches the fake daemon's socket
    assert.equal(fake.aborted, 1, 'the request was aborted, not left open');
    if (delayMs !== 'never') await new Promise((r) => setTimeout(r, delayMs)); // its late answer changes nothing
  });
}

test('removal against a daemon that never answers names what it could not remove', async () => {
  const fake = await daemon('never');
  const connection = connectDocker(fake.socketPath, { callTimeoutMs: 200 });
  await assert.rejects(removeContainers(connection, ['ow-eval.run=nothing']), (error: unknown) => {
    assert.ok(error instanceof BaselineError);
    assert.equal(error.code, 'ERR_CONTAINER_REMOVE');
    assert.match(
      error.message,
      /could not remove the containers of this run .*did not answer list containers within 200 ms/,
    );
    return true;
  });
  assert.deepEqual(liveContainers(), []);
});

test('createDriver against a daemon that never answers the version call is ERR_DOCKER_UNAVAILABLE, in time', async () => {
  const fake = await daemon('never');
  // The fake answers /version at once; a daemon whose every call hangs is a plain socket that never replies.
  const silentPath = join(fake.socketPath, '..', 'silent.sock');
  const held = new Set<Socket>();
  const silent = createServer((socket) => {
    held.add(socket);
    socket.resume(); // read, so that the client's close is seen
    socket.on('close', () => held.delete(socket));
  }).listen(silentPath);
  try {
    await assert.rejects(createDriver('docker', { socketPath: silentPath }), (error: unknown) => {
      assert.ok(error instanceof BaselineError);
      assert.equal(error.code, 'ERR_DOCKER_UNAVAILABLE');
      assert.match(error.message, /did not answer a version request within 5000 ms/);
      return true;
    });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(held.size, 0, 'the version request was aborted, not left open');
  } finally {
    silent.close();
  }
});
