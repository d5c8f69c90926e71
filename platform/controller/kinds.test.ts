// `--kinds` and `GET /`: the platform offers only the kinds it is given, says so in the controller's info route, and
// refuses the others (and blackbox actions without an image it can run) with OpenWhisk's 400 before storing anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeFactory } from '../../test-support/fake-factory.js';
import { guestKey, PlatformConfigError, resolvePlatformOptions } from '../options.js';
import { startPlatformWithFactories, type RunningPlatform } from '../server.js';
import type { ContainerFactory, ContainerSpec } from '../invoker/container.js';

/** Fake containers for blackbox, with the one image a test says is "loaded". */
class FakeBlackbox extends FakeFactory implements ContainerFactory {
  readonly specs: ContainerSpec[] = [];
  override async create(spec: ContainerSpec) {
    this.specs.push(spec);
    return super.create(spec);
  }
  async imageProblem(image: string): Promise<string | undefined> {
    return image === 'ow-eval/wasm-executor:local'
      ? undefined
      : 'it is not in the local Docker engine (docker load it)';
  }
}

async function vanilla(t: {
  after: (fn: () => Promise<void>) => void;
}): Promise<{ running: RunningPlatform; blackbox: FakeBlackbox }> {
  const blackbox = new FakeBlackbox();
  const running = await startPlatformWithFactories({
    port: 0,
    kinds: ['nodejs:20', 'blackbox'],
    factories: { nodejs: new FakeFactory(), blackbox },
  });
  t.after(() => running.close());
  return { running, blackbox };
}

function put(running: RunningPlatform, name: string, exec: unknown): Promise<Response> {
  return fetch(`${running.url}/api/v1/namespaces/_/actions/${name}`, {
    method: 'PUT',
    headers: { authorization: `Basic ${Buffer.from(guestKey).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ exec }),
  });
}

test('GET / answers like the controller: runtimes by family with --kinds applied, limits, and every offered kind', async (t) => {
  const { running } = await vanilla(t);
  const reply = await fetch(`${running.url}/`);
  assert.equal(reply.status, 200);
  const info = (await reply.json()) as {
    description: string;
    api_paths: string[];
    runtimes: Record<string, Array<{ kind: string }>>;
    limits: Record<string, number>;
    ow_eval: { kinds: string[] };
  };
  assert.equal(info.description, 'OpenWhisk');
  assert.deepEqual(info.api_paths, ['/api/v1']);
  assert.deepEqual(Object.keys(info.runtimes), ['nodejs'], 'no wasm family, and blackbox is never listed there');
  assert.equal(info.runtimes.nodejs?.[0]?.kind, 'nodejs:20');
  assert.equal(info.limits.max_action_memory, 512 * 1024 * 1024, 'memory limits in bytes, as OpenWhisk gives them');
  assert.deepEqual(info.ow_eval.kinds, ['nodejs:20', 'blackbox']);
  assert.equal((await fetch(`${running.url}/`, { method: 'POST' })).status, 405);
});

test('a kind the platform does not offer is a 400 naming the offered ones', async (t) => {
  const { running } = await vanilla(t);
  const reply = await put(running, 'w', { kind: 'wasm:0.1', code: 'AAAA' });
  assert.equal(reply.status, 400);
  const body = (await reply.json()) as { error: string };
  assert.match(body.error, /'wasm:0\.1' is not supported/);
  assert.match(body.error, /'nodejs:20', 'blackbox', 'nodejs:default'/);
});

test('blackbox needs a valid image that is loaded locally; code is optional and reaches the container spec', async (t) => {
  const { running, blackbox } = await vanilla(t);
  assert.equal((await put(running, 'a', { kind: 'blackbox' })).status, 400, 'no image');
  assert.equal(
    (await put(running, 'b', { kind: 'blackbox', image: 'Not A Reference' })).status,
    400,
    'not an image reference',
  );
  const missing = await put(running, 'c', { kind: 'blackbox', image: 'example/missing:1' });
  assert.equal(missing.status, 400);
  assert.match(((await missing.json()) as { error: string }).error, /example\/missing:1.*docker load/);
  const listed = await fetch(`${running.url}/api/v1/namespaces/_/actions`, {
    headers: { authorization: `Basic ${Buffer.from(guestKey).toString('base64')}` },
  });
  assert.deepEqual(await listed.json(), [], 'nothing refused was stored');

  const ok = await put(running, 'd', { kind: 'blackbox', image: 'ow-eval/wasm-executor:local' });
  assert.equal(ok.status, 200);
  const stored = (await ok.json()) as { exec: Record<string, unknown> };
  assert.deepEqual(stored.exec, { kind: 'blackbox', image: 'ow-eval/wasm-executor:local', code: '', binary: false });
  const invoked = await fetch(`${running.url}/api/v1/namespaces/_/actions/d?blocking=true`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(guestKey).toString('base64')}`, 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(invoked.status, 200);
  assert.equal(blackbox.specs[0]?.image, 'ow-eval/wasm-executor:local');
});

test('--kinds: unknown kinds and empty lists are configuration errors; prewarm only for offered kinds', () => {
  assert.throws(
    () => resolvePlatformOptions({ kinds: ['nodejs:20', 'python:3'] }),
    (e) => e instanceof PlatformConfigError && /python:3/.test(e.message),
  );
  assert.throws(() => resolvePlatformOptions({ kinds: [] }), PlatformConfigError);
  assert.throws(
    () => resolvePlatformOptions({ kinds: ['blackbox'], prewarm: [{ kind: 'nodejs:20', memoryMb: 256, count: 1 }] }),
    PlatformConfigError,
  );
  assert.deepEqual(resolvePlatformOptions({ kinds: ['BLACKBOX', 'nodejs:20'] }).kinds, ['nodejs:20', 'blackbox']);
});
