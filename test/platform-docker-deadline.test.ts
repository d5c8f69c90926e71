// The platform against a Docker daemon that answers late or never (a fake one on a Unix socket): a cold nodejs:20
// invoke ends in an activation record within the Docker call deadline, the platform keeps serving, and SIGTERM ends
// `ow-eval platform start` within 10 s although a container create is still waiting, saying so.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import openwhisk from 'openwhisk';
import { startFakeDaemon, type FakeDaemon } from '../docker-baseline/fake-daemon.js';
import { launchPlatform } from '../platform/launch.js';
import { owEvalBin } from '../test-support/platform-cli.js';

const daemons: FakeDaemon[] = [];
after(() => Promise.all(daemons.map((d) => d.close())));

const code = 'function main(a) { return a }';

test('a cold nodejs:20 invoke against a daemon that never answers ends in a record, and the platform serves on', async () => {
  const fake = await startFakeDaemon({ delayMs: 'never' });
  daemons.push(fake);
  process.env.DOCKER_HOST = `unix://${fake.socketPath}`;
  const platform = await launchPlatform({
    port: 0,
    kinds: ['nodejs:20'],
    baseline: 'docker',
    dockerCallTimeoutMs: 300,
  });
  try {
    assert.equal(platform.runtimes.nodejs?.network, 'none');
    const ow = openwhisk({ apihost: platform.url, api_key: platform.apiKey });
    await ow.actions.create({ name: 'echo', action: code, kind: 'nodejs:20' });
    for (let i = 0; i < 2; i++) {
      const activation = await ow.actions
        .invoke({ name: 'echo', blocking: true, params: { i } })
        .catch((error: { error?: { response?: unknown; activationId?: string } }) => error.error);
      const response = (activation as { response?: { success: boolean; result?: { error?: string } } }).response;
      assert.equal(response?.success, false, JSON.stringify(activation));
      // OpenWhisk's own words for a container that could not be started.
      assert.equal(response?.result?.error, 'Failed to provision resources to run the action.');
    }
    const list = await ow.activations.list({ name: 'echo' });
    assert.equal(list.length, 2, 'both records are kept');
  } finally {
    await platform.close();
    delete process.env.DOCKER_HOST;
  }
});

test('SIGTERM ends platform start within 10 s while a container create never returns, and says what it left', async (t) => {
  const fake = await startFakeDaemon({ delayMs: 'never' });
  daemons.push(fake);
  const child = spawn(
    process.execPath,
    [owEvalBin, 'platform', 'start', '--port', '0', '--kinds', 'nodejs:20', '--baseline', 'docker'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DOCKER_HOST: `unix://${fake.socketPath}` } },
  );
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  child.stdout.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (exitCode) => reject(new Error(`exited early with ${exitCode}: ${out}${err}`)));
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('export __OW_API_HOST')) resolve();
    });
  });
  child.removeAllListeners('exit');
  assert.match(out, /nodejs:20 +docker \(image sha256:fake, network none\)/);
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
  const ow = openwhisk({
    apihost: url,
    api_key: '23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP',
  });
  await ow.actions.create({ name: 'echo', action: code, kind: 'nodejs:20' });
  await ow.actions.invoke({ name: 'echo', blocking: false });
  // The cold start is now waiting on the daemon's create (30 s deadline).
  for (let i = 0; i < 100 && !fake.requests.includes('POST /containers/create'); i++)
    await new Promise((r) => setTimeout(r, 50));
  assert.ok(fake.requests.includes('POST /containers/create'), fake.requests.join(', '));
  const sent = Date.now();
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [exitCode] = (await exited) as [number | null];
  const tookMs = Date.now() - sent;
  assert.ok(tookMs < 10_000, `SIGTERM took ${tookMs} ms (limit 10 s)`);
  assert.equal(exitCode, 1, err);
  assert.match(err, /ow-eval platform: shutdown did not finish within 9000 ms; exiting anyway\./);
});
