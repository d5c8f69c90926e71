// Tenant code in a baseline container cannot reach the host: with the default network (`none`) an action's connect
// to a listener on the host's 127.0.0.1 fails and the listener sees nothing, while the platform still reaches the
// runtime over its Unix socket. The same action under `host` (an operator's --allow-network) does connect, which
// shows the probe would see a route if there were one.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createDriver, type ContainerDriver, type ContainerNetwork } from './driver.js';
import { skipReason } from '../test-support/optional-dependency.js';

const skip = await skipReason('docker', 'network isolation');

/** Tries a TCP connection to the host's 127.0.0.1:port from inside the action and says how it ended. */
const probe = `function main({ port }) {
  return new Promise((resolve) => {
    const socket = require('net').connect(port, '127.0.0.1');
    socket.setTimeout(3000, () => { socket.destroy(); resolve({ connected: false, error: 'timeout' }); });
    socket.on('connect', () => { socket.end(); resolve({ connected: true }); });
    socket.on('error', (e) => resolve({ connected: false, error: e.code }));
  });
}`;

describe('baseline container network', { skip: skip ?? false }, () => {
  let listener: net.Server;
  let port: number;
  let accepted = 0;
  const drivers: ContainerDriver[] = [];

  before(async () => {
    listener = net.createServer((socket) => {
      accepted++;
      socket.destroy();
    });
    listener.listen(0, '127.0.0.1');
    await once(listener, 'listening');
    port = (listener.address() as net.AddressInfo).port;
  });
  after(async () => {
    await Promise.allSettled(drivers.map((d) => d.close()));
    listener.close();
  });

  async function connectFrom(network: ContainerNetwork): Promise<unknown> {
    const driver = await createDriver('docker', { network });
    drivers.push(driver);
    assert.equal(driver.network, network);
    const c = await driver.start({ name: `net-${network}`, memoryMb: 128, userMemoryMb: 1024 });
    const init = await c.init({ value: { name: 'probe', main: 'main', code: probe, binary: false } }, 20_000);
    assert.equal(init.status, 200, JSON.stringify(init.body));
    const run = await c.run({ value: { port } }, 20_000);
    assert.equal(run.status, 200, JSON.stringify(run.body));
    return run.body;
  }

  test('by default an action cannot connect to a listener on the host loopback', async () => {
    const before = accepted;
    const body = (await connectFrom('none')) as { connected: boolean; error?: string };
    assert.equal(body.connected, false, JSON.stringify(body));
    assert.equal(accepted, before, 'the host listener saw no connection');
  });

  test('with the network allowed (host), the same action reaches it: the probe can see a route', async () => {
    const before = accepted;
    assert.deepEqual(await connectFrom('host'), { connected: true });
    assert.equal(accepted, before + 1);
  });
});
