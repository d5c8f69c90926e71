// The startup-snapshot runtime: the action's top level runs while the snapshot is built (not at /init), /init with
// the same code uses the preloaded function, and any other code is refused. Once as a plain process (no Docker
// needed), once as the snapshot image under the Docker driver.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { buildSnapshotBlob, ensureSnapshotImage, snapshotTag } from './snapshot-image.js';
import { createDriver, type ContainerDriver } from './driver.js';
import { skipReason } from '../test-support/optional-dependency.js';

// `built` says where the top level ran: --build-snapshot is among the flags only while the snapshot is being built.
const code = `const built = process.execArgv.includes('--build-snapshot');
const squares = Array.from({ length: 1000 }, (_, i) => i * i);
function main({ i = 7 }) { return { built, square: squares[i] }; }`;
const spec = { name: 'probe', main: 'main', code };
const other = 'function main() { return { other: true }; }';

const mainJs = fileURLToPath(new URL('./runtime/main.js', import.meta.url));

async function post(url: string, route: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('runtime started from a startup snapshot (a plain process)', () => {
  test('the top level ran at snapshot build; /init takes the same code; /run answers from the preloaded action', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ow-eval-snapshot-test-'));
    const { blob, ms } = await buildSnapshotBlob(spec);
    assert.ok(ms > 0 && blob.byteLength > 0);
    const blobPath = path.join(dir, 'action.blob');
    await writeFile(blobPath, blob);
    const child = fork(mainJs, [], {
      execArgv: ['--expose-gc', '--snapshot-blob', blobPath],
      env: { PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    try {
      const [message] = (await once(child, 'message')) as [{ url: string }];
      const init = await post(message.url, 'init', { value: { main: 'main', code } });
      assert.deepEqual(init, { status: 200, body: { OK: true } });
      const run = await post(message.url, 'run', { value: { i: 12 } });
      assert.deepEqual(run, { status: 200, body: { built: true, square: 144 } });
    } finally {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('another action is refused at /init, never evaluated in its place', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ow-eval-snapshot-test-'));
    const blobPath = path.join(dir, 'action.blob');
    await writeFile(blobPath, (await buildSnapshotBlob(spec)).blob);
    const child = fork(mainJs, [], {
      execArgv: ['--expose-gc', '--snapshot-blob', blobPath],
      env: { PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    try {
      const [message] = (await once(child, 'message')) as [{ url: string }];
      const init = await post(message.url, 'init', { value: { main: 'main', code: other } });
      assert.equal(init.status, 502);
      assert.match((init.body as { error: string }).error, /snapshot of another action/);
    } finally {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('the tag changes with the code, so an image under a tag is current by construction', () => {
    assert.notEqual(snapshotTag(spec), snapshotTag({ ...spec, code: other }));
    assert.match(snapshotTag(spec), /^ow-eval\/nodejs-snapshot:probe-[0-9a-f]{16}$/);
  });
});

const skip = await skipReason('docker', 'snapshot image');

describe('the snapshot image under the Docker driver', { skip: skip ?? false }, () => {
  const drivers: ContainerDriver[] = [];
  after(async () => {
    await Promise.allSettled(drivers.map((d) => d.close()));
  });

  test('built once (cost recorded), then reused; its containers answer from the snapshot', async () => {
    const first = await ensureSnapshotImage(spec);
    if (first.built) assert.ok((first.snapshotBuildMs ?? 0) > 0 && (first.imageBuildMs ?? 0) > 0);
    assert.ok(first.blobBytes > 0);
    const second = await ensureSnapshotImage(spec);
    assert.equal(second.built, false);
    assert.equal(second.id, first.id);
    assert.equal(second.blobBytes, first.blobBytes);

    const driver = await createDriver('docker', { image: first.tag });
    drivers.push(driver);
    assert.equal(driver.network, 'none', 'a runtime image of ours: Unix socket, no network');
    const c = await driver.start({ name: 'snapshot-probe', memoryMb: 256, userMemoryMb: 1024 });
    const init = await c.init({ value: { name: 'probe', main: 'main', code, binary: false } }, 30_000);
    assert.equal(init.status, 200, JSON.stringify(init.body));
    const run = await c.run({ value: { i: 3 } }, 30_000);
    assert.deepEqual(run.body, { built: true, square: 9 });
    await c.remove();
  });
});
