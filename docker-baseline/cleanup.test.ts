// Nothing is left behind: a driver's process killed with SIGKILL leaves containers that label-based cleanup removes,
// SIGINT removes them on the way out, and node-process runtimes die with their parent.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { connectDocker } from './docker-client.js';
import { removeContainers } from './docker-driver.js';
import { cleanupContainers } from './cleanup.js';
import { ensureBaselineImage } from './image.js';
import { MANAGED_LABEL, newRunId, OWNER_LABEL, RUN_LABEL, USER_LABEL, userLabelValue } from './labels.js';
import { hostname } from 'node:os';
import { skipReason } from '../test-support/optional-dependency.js';
import { processAlive as alive } from './process-alive.js';

const driverUrl = new URL('./driver.js', import.meta.url).href;

/** A child process that starts `count` containers, prints `{ runId, ids }` as one JSON line, then idles. */
function startOwner(
  variant: 'docker' | 'node-process',
  count: number,
): { child: ChildProcess; ready: Promise<{ runId?: string; ids: string[] }> } {
  const script = `
    import { createDriver, removeOnSignal } from ${JSON.stringify(driverUrl)};
    const driver = await createDriver(${JSON.stringify(variant)});
    removeOnSignal(driver);
    const ids = [];
    for (let i = 0; i < ${count}; i++) ids.push((await driver.start({ name: 'owner', memoryMb: 128, userMemoryMb: 1024 })).id);
    console.log(JSON.stringify({ runId: driver.runId, ids }));
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = (async () => {
    for await (const line of createInterface({ input: child.stdout }))
      return JSON.parse(line) as { runId?: string; ids: string[] };
    throw new Error('the owner process exited before starting its containers');
  })();
  return { child, ready };
}

async function runContainers(runId: string): Promise<number> {
  const found = await connectDocker().docker.listContainers({
    all: true,
    filters: { label: [`${RUN_LABEL}=${runId}`] },
  });
  return found.length;
}

const skip = await skipReason('docker', 'cleanup');

describe('cleanup (docker)', { skip: skip ?? false }, () => {
  test('after the owner is killed with SIGKILL its containers remain, and label cleanup removes all of them', async () => {
    const { child, ready } = startOwner('docker', 2);
    const { runId } = await ready;
    assert.ok(runId);
    child.kill('SIGKILL');
    await once(child, 'exit');
    assert.equal(await runContainers(runId), 2);
    const folders = (
      await connectDocker().docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } })
    ).flatMap((c) => c.Mounts.filter((m) => m.Destination === '/ow-run').map((m) => m.Source));
    assert.equal(folders.length, 2, 'each container without network has its socket folder');
    assert.ok(folders.every((folder) => existsSync(folder)));
    assert.equal(await removeContainers(connectDocker(), [`${RUN_LABEL}=${runId}`]), 2);
    assert.equal(await runContainers(runId), 0);
    assert.deepEqual(
      folders.filter((folder) => existsSync(folder)),
      [],
      'their socket folders are removed with them',
    );
  });

  test("SIGINT removes the owner's containers before it exits with 130", async () => {
    const { child, ready } = startOwner('docker', 2);
    const { runId } = await ready;
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 130);
    assert.equal(await runContainers(runId!), 0);
  });
});

describe('ow-eval cleanup on a shared Docker host (docker)', { skip: skip ?? false }, () => {
  test('removes the containers of dead runs, whoever started them; keeps live runs, yours too, unless --all', async () => {
    const connection = connectDocker();
    const image = await ensureBaselineImage(connection);
    const runId = `cleanup-test-${newRunId()}`; // scopes every cleanup below to the containers made here
    const gone = spawn(process.execPath, ['-e', '']);
    await once(gone, 'exit'); // a pid that no longer runs
    // A live pid of this user that is not this process: a second terminal's experiment.
    const otherTerminal = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    const owners = {
      mine: { owner: `${hostname()}:${process.pid}`, user: userLabelValue() },
      mineOtherTerminal: { owner: `${hostname()}:${otherTerminal.pid}`, user: userLabelValue() },
      mineDead: { owner: `${hostname()}:${gone.pid}`, user: userLabelValue() },
      othersLive: { owner: `${hostname()}:${process.pid}`, user: 'someone-else' },
      othersDead: { owner: `${hostname()}:${gone.pid}`, user: 'someone-else' },
      otherHost: { owner: 'another-host.example:1', user: 'someone-else' },
    };
    const names: Record<string, string> = {};
    for (const [key, { owner, user }] of Object.entries(owners)) {
      // By tag: on a shared engine another process may rebuild the image (and prune the old id) meanwhile.
      const created = await connection.docker.createContainer({
        Image: image.tag,
        name: `ow-eval_${runId}_${key}`,
        Labels: { [MANAGED_LABEL]: 'true', [OWNER_LABEL]: owner, [USER_LABEL]: user, [RUN_LABEL]: runId },
      });
      names[created.id] = key;
    }
    try {
      const first = await cleanupContainers({ labels: [`${RUN_LABEL}=${runId}`] });
      assert.deepEqual(first.removed.map((c) => names[c.id]).sort(), ['mineDead', 'othersDead']);
      assert.deepEqual(first.kept.map((c) => names[c.id]).sort(), [
        'mine',
        'mineOtherTerminal',
        'otherHost',
        'othersLive',
      ]);
      const kept = first.kept.find((c) => names[c.id] === 'mineOtherTerminal')!;
      assert.equal(kept.reason, `kept: a live run of yours (pid ${otherTerminal.pid}; --all removes it)`);
      assert.equal(await runContainers(runId), 4);
      const all = await cleanupContainers({ labels: [`${RUN_LABEL}=${runId}`], all: true });
      assert.deepEqual(all.removed.map((c) => names[c.id]).sort(), [
        'mine',
        'mineOtherTerminal',
        'otherHost',
        'othersLive',
      ]);
      assert.equal(await runContainers(runId), 0);
    } finally {
      otherTerminal.kill();
      await removeContainers(connection, [`${RUN_LABEL}=${runId}`]);
    }
  });
});

test('node-process runtimes exit when their parent is killed with SIGKILL', async () => {
  const { child, ready } = startOwner('node-process', 2);
  const pids = (await ready).ids.map((id) => Number(id.replace('node-process-', '')));
  assert.ok(pids.every(alive));
  child.kill('SIGKILL');
  await once(child, 'exit');
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && pids.some(alive)) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(pids.filter(alive), []);
});
